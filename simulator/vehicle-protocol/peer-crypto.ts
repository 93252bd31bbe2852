/**
 * The vehicle's own cryptography (written independently of core/command-protocol: the simulator must catch a
 * signer bug, not share it). ECDH → K, sub-keys, the TLV metadata, tags, response encryption.
 */
import { createCipheriv, createECDH, createHash, createHmac, randomBytes, timingSafeEqual, type ECDH } from 'node:crypto';

export function newDomainKey(): ECDH {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return ecdh;
}

/** K for a client point, or undefined if the point is not on the curve. */
export function sharedKey(vehicleKey: ECDH, clientPoint: Uint8Array): Buffer | undefined {
  if (clientPoint.length !== 65 || clientPoint[0] !== 4) return undefined;
  try {
    return createHash('sha1').update(vehicleKey.computeSecret(clientPoint)).digest().subarray(0, 16);
  } catch {
    return undefined;
  }
}

const hmac = (key: Uint8Array, ...parts: Uint8Array[]): Buffer => {
  const h = createHmac('sha256', key);
  for (const p of parts) h.update(p);
  return h.digest();
};

export const sessionInfoKey = (k: Uint8Array): Buffer => hmac(k, Buffer.from('session info'));
export const commandKey = (k: Uint8Array): Buffer => hmac(k, Buffer.from('authenticated command'));

const be32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};

/** tag/value items in ascending tag order → `T L V … 0xFF`. Empty values are left out. */
function tlv(items: Array<[number, Uint8Array | undefined]>): Buffer {
  const out: Buffer[] = [];
  for (const [tag, value] of items) {
    if (!value || value.length === 0) continue;
    out.push(Buffer.from([tag, value.length]), Buffer.from(value));
  }
  out.push(Buffer.from([0xff]));
  return Buffer.concat(out);
}

export function signSessionInfo(k: Uint8Array, vin: string, challenge: Uint8Array | undefined, info: Uint8Array): Buffer {
  return hmac(
    sessionInfoKey(k),
    tlv([
      [0, Buffer.from([6])],
      [2, Buffer.from(vin, 'ascii')],
      [6, challenge],
    ]),
    info,
  );
}

export interface RequestFields {
  domain: number;
  vin: string;
  epoch: Uint8Array;
  expiresAt: number;
  counter: number;
  flags: number;
}

export function expectedCommandTag(k: Uint8Array, f: RequestFields, payload: Uint8Array): Buffer {
  const meta = tlv([
    [0, Buffer.from([8])],
    [1, Buffer.from([f.domain])],
    [2, Buffer.from(f.vin, 'ascii')],
    [3, f.epoch],
    [4, be32(f.expiresAt)],
    [5, be32(f.counter)],
    [7, f.flags !== 0 ? be32(f.flags) : undefined],
  ]);
  return hmac(commandKey(k), meta, payload);
}

export function tagsEqual(a: Uint8Array | undefined, b: Uint8Array): boolean {
  return !!a && a.length === b.length && timingSafeEqual(a, b);
}

export interface EncryptedReply {
  nonce: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

export function encryptReply(
  k: Uint8Array,
  f: { domain: number; vin: string; counter: number; flags: number; requestHash: Uint8Array; fault: number },
  plaintext: Uint8Array,
): EncryptedReply {
  const meta = tlv([
    [0, Buffer.from([9])],
    [1, Buffer.from([f.domain])],
    [2, Buffer.from(f.vin, 'ascii')],
    [5, be32(f.counter)],
    [7, be32(f.flags)],
    [8, f.requestHash],
    [9, be32(f.fault)],
  ]);
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-128-gcm', k, nonce);
  cipher.setAAD(createHash('sha256').update(meta).digest());
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { nonce, ciphertext, tag: cipher.getAuthTag() };
}
