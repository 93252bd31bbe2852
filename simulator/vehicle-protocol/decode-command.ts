/**
 * Vehicle side: what a decoded command payload asks the car to do, as a REST-style command name + params
 * (the same shape rest-params.ts makes of the legacy REST route's JSON, so both routes mutate the vehicle through
 * one function). `days_of_week` is the bit mask itself (Sunday = 1 … Saturday = 64). Only the protobuf
 * descriptors are shared with core; the mapping is the vehicle's own.
 */
import { CarServerActionType, VcsecUnsignedMessageType } from '../../core/command-protocol/schema';

export type CommandParamValue = boolean | number | string;

/** "Apply this to the vehicle": the command and its parameters, decoded from the signed payload. */
export interface VehicleInstruction {
  name: string;
  params: Record<string, CommandParamValue>;
}

export class UndecodableCommandError extends Error {
  constructor(
    message: string,
    /** MessageFault_E to answer with: 10 DECODING or 9 INVALID_COMMAND. */
    readonly fault: 9 | 10,
  ) {
    super(message);
    this.name = 'UndecodableCommandError';
  }
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const bool = (v: unknown): boolean => v === true;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const has = (o: Obj, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k) && o[k] !== undefined && o[k] !== null;

function decode(type: typeof CarServerActionType, bytes: Uint8Array): Obj {
  try {
    return type.toObject(type.decode(bytes), { longs: Number }) as Obj;
  } catch (err) {
    throw new UndecodableCommandError(`payload does not decode: ${err instanceof Error ? err.message : String(err)}`, 10);
  }
}

export function decodeVcsecCommand(payload: Uint8Array): VehicleInstruction {
  const m = decode(VcsecUnsignedMessageType, payload);
  if (has(m, 'RKEAction')) {
    const action = num(m.RKEAction);
    if (action === 0) return { name: 'door_unlock', params: {} };
    if (action === 1) return { name: 'door_lock', params: {} };
    if (action === 20) return { name: 'remote_start_drive', params: {} };
    throw new UndecodableCommandError(`RKE action ${action} is not supported over the internet`, 9);
  }
  if (has(m, 'closureMoveRequest')) {
    const c = obj(m.closureMoveRequest);
    if (num(c.rearTrunk) === 1) return { name: 'actuate_trunk', params: { which_trunk: 'rear' } };
    if (num(c.frontTrunk) === 1) return { name: 'actuate_trunk', params: { which_trunk: 'front' } };
    const tonneau = num(c.tonneau);
    if (tonneau === 3) return { name: 'open_tonneau', params: {} };
    if (tonneau === 4) return { name: 'close_tonneau', params: {} };
    if (tonneau === 2) return { name: 'stop_tonneau', params: {} };
    throw new UndecodableCommandError('closure move request names no supported closure', 9);
  }
  throw new UndecodableCommandError('VCSEC message carries no command', 9);
}

const SEATS = [
  'CAR_SEAT_FRONT_LEFT',
  'CAR_SEAT_FRONT_RIGHT',
  'CAR_SEAT_REAR_LEFT',
  'CAR_SEAT_REAR_LEFT_BACK',
  'CAR_SEAT_REAR_CENTER',
  'CAR_SEAT_REAR_RIGHT',
  'CAR_SEAT_REAR_RIGHT_BACK',
  'CAR_SEAT_THIRD_ROW_LEFT',
  'CAR_SEAT_THIRD_ROW_RIGHT',
];
const HEAT = ['SEAT_HEATER_OFF', 'SEAT_HEATER_LOW', 'SEAT_HEATER_MED', 'SEAT_HEATER_HIGH'];
/** The car's ParentalControlsSetting_E: the enum number indexes its name. */
export const PARENTAL_SETTING_NAMES: readonly string[] = [
  'SpeedLimit',
  'Acceleration',
  'SafetyFeatures',
  'Curfew',
  'BrowserBlocked',
  'TheaterBlocked',
  'ArcadeBlocked',
];

type Decoder = (a: Obj) => VehicleInstruction;
const simple =
  (name: string): Decoder =>
  () => ({ name, params: {} });

const INFOTAINMENT: Record<string, Decoder> = {
  chargingSetLimitAction: (a) => ({ name: 'set_charge_limit', params: { percent: num(a.percent) } }),
  chargingStartStopAction: (a) => {
    if (has(a, 'start')) return { name: 'charge_start', params: {} };
    if (has(a, 'stop')) return { name: 'charge_stop', params: {} };
    if (has(a, 'start_standard')) return { name: 'charge_standard', params: {} };
    if (has(a, 'start_max_range')) return { name: 'charge_max_range', params: {} };
    throw new UndecodableCommandError('charging action names nothing', 9);
  },
  drivingClearSpeedLimitPinAction: (a) => ({ name: 'speed_limit_clear_pin', params: { pin: str(a.pin) } }),
  drivingSetSpeedLimitAction: (a) => ({ name: 'speed_limit_set_limit', params: { limit_mph: num(a.limit_mph) } }),
  drivingSpeedLimitAction: (a) => ({ name: bool(a.activate) ? 'speed_limit_activate' : 'speed_limit_deactivate', params: { pin: str(a.pin) } }),
  hvacAutoAction: (a) => ({ name: bool(a.power_on) ? 'auto_conditioning_start' : 'auto_conditioning_stop', params: {} }),
  hvacSetPreconditioningMaxAction: (a) => ({ name: 'set_preconditioning_max', params: { on: bool(a.on), manual_override: bool(a.manual_override) } }),
  hvacSteeringWheelHeaterAction: (a) => ({ name: 'remote_steering_wheel_heater_request', params: { on: bool(a.power_on) } }),
  // Tesla's app sends both temperatures with level = TEMP_MAX; a temperature left at 0 means "not given".
  hvacTemperatureAdjustmentAction: (a) => ({
    name: 'set_temps',
    params: { driver_temp: num(a.driver_temp_celsius), passenger_temp: num(a.passenger_temp_celsius) },
  }),
  mediaPlayAction: simple('media_toggle_playback'),
  mediaUpdateVolume: (a): VehicleInstruction => {
    if (has(a, 'volume_absolute_float')) return { name: 'adjust_volume', params: { volume: Math.round(num(a.volume_absolute_float) * 100) / 100 } };
    return { name: num(a.volume_delta) >= 0 ? 'media_volume_up' : 'media_volume_down', params: {} };
  },
  mediaNextFavorite: simple('media_next_fav'),
  mediaPreviousFavorite: simple('media_prev_fav'),
  mediaNextTrack: simple('media_next_track'),
  mediaPreviousTrack: simple('media_prev_track'),
  vehicleControlCancelSoftwareUpdateAction: simple('cancel_software_update'),
  vehicleControlFlashLightsAction: simple('flash_lights'),
  vehicleControlHonkHornAction: simple('honk_horn'),
  vehicleControlResetValetPinAction: simple('reset_valet_pin'),
  vehicleControlScheduleSoftwareUpdateAction: (a) => ({ name: 'schedule_software_update', params: { offset_sec: num(a.offset_sec) } }),
  vehicleControlSetSentryModeAction: (a) => ({ name: 'set_sentry_mode', params: { on: bool(a.on) } }),
  vehicleControlSetValetModeAction: (a) => ({ name: 'set_valet_mode', params: { on: bool(a.on), password: str(a.password) } }),
  vehicleControlTriggerHomelinkAction: (a) => ({
    name: 'trigger_homelink',
    params: { lat: num(obj(a.location).latitude), lon: num(obj(a.location).longitude) },
  }),
  vehicleControlWindowAction: (a) => {
    if (has(a, 'vent')) return { name: 'window_control', params: { command: 'vent' } };
    if (has(a, 'close')) return { name: 'window_control', params: { command: 'close' } };
    throw new UndecodableCommandError('window action names nothing', 9);
  },
  hvacBioweaponModeAction: (a) => ({ name: 'set_bioweapon_mode', params: { on: bool(a.on), manual_override: bool(a.manual_override) } }),
  hvacSeatHeaterActions: (a) => {
    const first = obj((a.hvacSeatHeaterAction as unknown[] | undefined)?.[0]);
    const seat = SEATS.findIndex((s) => has(first, s));
    if (seat < 0 || !['SEAT_HEATER_UNKNOWN', ...HEAT].some((h) => has(first, h))) {
      throw new UndecodableCommandError('seat heater action lacks a seat or a level', 9);
    }
    // SEAT_HEATER_UNKNOWN (what tesla-http-proxy sends for a level outside 0–3) decodes to -1; the car refuses it.
    return { name: 'remote_seat_heater_request', params: { seat_position: seat, level: HEAT.findIndex((h) => has(first, h)) } };
  },
  scheduledChargingAction: (a) => ({ name: 'set_scheduled_charging', params: { enable: bool(a.enabled), time: num(a.charging_time) } }),
  // enabled = false (nothing else) clears the departure schedule, as Tesla's ClearScheduledDeparture sends it.
  scheduledDepartureAction: (a) => ({
    name: 'set_scheduled_departure',
    params: {
      enable: bool(a.enabled),
      departure_time: num(a.departure_time),
      end_off_peak_time: num(a.off_peak_hours_end_time),
      preconditioning_enabled: has(a, 'preconditioning_times'),
      preconditioning_weekdays_only: has(obj(a.preconditioning_times), 'weekdays'),
      off_peak_charging_enabled: has(a, 'off_peak_charging_times'),
      off_peak_charging_weekdays_only: has(obj(a.off_peak_charging_times), 'weekdays'),
    },
  }),
  setChargingAmpsAction: (a) => ({ name: 'set_charging_amps', params: { charging_amps: num(a.charging_amps) } }),
  hvacClimateKeeperAction: (a) => ({
    name: 'set_climate_keeper_mode',
    params: { climate_keeper_mode: num(a.ClimateKeeperAction), manual_override: bool(a.manual_override) },
  }),
  autoSeatClimateAction: (a) => {
    const seat = obj((a.carseat as unknown[] | undefined)?.[0]);
    return { name: 'remote_auto_seat_climate_request', params: { auto_seat_position: num(seat.seat_position), auto_climate_on: bool(seat.on) } };
  },
  hvacSeatCoolerActions: (a) => {
    const c = obj((a.hvacSeatCoolerAction as unknown[] | undefined)?.[0]);
    return { name: 'remote_seat_cooler_request', params: { seat_position: num(c.seat_position), seat_cooler_level: num(c.seat_cooler_level) } };
  },
  setCabinOverheatProtectionAction: (a) => ({ name: 'set_cabin_overheat_protection', params: { on: bool(a.on), fan_only: bool(a.fan_only) } }),
  setVehicleNameAction: (a) => ({ name: 'set_vehicle_name', params: { vehicle_name: str(a.vehicleName) } }),
  chargePortDoorClose: simple('charge_port_door_close'),
  chargePortDoorOpen: simple('charge_port_door_open'),
  guestModeAction: (a) => ({ name: 'guest_mode', params: { enable: bool(a.GuestModeActive) } }),
  setCopTempAction: (a) => ({ name: 'set_cop_temp', params: { cop_temp: num(a.copActivationTemp) } }),
  eraseUserDataAction: simple('erase_user_data'),
  vehicleControlSetPinToDriveAction: (a) => ({ name: 'set_pin_to_drive', params: { on: bool(a.on), password: str(a.password) } }),
  vehicleControlResetPinToDriveAction: simple('reset_pin_to_drive_pin'),
  drivingClearSpeedLimitPinAdminAction: simple('speed_limit_clear_pin_admin'),
  vehicleControlResetPinToDriveAdminAction: simple('clear_pin_to_drive_admin'),
  addChargeScheduleAction: (a) => ({
    name: 'add_charge_schedule',
    params: {
      id: num(a.id),
      days_of_week: num(a.days_of_week),
      start_enabled: bool(a.start_enabled),
      start_time: num(a.start_time),
      end_enabled: bool(a.end_enabled),
      end_time: num(a.end_time),
      one_time: bool(a.one_time),
      enabled: bool(a.enabled),
      lat: num(a.latitude),
      lon: num(a.longitude),
    },
  }),
  removeChargeScheduleAction: (a) => ({ name: 'remove_charge_schedule', params: { id: num(a.id) } }),
  addPreconditionScheduleAction: (a) => ({
    name: 'add_precondition_schedule',
    params: {
      id: num(a.id),
      days_of_week: num(a.days_of_week),
      precondition_time: num(a.precondition_time),
      one_time: bool(a.one_time),
      enabled: bool(a.enabled),
      lat: num(a.latitude),
      lon: num(a.longitude),
    },
  }),
  removePreconditionScheduleAction: (a) => ({ name: 'remove_precondition_schedule', params: { id: num(a.id) } }),
  parentalControlsClearPinAdminAction: simple('parental_controls_clear_pin_admin'),
  parentalControlsAction: (a) => ({ name: bool(a.activate) ? 'parental_controls_activate' : 'parental_controls_deactivate', params: { pin: str(a.pin) } }),
  parentalControlsEnableSettingsAction: (a) => ({
    name: 'parental_controls_enable_setting',
    params: { setting: PARENTAL_SETTING_NAMES[num(a.setting)] ?? `unknown setting ${num(a.setting)}`, enable: bool(a.enable) },
  }),
  parentalControlsSetSpeedLimitAction: (a) => ({ name: 'parental_controls_set_speed_limit', params: { limit_mph: num(a.limit_mph) } }),
  setLowPowerModeAction: (a) => ({ name: 'set_low_power_mode', params: { enable: bool(a.low_power_mode) } }),
  setKeepAccessoryPowerModeAction: (a) => ({ name: 'keep_accessory_power_mode', params: { enable: bool(a.keep_accessory_power_mode) } }),
};

export function decodeInfotainmentCommand(payload: Uint8Array): VehicleInstruction {
  const action = obj(decode(CarServerActionType, payload).vehicleAction);
  const key = Object.keys(action).find((k) => has(action, k));
  if (!key) throw new UndecodableCommandError('Action carries no vehicleAction', 9);
  const decoder = INFOTAINMENT[key];
  if (!decoder) throw new UndecodableCommandError(`unsupported vehicle action ${key}`, 9);
  return decoder(obj(action[key]));
}
