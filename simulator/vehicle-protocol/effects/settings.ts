/** The car's own settings and software updates: its name, low power and accessory power modes, update scheduling. */
import { b, done, n, refuse, s, type EffectTable } from './effect';

export const settingsEffects: EffectTable = {
  set_vehicle_name: ({ params: p }) =>
    s(p, 'vehicle_name') ? done({ vehicle_state: { vehicle_name: s(p, 'vehicle_name') } }) : refuse('name must not be empty'),
  set_low_power_mode: ({ params: p }) => done({ vehicle_state: { low_power_mode: b(p, 'enable') } }),
  keep_accessory_power_mode: ({ params: p }) => done({ vehicle_state: { keep_accessory_power_mode: b(p, 'enable') } }),
  schedule_software_update: ({ params: p, nowMs }) =>
    done({ vehicle_state: { software_update: { status: 'scheduled', scheduled_time_ms: nowMs + n(p, 'offset_sec') * 1000 } } }),
  cancel_software_update: ({ state: { vehicle_state: vs } }) =>
    vs.software_update.status === 'scheduled' ? done({ vehicle_state: { software_update: { status: 'available' } } }) : refuse('no update scheduled'),
};
