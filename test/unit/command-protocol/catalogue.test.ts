import assert from 'node:assert/strict';
import {
  COMMAND_CATALOGUE,
  CommandParamError,
  daysOfWeekMask,
  encodeCommandPayload,
  findCommand,
  paramWarnings,
  validateParams,
  type SignedCommandSpec,
} from '../../../core/command-protocol/catalogue';
import { RestCommandSender } from '../../../core/command-protocol/rest-sender';
import { CarServerActionType } from '../../../core/command-protocol/schema';
import { SAMPLE_PARAMS } from './sample-params';

describe('command catalogue', () => {
  it('has unique names, a domain for every signed command and none for REST ones', () => {
    const names = COMMAND_CATALOGUE.map((c) => c.name);
    assert.equal(new Set(names).size, names.length);
    for (const c of COMMAND_CATALOGUE) {
      if (c.signing === 'signed') assert.ok(c.domain === 'vcsec' || c.domain === 'infotainment', c.name);
      else assert.equal(c.domain, null);
      assert.ok(c.title && c.description, c.name);
    }
    assert.deepEqual(
      COMMAND_CATALOGUE.filter((c) => c.signing === 'rest')
        .map((c) => c.name)
        .sort(),
      ['navigation_request', 'set_managed_charge_current_request', 'set_managed_charger_location', 'set_managed_scheduled_charging_time', 'wake_up'],
    );
    assert.deepEqual(
      COMMAND_CATALOGUE.filter((c) => c.domain === 'vcsec')
        .map((c) => c.name)
        .sort(),
      ['actuate_trunk', 'close_tonneau', 'door_lock', 'door_unlock', 'open_tonneau', 'remote_start_drive', 'stop_tonneau'],
    );
  });

  it('payloads match the reference bytes', () => {
    const enc = (name: string, params: Record<string, unknown> = {}): string => {
      const spec = findCommand(name) as SignedCommandSpec;
      return Buffer.from(encodeCommandPayload(spec, validateParams(spec, params))).toString('hex');
    };
    assert.equal(enc('door_lock'), '1001');
    assert.equal(enc('door_unlock'), '1000');
    assert.equal(enc('remote_start_drive'), '1014');
    assert.equal(enc('actuate_trunk', { which_trunk: 'rear' }), '22022801');
    assert.equal(enc('actuate_trunk', { which_trunk: 'front' }), '22023001');
    assert.equal(enc('auto_conditioning_start'), '120452020801');
    // ChargePortDoorOpen{} must still be emitted as a zero-length field 62.
    assert.equal(enc('charge_port_door_open'), '1203f20300');
  });

  it('every sample param set validates and encodes', () => {
    for (const spec of COMMAND_CATALOGUE) {
      if (spec.signing !== 'signed') continue;
      const bytes = encodeCommandPayload(spec, validateParams(spec, SAMPLE_PARAMS[spec.name] ?? {}));
      assert.ok(bytes.length >= 2, spec.name);
    }
  });

  it('reports missing and mistyped params (proxy wording); refuses only what Tesla refuses', () => {
    const limit = findCommand('set_charge_limit')!;
    assert.throws(
      () => validateParams(limit, {}),
      (e: unknown) => e instanceof CommandParamError && e.problems[0] === 'missing percent param',
    );
    assert.throws(() => validateParams(limit, { percent: '80' }), /invalid percent param: expected a number/);
    assert.throws(() => validateParams(limit, [80]), /must be a JSON object/);
    assert.throws(() => validateParams(findCommand('window_control')!, { command: 'open' }), /expected one of "vent", "close"/);
    assert.throws(() => validateParams(findCommand('set_valet_mode')!, { on: true }), /missing password param/);
    assert.deepEqual(validateParams(findCommand('set_valet_mode')!, { on: false }), { on: false });
    assert.throws(() => validateParams(findCommand('set_valet_mode')!, { on: true, password: '12a4' }), /4 digits/);
  });
});

/**
 * Facts from Tesla's own code (teslamotors/vehicle-command), each test naming the file it comes from. Where
 * Fleetkit used to differ, Tesla's code is what these pin down.
 */
describe('command catalogue agrees with teslamotors/vehicle-command', () => {
  const hex = (name: string, params: Record<string, unknown> = {}): string => {
    const spec = findCommand(name) as SignedCommandSpec;
    return Buffer.from(encodeCommandPayload(spec, validateParams(spec, params), () => 1_700_000_000_000)).toString('hex');
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test helpers read loosely typed JSON
  const action = (name: string, params: Record<string, unknown> = {}): Record<string, any> => {
    const spec = findCommand(name) as SignedCommandSpec;
    const bytes = encodeCommandPayload(spec, validateParams(spec, params), () => 1_700_000_000_000);
    return (CarServerActionType.toObject(CarServerActionType.decode(bytes), { defaults: true, longs: Number }) as { vehicleAction: Record<string, unknown> })
      .vehicleAction;
  };
  const accepts = (name: string, params: Record<string, unknown>): void => {
    assert.doesNotThrow(() => validateParams(findCommand(name)!, params), `${name} ${JSON.stringify(params)}`);
  };

  it('parental_controls_enable_setting: exactly the seven ParentalControlsSetting_E names, sent as their enum numbers', () => {
    // teslamotors/vehicle-command pkg/protocol/protobuf/car_server.proto: ParentalControlsEnableSettingsAction.ParentalControlsSetting_E
    // { SpeedLimit = 0; Acceleration = 1; SafetyFeatures = 2; Curfew = 3; BrowserBlocked = 4; TheaterBlocked = 5; ArcadeBlocked = 6 }
    const official = { SpeedLimit: 0, Acceleration: 1, SafetyFeatures: 2, Curfew: 3, BrowserBlocked: 4, TheaterBlocked: 5, ArcadeBlocked: 6 };
    // teslamotors/vehicle-command pkg/proxy/command.go: `setting` is looked up by those names (ParentalControlsSetting_E_value).
    const spec = findCommand('parental_controls_enable_setting')!;
    assert.deepEqual(spec.params.find((p) => p.name === 'setting')?.values, Object.keys(official));
    for (const [name, number] of Object.entries(official)) {
      assert.equal(action('parental_controls_enable_setting', { setting: name, enable: true }).parentalControlsEnableSettingsAction.setting, number, name);
    }
    // car_server.proto: VehicleAction.parentalControlsEnableSettingsAction = 112, setting = 1, enable = 2.
    assert.equal(hex('parental_controls_enable_setting', { setting: 'Curfew', enable: true }), '120782070408031001');
    assert.equal(hex('parental_controls_enable_setting', { setting: 'SpeedLimit', enable: true }), '12058207021001', 'SpeedLimit = 0 is the proto3 default');
    for (const old of ['ChillAcceleration', 'RequireSafetySettings', 'curfew']) {
      assert.throws(() => validateParams(spec, { setting: old, enable: true }), /invalid setting param/, old);
    }
  });

  it('keep_accessory_power_mode and parental_controls_activate bytes follow car_server.proto', () => {
    // teslamotors/vehicle-command pkg/protocol/protobuf/car_server.proto: VehicleAction.setKeepAccessoryPowerModeAction = 138
    // { keep_accessory_power_mode = 1 }; parentalControlsAction = 111 { activate = 1; pin = 2 }.
    assert.equal(hex('keep_accessory_power_mode', { enable: true }), '1205d208020801');
    assert.equal(hex('parental_controls_activate', { pin: '1234' }), '120bfa06080801120431323334');
  });

  it("days_of_week: the proxy's day names, any case, spaces, ALL and WEEKDAYS, OR-ed into Tesla's bit mask", () => {
    // teslamotors/vehicle-command pkg/proxy/command.go dayNamesBitMask: SUN/SUNDAY 1, MON/MONDAY 2, TUES/TUESDAY 4,
    // WED/WEDNESDAY 8, THURS/THURSDAY 16, FRI/FRIDAY 32, SAT/SATURDAY 64, ALL 127, WEEKDAYS 62; getDays splits on ","
    // and looks up strings.TrimSpace(strings.ToUpper(d)).
    const table: Array<[string, number]> = [
      ['SUN', 1],
      ['SUNDAY', 1],
      ['MON', 2],
      ['MONDAY', 2],
      ['TUES', 4],
      ['TUESDAY', 4],
      ['WED', 8],
      ['WEDNESDAY', 8],
      ['THURS', 16],
      ['THURSDAY', 16],
      ['FRI', 32],
      ['FRIDAY', 32],
      ['SAT', 64],
      ['SATURDAY', 64],
      ['ALL', 127],
      ['WEEKDAYS', 62],
    ];
    for (const [name, bit] of table) {
      assert.equal(daysOfWeekMask(name), bit, name);
      assert.equal(daysOfWeekMask(name.toLowerCase()), bit, name.toLowerCase());
    }
    assert.equal(daysOfWeekMask('Sun,Sat'), 65);
    assert.equal(daysOfWeekMask(' mon , Wednesday,FRI '), 2 | 8 | 32);
    assert.equal(daysOfWeekMask('Weekdays,Sat'), 126);
    assert.equal(daysOfWeekMask('All'), 127);
    // getDays refuses any other name ("unrecognized day name"), an empty one too.
    const add = findCommand('add_charge_schedule')!;
    const schedule = { lat: 1, lon: 2, start_enabled: false, end_enabled: false, enabled: true };
    for (const bad of ['Mo', 'Funday', '', 'Mon,', 'Mon;Tues']) {
      assert.throws(() => validateParams(add, { ...schedule, days_of_week: bad }), /invalid days_of_week param: unrecognized day name/, JSON.stringify(bad));
    }
    // The mask goes in ChargeSchedule.days_of_week (field 3).
    assert.equal(action('add_charge_schedule', { ...schedule, days_of_week: 'tues, THURSDAY' }).addChargeScheduleAction.days_of_week, 4 | 16);
    assert.equal(
      action('add_precondition_schedule', { lat: 1, lon: 2, precondition_time: 400, enabled: true, days_of_week: 'weekdays' }).addPreconditionScheduleAction
        .days_of_week,
      62,
    );
  });

  it('days_of_week: Fleetkit also takes Tue/Thu/Thur (the proxy refuses them) and sends only spellings the proxy parses', async () => {
    const add = findCommand('add_charge_schedule')!;
    const schedule = { lat: 1, lon: 2, start_enabled: false, end_enabled: false, enabled: true };
    assert.equal(validateParams(add, { ...schedule, days_of_week: 'Tue,Thu' }).days_of_week, 'Tuesday,Thursday');
    assert.equal(validateParams(add, { ...schedule, days_of_week: 'mon, wed' }).days_of_week, 'Monday,Wednesday');
    assert.equal(validateParams(add, { ...schedule, days_of_week: 'sun,mon,tue,wed,thur,fri,sat' }).days_of_week, 'All');
    assert.match(paramWarnings(add, { ...schedule, days_of_week: 'Tue' }).join(), /does not know "Tue"; Fleetkit sends "Tuesday"/);
    // What the proxy transport posts: every name in it is one of command.go's dayNamesBitMask keys.
    const proxyNames = new Set([
      'SUN',
      'SUNDAY',
      'MON',
      'MONDAY',
      'TUES',
      'TUESDAY',
      'WED',
      'WEDNESDAY',
      'THURS',
      'THURSDAY',
      'FRI',
      'FRIDAY',
      'SAT',
      'SATURDAY',
      'ALL',
      'WEEKDAYS',
    ]);
    const bodies: Array<Record<string, unknown>> = [];
    const sender = new RestCommandSender(
      {
        restCommand: async (_vin, _name, body) => {
          bodies.push(body);
          return { result: true, reason: '' };
        },
        wakeUp: async () => 'online',
        vehicleState: async () => 'online',
      },
      'proxy',
    );
    for (const text of ['Tue', 'Thu', 'thur,Sat', 'Mon,Tue,Wed,Thu,Fri', 'Sun,Mon,Tue,Wed,Thu,Fri,Sat', 'wed']) {
      await sender.send('VIN', 'add_charge_schedule', { ...schedule, days_of_week: text });
      const sent = bodies.at(-1)!.days_of_week as string;
      for (const name of sent.split(',')) assert.ok(proxyNames.has(name.trim().toUpperCase()), `${text} → ${sent}`);
      assert.equal(daysOfWeekMask(sent), daysOfWeekMask(text), `${text} → ${sent} keeps the mask`);
    }
    assert.deepEqual(
      bodies.map((b) => b.days_of_week),
      ['Tuesday', 'Thursday', 'Thursday,Saturday', 'Weekdays', 'All', 'Wednesday'],
    );
  });

  it('set_temps: both temperatures optional, sent with level = TEMP_MAX like ChangeClimateTemp', () => {
    // teslamotors/vehicle-command pkg/proxy/command.go: driver_temp and passenger_temp are getNumber(…, false) (0 when missing).
    // pkg/vehicle/climate.go ChangeClimateTemp: DriverTempCelsius, PassengerTempCelsius and Level = Temperature{TEMP_MAX}.
    // pkg/protocol/protobuf/car_server.proto: HvacTemperatureAdjustmentAction level = 5, hvac_temperature_zone = 4,
    // driver_temp_celsius = 6, passenger_temp_celsius = 7; Temperature { TEMP_UNKNOWN = 1; TEMP_MIN = 2; TEMP_MAX = 3 }.
    // 14 = hvacTemperatureAdjustmentAction; 2a 02 1a 00 = level { TEMP_MAX {} }; 35 / 3d = floats 22.5 and 20.
    assert.equal(hex('set_temps', { driver_temp: 22.5, passenger_temp: 20 }), '121072' + '0e' + '2a021a00' + '350000b441' + '3d0000a041');
    const spec = findCommand('set_temps')!;
    assert.deepEqual(
      spec.params.map((p) => [p.name, !!p.optional]),
      [
        ['driver_temp', true],
        ['passenger_temp', true],
      ],
    );
    assert.equal(hex('set_temps', { driver_temp: 21 }), '120b7209' + '2a021a00' + '350000a841', 'a missing temperature is 0, which proto3 leaves out');
    assert.equal(hex('set_temps'), '120672042a021a00');
    assert.doesNotThrow(() => validateParams(spec, { driver_temp: 35, passenger_temp: 5 }), 'the range is the car’s to check');
    assert.match(paramWarnings(spec, { driver_temp: 35 }).join('; '), /driver_temp 35 is above 28.*passenger_temp left out: tesla-http-proxy sends 0 °C/);
  });

  it('set_scheduled_departure: enable false clears; weekdays-only alone still sends Weekdays; all else optional', () => {
    // teslamotors/vehicle-command pkg/proxy/command.go: enable false → ClearScheduledDeparture, no other param read.
    // pkg/vehicle/charge.go ClearScheduledDeparture: ScheduledDepartureAction{Enabled: false} and nothing else.
    const spec = findCommand('set_scheduled_departure')!;
    assert.deepEqual(validateParams(spec, { enable: false, departure_time: 'ignored', preconditioning_enabled: 7 }), { enable: false });
    assert.equal(hex('set_scheduled_departure', { enable: false, departure_time: 450, preconditioning_enabled: true }), '1203d20200');
    // getPolicy: weekdays_only → ChargingPolicyWeekdays even without *_enabled; enabled → AllDays; neither → Off (field left out).
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test helpers read loosely typed JSON
    const depart = (extra: Record<string, unknown>): Record<string, any> =>
      action('set_scheduled_departure', { enable: true, departure_time: 450, ...extra }).scheduledDepartureAction;
    assert.deepEqual(depart({ preconditioning_weekdays_only: true }).preconditioning_times, { weekdays: {} });
    assert.deepEqual(depart({ preconditioning_enabled: true }).preconditioning_times, { all_week: {} });
    assert.equal(depart({ preconditioning_enabled: false }).preconditioning_times, null);
    assert.deepEqual(depart({ off_peak_charging_weekdays_only: true }).off_peak_charging_times, { weekdays: {} });
    assert.deepEqual(depart({ off_peak_charging_enabled: true, off_peak_charging_weekdays_only: false }).off_peak_charging_times, { all_week: {} });
    // ScheduleDeparture: Enabled true; departure_time / end_off_peak_time are getTimeAfterMidnight (optional, 0).
    assert.deepEqual(validateParams(spec, { enable: true }), { enable: true });
    const bare = action('set_scheduled_departure', { enable: true }).scheduledDepartureAction;
    assert.deepEqual([bare.enabled, bare.departure_time, bare.off_peak_hours_end_time], [true, 0, 0]);
    // ScheduleDeparture refuses departAt < 0 or > 24 h: 1440 minutes is allowed, 1441 is not.
    accepts('set_scheduled_departure', { enable: true, departure_time: 1440 });
    assert.throws(() => validateParams(spec, { enable: true, departure_time: 1441 }), /departure_time param: 1441 is above 1440/);
    assert.throws(() => validateParams(spec, { enable: true, departure_time: -1 }), /below 0/);
  });

  it('set_valet_mode off sends no password; on needs a 4-digit PIN', () => {
    // teslamotors/vehicle-command pkg/proxy/command.go: password is getString(…, false); on → EnableValetMode(password),
    // off → DisableValetMode. pkg/vehicle/security.go: DisableValetMode = SetValetMode(false, ""); SetValetMode refuses
    // on with a PIN that IsValidPIN rejects (4 ASCII digits).
    assert.equal(hex('set_valet_mode', { on: false, password: '1234' }), '1203fa0100');
    assert.equal(hex('set_valet_mode', { on: false }), '1203fa0100');
    accepts('set_valet_mode', { on: false, password: 'not a pin' });
    assert.deepEqual(action('set_valet_mode', { on: true, password: '1234' }).vehicleControlSetValetModeAction, { on: true, password: '1234' });
    assert.throws(
      () => validateParams(findCommand('set_valet_mode')!, { on: false, password: 1234 }),
      /invalid password param: expected a string/,
      'the proxy still reads it as a string',
    );
  });

  it('set_cabin_overheat_protection: fan_only is optional (false)', () => {
    // teslamotors/vehicle-command pkg/proxy/command.go: on = getBool(…, true), fan_only = getBool(…, false).
    accepts('set_cabin_overheat_protection', { on: true });
    assert.deepEqual(action('set_cabin_overheat_protection', { on: true }).setCabinOverheatProtectionAction, { on: true, fan_only: false });
    assert.throws(() => validateParams(findCommand('set_cabin_overheat_protection')!, { fan_only: true }), /missing on param/);
  });

  it('accepts what the proxy accepts: ranges and PIN shapes it does not check are warnings, numbers are cut to integers', () => {
    // teslamotors/vehicle-command pkg/proxy/command.go passes these numbers to the car unchecked (getNumber, then int32()).
    accepts('set_charge_limit', { percent: 101 });
    accepts('set_charge_limit', { percent: 30 });
    accepts('set_charging_amps', { charging_amps: 100 });
    accepts('speed_limit_set_limit', { limit_mph: 150 });
    accepts('parental_controls_set_speed_limit', { limit_mph: 20 });
    accepts('schedule_software_update', { offset_sec: -5 });
    // getTimeAfterMidnight: "Leave further validation to the car"; 1440 (24:00) too.
    accepts('set_scheduled_charging', { enable: true, time: 1440 });
    accepts('add_precondition_schedule', { lat: 1, lon: 2, precondition_time: 1440, enabled: true, days_of_week: 'All' });
    // Speed-limit and PIN-to-drive PINs are not checked by the proxy or pkg/vehicle (only valet and parental ones are).
    accepts('speed_limit_activate', { pin: '12' });
    accepts('set_pin_to_drive', { on: true, password: 'abcdef' });
    accepts('set_pin_to_drive', { on: false });
    accepts('set_vehicle_name', { vehicle_name: '' });
    // Unknown keys: the proxy reads only the keys each command names.
    assert.deepEqual(validateParams(findCommand('set_charge_limit')!, { percent: 80, extra: 1 }), { percent: 80 });
    // int32(limit): a fraction is cut toward zero.
    assert.equal(action('set_charge_limit', { percent: 80.9 }).chargingSetLimitAction.percent, 80);
    assert.equal(action('set_charging_amps', { charging_amps: 16.5 }).setChargingAmpsAction.charging_amps, 16);
    const warnings = paramWarnings(findCommand('set_charge_limit')!, { percent: 101.5, extra: 1 });
    assert.deepEqual(warnings, [
      'unknown param extra: tesla-http-proxy ignores it',
      'percent 101.5 is not a whole number: tesla-http-proxy sends 101',
      'percent 101.5 is above 100: the car may refuse it',
    ]);
    assert.match(paramWarnings(findCommand('speed_limit_activate')!, { pin: '12' }).join(), /expected 4 digits/);
    // What Tesla does refuse stays refused: pkg/vehicle SetVolume [0, 10]; parental PINs (IsValidPIN).
    assert.throws(() => validateParams(findCommand('adjust_volume')!, { volume: 11 }), /above 10/);
    assert.throws(() => validateParams(findCommand('parental_controls_activate')!, { pin: '12' }), /4 digits/);
  });

  it('actuate_trunk: which_trunk is required, "rear" or "front"', () => {
    // teslamotors/vehicle-command pkg/proxy/command.go: getString("which_trunk", false) gives "" when missing, and
    // anything but "front"/"rear" is answered invalid_value; the reference's "rear when absent" is not what it does.
    assert.throws(() => validateParams(findCommand('actuate_trunk')!, {}), /missing which_trunk param/);
    assert.throws(() => validateParams(findCommand('actuate_trunk')!, { which_trunk: 'Rear' }), /expected one of "rear", "front"/);
  });

  it('seats, cop temperature, climate keeper: the numbers the proxy sends', () => {
    // pkg/proxy/command.go settingForHeatSeatPosition: index 0–8 (else "invalid seat position"); level → vehicle.Level;
    // pkg/vehicle/climate.go addToHeaterAction: 0–3 → OFF/LOW/MED/HIGH, anything else SEAT_HEATER_UNKNOWN.
    assert.throws(() => validateParams(findCommand('remote_seat_heater_request')!, { seat_position: 9, level: 1 }), /above 8/);
    assert.deepEqual(action('remote_seat_heater_request', { seat_position: 8, level: 7 }).hvacSeatHeaterActions.hvacSeatHeaterAction[0], {
      SEAT_HEATER_UNKNOWN: {},
      CAR_SEAT_THIRD_ROW_RIGHT: {},
    });
    // settingForCoolerSeatPosition + SetSeatCooler: seat_cooler_level − 1, then + 1: HvacSeatCoolerLevel_E gets the number as given.
    assert.equal(
      action('remote_seat_cooler_request', { seat_position: 1, seat_cooler_level: 0 }).hvacSeatCoolerActions.hvacSeatCoolerAction[0].seat_cooler_level,
      0,
    );
    assert.equal(
      action('remote_seat_cooler_request', { seat_position: 2, seat_cooler_level: 4 }).hvacSeatCoolerActions.hvacSeatCoolerAction[0].seat_cooler_level,
      4,
    );
    // settingForAutoSeatPosition: 1 front left, 2 front right, anything else SeatUnknown → AutoSeatPosition_Unknown (0).
    accepts('remote_auto_seat_climate_request', { auto_seat_position: 3, auto_climate_on: true });
    assert.equal(
      action('remote_auto_seat_climate_request', { auto_seat_position: 3, auto_climate_on: true }).autoSeatClimateAction.carseat[0].seat_position,
      0,
    );
    // set_cop_temp: vehicle.Level(cop_temp) → ClimateState_CopActivationTemp, so 0 (Unspecified) … 3 (High) as given.
    assert.equal(action('set_cop_temp', { cop_temp: 0 }).setCopTempAction.copActivationTemp, 0);
    assert.equal(action('set_cop_temp', { cop_temp: 3 }).setCopTempAction.copActivationTemp, 3);
  });

  it('add_charge_schedule: start_time / end_time optional; id 0 or none is numbered by the current Unix time', () => {
    // teslamotors/vehicle-command pkg/proxy/command.go add_charge_schedule: start_time, end_time, id, one_time are
    // getNumber/getBool(…, false); id 0 → uint64(time.Now().Unix()).
    const base = { lat: 1.5, lon: 2.5, start_enabled: true, end_enabled: false, days_of_week: 'Mon', enabled: true };
    accepts('add_charge_schedule', base);
    const a = action('add_charge_schedule', base).addChargeScheduleAction;
    assert.deepEqual([a.id, a.start_time, a.end_time, a.days_of_week], [1_700_000_000, 0, 0, 2]);
    assert.equal(action('add_charge_schedule', { ...base, id: 42 }).addChargeScheduleAction.id, 42);
  });

  it('window_control: lat/lon are not read by the proxy (a non-number is dropped, not refused)', () => {
    // teslamotors/vehicle-command pkg/proxy/command.go window_control: "Latitude and longitude are not required".
    assert.deepEqual(validateParams(findCommand('window_control')!, { command: 'vent', lat: 'x', lon: 1 }), { command: 'vent', lon: 1 });
  });
});
