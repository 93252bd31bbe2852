/** Navigation: a destination shared to the car (REST only, accepted unsigned on every vehicle). */
import { done, s, type EffectTable } from './effect';

export const navigationEffects: EffectTable = {
  navigation_request: ({ params: p }) => done({ drive_state: { active_route_destination: s(p, 'value') || 'shared destination' } }),
};
