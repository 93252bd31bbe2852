/**
 * Key agreement, sub-keys, tags and response decryption (reference §3.3, §4). Pure functions over bytes.
 */
import { createDecipheriv, createECDH, createHash, createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';
import { Metadata, Tag } from './metadata';
import { privateScalar } from '../keys/p256';

export const SIGNATURE_TYPE_HMAC = 6;
export const SIGNATURE_TYPE_HMAC_PERSONALIZED = 8;
export const SIGNATURE_TYPE_AES_GCM_RESPONSE = 9;

export class InvalidPeerKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidPeerKeyError';
  }
}

/** K = SHA1(ECDH x-coordinate, 32 bytes)[0:16]. Rejects points that are not on P-256. */
export function deriveSessionKey(privateKey: KeyObject, peerPublicPoint: Uint8Array): Buffer {
  if (peerPublicPoint.length !== 65 || peerPublicPoint[0] !== 0x04) {
    throw new InvalidPeerKeyError('vehicle public key is not a 65-byte uncompressed P-256 point');
  }
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(privateScalar(privateKey));
  let sharedX: Buffer;
  try {
    sharedX = ecdh.computeSecret(peerPublicPoint);
  } catch {
    throw new InvalidPeerKeyError('vehicle public key is not a valid P-256 point');
  }
  return createHash('sha1').update(sharedX).digest().subarray(0, 16);
}

export function subkey(sessionKey: Uint8Array, label: 'session info' | 'authenticated command'): Buffer {
  return createHmac('sha256', sessionKey).update(label, 'ascii').digest();
}

/** The HMAC the vehicle puts on session info: challenge = the uuid of our request. */
export function sessionInfoTag(sessionKey: Uint8Array, vin: string, challenge: Uint8Array | undefined, sessionInfoBytes: Uint8Array): Buffer {
  const metadata = new Metadata()
    .add(Tag.SignatureType, Uint8Array.of(SIGNATURE_TYPE_HMAC))
    .add(Tag.Personalization, Buffer.from(vin, 'ascii'))
    .add(Tag.Challenge, challenge);
  return createHmac('sha256', subkey(sessionKey, 'session info')).update(metadata.serialize(sessionInfoBytes)).digest();
}

export interface CommandMetadataFields {
  domain: number;
  vin: string;
  epoch: Uint8Array;
  expiresAt: number;
  counter: number;
  flags: number;
}

/** Request metadata for HMAC_PERSONALIZED (§4.4); TAG_FLAGS only when flags ≠ 0. */
export function commandMetadata(fields: CommandMetadataFields): Metadata {
  const m = new Metadata()
    .add(Tag.SignatureType, Uint8Array.of(SIGNATURE_TYPE_HMAC_PERSONALIZED))
    .add(Tag.Domain, Uint8Array.of(fields.domain))
    .add(Tag.Personalization, Buffer.from(fields.vin, 'ascii'))
    .add(Tag.Epoch, fields.epoch)
    .addUint32(Tag.ExpiresAt, fields.expiresAt)
    .addUint32(Tag.Counter, fields.counter);
  if (fields.flags !== 0) m.addUint32(Tag.Flags, fields.flags);
  return m;
}

export function hmacPersonalizedTag(sessionKey: Uint8Array, fields: CommandMetadataFields, payload: Uint8Array): Buffer {
  return hmacPersonalizedTagWithKey(subkey(sessionKey, 'authenticated command'), fields, payload);
}

/** Same as hmacPersonalizedTag with K_cmd already derived (sessions cache it). */
export function hmacPersonalizedTagWithKey(commandKey: Uint8Array, fields: CommandMetadataFields, payload: Uint8Array): Buffer {
  return createHmac('sha256', commandKey).update(commandMetadata(fields).serialize(payload)).digest();
}

/** request_hash = 0x08 ‖ tag (VCSEC: only the first 16 tag bytes). */
export function hmacRequestHash(domain: number, tag: Uint8Array): Buffer {
  return Buffer.concat([Uint8Array.of(SIGNATURE_TYPE_HMAC_PERSONALIZED), domain === 2 ? tag.subarray(0, 16) : tag]);
}

export interface ResponseMetadataFields {
  domain: number;
  vin: string;
  counter: number;
  flags: number;
  requestHash: Uint8Array;
  fault: number;
}

export function responseMetadata(fields: ResponseMetadataFields): Metadata {
  return new Metadata()
    .add(Tag.SignatureType, Uint8Array.of(SIGNATURE_TYPE_AES_GCM_RESPONSE))
    .add(Tag.Domain, Uint8Array.of(fields.domain))
    .add(Tag.Personalization, Buffer.from(fields.vin, 'ascii'))
    .addUint32(Tag.Counter, fields.counter)
    .addUint32(Tag.Flags, fields.flags)
    .add(Tag.RequestHash, fields.requestHash)
    .addUint32(Tag.Fault, fields.fault);
}

export class ResponseAuthenticationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResponseAuthenticationError';
  }
}

/** AES-128-GCM with AAD = SHA-256(response metadata). Throws ResponseAuthenticationError on a bad tag. */
export function decryptResponse(sessionKey: Uint8Array, fields: ResponseMetadataFields, nonce: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array): Buffer {
  if (nonce.length !== 12) throw new ResponseAuthenticationError('response nonce is not 12 bytes');
  if (tag.length !== 16) throw new ResponseAuthenticationError('response tag is not 16 bytes');
  const aad = createHash('sha256').update(responseMetadata(fields).serialize()).digest();
  const decipher = createDecipheriv('aes-128-gcm', sessionKey, nonce);
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    throw new ResponseAuthenticationError('response failed AES-GCM authentication');
  }
}

export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
