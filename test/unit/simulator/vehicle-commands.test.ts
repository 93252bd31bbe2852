/**
 * The simulated car decodes and applies commands as Tesla's own code sends them (teslamotors/vehicle-command):
 * payload bytes here are written out by hand from car_server.proto's field numbers, not produced by Fleetkit's
 * catalogue, so the simulator is checked as an independent peer. The REST route takes the proxy's spellings.
 */
import { strict as assert } from 'node:assert';
import { commandEffect, type VehicleSecrets } from '../../../simulator/vehicle-protocol/apply-command';
import { decodeInfotainmentCommand } from '../../../simulator/vehicle-protocol/decode-command';
import { dayMask, restInstruction, RestParamError } from '../../../simulator/vehicle-protocol/rest-params';
import { initialState, type VehicleStateSections } from '../../../simulator/vehicles/state';
import { defaultWorld } from '../../../simulator/world/default-world';

const NOW = 1_700_000_000_000;
const decode = (hex: string): ReturnType<typeof decodeInfotainmentCommand> => decodeInfotainmentCommand(Buffer.from(hex.replace(/\s+/g, ''), 'hex'));
const fresh = (): VehicleStateSections => initialState(defaultWorld().vehicles[0]!, NOW);

describe('simulated vehicle: commands as teslamotors/vehicle-command sends them', () => {
  it('parental_controls_enable_setting: ParentalControlsSetting_E numbers 0–6 are the official names', () => {
    // teslamotors/vehicle-command pkg/protocol/protobuf/car_server.proto: VehicleAction field 112,
    // ParentalControlsEnableSettingsAction { setting = 1; enable = 2 }, ParentalControlsSetting_E { SpeedLimit = 0;
    // Acceleration = 1; SafetyFeatures = 2; Curfew = 3; BrowserBlocked = 4; TheaterBlocked = 5; ArcadeBlocked = 6 }.
    const names = ['SpeedLimit', 'Acceleration', 'SafetyFeatures', 'Curfew', 'BrowserBlocked', 'TheaterBlocked', 'ArcadeBlocked'];
    names.forEach((name, number) => {
      const inner = number === 0 ? '1001' : `08${number.toString(16).padStart(2, '0')}1001`; // proto3 leaves setting 0 out
      const vehicleAction = `8207${(inner.length / 2).toString(16).padStart(2, '0')}${inner}`;
      const got = decode(`12${(vehicleAction.length / 2).toString(16).padStart(2, '0')}${vehicleAction}`);
      assert.deepEqual(got, { name: 'parental_controls_enable_setting', params: { setting: name, enable: true } }, name);
      const effect = commandEffect(fresh(), got, NOW, {});
      assert.equal(effect.ok, true, name);
      assert.deepEqual(effect.patch.vehicle_state?.parental_controls, { settings: { [name]: true } });
    });
    const unknown = decode('1205 8207 02 0807');
    assert.equal(commandEffect(fresh(), unknown, NOW, {}).ok, false, 'setting 7 is not in the enum');
  });

  it('schedules: days_of_week is the mask (Sunday = 1 … Saturday = 64) and is stored as such', () => {
    // common.proto ChargeSchedule { id = 1; days_of_week = 3; start_enabled = 4; start_time = 5; enabled = 9 };
    // pkg/proxy/command.go: TUES = 4, THURS = 16. VehicleAction.addChargeScheduleAction = 97.
    const schedule = '08 2a 18 14 20 01 28 3c 48 01'; // id 42, days 20 (Tue|Thu), start_enabled, start_time 60, enabled
    const got = decode(`120d 8a06 0a ${schedule}`);
    assert.equal(got.name, 'add_charge_schedule');
    assert.equal(got.params.days_of_week, 4 | 16);
    const effect = commandEffect(fresh(), got, NOW, {});
    const stored = (effect.patch.charge_state?.charge_schedules as Array<Record<string, unknown>>).at(-1)!;
    assert.deepEqual([stored.id, stored.days_of_week, stored.start_time], [42, 20, 60]);
  });

  it('set_temps: HvacTemperatureAdjustmentAction with level = TEMP_MAX (ChangeClimateTemp); 0 leaves a side alone', () => {
    // car_server.proto: hvacTemperatureAdjustmentAction = 14 { level = 5 (Temperature { TEMP_MAX = 3 }),
    // driver_temp_celsius = 6, passenger_temp_celsius = 7 }; pkg/vehicle/climate.go ChangeClimateTemp sets all three.
    const both = decode('1210 720e 2a021a00 350000b441 3d0000a041');
    assert.deepEqual(both, { name: 'set_temps', params: { driver_temp: 22.5, passenger_temp: 20 } });
    assert.deepEqual(commandEffect(fresh(), both, NOW, {}).patch.climate_state, { driver_temp_setting: 22.5, passenger_temp_setting: 20 });
    // The proxy sends 0 (left out by proto3) for a temperature the request did not give.
    const driverOnly = decode('120b 7209 2a021a00 350000a841');
    assert.deepEqual(commandEffect(fresh(), driverOnly, NOW, {}).patch.climate_state, { driver_temp_setting: 21 });
    assert.equal(commandEffect(fresh(), decode('1210 720e 2a021a00 35000020c2 3d0000a041'), NOW, {}).ok, false, '-40 °C is out of range');
  });

  it('set_scheduled_departure: enabled = false alone (ClearScheduledDeparture) clears the schedule', () => {
    // pkg/vehicle/charge.go ClearScheduledDeparture: ScheduledDepartureAction{Enabled: false}; VehicleAction field 42.
    const state = fresh();
    Object.assign(state.charge_state, {
      scheduled_charging_mode: 'DepartBy',
      preconditioning_enabled: true,
      off_peak_charging_enabled: true,
      preconditioning_weekdays_only: true,
    });
    const clear = decode('1203 d20200');
    assert.deepEqual([clear.name, clear.params.enable], ['set_scheduled_departure', false]);
    const patch = commandEffect(state, clear, NOW, {}).patch.charge_state!;
    assert.deepEqual(
      [patch.scheduled_charging_mode, patch.preconditioning_enabled, patch.preconditioning_weekdays_only, patch.off_peak_charging_enabled],
      ['Off', false, false, false],
    );
    // Enabled with preconditioning_times { weekdays } only (what getPolicy makes of preconditioning_weekdays_only alone).
    const weekdays = decode('120c d20209 0801 10c203 1a021200');
    const on = commandEffect(fresh(), weekdays, NOW, {}).patch.charge_state!;
    assert.deepEqual(
      [
        on.scheduled_charging_mode,
        on.scheduled_departure_time_minutes,
        on.preconditioning_enabled,
        on.preconditioning_weekdays_only,
        on.off_peak_charging_enabled,
      ],
      ['DepartBy', 450, true, true, false],
    );
  });

  it('set_valet_mode off without a password turns valet off even when a PIN was set', () => {
    // pkg/vehicle/security.go DisableValetMode: SetValetMode(false, "") — VehicleAction field 31, empty.
    const secrets: VehicleSecrets = { valetPin: '1234' };
    const state = fresh();
    state.vehicle_state.valet_mode = true;
    const effect = commandEffect(state, decode('1203 fa0100'), NOW, secrets);
    assert.equal(effect.ok, true);
    assert.equal(effect.patch.vehicle_state?.valet_mode, false);
  });

  it('seat heater: SEAT_HEATER_UNKNOWN (a level outside 0–3 through the proxy) is refused by the car, not undecodable', () => {
    // car_server.proto HvacSeatHeaterAction: SEAT_HEATER_UNKNOWN = 1 … CAR_SEAT_FRONT_LEFT = 7; VehicleAction field 36.
    const got = decode('1209 a202 06 0a04 0a00 3a00');
    assert.equal(got.name, 'remote_seat_heater_request');
    assert.deepEqual(commandEffect(fresh(), got, NOW, {}), { ok: false, reason: 'invalid seat heater level', patch: {} });
  });
});

describe('simulated vehicle: REST command/{name} takes what tesla-http-proxy takes', () => {
  it('days_of_week: the proxy day names, any case, with spaces; a bit mask number too; other names refused', () => {
    // teslamotors/vehicle-command pkg/proxy/command.go dayNamesBitMask and getDays.
    assert.equal(dayMask('SUN'), 1);
    assert.equal(dayMask('sunday, Saturday'), 65);
    assert.equal(dayMask('Tues,THURS'), 20);
    assert.equal(dayMask('weekdays'), 62);
    assert.equal(dayMask('All'), 127);
    assert.equal(dayMask(62), 62);
    assert.throws(
      () => dayMask('Tue'),
      (e: unknown) => e instanceof RestParamError && e.message === 'unrecognized day name: Tue',
    );
    assert.throws(() => dayMask('Mon,'), RestParamError);
    assert.throws(() => dayMask(undefined), /missing days_of_week param/);
    const got = restInstruction('add_precondition_schedule', { lat: 1, lon: 2, precondition_time: 400, days_of_week: 'mon, wednesday', enabled: true });
    assert.equal(got.params.days_of_week, 10);
  });

  it('set_scheduled_departure: enable false clears; *_weekdays_only alone means weekdays (getPolicy)', () => {
    assert.deepEqual(restInstruction('set_scheduled_departure', { enable: false, departure_time: 450, preconditioning_enabled: true }).params, {
      enable: false,
    });
    assert.deepEqual(
      restInstruction('set_scheduled_departure', { enable: true, departure_time: 450, preconditioning_weekdays_only: true, off_peak_charging_enabled: true })
        .params,
      {
        enable: true,
        departure_time: 450,
        end_off_peak_time: 0,
        preconditioning_enabled: true,
        preconditioning_weekdays_only: true,
        off_peak_charging_enabled: true,
        off_peak_charging_weekdays_only: false,
      },
    );
  });

  it('set_temps with one temperature, set_valet_mode off with a password', () => {
    assert.deepEqual(restInstruction('set_temps', { passenger_temp: 19 }).params, { driver_temp: 0, passenger_temp: 19 });
    assert.deepEqual(restInstruction('set_valet_mode', { on: false, password: '9999' }).params, { on: false });
    assert.deepEqual(restInstruction('parental_controls_enable_setting', { setting: 'TheaterBlocked', enable: true }).params, {
      setting: 'TheaterBlocked',
      enable: true,
    });
  });
});
