/**
 * What a command does to the simulated car: command name + params → a patch of Tesla-shaped state sections
 * (or a refusal with Tesla's reason), looked up in the effect table (effects/, one module per domain). Pure: the
 * surface applies the patch with `SimVehicle.update`, so the change shows in vehicle_data. Shared by the signed
 * route and the legacy REST route.
 */
import type { VehicleStateSections } from '../vehicles/state';
import type { VehicleInstruction } from './decode-command';
import { COMMAND_EFFECTS, type CommandEffect, type VehicleSecrets } from './effects/index';

export type { CommandEffect, StatePatch, VehicleSecrets } from './effects/index';

/** Computes the effect of one command on `state` at `nowMs`. `secrets` is updated in place (PINs). */
export function commandEffect(state: VehicleStateSections, instruction: VehicleInstruction, nowMs: number, secrets: VehicleSecrets): CommandEffect {
  const effect = COMMAND_EFFECTS.get(instruction.name);
  if (!effect) return { ok: false, reason: `unknown command ${instruction.name}`, patch: {} };
  return effect({ name: instruction.name, params: instruction.params, state, nowMs, secrets });
}
