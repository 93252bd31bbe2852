/**
 * Charging commands. These and the managed-charging ones below are exactly what a token with only the
 * `vehicle_charging_cmds` scope may send.
 */
import { b, done, n, refuse, schedules, withId, type EffectTable } from './effect';

export const chargeEffects: EffectTable = {
  charge_start: ({ state: { charge_state: cs } }) => {
    if (cs.charging_state === 'Disconnected') return refuse('disconnected');
    if (cs.charging_state === 'Charging') return refuse('is_charging');
    if (cs.battery_level >= cs.charge_limit_soc) return refuse('complete');
    return done({
      charge_state: {
        charging_state: 'Charging',
        charger_actual_current: cs.charge_current_request,
        charger_voltage: 240,
        charger_power: Math.round((cs.charge_current_request * 240) / 1000),
        charge_port_latch: 'Engaged',
      },
    });
  },
  charge_stop: ({ state: { charge_state: cs } }) => {
    if (cs.charging_state !== 'Charging' && cs.charging_state !== 'Starting') return refuse('not_charging');
    return done({ charge_state: { charging_state: 'Stopped', charger_actual_current: 0, charger_power: 0 } });
  },
  charge_max_range: ({ state: { charge_state: cs } }) =>
    cs.charge_limit_soc === cs.charge_limit_soc_max ? refuse('already_set') : done({ charge_state: { charge_limit_soc: cs.charge_limit_soc_max } }),
  charge_standard: ({ state: { charge_state: cs } }) =>
    cs.charge_limit_soc === cs.charge_limit_soc_std ? refuse('already_set') : done({ charge_state: { charge_limit_soc: cs.charge_limit_soc_std } }),
  set_charge_limit: ({ params: p, state: { charge_state: cs } }) => {
    const pct = n(p, 'percent');
    if (!(pct >= cs.charge_limit_soc_min && pct <= cs.charge_limit_soc_max)) {
      return refuse(`charge limit must be between ${cs.charge_limit_soc_min} and ${cs.charge_limit_soc_max}`);
    }
    return done({ charge_state: { charge_limit_soc: pct } });
  },
  set_charging_amps: ({ params: p, state: { charge_state: cs } }) => {
    const amps = Math.min(Math.max(0, n(p, 'charging_amps')), cs.charge_current_request_max);
    return done({ charge_state: { charge_current_request: amps, charge_amps: amps } });
  },
  charge_port_door_open: ({ state: { charge_state: cs } }) =>
    done({ charge_state: { charge_port_door_open: true, charge_port_latch: cs.charging_state === 'Disconnected' ? 'Disengaged' : cs.charge_port_latch } }),
  charge_port_door_close: ({ state: { charge_state: cs } }) =>
    cs.charging_state === 'Disconnected' ? done({ charge_state: { charge_port_door_open: false } }) : refuse('cable connected'),
  set_scheduled_charging: ({ params: p }) =>
    done({
      charge_state: {
        scheduled_charging_mode: b(p, 'enable') ? 'StartAt' : 'Off',
        scheduled_charging_pending: b(p, 'enable'),
        scheduled_charging_start_time_minutes: b(p, 'enable') ? n(p, 'time') : null,
      },
    }),
  set_scheduled_departure: ({ params: p }) => {
    // enabled = false (Tesla's ClearScheduledDeparture) clears the schedule: no departure charging or preconditioning.
    if (!b(p, 'enable')) {
      return done({
        charge_state: {
          scheduled_charging_mode: 'Off',
          preconditioning_enabled: false,
          preconditioning_weekdays_only: false,
          off_peak_charging_enabled: false,
          off_peak_charging_weekdays_only: false,
        },
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
  },
  add_charge_schedule: ({ params: p, state: { charge_state: cs }, nowMs }) => {
    const schedule = withId(p, nowMs);
    const list = schedules(cs.charge_schedules).filter((x) => x.id !== schedule.id);
    return done({ charge_state: { charge_schedules: [...list, schedule] } });
  },
  remove_charge_schedule: ({ params: p, state: { charge_state: cs } }) => {
    const list = schedules(cs.charge_schedules);
    if (!list.some((x) => x.id === n(p, 'id'))) return refuse('schedule not found');
    return done({ charge_state: { charge_schedules: list.filter((x) => x.id !== n(p, 'id')) } });
  },
};

/** Fleet-managed charging: REST only, accepted unsigned on every vehicle. */
export const managedChargingEffects: EffectTable = {
  set_managed_charge_current_request: ({ params: p }) => done({ charge_state: { managed_charging_current_request: n(p, 'charging_amps') } }),
  set_managed_charger_location: ({ params: p }) => done({ charge_state: { managed_charger_location: { lat: n(p, 'lat'), lon: n(p, 'lon') } } }),
  set_managed_scheduled_charging_time: ({ params: p }) => done({ charge_state: { managed_charging_start_time_minutes: n(p, 'time') } }),
};
