/** One-shot remote actions: the car records which ran last and when (vehicle_state.last_remote_action[_at]). */
import { done, type Effect, type EffectTable } from './effect';

const remoteAction: Effect = ({ name, nowMs }) => done({ vehicle_state: { last_remote_action: name, last_remote_action_at: nowMs } });

export const actionEffects: EffectTable = {
  flash_lights: remoteAction,
  honk_horn: remoteAction,
  trigger_homelink: remoteAction,
  erase_user_data: remoteAction,
};
