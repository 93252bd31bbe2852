/**
 * What a command does to the simulated car: command name + params → a patch of Tesla-shaped state sections
 * (or a refusal with Tesla's reason). Pure: the surface applies the patch with `SimVehicle.update`, so the
 * change shows in vehicle_data. Shared by the signed route and the legacy REST route.
 */
import type { VehicleStateSections } from '../vehicles/state';
import { PARENTAL_SETTING_NAMES, type CommandParamValue, type VehicleInstruction } from './decode-command';

type Section = keyof VehicleStateSections;
export type StatePatch = Partial<Record<Section, Record<string, unknown>>>;

export interface CommandEffect {
  ok: boolean;
  reason: string;
  patch: StatePatch;
}

/** Secrets the car keeps outside vehicle_data (PINs). */
export interface VehicleSecrets {
  speedLimitPin?: string;
  parentalPin?: string;
  valetPin?: string;
}

const done = (patch: StatePatch = {}): CommandEffect => ({ ok: true, reason: '', patch });
const refuse = (reason: string): CommandEffect => ({ ok: false, reason, patch: {} });

const n = (p: Record<string, CommandParamValue>, k: string): number => (typeof p[k] === 'number' ? (p[k] as number) : Number.NaN);
const b = (p: Record<string, CommandParamValue>, k: string): boolean => p[k] === true;
const s = (p: Record<string, CommandParamValue>, k: string): string => (typeof p[k] === 'string' ? (p[k] as string) : '');

const HEATER_FIELDS = [
  'seat_heater_left',
  'seat_heater_right',
  'seat_heater_rear_left',
  'seat_heater_rear_left_back',
  'seat_heater_rear_center',
  'seat_heater_rear_right',
  'seat_heater_rear_right_back',
  'seat_heater_third_row_left',
  'seat_heater_third_row_right',
];
const KEEPER = ['off', 'on', 'dog', 'camp'];
const COP_TEMPS = ['', 'Low', 'Medium', 'High'];

function schedules(list: unknown): Array<Record<string, unknown>> {
  return Array.isArray(list) ? (list as Array<Record<string, unknown>>) : [];
}

/** A schedule as stored (days_of_week is the bit mask); id 0 or none is numbered by the current Unix time. */
function withId(p: Record<string, CommandParamValue>, nowMs: number): Record<string, unknown> {
  const id = n(p, 'id');
  return { ...p, id: id > 0 ? id : Math.floor(nowMs / 1000) };
}

/** Computes the effect of one command on `state` at `nowMs`. `secrets` is updated in place (PINs). */
export function commandEffect(state: VehicleStateSections, instruction: VehicleInstruction, nowMs: number, secrets: VehicleSecrets): CommandEffect {
  const p = instruction.params;
  const cs = state.charge_state;
  const vs = state.vehicle_state;
  switch (instruction.name) {
    case 'door_lock':
      return done({ vehicle_state: { locked: true } });
    case 'door_unlock':
      return done({ vehicle_state: { locked: false } });
    case 'remote_start_drive':
      return vs.remote_start_enabled ? done({ vehicle_state: { remote_start: true } }) : refuse('remote_start_disabled');
    case 'actuate_trunk':
      return p.which_trunk === 'front' ? done({ vehicle_state: { ft: 255 } }) : done({ vehicle_state: { rt: vs.rt ? 0 : 255 } });
    case 'open_tonneau':
    case 'close_tonneau':
    case 'stop_tonneau':
      return done({ vehicle_state: { tonneau_state: instruction.name.split('_')[0] === 'stop' ? 'stopped' : instruction.name.startsWith('open') ? 'open' : 'closed' } });

    case 'adjust_volume':
      return done({ vehicle_state: { media_info: { audio_volume: n(p, 'volume') } } });
    case 'media_volume_up':
    case 'media_volume_down': {
      const info = vs.media_info as { audio_volume?: number; audio_volume_increment?: number; audio_volume_max?: number };
      const step = (info.audio_volume_increment ?? 0.333) * (instruction.name.endsWith('up') ? 1 : -1);
      const volume = Math.min(info.audio_volume_max ?? 11, Math.max(0, (info.audio_volume ?? 0) + step));
      return done({ vehicle_state: { media_info: { audio_volume: Math.round(volume * 1000) / 1000 } } });
    }
    case 'media_toggle_playback':
      return done({ vehicle_state: { media_info: { media_playback_status: (vs.media_info as { media_playback_status?: string }).media_playback_status === 'Playing' ? 'Paused' : 'Playing' } } });
    case 'media_next_track':
    case 'media_prev_track':
    case 'media_next_fav':
    case 'media_prev_fav':
      return done({ vehicle_state: { media_info: { last_media_action: instruction.name } } });

    case 'auto_conditioning_start':
      return done({ climate_state: { is_climate_on: true, is_auto_conditioning_on: true, fan_status: 4 } });
    case 'auto_conditioning_stop':
      return done({ climate_state: { is_climate_on: false, is_auto_conditioning_on: false, is_preconditioning: false, fan_status: 0, is_front_defroster_on: false, is_rear_defroster_on: false, defrost_mode: 0 } });
    case 'remote_seat_cooler_request': {
      // HvacSeatCoolerLevel_E: 1 off … 4 high (0 unknown); seat_fan_front_* shows 0 off … 3 high.
      const seat = n(p, 'seat_position');
      const level = n(p, 'seat_cooler_level');
      if (seat !== 1 && seat !== 2) return refuse('invalid seat');
      if (!(level >= 1 && level <= 4)) return refuse('invalid seat cooler level');
      return done({ climate_state: { [seat === 2 ? 'seat_fan_front_right' : 'seat_fan_front_left']: level - 1 } });
    }
    case 'remote_seat_heater_request': {
      const field = HEATER_FIELDS[n(p, 'seat_position')];
      if (!field) return refuse('invalid seat');
      const level = n(p, 'level');
      return level >= 0 && level <= 3 ? done({ climate_state: { [field]: level } }) : refuse('invalid seat heater level');
    }
    case 'remote_auto_seat_climate_request': {
      const seat = n(p, 'auto_seat_position');
      if (seat !== 1 && seat !== 2) return refuse('invalid seat');
      return done({ climate_state: { [seat === 2 ? 'auto_seat_climate_right' : 'auto_seat_climate_left']: b(p, 'auto_climate_on') } });
    }
    case 'remote_steering_wheel_heater_request':
      return done({ climate_state: { steering_wheel_heater: b(p, 'on'), steering_wheel_heat_level: b(p, 'on') ? 3 : 0 } });
    case 'set_bioweapon_mode':
      return done({ climate_state: { bioweapon_mode: b(p, 'on') } });
    case 'set_cabin_overheat_protection':
      return done({ climate_state: { cabin_overheat_protection: b(p, 'on') ? (b(p, 'fan_only') ? 'FanOnly' : 'On') : 'Off' } });
    case 'set_climate_keeper_mode': {
      const mode = KEEPER[n(p, 'climate_keeper_mode')];
      if (!mode) return refuse('invalid climate keeper mode');
      return done({ climate_state: { climate_keeper_mode: mode, ...(mode !== 'off' ? { is_climate_on: true } : {}) } });
    }
    case 'set_cop_temp': {
      const temp = COP_TEMPS[n(p, 'cop_temp')];
      return temp ? done({ climate_state: { cop_activation_temperature: temp } }) : refuse('invalid cop temperature');
    }
    case 'set_preconditioning_max':
      return done({ climate_state: { is_front_defroster_on: b(p, 'on'), is_rear_defroster_on: b(p, 'on'), defrost_mode: b(p, 'on') ? 2 : 0, ...(b(p, 'on') ? { is_climate_on: true } : {}) } });
    case 'set_temps': {
      // A temperature left out arrives as 0 (tesla-http-proxy sends both fields; 0 is unset): that side keeps its setting.
      const cl = state.climate_state;
      const given = (k: string): number | undefined => (n(p, k) ? n(p, k) : undefined);
      const d = given('driver_temp');
      const q = given('passenger_temp');
      const inRange = (t: number | undefined): boolean => t === undefined || (t >= cl.min_avail_temp && t <= cl.max_avail_temp);
      if (!inRange(d) || !inRange(q)) return refuse('temperature out of range');
      return done({ climate_state: { ...(d !== undefined ? { driver_temp_setting: d } : {}), ...(q !== undefined ? { passenger_temp_setting: q } : {}) } });
    }

    case 'charge_start':
      if (cs.charging_state === 'Disconnected') return refuse('disconnected');
      if (cs.charging_state === 'Charging') return refuse('is_charging');
      if (cs.battery_level >= cs.charge_limit_soc) return refuse('complete');
      return done({ charge_state: { charging_state: 'Charging', charger_actual_current: cs.charge_current_request, charger_voltage: 240, charger_power: Math.round((cs.charge_current_request * 240) / 1000), charge_port_latch: 'Engaged' } });
    case 'charge_stop':
      if (cs.charging_state !== 'Charging' && cs.charging_state !== 'Starting') return refuse('not_charging');
      return done({ charge_state: { charging_state: 'Stopped', charger_actual_current: 0, charger_power: 0 } });
    case 'charge_max_range':
      return cs.charge_limit_soc === cs.charge_limit_soc_max ? refuse('already_set') : done({ charge_state: { charge_limit_soc: cs.charge_limit_soc_max } });
    case 'charge_standard':
      return cs.charge_limit_soc === cs.charge_limit_soc_std ? refuse('already_set') : done({ charge_state: { charge_limit_soc: cs.charge_limit_soc_std } });
    case 'set_charge_limit': {
      const pct = n(p, 'percent');
      if (!(pct >= cs.charge_limit_soc_min && pct <= cs.charge_limit_soc_max)) return refuse(`charge limit must be between ${cs.charge_limit_soc_min} and ${cs.charge_limit_soc_max}`);
      return done({ charge_state: { charge_limit_soc: pct } });
    }
    case 'set_charging_amps': {
      const amps = Math.min(Math.max(0, n(p, 'charging_amps')), cs.charge_current_request_max);
      return done({ charge_state: { charge_current_request: amps, charge_amps: amps } });
    }
    case 'charge_port_door_open':
      return done({ charge_state: { charge_port_door_open: true, charge_port_latch: cs.charging_state === 'Disconnected' ? 'Disengaged' : cs.charge_port_latch } });
    case 'charge_port_door_close':
      return cs.charging_state === 'Disconnected' ? done({ charge_state: { charge_port_door_open: false } }) : refuse('cable connected');
    case 'set_scheduled_charging':
      return done({ charge_state: { scheduled_charging_mode: b(p, 'enable') ? 'StartAt' : 'Off', scheduled_charging_pending: b(p, 'enable'), scheduled_charging_start_time_minutes: b(p, 'enable') ? n(p, 'time') : null } });
    case 'set_scheduled_departure':
      // enabled = false (Tesla's ClearScheduledDeparture) clears the schedule: no departure charging or preconditioning.
      if (!b(p, 'enable')) {
        return done({
          charge_state: { scheduled_charging_mode: 'Off', preconditioning_enabled: false, preconditioning_weekdays_only: false, off_peak_charging_enabled: false, off_peak_charging_weekdays_only: false },
        });
      }
      if (!(n(p, 'departure_time') >= 0 && n(p, 'departure_time') <= 1440)) return refuse('invalid departure time');
      return done({
        charge_state: {
          scheduled_charging_mode: 'DepartBy',
          scheduled_departure_time_minutes: n(p, 'departure_time'),
          preconditioning_enabled: b(p, 'preconditioning_enabled'),
          preconditioning_weekdays_only: b(p, 'preconditioning_weekdays_only'),
          off_peak_charging_enabled: b(p, 'off_peak_charging_enabled'),
          off_peak_charging_weekdays_only: b(p, 'off_peak_charging_weekdays_only'),
          off_peak_hours_end_time: n(p, 'end_off_peak_time') || 0,
        },
      });
    case 'add_charge_schedule': {
      const schedule = withId(p, nowMs);
      const list = schedules(cs.charge_schedules).filter((x) => x.id !== schedule.id);
      return done({ charge_state: { charge_schedules: [...list, schedule] } });
    }
    case 'remove_charge_schedule': {
      const list = schedules(cs.charge_schedules);
      if (!list.some((x) => x.id === n(p, 'id'))) return refuse('schedule not found');
      return done({ charge_state: { charge_schedules: list.filter((x) => x.id !== n(p, 'id')) } });
    }
    case 'add_precondition_schedule': {
      const schedule = withId(p, nowMs);
      const list = schedules(state.climate_state.precondition_schedules).filter((x) => x.id !== schedule.id);
      return done({ climate_state: { precondition_schedules: [...list, schedule] } });
    }
    case 'remove_precondition_schedule': {
      const list = schedules(state.climate_state.precondition_schedules);
      if (!list.some((x) => x.id === n(p, 'id'))) return refuse('schedule not found');
      return done({ climate_state: { precondition_schedules: list.filter((x) => x.id !== n(p, 'id')) } });
    }

    case 'flash_lights':
    case 'honk_horn':
    case 'trigger_homelink':
    case 'erase_user_data':
      return done({ vehicle_state: { last_remote_action: instruction.name, last_remote_action_at: nowMs } });
    case 'window_control': {
      const v = p.command === 'vent' ? 1 : 0;
      return done({ vehicle_state: { fd_window: v, fp_window: v, rd_window: v, rp_window: v } });
    }
    case 'set_sentry_mode':
      return vs.sentry_mode_available ? done({ vehicle_state: { sentry_mode: b(p, 'on') } }) : refuse('sentry mode unavailable');
    case 'set_valet_mode':
      if (b(p, 'on')) {
        secrets.valetPin = s(p, 'password') || secrets.valetPin;
        return done({ vehicle_state: { valet_mode: true, valet_pin_needed: true } });
      }
      if (vs.valet_mode && secrets.valetPin && s(p, 'password') && s(p, 'password') !== secrets.valetPin) return refuse('incorrect pin');
      return done({ vehicle_state: { valet_mode: false, valet_pin_needed: false } });
    case 'reset_valet_pin':
      delete secrets.valetPin;
      return done({ vehicle_state: { valet_pin_needed: false } });
    case 'set_pin_to_drive':
      return done({ vehicle_state: { pin_to_drive_enabled: b(p, 'on') } });
    case 'reset_pin_to_drive_pin':
    case 'clear_pin_to_drive_admin':
      return done({ vehicle_state: { pin_to_drive_enabled: false } });
    case 'guest_mode':
      return done({ vehicle_state: { guest_mode_enabled: b(p, 'enable') } });
    case 'set_vehicle_name':
      return s(p, 'vehicle_name') ? done({ vehicle_state: { vehicle_name: s(p, 'vehicle_name') } }) : refuse('name must not be empty');
    case 'set_low_power_mode':
      return done({ vehicle_state: { low_power_mode: b(p, 'enable') } });
    case 'keep_accessory_power_mode':
      return done({ vehicle_state: { keep_accessory_power_mode: b(p, 'enable') } });

    case 'speed_limit_activate': {
      const slm = vs.speed_limit_mode;
      if (slm.pin_code_set && secrets.speedLimitPin !== s(p, 'pin')) return refuse('incorrect pin');
      secrets.speedLimitPin = s(p, 'pin');
      return done({ vehicle_state: { speed_limit_mode: { active: true, pin_code_set: true } } });
    }
    case 'speed_limit_deactivate':
      if (secrets.speedLimitPin !== undefined && secrets.speedLimitPin !== s(p, 'pin')) return refuse('incorrect pin');
      return done({ vehicle_state: { speed_limit_mode: { active: false } } });
    case 'speed_limit_clear_pin':
      if (secrets.speedLimitPin !== undefined && secrets.speedLimitPin !== s(p, 'pin')) return refuse('incorrect pin');
      delete secrets.speedLimitPin;
      return done({ vehicle_state: { speed_limit_mode: { active: false, pin_code_set: false } } });
    case 'speed_limit_clear_pin_admin':
      delete secrets.speedLimitPin;
      return done({ vehicle_state: { speed_limit_mode: { active: false, pin_code_set: false } } });
    case 'speed_limit_set_limit': {
      const slm = vs.speed_limit_mode;
      const mph = n(p, 'limit_mph');
      if (!(mph >= slm.min_limit_mph && mph <= slm.max_limit_mph)) return refuse(`limit must be between ${slm.min_limit_mph} and ${slm.max_limit_mph} mph`);
      return done({ vehicle_state: { speed_limit_mode: { current_limit_mph: mph } } });
    }
    case 'parental_controls_activate': {
      if (secrets.parentalPin !== undefined && secrets.parentalPin !== s(p, 'pin')) return refuse('incorrect pin');
      secrets.parentalPin = s(p, 'pin');
      return done({ vehicle_state: { parental_controls: { active: true, pin_set: true } } });
    }
    case 'parental_controls_deactivate':
      if (secrets.parentalPin !== undefined && secrets.parentalPin !== s(p, 'pin')) return refuse('incorrect pin');
      return done({ vehicle_state: { parental_controls: { active: false } } });
    case 'parental_controls_enable_setting':
      return PARENTAL_SETTING_NAMES.includes(s(p, 'setting')) ? done({ vehicle_state: { parental_controls: { settings: { [s(p, 'setting')]: b(p, 'enable') } } } }) : refuse('unknown setting');
    case 'parental_controls_set_speed_limit':
      return done({ vehicle_state: { parental_controls: { speed_limit_mph: n(p, 'limit_mph') } } });
    case 'parental_controls_clear_pin_admin':
      delete secrets.parentalPin;
      return done({ vehicle_state: { parental_controls: { active: false, pin_set: false } } });

    case 'schedule_software_update':
      return done({ vehicle_state: { software_update: { status: 'scheduled', scheduled_time_ms: nowMs + n(p, 'offset_sec') * 1000 } } });
    case 'cancel_software_update':
      return vs.software_update.status === 'scheduled' ? done({ vehicle_state: { software_update: { status: 'available' } } }) : refuse('no update scheduled');

    // Unsigned REST commands (accepted on every vehicle).
    case 'navigation_request':
      return done({ drive_state: { active_route_destination: s(p, 'value') || 'shared destination' } });
    case 'set_managed_charge_current_request':
      return done({ charge_state: { managed_charging_current_request: n(p, 'charging_amps') } });
    case 'set_managed_charger_location':
      return done({ charge_state: { managed_charger_location: { lat: n(p, 'lat'), lon: n(p, 'lon') } } });
    case 'set_managed_scheduled_charging_time':
      return done({ charge_state: { managed_charging_start_time_minutes: n(p, 'time') } });
    default:
      return refuse(`unknown command ${instruction.name}`);
  }
}

/** Commands Fleet API accepts as plain REST even on vehicles that require the protocol. */
export const UNSIGNED_REST_COMMANDS: ReadonlySet<string> = new Set(['navigation_request', 'set_managed_charge_current_request', 'set_managed_charger_location', 'set_managed_scheduled_charging_time']);

/** Every command name the simulated vehicle knows (signed payloads decode to these; REST takes them by name). */
export const KNOWN_COMMANDS: ReadonlySet<string> = new Set([
  'door_lock',
  'door_unlock',
  'remote_start_drive',
  'actuate_trunk',
  'open_tonneau',
  'close_tonneau',
  'stop_tonneau',
  'adjust_volume',
  'media_volume_up',
  'media_volume_down',
  'media_toggle_playback',
  'media_next_track',
  'media_prev_track',
  'media_next_fav',
  'media_prev_fav',
  'auto_conditioning_start',
  'auto_conditioning_stop',
  'remote_seat_cooler_request',
  'remote_seat_heater_request',
  'remote_auto_seat_climate_request',
  'remote_steering_wheel_heater_request',
  'set_bioweapon_mode',
  'set_cabin_overheat_protection',
  'set_climate_keeper_mode',
  'set_cop_temp',
  'set_preconditioning_max',
  'set_temps',
  'charge_start',
  'charge_stop',
  'charge_max_range',
  'charge_standard',
  'set_charge_limit',
  'set_charging_amps',
  'charge_port_door_open',
  'charge_port_door_close',
  'set_scheduled_charging',
  'set_scheduled_departure',
  'add_charge_schedule',
  'remove_charge_schedule',
  'add_precondition_schedule',
  'remove_precondition_schedule',
  'flash_lights',
  'honk_horn',
  'trigger_homelink',
  'erase_user_data',
  'window_control',
  'set_sentry_mode',
  'set_valet_mode',
  'reset_valet_pin',
  'set_pin_to_drive',
  'reset_pin_to_drive_pin',
  'clear_pin_to_drive_admin',
  'guest_mode',
  'set_vehicle_name',
  'set_low_power_mode',
  'keep_accessory_power_mode',
  'speed_limit_activate',
  'speed_limit_deactivate',
  'speed_limit_clear_pin',
  'speed_limit_clear_pin_admin',
  'speed_limit_set_limit',
  'parental_controls_activate',
  'parental_controls_deactivate',
  'parental_controls_enable_setting',
  'parental_controls_set_speed_limit',
  'parental_controls_clear_pin_admin',
  'schedule_software_update',
  'cancel_software_update',
  'navigation_request',
  'set_managed_charge_current_request',
  'set_managed_charger_location',
  'set_managed_scheduled_charging_time',
]);
