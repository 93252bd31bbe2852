/** Reads VCSEC's answers to keychain requests: whitelist info, one entry, or a whitelist operation's status. Pure. */
import { enumValues, VcsecFromVcsecMessageType } from '../command-protocol/schema';
import { formFactorName, roleName, type FormFactorName, type KeyRoleName } from './roles';

export interface WhitelistSummary {
  numberOfEntries: number;
  /** Bit n set: slot n holds a key. */
  slotMask: number;
}

export interface KeyEntry {
  slot: number;
  /** 65-byte uncompressed P-256 point, hex. */
  publicKey: string;
  role: KeyRoleName;
  formFactor: FormFactorName;
}

/** VCSEC refused a keychain operation (tesla-control's KeychainError): never retried, never half done. */
export class KeychainError extends Error {
  constructor(
    readonly code: number,
    readonly codeName: string,
  ) {
    super(
      `the car refused the key change: ${codeName
        .replace(/^WHITELISTOPERATION_INFORMATION_/, '')
        .toLowerCase()
        .replace(/_/g, ' ')} (${codeName})${hint(codeName)}`,
    );
    this.name = 'KeychainError';
  }
}

function hint(codeName: string): string {
  if (/NO_PERMISSION/.test(codeName)) return ': only an owner key may change other keys; send it with an owner key';
  if (/NOT_ON_WHITELIST/.test(codeName)) return ': list the keys again, it may already be gone';
  if (/ALREADY_ON_THE_WHITELIST/.test(codeName)) return ': the key is already paired';
  if (/WHITELIST_FULL|SLOTS_FULL/.test(codeName)) return ': remove a key first';
  return '';
}

type Obj = Record<string, unknown>;

function decode(bytes: Uint8Array): Obj {
  return VcsecFromVcsecMessageType.toObject(VcsecFromVcsecMessageType.decode(bytes), { longs: Number, defaults: false }) as Obj;
}

function codeName(code: number): string {
  return Object.entries(enumValues('VCSEC.WhitelistOperation_information_E')).find(([, v]) => v === code)?.[0] ?? `WHITELISTOPERATION_INFORMATION_${code}`;
}

/** Throws KeychainError / a plain Error when VCSEC answered with an error instead of what was asked. */
function checkStatus(m: Obj): void {
  const nominal = m.nominalError as { genericError?: number } | undefined;
  if (nominal) throw new Error(`the car answered with error ${nominal.genericError ?? 0} (VCSEC nominal error)`);
  const status = m.commandStatus as { operationStatus?: number; whitelistOperationStatus?: { whitelistOperationInformation?: number } } | undefined;
  const code = status?.whitelistOperationStatus?.whitelistOperationInformation ?? 0;
  if (code !== 0) throw new KeychainError(code, codeName(code));
  if (status?.operationStatus === 2) throw new Error('the car reported an error for the key operation');
}

export function readWhitelistInfo(bytes: Uint8Array): WhitelistSummary {
  const m = decode(bytes);
  checkStatus(m);
  const info = m.whitelistInfo as { numberOfEntries?: number; slotMask?: number } | undefined;
  if (!info) throw new Error('the car did not answer with its whitelist info');
  return { numberOfEntries: info.numberOfEntries ?? 0, slotMask: info.slotMask ?? 0 };
}

export function readWhitelistEntry(bytes: Uint8Array): KeyEntry {
  const m = decode(bytes);
  checkStatus(m);
  const e = m.whitelistEntryInfo as
    { publicKey?: { PublicKeyRaw?: Uint8Array }; slot?: number; keyRole?: number; metadataForKey?: { keyFormFactor?: number } } | undefined;
  if (!e) throw new Error('the car did not answer with the whitelist entry');
  return {
    slot: e.slot ?? 0,
    publicKey: Buffer.from(e.publicKey?.PublicKeyRaw ?? new Uint8Array(0)).toString('hex'),
    role: roleName(e.keyRole),
    formFactor: formFactorName(e.metadataForKey?.keyFormFactor),
  };
}

/** A whitelist operation's answer: returns when it went through, throws KeychainError with VCSEC's reason otherwise. */
export function readWhitelistOperationReply(bytes: Uint8Array): void {
  checkStatus(decode(bytes));
}

/** Slots set in a slot mask, ascending (as tesla-control's list-keys walks it). */
export function slotsOf(mask: number): number[] {
  const out: number[] = [];
  for (let slot = 0, m = mask >>> 0; m > 0; slot++, m >>>= 1) if (m & 1) out.push(slot);
  return out;
}
