/**
 * The keys a car holds, over the Fleet API's signed_command: list them (unsigned whitelist info requests, as
 * tesla-control's list-keys sends them), remove one (a whitelist operation signed by our key), and request adding
 * one (unsigned, the car waits for a key card tap, as tesla-control's add-key-request).
 */
import { randomBytes } from 'node:crypto';
import type { VehicleCommandClient } from '../command-protocol/client';
import { Domain } from '../command-protocol/domains';
import { VehicleFaultError } from '../command-protocol/errors';
import { decodeRoutableMessage, encodeRoutableMessage } from '../command-protocol/messages';
import type { SignedCommandTransport } from '../command-protocol/transport/types';
import { keyFingerprint } from '../keys/p256';
import { addKeyPayload, removeKeyPayload, whitelistEntryRequest, whitelistInfoRequest } from './payloads';
import { KeychainError, readWhitelistEntry, readWhitelistInfo, readWhitelistOperationReply, slotsOf, type KeyEntry } from './replies';
import type { FormFactorName, KeyRoleName } from './roles';

export interface CarKey extends KeyEntry {
  /** SHA-256 fingerprint of the point (the one `fleetkit keys show` and the tree print). */
  fingerprint: string;
  fingerprintShort: string;
  /** This is the public key of the command key Fleetkit signs with. */
  ours: boolean;
}

interface Call {
  signal?: AbortSignal;
}

/** Sends one unsigned VCSEC payload and returns VCSEC's plaintext answer. */
async function sendUnsigned(transport: SignedCommandTransport, vin: string, payload: Uint8Array, signal?: AbortSignal): Promise<Uint8Array> {
  const request = encodeRoutableMessage({
    to_destination: { domain: Domain.VehicleSecurity },
    from_destination: { routing_address: randomBytes(16) },
    protobuf_message_as_bytes: payload,
    uuid: randomBytes(16),
  });
  const reply = decodeRoutableMessage((await transport.signedCommand(vin, request, signal)).message);
  const fault = reply.signedMessageStatus?.signed_message_fault ?? 0;
  if (fault !== 0) throw new VehicleFaultError(vin, 'vcsec', fault);
  return reply.protobuf_message_as_bytes ?? new Uint8Array(0);
}

/** Every key on the car's whitelist, slot by slot, marked `ours` when it is `ourPublicKey` (65-byte point). */
export async function listCarKeys(transport: SignedCommandTransport, vin: string, ourPublicKey?: Uint8Array, call: Call = {}): Promise<CarKey[]> {
  const summary = readWhitelistInfo(await sendUnsigned(transport, vin, whitelistInfoRequest(), call.signal));
  const ours = ourPublicKey ? Buffer.from(ourPublicKey).toString('hex') : undefined;
  const keys: CarKey[] = [];
  for (const slot of slotsOf(summary.slotMask)) {
    const entry = readWhitelistEntry(await sendUnsigned(transport, vin, whitelistEntryRequest(slot), call.signal));
    const fp = keyFingerprint(Buffer.from(entry.publicKey, 'hex'));
    keys.push({ ...entry, slot, fingerprint: fp.full, fingerprintShort: fp.short, ours: entry.publicKey === ours });
  }
  return keys;
}

/**
 * Removes `publicKey` from the car, signed by the client's key (which must be an owner's). Irreversible: callers confirm
 * first. A refusal is a KeychainError naming VCSEC's reason; it never half happens.
 */
export async function removeCarKey(signer: VehicleCommandClient, vin: string, publicKey: Uint8Array, call: Call = {}): Promise<{ txid?: string }> {
  const result = await signer.sendPayload(vin, Domain.VehicleSecurity, removeKeyPayload(publicKey), call.signal);
  readWhitelistOperationReply(result.plaintext);
  return result.txid ? { txid: result.txid } : {};
}

/**
 * Asks the car to add `publicKey` with `role`: the car then waits for a key card tap on the console (the owner's
 * approval). Resolves when the request is waiting; the key works only once approved (list the keys to see it).
 */
export async function requestCarKeyAdd(
  transport: SignedCommandTransport,
  vin: string,
  publicKey: Uint8Array,
  role: KeyRoleName,
  formFactor: FormFactorName = 'cloud_key',
  call: Call = {},
): Promise<void> {
  // The expected answer is WAIT with no reason: the car waits for the tap. A reason (already on the whitelist, …) throws.
  readWhitelistOperationReply(await sendUnsigned(transport, vin, addKeyPayload(publicKey, role, formFactor), call.signal));
}

export { KeychainError };
