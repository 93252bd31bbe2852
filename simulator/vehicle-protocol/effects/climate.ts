/** Climate commands: HVAC, seats, steering wheel, cabin protection, temperatures, preconditioning schedules. */
import { b, done, n, refuse, schedules, withId, type EffectTable } from './effect';

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

export const climateEffects: EffectTable = {
  auto_conditioning_start: () => done({ climate_state: { is_climate_on: true, is_auto_conditioning_on: true, fan_status: 4 } }),
  auto_conditioning_stop: () =>
    done({
      climate_state: {
        is_climate_on: false,
        is_auto_conditioning_on: false,
        is_preconditioning: false,
        fan_status: 0,
        is_front_defroster_on: false,
        is_rear_defroster_on: false,
        defrost_mode: 0,
      },
    }),
  remote_seat_cooler_request: ({ params: p }) => {
    // HvacSeatCoolerLevel_E: 1 off … 4 high (0 unknown); seat_fan_front_* shows 0 off … 3 high.
    const seat = n(p, 'seat_position');
    const level = n(p, 'seat_cooler_level');
    if (seat !== 1 && seat !== 2) return refuse('invalid seat');
    if (!(level >= 1 && level <= 4)) return refuse('invalid seat cooler level');
    return done({ climate_state: { [seat === 2 ? 'seat_fan_front_right' : 'seat_fan_front_left']: level - 1 } });
  },
  remote_seat_heater_request: ({ params: p }) => {
    const field = HEATER_FIELDS[n(p, 'seat_position')];
    if (!field) return refuse('invalid seat');
    const level = n(p, 'level');
    return level >= 0 && level <= 3 ? done({ climate_state: { [field]: level } }) : refuse('invalid seat heater level');
  },
  remote_auto_seat_climate_request: ({ params: p }) => {
    const seat = n(p, 'auto_seat_position');
    if (seat !== 1 && seat !== 2) return refuse('invalid seat');
    return done({ climate_state: { [seat === 2 ? 'auto_seat_climate_right' : 'auto_seat_climate_left']: b(p, 'auto_climate_on') } });
  },
  remote_steering_wheel_heater_request: ({ params: p }) =>
    done({ climate_state: { steering_wheel_heater: b(p, 'on'), steering_wheel_heat_level: b(p, 'on') ? 3 : 0 } }),
  set_bioweapon_mode: ({ params: p }) => done({ climate_state: { bioweapon_mode: b(p, 'on') } }),
  set_cabin_overheat_protection: ({ params: p }) =>
    done({ climate_state: { cabin_overheat_protection: b(p, 'on') ? (b(p, 'fan_only') ? 'FanOnly' : 'On') : 'Off' } }),
  set_climate_keeper_mode: ({ params: p }) => {
    const mode = KEEPER[n(p, 'climate_keeper_mode')];
    if (!mode) return refuse('invalid climate keeper mode');
    return done({ climate_state: { climate_keeper_mode: mode, ...(mode !== 'off' ? { is_climate_on: true } : {}) } });
  },
  set_cop_temp: ({ params: p }) => {
    const temp = COP_TEMPS[n(p, 'cop_temp')];
    return temp ? done({ climate_state: { cop_activation_temperature: temp } }) : refuse('invalid cop temperature');
  },
  set_preconditioning_max: ({ params: p }) =>
    done({
      climate_state: {
        is_front_defroster_on: b(p, 'on'),
        is_rear_defroster_on: b(p, 'on'),
        defrost_mode: b(p, 'on') ? 2 : 0,
        ...(b(p, 'on') ? { is_climate_on: true } : {}),
      },
    }),
  set_temps: ({ params: p, state: { climate_state: cl } }) => {
    // A temperature left out arrives as 0 (tesla-http-proxy sends both fields; 0 is unset): that side keeps its setting.
    const given = (k: string): number | undefined => (n(p, k) ? n(p, k) : undefined);
    const d = given('driver_temp');
    const q = given('passenger_temp');
    const inRange = (t: number | undefined): boolean => t === undefined || (t >= cl.min_avail_temp && t <= cl.max_avail_temp);
    if (!inRange(d) || !inRange(q)) return refuse('temperature out of range');
    return done({ climate_state: { ...(d !== undefined ? { driver_temp_setting: d } : {}), ...(q !== undefined ? { passenger_temp_setting: q } : {}) } });
  },
  add_precondition_schedule: ({ params: p, state, nowMs }) => {
    const schedule = withId(p, nowMs);
    const list = schedules(state.climate_state.precondition_schedules).filter((x) => x.id !== schedule.id);
    return done({ climate_state: { precondition_schedules: [...list, schedule] } });
  },
  remove_precondition_schedule: ({ params: p, state }) => {
    const list = schedules(state.climate_state.precondition_schedules);
    if (!list.some((x) => x.id === n(p, 'id'))) return refuse('schedule not found');
    return done({ climate_state: { precondition_schedules: list.filter((x) => x.id !== n(p, 'id')) } });
  },
};
