/** Security: locks, remote start, sentry, valet, PIN to drive, guest mode, speed limit and parental controls (PINs in `secrets`). */
import { PARENTAL_SETTING_NAMES } from '../decode-command';
import { b, done, n, refuse, s, type Effect, type EffectTable } from './effect';

const clearPinToDrive: Effect = () => done({ vehicle_state: { pin_to_drive_enabled: false } });

export const securityEffects: EffectTable = {
  door_lock: () => done({ vehicle_state: { locked: true } }),
  door_unlock: () => done({ vehicle_state: { locked: false } }),
  remote_start_drive: ({ state: { vehicle_state: vs } }) =>
    vs.remote_start_enabled ? done({ vehicle_state: { remote_start: true } }) : refuse('remote_start_disabled'),
  set_sentry_mode: ({ params: p, state: { vehicle_state: vs } }) =>
    vs.sentry_mode_available ? done({ vehicle_state: { sentry_mode: b(p, 'on') } }) : refuse('sentry mode unavailable'),
  set_valet_mode: ({ params: p, state: { vehicle_state: vs }, secrets }) => {
    if (b(p, 'on')) {
      secrets.valetPin = s(p, 'password') || secrets.valetPin;
      return done({ vehicle_state: { valet_mode: true, valet_pin_needed: true } });
    }
    if (vs.valet_mode && secrets.valetPin && s(p, 'password') && s(p, 'password') !== secrets.valetPin) return refuse('incorrect pin');
    return done({ vehicle_state: { valet_mode: false, valet_pin_needed: false } });
  },
  reset_valet_pin: ({ secrets }) => {
    delete secrets.valetPin;
    return done({ vehicle_state: { valet_pin_needed: false } });
  },
  set_pin_to_drive: ({ params: p }) => done({ vehicle_state: { pin_to_drive_enabled: b(p, 'on') } }),
  reset_pin_to_drive_pin: clearPinToDrive,
  clear_pin_to_drive_admin: clearPinToDrive,
  guest_mode: ({ params: p }) => done({ vehicle_state: { guest_mode_enabled: b(p, 'enable') } }),

  speed_limit_activate: ({ params: p, state: { vehicle_state: vs }, secrets }) => {
    if (vs.speed_limit_mode.pin_code_set && secrets.speedLimitPin !== s(p, 'pin')) return refuse('incorrect pin');
    secrets.speedLimitPin = s(p, 'pin');
    return done({ vehicle_state: { speed_limit_mode: { active: true, pin_code_set: true } } });
  },
  speed_limit_deactivate: ({ params: p, secrets }) => {
    if (secrets.speedLimitPin !== undefined && secrets.speedLimitPin !== s(p, 'pin')) return refuse('incorrect pin');
    return done({ vehicle_state: { speed_limit_mode: { active: false } } });
  },
  speed_limit_clear_pin: ({ params: p, secrets }) => {
    if (secrets.speedLimitPin !== undefined && secrets.speedLimitPin !== s(p, 'pin')) return refuse('incorrect pin');
    delete secrets.speedLimitPin;
    return done({ vehicle_state: { speed_limit_mode: { active: false, pin_code_set: false } } });
  },
  speed_limit_clear_pin_admin: ({ secrets }) => {
    delete secrets.speedLimitPin;
    return done({ vehicle_state: { speed_limit_mode: { active: false, pin_code_set: false } } });
  },
  speed_limit_set_limit: ({ params: p, state: { vehicle_state: vs } }) => {
    const slm = vs.speed_limit_mode;
    const mph = n(p, 'limit_mph');
    if (!(mph >= slm.min_limit_mph && mph <= slm.max_limit_mph)) return refuse(`limit must be between ${slm.min_limit_mph} and ${slm.max_limit_mph} mph`);
    return done({ vehicle_state: { speed_limit_mode: { current_limit_mph: mph } } });
  },

  parental_controls_activate: ({ params: p, secrets }) => {
    if (secrets.parentalPin !== undefined && secrets.parentalPin !== s(p, 'pin')) return refuse('incorrect pin');
    secrets.parentalPin = s(p, 'pin');
    return done({ vehicle_state: { parental_controls: { active: true, pin_set: true } } });
  },
  parental_controls_deactivate: ({ params: p, secrets }) => {
    if (secrets.parentalPin !== undefined && secrets.parentalPin !== s(p, 'pin')) return refuse('incorrect pin');
    return done({ vehicle_state: { parental_controls: { active: false } } });
  },
  parental_controls_enable_setting: ({ params: p }) =>
    PARENTAL_SETTING_NAMES.includes(s(p, 'setting'))
      ? done({ vehicle_state: { parental_controls: { settings: { [s(p, 'setting')]: b(p, 'enable') } } } })
      : refuse('unknown setting'),
  parental_controls_set_speed_limit: ({ params: p }) => done({ vehicle_state: { parental_controls: { speed_limit_mph: n(p, 'limit_mph') } } }),
  parental_controls_clear_pin_admin: ({ secrets }) => {
    delete secrets.parentalPin;
    return done({ vehicle_state: { parental_controls: { active: false, pin_set: false } } });
  },
};
