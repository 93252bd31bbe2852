/**
 * The car's keychain (VCSEC whitelist): keys in numbered slots, each with a role and a form factor, the rules of who
 * may remove or add whom, and add-key requests waiting for a key card tap. The vehicle's own reading of Tesla's rules
 * (teslamotors/vehicle-command pkg/protocol/protocol.md "Roles", vcsec.proto WhitelistOperation_information_E);
 * nothing here is shared with the client.
 */
import { createECDH, createHash, ECDH } from 'node:crypto';

/** Keys.Role (keys.proto). */
export const Role = { None: 0, Service: 1, Owner: 2, Driver: 3, FleetManager: 4, VehicleMonitor: 5, ChargingManager: 6, Guest: 8 } as const;
/** VCSEC.KeyFormFactor. */
export const FormFactor = { Unknown: 0, NfcCard: 1, IosDevice: 6, AndroidDevice: 7, CloudKey: 9 } as const;
/** VCSEC.WhitelistOperation_information_E: the answers this car gives. */
export const WhitelistInfo = {
  None: 0,
  NoPermissionToRemoveOneself: 2,
  WhitelistFull: 4,
  NoPermissionToAdd: 5,
  InvalidPublicKey: 6,
  NoPermissionToRemove: 7,
  PublicKeyNotOnWhitelist: 12,
  AlreadyOnWhitelist: 13,
  AddKeyWithoutRole: 19,
  AddKeyWithServiceRole: 20,
} as const;

export const WHITELIST_SLOTS = 20;

export interface WhitelistEntry {
  slot: number;
  /** 65-byte point, hex. */
  key: string;
  role: number;
  formFactor: number;
  /** The owner's own phone key and key card the car came with (not an app key). */
  builtin: boolean;
}

export interface KeyRequest {
  key: string;
  role: number;
  formFactor: number;
  requestedAt: number;
}

const REMOVABLE_BY_SERVICE = new Set<number>([Role.Driver, Role.Guest, Role.FleetManager]);

/** A deterministic P-256 point for the car's built-in keys (no one holds their private halves here). */
function builtinPoint(seed: string): string {
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(createHash('sha256').update(seed).digest());
  return ecdh.getPublicKey('hex', 'uncompressed');
}

export class Whitelist {
  private readonly slots = new Map<number, WhitelistEntry>();
  private readonly pending: KeyRequest[] = [];

  constructor(vin: string) {
    this.put(builtinPoint(`owner-phone:${vin}`), Role.Owner, FormFactor.IosDevice, true);
    this.put(builtinPoint(`key-card:${vin}`), Role.Owner, FormFactor.NfcCard, true);
  }

  get entries(): WhitelistEntry[] {
    return [...this.slots.values()].sort((a, b) => a.slot - b.slot);
  }

  get slotMask(): number {
    return this.entries.reduce((mask, e) => (mask | (1 << e.slot)) >>> 0, 0);
  }

  /** App keys: every key but the built-in ones (what /sim reports as paired_keys). */
  get appKeys(): string[] {
    return this.entries.filter((e) => !e.builtin).map((e) => e.key);
  }

  get requests(): KeyRequest[] {
    return [...this.pending];
  }

  entry(key: string): WhitelistEntry | undefined {
    return this.entries.find((e) => e.key === key);
  }

  bySlot(slot: number): WhitelistEntry | undefined {
    return this.slots.get(slot);
  }

  has(key: string): boolean {
    return this.entry(key) !== undefined;
  }

  /** Adds (or re-roles) a key in the first free slot; false when the whitelist is full. */
  put(key: string, role: number, formFactor: number, builtin = false): boolean {
    const existing = this.entry(key);
    if (existing) {
      existing.role = role;
      existing.formFactor = formFactor;
      return true;
    }
    for (let slot = 0; slot < WHITELIST_SLOTS; slot++) {
      if (!this.slots.has(slot)) {
        this.slots.set(slot, { slot, key, role, formFactor, builtin });
        return true;
      }
    }
    return false;
  }

  /** The owner's approval outside the protocol (the pairing page, /sim): the app key as an owner cloud key. */
  pairAppKey(key: string): void {
    this.put(key, Role.Owner, FormFactor.CloudKey);
  }

  /** /sim's unpair: takes a key off whatever its role (the owner acting in the car's UI). */
  drop(key: string): void {
    const e = this.entry(key);
    if (e) this.slots.delete(e.slot);
  }

  /** A signed removePublicKeyFromWhitelist from `signer`: owners remove anyone but themselves, service keys drivers, guests and fleet managers. */
  remove(signer: string, target: string): number {
    const by = this.entry(signer);
    const victim = this.entry(target);
    if (!by) return WhitelistInfo.NoPermissionToRemove;
    if (!victim) return WhitelistInfo.PublicKeyNotOnWhitelist;
    // An owner cannot take itself off: so the last owner key always stays.
    if (signer === target) return WhitelistInfo.NoPermissionToRemoveOneself;
    const allowed = by.role === Role.Owner || (by.role === Role.Service && REMOVABLE_BY_SERVICE.has(victim.role));
    if (!allowed) return WhitelistInfo.NoPermissionToRemove;
    this.slots.delete(victim.slot);
    return WhitelistInfo.None;
  }

  /** A signed addKeyToWhitelistAndAddPermissions from `signer`: only owners add, never a service key or a key without a role. */
  add(signer: string, key: string, role: number, formFactor: number): number {
    const by = this.entry(signer);
    if (!by || by.role !== Role.Owner) return WhitelistInfo.NoPermissionToAdd;
    return this.checkedPut(key, role, formFactor);
  }

  /** An unsigned add-key request: it waits for a key card tap (approveRequests). */
  request(key: string, role: number, formFactor: number, now: number): number {
    if (!isPoint(key)) return WhitelistInfo.InvalidPublicKey;
    if (role === Role.None) return WhitelistInfo.AddKeyWithoutRole;
    if (role === Role.Service) return WhitelistInfo.AddKeyWithServiceRole;
    if (this.has(key)) return WhitelistInfo.AlreadyOnWhitelist;
    const i = this.pending.findIndex((r) => r.key === key);
    if (i >= 0) this.pending.splice(i, 1);
    this.pending.push({ key, role, formFactor, requestedAt: now });
    return WhitelistInfo.None;
  }

  /** The owner taps a key card: every waiting request is added (those that no longer fit stay waiting). Returns the keys added. */
  approveRequests(): string[] {
    const added: string[] = [];
    for (const r of [...this.pending]) {
      if (this.checkedPut(r.key, r.role, r.formFactor) !== WhitelistInfo.None) continue;
      this.pending.splice(this.pending.indexOf(r), 1);
      added.push(r.key);
    }
    return added;
  }

  private checkedPut(key: string, role: number, formFactor: number): number {
    if (!isPoint(key)) return WhitelistInfo.InvalidPublicKey;
    if (role === Role.None) return WhitelistInfo.AddKeyWithoutRole;
    if (role === Role.Service) return WhitelistInfo.AddKeyWithServiceRole;
    if (this.has(key)) return WhitelistInfo.AlreadyOnWhitelist;
    return this.put(key, role, formFactor) ? WhitelistInfo.None : WhitelistInfo.WhitelistFull;
  }
}

function isPoint(hex: string): boolean {
  if (!/^04[0-9a-f]{128}$/.test(hex)) return false;
  try {
    ECDH.convertKey(hex, 'prime256v1', 'hex', 'hex', 'uncompressed');
    return true;
  } catch {
    return false;
  }
}
