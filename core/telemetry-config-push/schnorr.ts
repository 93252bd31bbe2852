import { createECDH, createHash, createHmac } from 'node:crypto';

/** Order of the P-256 group. */
const N = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');
/** The P-256 generator, uncompressed (0x04 ‖ Gx ‖ Gy). */
export const P256_GENERATOR = Buffer.from(
  '046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c2964fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5',
  'hex',
);

function toBigInt(bytes: Buffer): bigint {
  return bytes.length ? BigInt(`0x${bytes.toString('hex')}`) : 0n;
}

function to32(value: bigint): Buffer {
  return Buffer.from(value.toString(16).padStart(64, '0'), 'hex');
}

function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

/** 4-byte big-endian length, then the bytes. */
function lv(bytes: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(bytes.length);
  return Buffer.concat([len, bytes]);
}

/** k·G as an uncompressed point, computed by OpenSSL (ECDH's public key is exactly the scalar times G). */
export function multiplyGenerator(scalar32: Buffer): Buffer {
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(scalar32);
  return ecdh.getPublicKey();
}

/** RFC 6979 deterministic nonce (HMAC-SHA256) for private scalar `x` and message hash `h1`. */
export function rfc6979Nonce(x: Buffer, h1: Buffer): bigint {
  const hmac = (key: Buffer, ...parts: Buffer[]): Buffer => createHmac('sha256', key).update(Buffer.concat(parts)).digest();
  const h = to32(mod(toBigInt(h1), N));
  let v: Buffer = Buffer.alloc(32, 1);
  let k: Buffer = Buffer.alloc(32, 0);
  k = hmac(k, v, Buffer.from([0]), x, h);
  v = hmac(k, v);
  k = hmac(k, v, Buffer.from([1]), x, h);
  v = hmac(k, v);
  for (;;) {
    v = hmac(k, v);
    const candidate = toBigInt(v);
    if (candidate >= 1n && candidate < N) return candidate;
    k = hmac(k, v, Buffer.from([0]));
    v = hmac(k, v);
  }
}

/** The Tesla.SS256 challenge: SHA-256(LV(G) ‖ LV(V) ‖ LV(P) ‖ LV(message)), reduced mod n. */
export function schnorrChallenge(nonceCommitment: Buffer, publicKey: Buffer, message: Buffer): bigint {
  const digest = createHash('sha256')
    .update(Buffer.concat([lv(P256_GENERATOR), lv(nonceCommitment), lv(publicKey), lv(message)]))
    .digest();
  return mod(toBigInt(digest), N);
}

/**
 * Schnorr signature over P-256/SHA-256 as in Tesla's vehicle-command `internal/schnorr`: 96 bytes Vx ‖ Vy ‖ r with
 * V = k·G (k from RFC 6979), r = k − c·x mod n. A verifier checks r·G + c·P = V.
 */
export function schnorrSign(privateScalar: Buffer, message: Buffer): { signature: Buffer; publicKey: Buffer } {
  if (privateScalar.length !== 32) throw new Error('a P-256 private key is 32 bytes');
  const x = toBigInt(privateScalar);
  if (x <= 0n || x >= N) throw new Error('private key out of range');
  const publicKey = multiplyGenerator(privateScalar);
  const k = rfc6979Nonce(privateScalar, createHash('sha256').update(message).digest());
  const v = multiplyGenerator(to32(k));
  const c = schnorrChallenge(v, publicKey, message);
  const r = mod(k - c * x, N);
  return { signature: Buffer.concat([v.subarray(1), to32(r)]), publicKey };
}
