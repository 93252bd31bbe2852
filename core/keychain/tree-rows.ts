/** The rows "Accounts & Vehicles" shows under a vehicle for the keys on the car. Pure: the reads are core/keychain's. */
import { formatAge } from '../vehicle-model/age';
import type { NodeModel } from '../vehicle-model/tree-model';
import type { CarKey } from './keychain';
import { ROLE_DESCRIPTIONS } from './roles';

/** What the tree knows of one car's keys: the last read (or its failure), never a read of its own. */
export interface CarKeysState {
  keys?: readonly CarKey[];
  /** When `keys` was read (ms). */
  at?: number;
  error?: string;
}

const words = (s: string): string => s.replace(/_/g, ' ');

/** The "Keys" row: a click reads them (1 signed command for the whitelist, then 1 per key: all billed as commands). */
export function carKeysNode(accountId: string, vin: string, state: CarKeysState | undefined, now: number): NodeModel {
  const base = { id: `car-keys:${accountId}:${vin}`, kind: 'car-keys' as const, label: 'Keys', accountId, vin, icon: { id: 'key' } };
  if (state?.keys && state.at !== undefined) {
    const ours = state.keys.some((k) => k.ours);
    return {
      ...base,
      description: `${state.keys.length} key${state.keys.length === 1 ? '' : 's'}${ours ? ' · ours among them' : ' · ours not among them'} · ${formatAge(state.at, now)}`,
      tooltip: `Keys on ${vin}, read ${formatAge(state.at, now)}.\nRead again: ${readCost(state.keys.length)}.`,
      contextValue: 'fleetkit.carKeys.read',
      collapsible: 'expanded',
      command: { command: 'fleetkit.showCarKeys', title: 'Show Keys on Car' },
    };
  }
  return {
    ...base,
    description: state?.error ? `not read: ${state.error}` : 'click to read (signed commands, billed)',
    tooltip: `Reading the keys on ${vin} sends ${readCost()}. Nothing is read until you click.`,
    contextValue: 'fleetkit.carKeys.unread',
    collapsible: 'none',
    command: { command: 'fleetkit.showCarKeys', title: 'Show Keys on Car' },
  };
}

function readCost(keys?: number): string {
  return keys === undefined ? '1 signed command for the list, then 1 per key (each billed as a command)' : `${keys + 1} signed commands (billed as commands)`;
}

/** One row per key: slot and role, form factor and fingerprint, ours starred. */
export function carKeyNodes(accountId: string, vin: string, keys: readonly CarKey[]): NodeModel[] {
  return keys.map((k) => ({
    id: `car-key:${accountId}:${vin}:${k.slot}`,
    kind: 'car-key' as const,
    label: `Slot ${k.slot} · ${words(k.role)}`,
    description: `${words(k.formFactor)} · ${k.fingerprintShort}${k.ours ? ' · ours' : ''}`,
    tooltip: `${words(k.role)} key in slot ${k.slot}: ${ROLE_DESCRIPTIONS[k.role]}\nForm factor: ${words(k.formFactor)}\nFingerprint (SHA-256): ${k.fingerprint}${k.ours ? '\nThis is the key Fleetkit signs with.' : ''}`,
    icon: k.ours ? { id: 'star-full', color: 'charts.yellow' } : { id: 'key' },
    contextValue: k.ours ? 'fleetkit.carKey.ours' : 'fleetkit.carKey',
    collapsible: 'none' as const,
    accountId,
    vin,
    keySlot: k.slot,
  }));
}
