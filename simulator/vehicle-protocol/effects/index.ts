/**
 * The simulated car's commands: one table, name → effect, built from one table per domain. Every list of command
 * names the vehicle-protocol surface checks against is derived from it.
 */
import { actionEffects } from './actions';
import { chargeEffects, managedChargingEffects } from './charge';
import { climateEffects } from './climate';
import { closureEffects } from './closures';
import type { Effect, EffectTable } from './effect';
import { mediaEffects } from './media';
import { navigationEffects } from './navigation';
import { securityEffects } from './security';
import { settingsEffects } from './settings';

export type { CommandEffect, Effect, EffectInput, StatePatch, VehicleSecrets } from './effect';

function merge(tables: readonly EffectTable[]): ReadonlyMap<string, Effect> {
  const all = new Map<string, Effect>();
  for (const table of tables) {
    for (const [name, effect] of Object.entries(table)) {
      if (all.has(name)) throw new Error(`command ${name} has an effect in two domains`);
      all.set(name, effect);
    }
  }
  return all;
}

export const COMMAND_EFFECTS: ReadonlyMap<string, Effect> = merge([
  securityEffects,
  closureEffects,
  actionEffects,
  mediaEffects,
  climateEffects,
  chargeEffects,
  managedChargingEffects,
  settingsEffects,
  navigationEffects,
]);

/** Every command name the simulated vehicle knows (signed payloads decode to these; REST takes them by name). */
export const KNOWN_COMMANDS: ReadonlySet<string> = new Set(COMMAND_EFFECTS.keys());

/** What a token with only `vehicle_charging_cmds` may send: the charging domain (Fleet API reads HMAC-signed payloads to enforce this). */
export const CHARGING_COMMANDS: ReadonlySet<string> = new Set([...Object.keys(chargeEffects), ...Object.keys(managedChargingEffects)]);

/** Commands Fleet API accepts as plain REST even on vehicles that require the protocol. */
export const UNSIGNED_REST_COMMANDS: ReadonlySet<string> = new Set([...Object.keys(managedChargingEffects), ...Object.keys(navigationEffects)]);
