/**
 * Every command of the tesla-http-proxy table (teslamotors/vehicle-command pkg/proxy/command.go; reference §6.4):
 * REST name, parameters, domain, whether it is signed, and for signed commands the protobuf payload, built as the
 * pkg/vehicle function the proxy calls builds it. Unsigned REST commands are listed with `signing: 'rest'`.
 */
import { daysOfWeekMask } from './days';
import type { CommandGroup, CommandParams, CommandSpec, ParamSpec, RestCommandSpec, SignedCommandSpec } from './types';

const bool = (name: string, description: string, extra: Partial<ParamSpec> = {}): ParamSpec => ({ name, type: 'boolean', description, ...extra });
const int = (name: string, description: string, extra: Partial<ParamSpec> = {}): ParamSpec => ({ name, type: 'integer', description, ...extra });
const num = (name: string, description: string, extra: Partial<ParamSpec> = {}): ParamSpec => ({ name, type: 'number', description, ...extra });
const str = (name: string, description: string, extra: Partial<ParamSpec> = {}): ParamSpec => ({ name, type: 'string', description, ...extra });
/** pkg/vehicle/security.go IsValidPIN: exactly four ASCII digits. */
const PIN4: NonNullable<ParamSpec['pattern']> = { re: /^[0-9]{4}$/, description: 'expected 4 digits' };
const lat = num('lat', 'Latitude in degrees', { warn: { min: -90, max: 90 } });
const lon = num('lon', 'Longitude in degrees', { warn: { min: -180, max: 180 } });
/** Minutes after midnight. The proxy passes any number on (pkg/proxy/command.go getTimeAfterMidnight); 1440 = 24:00. */
const minutes = (name: string, description: string, extra: Partial<ParamSpec> = {}): ParamSpec =>
  int(name, `${description} (minutes after midnight)`, { warn: { min: 0, max: 1440 }, ...extra });
const days = str('days_of_week', 'Days: names such as "Mon,Tues,Thurs" or "Monday, Friday", "All" or "Weekdays" (any case)', { format: 'days_of_week' });
const scheduleIdParam = int('id', 'Schedule id (0 = a new one, numbered by the current time)', { min: 0, max: Number.MAX_SAFE_INTEGER, default: 0 });

const VOID = {};
type Payload = Record<string, unknown>;

function vcsec(
  name: string,
  title: string,
  description: string,
  group: CommandGroup,
  payload: (p: CommandParams) => Payload,
  params: ParamSpec[] = [],
): SignedCommandSpec {
  return { name, title, description, group, params, signing: 'signed', domain: 'vcsec', payload };
}

function info(
  name: string,
  title: string,
  description: string,
  group: CommandGroup,
  action: (p: CommandParams, now: () => number) => Payload,
  params: ParamSpec[] = [],
): SignedCommandSpec {
  return { name, title, description, group, params, signing: 'signed', domain: 'infotainment', payload: (p, now) => ({ vehicleAction: action(p, now) }) };
}

function rest(name: string, title: string, description: string, group: CommandGroup, params: ParamSpec[] = []): RestCommandSpec {
  return { name, title, description, group, params, signing: 'rest', domain: null };
}

const b = (p: CommandParams, k: string): boolean => p[k] === true;
const n = (p: CommandParams, k: string): number => (typeof p[k] === 'number' ? (p[k] as number) : 0);
/** An integer field from a JSON number, as the proxy converts it (Go int(): toward zero). */
const i = (p: CommandParams, k: string): number => Math.trunc(n(p, k));
const s = (p: CommandParams, k: string): string => (typeof p[k] === 'string' ? (p[k] as string) : '');

const SEAT_HEATER_POSITIONS = [
  'CAR_SEAT_FRONT_LEFT',
  'CAR_SEAT_FRONT_RIGHT',
  'CAR_SEAT_REAR_LEFT',
  'CAR_SEAT_REAR_LEFT_BACK',
  'CAR_SEAT_REAR_CENTER',
  'CAR_SEAT_REAR_RIGHT',
  'CAR_SEAT_REAR_RIGHT_BACK',
  'CAR_SEAT_THIRD_ROW_LEFT',
  'CAR_SEAT_THIRD_ROW_RIGHT',
] as const;
const SEAT_HEATER_LEVELS = ['SEAT_HEATER_OFF', 'SEAT_HEATER_LOW', 'SEAT_HEATER_MED', 'SEAT_HEATER_HIGH'] as const;

/**
 * CarServer.ParentalControlsEnableSettingsAction.ParentalControlsSetting_E in its order: the index is the enum
 * number (SpeedLimit = 0 … ArcadeBlocked = 6), the name is what tesla-http-proxy takes as `setting`.
 */
export const PARENTAL_CONTROLS_SETTINGS = [
  'SpeedLimit',
  'Acceleration',
  'SafetyFeatures',
  'Curfew',
  'BrowserBlocked',
  'TheaterBlocked',
  'ArcadeBlocked',
] as const;

/** The proxy numbers a schedule with id 0 (or none) by the current Unix time. */
const scheduleId = (p: CommandParams, now: () => number): number => (i(p, 'id') === 0 ? Math.floor(now() / 1000) : i(p, 'id'));

/** PreconditioningTimes / OffPeakChargingTimes as the proxy picks them (getPolicy): weekdays-only wins, then enabled, else none. */
function chargingPolicy(p: CommandParams, enabled: string, weekdaysOnly: string): Payload | undefined {
  if (b(p, weekdaysOnly)) return { weekdays: VOID };
  if (b(p, enabled)) return { all_week: VOID };
  return undefined;
}

// Params, required-ness and payloads follow tesla-http-proxy (teslamotors/vehicle-command pkg/proxy/command.go) and
// the pkg/vehicle function each command calls; `warn` ranges are Fleetkit's hints, never refusals.
const COMMANDS: CommandSpec[] = [
  // ---- VCSEC (vehicle security) ----
  vcsec('door_lock', 'Lock doors', 'Locks the vehicle.', 'Security', () => ({ RKEAction: 1 })),
  vcsec('door_unlock', 'Unlock doors', 'Unlocks the vehicle.', 'Security', () => ({ RKEAction: 0 })),
  vcsec('remote_start_drive', 'Remote start', 'Allows keyless driving for two minutes.', 'Security', () => ({ RKEAction: 20 })),
  vcsec(
    'actuate_trunk',
    'Actuate trunk',
    'Opens or closes the rear trunk or the frunk.',
    'Controls',
    (p) => ({ closureMoveRequest: p.which_trunk === 'front' ? { frontTrunk: 1 } : { rearTrunk: 1 } }),
    // The proxy answers invalid_value when which_trunk is missing or not "rear"/"front".
    [{ name: 'which_trunk', type: 'enum', values: ['rear', 'front'], description: 'Which trunk to move' }],
  ),
  vcsec('open_tonneau', 'Open tonneau', 'Opens the Cybertruck tonneau cover.', 'Controls', () => ({ closureMoveRequest: { tonneau: 3 } })),
  vcsec('close_tonneau', 'Close tonneau', 'Closes the Cybertruck tonneau cover.', 'Controls', () => ({ closureMoveRequest: { tonneau: 4 } })),
  vcsec('stop_tonneau', 'Stop tonneau', 'Stops the Cybertruck tonneau cover.', 'Controls', () => ({ closureMoveRequest: { tonneau: 2 } })),

  // ---- Infotainment: media ----
  // pkg/vehicle SetVolume refuses a volume outside [0, 10].
  info('adjust_volume', 'Set volume', 'Sets the media volume.', 'Media', (p) => ({ mediaUpdateVolume: { volume_absolute_float: n(p, 'volume') } }), [
    num('volume', 'Volume', { min: 0, max: 10 }),
  ]),
  info('media_next_fav', 'Next favourite', 'Plays the next favourite.', 'Media', () => ({ mediaNextFavorite: VOID })),
  info('media_prev_fav', 'Previous favourite', 'Plays the previous favourite.', 'Media', () => ({ mediaPreviousFavorite: VOID })),
  info('media_next_track', 'Next track', 'Skips to the next track.', 'Media', () => ({ mediaNextTrack: VOID })),
  info('media_prev_track', 'Previous track', 'Goes back to the previous track.', 'Media', () => ({ mediaPreviousTrack: VOID })),
  info('media_volume_up', 'Volume up', 'Raises the volume one step.', 'Media', () => ({ mediaUpdateVolume: { volume_delta: 1 } })),
  info('media_volume_down', 'Volume down', 'Lowers the volume one step.', 'Media', () => ({ mediaUpdateVolume: { volume_delta: -1 } })),
  info('media_toggle_playback', 'Play / pause', 'Toggles media playback.', 'Media', () => ({ mediaPlayAction: VOID })),

  // ---- Infotainment: climate ----
  info('auto_conditioning_start', 'Climate on', 'Starts climate control.', 'Climate', () => ({ hvacAutoAction: { power_on: true } })),
  info('auto_conditioning_stop', 'Climate off', 'Stops climate control.', 'Climate', () => ({ hvacAutoAction: { power_on: false } })),
  info(
    'remote_seat_cooler_request',
    'Seat cooler',
    'Sets a front seat cooler level.',
    'Climate',
    // The proxy passes seat_cooler_level − 1 to SetSeatCooler, which sends level + 1: the number goes unchanged.
    (p) => ({ hvacSeatCoolerActions: { hvacSeatCoolerAction: [{ seat_position: i(p, 'seat_position'), seat_cooler_level: i(p, 'seat_cooler_level') }] } }),
    [
      // SetSeatCooler refuses any seat but front left / front right.
      { name: 'seat_position', type: 'enum', values: [1, 2], description: 'Seat: 1 front left, 2 front right' },
      { name: 'seat_cooler_level', type: 'enum', values: [1, 2, 3, 4, 0], description: 'HvacSeatCoolerLevel_E: 1 off, 2 low, 3 medium, 4 high (0 unknown)' },
    ],
  ),
  info(
    'remote_seat_heater_request',
    'Seat heater',
    'Sets a seat heater level.',
    'Climate',
    (p) => {
      const level = i(p, 'level');
      return {
        hvacSeatHeaterActions: {
          hvacSeatHeaterAction: [{ [SEAT_HEATER_POSITIONS[i(p, 'seat_position')]]: VOID, [SEAT_HEATER_LEVELS[level] ?? 'SEAT_HEATER_UNKNOWN']: VOID }],
        },
      };
    },
    [
      // The proxy refuses a seat index outside 0–8 ("invalid seat position").
      int('seat_position', 'Seat index: 0 FL, 1 FR, 2 rear L, 3 rear L back, 4 rear C, 5 rear R, 6 rear R back, 7 third row L, 8 third row R', {
        min: 0,
        max: 8,
      }),
      {
        name: 'level',
        type: 'enum',
        values: [0, 1, 2, 3],
        description: 'Level: 0 off, 1 low, 2 medium, 3 high',
        warn: { otherValues: 'not 0–3: tesla-http-proxy sends SEAT_HEATER_UNKNOWN' },
      },
    ],
  ),
  info(
    'remote_auto_seat_climate_request',
    'Auto seat climate',
    'Turns automatic seat climate on or off for a front seat.',
    'Climate',
    (p) => ({
      autoSeatClimateAction: {
        carseat: [{ on: b(p, 'auto_climate_on'), seat_position: [1, 2].includes(i(p, 'auto_seat_position')) ? i(p, 'auto_seat_position') : 0 }],
      },
    }),
    [
      {
        name: 'auto_seat_position',
        type: 'enum',
        values: [1, 2],
        description: 'Seat: 1 front left, 2 front right',
        warn: { otherValues: 'not 1 or 2: tesla-http-proxy sends AutoSeatPosition_Unknown (0)' },
      },
      bool('auto_climate_on', 'Automatic seat climate on'),
    ],
  ),
  info(
    'remote_steering_wheel_heater_request',
    'Steering wheel heater',
    'Turns the steering wheel heater on or off.',
    'Climate',
    (p) => ({ hvacSteeringWheelHeaterAction: { power_on: b(p, 'on') } }),
    [bool('on', 'Heater on')],
  ),
  info(
    'set_bioweapon_mode',
    'Bioweapon defense mode',
    'Turns Bioweapon Defense Mode on or off.',
    'Climate',
    (p) => ({ hvacBioweaponModeAction: { on: b(p, 'on'), manual_override: b(p, 'manual_override') } }),
    [bool('on', 'Mode on'), bool('manual_override', 'Override automatic behaviour')],
  ),
  info(
    'set_cabin_overheat_protection',
    'Cabin overheat protection',
    'Sets Cabin Overheat Protection.',
    'Climate',
    (p) => ({ setCabinOverheatProtectionAction: { on: b(p, 'on'), fan_only: b(p, 'fan_only') } }),
    [bool('on', 'Protection on'), bool('fan_only', 'Fan only (no A/C); false when left out', { optional: true })],
  ),
  info(
    'set_climate_keeper_mode',
    'Climate keeper mode',
    'Sets climate keeper: off, keep, dog or camp.',
    'Climate',
    (p) => ({ hvacClimateKeeperAction: { ClimateKeeperAction: i(p, 'climate_keeper_mode'), manual_override: b(p, 'manual_override') } }),
    [
      { name: 'climate_keeper_mode', type: 'enum', values: [0, 1, 2, 3], description: '0 off, 1 keep on, 2 dog, 3 camp' },
      bool('manual_override', 'Override automatic behaviour', { default: false }),
    ],
  ),
  info(
    'set_cop_temp',
    'Cabin overheat temperature',
    'Sets the Cabin Overheat Protection activation temperature.',
    'Climate',
    // The proxy sends cop_temp as the CopActivationTemp number itself (0 = unspecified).
    (p) => ({ setCopTempAction: { copActivationTemp: i(p, 'cop_temp') } }),
    [
      {
        name: 'cop_temp',
        type: 'enum',
        values: [1, 2, 3, 0],
        description: 'CopActivationTemp: 1 low (30 °C), 2 medium (35 °C), 3 high (40 °C), 0 unspecified',
      },
    ],
  ),
  info(
    'set_preconditioning_max',
    'Defrost (max preconditioning)',
    'Turns maximum preconditioning (defrost) on or off.',
    'Climate',
    (p) => ({ hvacSetPreconditioningMaxAction: { on: b(p, 'on'), manual_override: b(p, 'manual_override') } }),
    [bool('on', 'Defrost on'), bool('manual_override', 'Override automatic behaviour', { default: false })],
  ),
  info(
    'set_temps',
    'Set temperatures',
    'Sets driver and passenger cabin temperatures in °C.',
    'Climate',
    // pkg/vehicle ChangeClimateTemp: both temperatures and level = TEMP_MAX.
    (p) => ({
      hvacTemperatureAdjustmentAction: { driver_temp_celsius: n(p, 'driver_temp'), passenger_temp_celsius: n(p, 'passenger_temp'), level: { TEMP_MAX: VOID } },
    }),
    [
      num('driver_temp', 'Driver temperature (°C)', { optional: true, warn: { min: 15, max: 28, whenMissing: 'tesla-http-proxy sends 0 °C' } }),
      num('passenger_temp', 'Passenger temperature (°C)', { optional: true, warn: { min: 15, max: 28, whenMissing: 'tesla-http-proxy sends 0 °C' } }),
    ],
  ),

  // ---- Infotainment: charging ----
  info('charge_max_range', 'Charge to max range', 'Sets the charge limit to max range.', 'Charging', () => ({
    chargingStartStopAction: { start_max_range: VOID },
  })),
  info('charge_standard', 'Charge to standard', 'Sets the charge limit to standard.', 'Charging', () => ({
    chargingStartStopAction: { start_standard: VOID },
  })),
  info('charge_start', 'Start charging', 'Starts charging.', 'Charging', () => ({ chargingStartStopAction: { start: VOID } })),
  info('charge_stop', 'Stop charging', 'Stops charging.', 'Charging', () => ({ chargingStartStopAction: { stop: VOID } })),
  info('charge_port_door_open', 'Open charge port', 'Opens the charge port door.', 'Charging', () => ({ chargePortDoorOpen: VOID })),
  info('charge_port_door_close', 'Close charge port', 'Closes the charge port door.', 'Charging', () => ({ chargePortDoorClose: VOID })),
  info(
    'set_charging_amps',
    'Set charging amps',
    'Sets the charging current.',
    'Charging',
    (p) => ({ setChargingAmpsAction: { charging_amps: i(p, 'charging_amps') } }),
    [int('charging_amps', 'Current (A)', { warn: { min: 0, max: 80 } })],
  ),
  info('set_charge_limit', 'Set charge limit', 'Sets the charge limit.', 'Charging', (p) => ({ chargingSetLimitAction: { percent: i(p, 'percent') } }), [
    int('percent', 'Limit (%)', { warn: { min: 50, max: 100 } }),
  ]),
  info(
    'set_scheduled_charging',
    'Scheduled charging',
    'Enables or disables scheduled charging.',
    'Charging',
    (p) => ({ scheduledChargingAction: { enabled: b(p, 'enable'), charging_time: i(p, 'time') } }),
    [bool('enable', 'Scheduled charging on'), minutes('time', 'Start time; 0 when left out', { optional: true })],
  ),
  info(
    'set_scheduled_departure',
    'Scheduled departure',
    'Sets a departure time with preconditioning and off-peak charging, or clears it (enable false).',
    'Charging',
    (p) => {
      // enable false: pkg/vehicle ClearScheduledDeparture sends only enabled = false.
      if (!b(p, 'enable')) return { scheduledDepartureAction: { enabled: false } };
      const preconditioning = chargingPolicy(p, 'preconditioning_enabled', 'preconditioning_weekdays_only');
      const offPeak = chargingPolicy(p, 'off_peak_charging_enabled', 'off_peak_charging_weekdays_only');
      return {
        scheduledDepartureAction: {
          enabled: true,
          departure_time: i(p, 'departure_time'),
          ...(preconditioning ? { preconditioning_times: preconditioning } : {}),
          ...(offPeak ? { off_peak_charging_times: offPeak } : {}),
          off_peak_hours_end_time: i(p, 'end_off_peak_time'),
        },
      };
    },
    [
      bool('enable', 'Scheduled departure on (false clears it)'),
      // pkg/vehicle ScheduleDeparture refuses a departure time before 0:00 or after 24:00.
      minutes('departure_time', 'Departure time; 0 when left out', { onlyWhen: 'enable', optional: true, min: 0, max: 1440 }),
      minutes('end_off_peak_time', 'End of off-peak hours; 0 when left out', { onlyWhen: 'enable', optional: true }),
      bool('preconditioning_enabled', 'Precondition before departure (every day)', { onlyWhen: 'enable', optional: true }),
      bool('preconditioning_weekdays_only', 'Precondition on weekdays only (on its own, too)', { onlyWhen: 'enable', optional: true }),
      bool('off_peak_charging_enabled', 'Charge off-peak (every day)', { onlyWhen: 'enable', optional: true }),
      bool('off_peak_charging_weekdays_only', 'Charge off-peak on weekdays only (on its own, too)', { onlyWhen: 'enable', optional: true }),
    ],
  ),
  info(
    'add_charge_schedule',
    'Add charge schedule',
    'Adds or replaces a charge schedule.',
    'Charging',
    (p, now) => ({
      addChargeScheduleAction: {
        id: scheduleId(p, now),
        days_of_week: daysOfWeekMask(s(p, 'days_of_week')),
        start_enabled: b(p, 'start_enabled'),
        start_time: i(p, 'start_time'),
        end_enabled: b(p, 'end_enabled'),
        end_time: i(p, 'end_time'),
        one_time: b(p, 'one_time'),
        enabled: b(p, 'enabled'),
        latitude: n(p, 'lat'),
        longitude: n(p, 'lon'),
      },
    }),
    [
      lat,
      lon,
      bool('start_enabled', 'Use a start time'),
      minutes('start_time', 'Start time; 0 when left out', { optional: true }),
      bool('end_enabled', 'Use an end time'),
      minutes('end_time', 'End time; 0 when left out', { optional: true }),
      days,
      scheduleIdParam,
      bool('enabled', 'Schedule enabled'),
      bool('one_time', 'Run once', { default: false }),
    ],
  ),
  info(
    'add_precondition_schedule',
    'Add precondition schedule',
    'Adds or replaces a preconditioning schedule.',
    'Climate',
    (p, now) => ({
      addPreconditionScheduleAction: {
        id: scheduleId(p, now),
        days_of_week: daysOfWeekMask(s(p, 'days_of_week')),
        precondition_time: i(p, 'precondition_time'),
        one_time: b(p, 'one_time'),
        enabled: b(p, 'enabled'),
        latitude: n(p, 'lat'),
        longitude: n(p, 'lon'),
      },
    }),
    [
      lat,
      lon,
      minutes('precondition_time', 'Ready-by time'),
      bool('one_time', 'Run once', { default: false }),
      days,
      scheduleIdParam,
      bool('enabled', 'Schedule enabled'),
    ],
  ),
  info(
    'remove_charge_schedule',
    'Remove charge schedule',
    'Removes a charge schedule.',
    'Charging',
    (p) => ({ removeChargeScheduleAction: { id: i(p, 'id') } }),
    [int('id', 'Schedule id', { min: 0, max: Number.MAX_SAFE_INTEGER, warn: { min: 1 } })],
  ),
  info(
    'remove_precondition_schedule',
    'Remove precondition schedule',
    'Removes a preconditioning schedule.',
    'Climate',
    (p) => ({ removePreconditionScheduleAction: { id: i(p, 'id') } }),
    [int('id', 'Schedule id', { min: 0, max: Number.MAX_SAFE_INTEGER, warn: { min: 1 } })],
  ),

  // ---- Infotainment: vehicle controls ----
  info('flash_lights', 'Flash lights', 'Flashes the headlights.', 'Controls', () => ({ vehicleControlFlashLightsAction: VOID })),
  info('honk_horn', 'Honk horn', 'Honks the horn.', 'Controls', () => ({ vehicleControlHonkHornAction: VOID })),
  info(
    'window_control',
    'Windows',
    'Vents or closes all windows.',
    'Controls',
    (p) => ({ vehicleControlWindowAction: p.command === 'vent' ? { vent: VOID } : { close: VOID } }),
    [
      { name: 'command', type: 'enum', values: ['vent', 'close'], description: 'vent or close' },
      num('lat', 'Ignored by tesla-http-proxy (Fleet API’s legacy REST command took it)', { optional: true, ignoredByProxy: true }),
      num('lon', 'Ignored by tesla-http-proxy (Fleet API’s legacy REST command took it)', { optional: true, ignoredByProxy: true }),
    ],
  ),
  info('set_sentry_mode', 'Sentry mode', 'Turns Sentry Mode on or off.', 'Security', (p) => ({ vehicleControlSetSentryModeAction: { on: b(p, 'on') } }), [
    bool('on', 'Sentry on'),
  ]),
  info(
    'set_valet_mode',
    'Valet mode',
    'Turns Valet Mode on or off.',
    'Security',
    // pkg/vehicle DisableValetMode sends no password; SetValetMode refuses turning on without a 4-digit PIN.
    (p) => ({ vehicleControlSetValetModeAction: b(p, 'on') ? { on: true, password: s(p, 'password') } : { on: false } }),
    [bool('on', 'Valet on'), str('password', 'Valet PIN (4 digits; not sent when turning off)', { requiredWhen: 'on', pattern: PIN4 })],
  ),
  info('reset_valet_pin', 'Reset valet PIN', 'Clears the valet PIN.', 'Security', () => ({ vehicleControlResetValetPinAction: VOID })),
  info(
    'set_pin_to_drive',
    'PIN to drive',
    'Turns PIN to Drive on or off.',
    'Security',
    (p) => ({ vehicleControlSetPinToDriveAction: { on: b(p, 'on'), password: s(p, 'password') } }),
    [bool('on', 'PIN to Drive on'), str('password', 'PIN (4 digits)', { optional: true, warn: { pattern: PIN4 } })],
  ),
  info('clear_pin_to_drive_admin', 'Clear PIN to drive (admin)', 'Clears PIN to Drive as a fleet manager.', 'Security', () => ({
    vehicleControlResetPinToDriveAdminAction: VOID,
  })),
  info('reset_pin_to_drive_pin', 'Reset PIN to drive', 'Resets the PIN to Drive PIN.', 'Security', () => ({ vehicleControlResetPinToDriveAction: VOID })),
  info('guest_mode', 'Guest mode', 'Turns Guest Mode on or off.', 'Security', (p) => ({ guestModeAction: { GuestModeActive: b(p, 'enable') } }), [
    bool('enable', 'Guest mode on'),
  ]),
  info('erase_user_data', 'Erase user data', 'Erases user data from the touchscreen.', 'Security', () => ({ eraseUserDataAction: VOID })),
  info('set_vehicle_name', 'Rename vehicle', 'Sets the vehicle name.', 'Controls', (p) => ({ setVehicleNameAction: { vehicleName: s(p, 'vehicle_name') } }), [
    str('vehicle_name', 'New name', { warn: { pattern: { re: /^.{1,64}$/u, description: 'expected 1 to 64 characters' } } }),
  ]),
  info(
    'trigger_homelink',
    'Trigger HomeLink',
    'Triggers HomeLink at a location.',
    'Controls',
    (p) => ({ vehicleControlTriggerHomelinkAction: { location: { latitude: n(p, 'lat'), longitude: n(p, 'lon') } } }),
    [lat, lon],
  ),
  info(
    'set_low_power_mode',
    'Low power mode',
    'Turns low power mode on or off.',
    'Power',
    (p) => ({ setLowPowerModeAction: { low_power_mode: b(p, 'enable') } }),
    [bool('enable', 'Low power mode on')],
  ),
  info(
    'keep_accessory_power_mode',
    'Keep accessory power',
    'Keeps accessory power on after exit.',
    'Power',
    (p) => ({ setKeepAccessoryPowerModeAction: { keep_accessory_power_mode: b(p, 'enable') } }),
    [bool('enable', 'Keep accessory power on')],
  ),

  // ---- Infotainment: driving limits ----
  info(
    'speed_limit_activate',
    'Activate speed limit',
    'Activates Speed Limit Mode.',
    'Driving',
    (p) => ({ drivingSpeedLimitAction: { activate: true, pin: s(p, 'pin') } }),
    [str('pin', 'Speed limit PIN (4 digits)', { warn: { pattern: PIN4 } })],
  ),
  info(
    'speed_limit_deactivate',
    'Deactivate speed limit',
    'Deactivates Speed Limit Mode.',
    'Driving',
    (p) => ({ drivingSpeedLimitAction: { activate: false, pin: s(p, 'pin') } }),
    [str('pin', 'Speed limit PIN (4 digits)', { warn: { pattern: PIN4 } })],
  ),
  info(
    'speed_limit_clear_pin',
    'Clear speed limit PIN',
    'Clears the Speed Limit Mode PIN.',
    'Driving',
    (p) => ({ drivingClearSpeedLimitPinAction: { pin: s(p, 'pin') } }),
    [str('pin', 'Speed limit PIN (4 digits)', { warn: { pattern: PIN4 } })],
  ),
  info('speed_limit_clear_pin_admin', 'Clear speed limit PIN (admin)', 'Clears the Speed Limit Mode PIN as a fleet manager.', 'Driving', () => ({
    drivingClearSpeedLimitPinAdminAction: VOID,
  })),
  info(
    'speed_limit_set_limit',
    'Set speed limit',
    'Sets the Speed Limit Mode limit.',
    'Driving',
    (p) => ({ drivingSetSpeedLimitAction: { limit_mph: n(p, 'limit_mph') } }),
    [num('limit_mph', 'Limit (mph)', { warn: { min: 50, max: 120 } })],
  ),
  // pkg/vehicle ParentalControlsActivate/Deactivate refuse a PIN that is not 4 digits.
  info(
    'parental_controls_activate',
    'Activate parental controls',
    'Activates parental controls.',
    'Driving',
    (p) => ({ parentalControlsAction: { activate: true, pin: s(p, 'pin') } }),
    [str('pin', 'PIN (4 digits)', { pattern: PIN4 })],
  ),
  info(
    'parental_controls_deactivate',
    'Deactivate parental controls',
    'Deactivates parental controls.',
    'Driving',
    (p) => ({ parentalControlsAction: { activate: false, pin: s(p, 'pin') } }),
    [str('pin', 'PIN (4 digits)', { pattern: PIN4 })],
  ),
  info(
    'parental_controls_enable_setting',
    'Parental controls setting',
    'Turns one parental-controls setting on or off.',
    'Driving',
    (p) => ({
      parentalControlsEnableSettingsAction: {
        setting: PARENTAL_CONTROLS_SETTINGS.indexOf(s(p, 'setting') as (typeof PARENTAL_CONTROLS_SETTINGS)[number]),
        enable: b(p, 'enable'),
      },
    }),
    [
      { name: 'setting', type: 'enum', values: PARENTAL_CONTROLS_SETTINGS, description: 'Which setting (ParentalControlsSetting_E name)' },
      bool('enable', 'Setting on'),
    ],
  ),
  info(
    'parental_controls_set_speed_limit',
    'Parental speed limit',
    'Sets the parental-controls speed limit.',
    'Driving',
    (p) => ({ parentalControlsSetSpeedLimitAction: { limit_mph: n(p, 'limit_mph') } }),
    [num('limit_mph', 'Limit (mph)', { warn: { min: 50, max: 120 } })],
  ),
  info('parental_controls_clear_pin_admin', 'Clear parental PIN (admin)', 'Clears the parental-controls PIN as a fleet manager.', 'Driving', () => ({
    parentalControlsClearPinAdminAction: VOID,
  })),

  // ---- Infotainment: software ----
  info(
    'schedule_software_update',
    'Schedule software update',
    'Schedules a downloaded update to install.',
    'Software',
    (p) => ({ vehicleControlScheduleSoftwareUpdateAction: { offset_sec: i(p, 'offset_sec') } }),
    [int('offset_sec', 'Delay (s)', { warn: { min: 0, max: 86400 * 7 } })],
  ),
  info('cancel_software_update', 'Cancel software update', 'Cancels a scheduled update.', 'Software', () => ({
    vehicleControlCancelSoftwareUpdateAction: VOID,
  })),

  // ---- Unsigned REST (the proxy forwards these to Fleet API unchanged) ----
  rest('wake_up', 'Wake up', 'Wakes the vehicle (POST /wake_up; not signed).', 'Power'),
  rest('navigation_request', 'Send destination', 'Shares a destination with the vehicle (REST; not signed).', 'Navigation', [
    str('type', 'Share type', { default: 'share_ext_content_raw' }),
    { name: 'value', type: 'string', description: 'Destination text (the API takes {"android.intent.extra.TEXT": …})', optional: true },
    str('locale', 'Locale, e.g. en-US', { default: 'en-US' }),
    int('timestamp_ms', 'Timestamp (ms)', { optional: true, warn: { min: 0 } }),
  ]),
  rest('set_managed_charge_current_request', 'Managed charge current', 'Fleet managed charging current (REST; not signed).', 'Charging', [
    int('charging_amps', 'Current (A)', { warn: { min: 0, max: 80 } }),
  ]),
  rest('set_managed_charger_location', 'Managed charger location', 'Fleet managed charger location (REST; not signed).', 'Charging', [lat, lon]),
  rest('set_managed_scheduled_charging_time', 'Managed charging time', 'Fleet managed scheduled charging time (REST; not signed).', 'Charging', [
    minutes('time', 'Start time'),
  ]),
];

const BY_NAME = new Map(COMMANDS.map((c) => [c.name, c]));

export const COMMAND_CATALOGUE: readonly CommandSpec[] = COMMANDS;

export function findCommand(name: string): CommandSpec | undefined {
  return BY_NAME.get(name);
}

/**
 * The most used commands, which the editor offers as commands of their own (palette, vehicle tree): command name →
 * the verbNoun of its id (`fleetkit.<verbNoun>`, contributed in package.json).
 */
export const QUICK_COMMANDS: Readonly<Record<string, string>> = {
  door_lock: 'lockDoors',
  door_unlock: 'unlockDoors',
  auto_conditioning_start: 'startClimate',
  auto_conditioning_stop: 'stopClimate',
  charge_start: 'startCharging',
  charge_stop: 'stopCharging',
  set_charge_limit: 'setChargeLimit',
  flash_lights: 'flashLights',
  honk_horn: 'honkHorn',
};
