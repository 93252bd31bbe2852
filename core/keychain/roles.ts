/**
 * Key roles and form factors of the car's keychain (teslamotors/vehicle-command pkg/protocol/protobuf/keys.proto and
 * vcsec.proto), by the names tesla-control takes (`owner`, `driver`, `fm`, …; `nfc_card`, `cloud_key`, …).
 */
import { enumValues } from '../command-protocol/schema';

export type KeyRoleName = 'none' | 'service' | 'owner' | 'driver' | 'fm' | 'vehicle_monitor' | 'charging_manager' | 'guest';
export type FormFactorName = 'unknown' | 'nfc_card' | 'ios_device' | 'android_device' | 'cloud_key';

/** What the roles may do, in protocol.md's words ("Roles"). */
export const ROLE_DESCRIPTIONS: Readonly<Record<KeyRoleName, string>> = {
  none: 'no role',
  service: 'Tesla service: (un)locks for roadside assistance, removes driver, guest and fleet manager keys',
  owner: 'every command, including adding and removing other keys',
  driver: 'most commands; cannot manage keys or access controls',
  fm: 'fleet manager: a cloud owner key that cannot add or remove other keys (2023.38+)',
  vehicle_monitor: 'reads vehicle data; no commands',
  charging_manager: 'reads vehicle data and authorizes charging commands',
  guest: 'a temporary driver key (rentals)',
};

const ROLE_VALUES = (): Record<string, number> => enumValues('Keys.Role');
const FORM_VALUES = (): Record<string, number> => enumValues('VCSEC.KeyFormFactor');

export function roleNumber(name: KeyRoleName): number {
  return ROLE_VALUES()[`ROLE_${name.toUpperCase()}`];
}

export function roleName(value: number | undefined): KeyRoleName {
  const entry = Object.entries(ROLE_VALUES()).find(([, v]) => v === (value ?? 0));
  return (entry ? entry[0].slice('ROLE_'.length).toLowerCase() : 'none') as KeyRoleName;
}

export function formFactorNumber(name: FormFactorName): number {
  return FORM_VALUES()[`KEY_FORM_FACTOR_${name.toUpperCase()}`];
}

export function formFactorName(value: number | undefined): FormFactorName {
  const entry = Object.entries(FORM_VALUES()).find(([, v]) => v === (value ?? 0));
  return (entry ? entry[0].slice('KEY_FORM_FACTOR_'.length).toLowerCase() : 'unknown') as FormFactorName;
}

export class KeyRoleError extends Error {
  constructor(what: 'role' | 'form factor', input: string, allowed: readonly string[]) {
    super(`unknown ${what} "${input}": use one of ${allowed.join(', ')}`);
    this.name = 'KeyRoleError';
  }
}

/** Roles a key request may ask for: what tesla-control's add-key-request offers (owner, driver, fm, vehicle_monitor, charging_manager). */
export const REQUESTABLE_ROLES: readonly KeyRoleName[] = ['owner', 'driver', 'fm', 'vehicle_monitor', 'charging_manager'];
export const FORM_FACTORS: readonly FormFactorName[] = ['nfc_card', 'ios_device', 'android_device', 'cloud_key'];

export function parseRole(input: string): KeyRoleName {
  const name = input.trim().toLowerCase();
  if (!(REQUESTABLE_ROLES as readonly string[]).includes(name)) throw new KeyRoleError('role', input, REQUESTABLE_ROLES);
  return name as KeyRoleName;
}

export function parseFormFactor(input: string): FormFactorName {
  const name = input.trim().toLowerCase();
  if (!(FORM_FACTORS as readonly string[]).includes(name)) throw new KeyRoleError('form factor', input, FORM_FACTORS);
  return name as FormFactorName;
}
