/** Closures: trunk and frunk, the tonneau, windows. */
import { done, type Effect, type EffectTable } from './effect';

const tonneau =
  (position: 'open' | 'closed' | 'stopped'): Effect =>
  () =>
    done({ vehicle_state: { tonneau_state: position } });

export const closureEffects: EffectTable = {
  actuate_trunk: ({ params: p, state: { vehicle_state: vs } }) =>
    p.which_trunk === 'front' ? done({ vehicle_state: { ft: 255 } }) : done({ vehicle_state: { rt: vs.rt ? 0 : 255 } }),
  open_tonneau: tonneau('open'),
  close_tonneau: tonneau('closed'),
  stop_tonneau: tonneau('stopped'),
  window_control: ({ params: p }) => {
    const v = p.command === 'vent' ? 1 : 0;
    return done({ vehicle_state: { fd_window: v, fp_window: v, rd_window: v, rp_window: v } });
  },
};
