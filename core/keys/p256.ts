/**
 * P-256 command keys: generation, import (SEC1 `EC PRIVATE KEY`, unencrypted PKCS#8), export (SEC1 private PEM,
 * SPKI public PEM, the 65-byte uncompressed point) and fingerprints. Private keys are Node KeyObjects.
 */
import { createECDH, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

export class KeyFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyFormatError';
  }
}

const CURVE = 'prime256v1';
/** DER prefix of a P-256 SubjectPublicKeyInfo; the 65-byte point follows it. */
const SPKI_P256_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex');

export function generatePrivateKey(): KeyObject {
  return generateKeyPairSync('ec', { namedCurve: CURVE }).privateKey;
}

function assertP256(key: KeyObject, what: string): void {
  if (key.asymmetricKeyType !== 'ec') {
    throw new KeyFormatError(`${what} is a ${key.asymmetricKeyType ?? 'non-EC'} key; a NIST P-256 (prime256v1) EC key is required`);
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (curve !== CURVE) throw new KeyFormatError(`${what} uses curve ${curve ?? 'unknown'}; only NIST P-256 (prime256v1) keys are supported`);
}

interface PemBlock {
  label: string;
  text: string;
}

function firstPemBlock(pem: string): PemBlock | undefined {
  const m = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/.exec(pem);
  return m ? { label: m[1], text: m[0] } : undefined;
}

/** Imports a private key from PEM: SEC1 (`EC PRIVATE KEY`) or unencrypted PKCS#8 (`PRIVATE KEY`). Only the first block is read. */
export function importPrivateKeyPem(pem: string): KeyObject {
  const block = firstPemBlock(pem);
  if (!block) throw new KeyFormatError('no PEM block found: expected "-----BEGIN EC PRIVATE KEY-----" or "-----BEGIN PRIVATE KEY-----"');
  if (block.label === 'ENCRYPTED PRIVATE KEY') {
    throw new KeyFormatError('encrypted PKCS#8 keys are not supported; decrypt it first (openssl pkcs8 -in key.pem -out plain.pem)');
  }
  if (block.label === 'PUBLIC KEY') throw new KeyFormatError('this is a public key; the private key is needed to sign commands');
  if (block.label !== 'EC PRIVATE KEY' && block.label !== 'PRIVATE KEY') {
    throw new KeyFormatError(`unsupported PEM block "${block.label}"; expected "EC PRIVATE KEY" (SEC1) or "PRIVATE KEY" (PKCS#8)`);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(
      block.label === 'EC PRIVATE KEY' ? { key: block.text, format: 'pem', type: 'sec1' } : { key: block.text, format: 'pem', type: 'pkcs8' },
    );
  } catch (err) {
    throw new KeyFormatError(`the ${block.label} block could not be parsed (${err instanceof Error ? err.message : String(err)})`);
  }
  assertP256(key, 'the private key');
  return key;
}

/** Builds a private key from its 32-byte scalar (test vectors, simulator fixtures). */
export function privateKeyFromScalar(scalar: Uint8Array): KeyObject {
  if (scalar.length !== 32) throw new KeyFormatError('a P-256 private scalar is 32 bytes');
  const ecdh = createECDH(CURVE);
  ecdh.setPrivateKey(scalar);
  const point = ecdh.getPublicKey();
  return createPrivateKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      d: Buffer.from(scalar).toString('base64url'),
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33).toString('base64url'),
    },
    format: 'jwk',
  });
}

export function privateScalar(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  if (!jwk.d) throw new KeyFormatError('not a private key');
  return Buffer.from(jwk.d, 'base64url');
}

/** SEC1 `EC PRIVATE KEY` PEM (what `tesla-keygen export` writes). */
export function exportPrivateKeyPem(key: KeyObject): string {
  return key.export({ format: 'pem', type: 'sec1' }).toString();
}

function publicOf(key: KeyObject): KeyObject {
  return key.type === 'private' ? createPublicKey(key) : key;
}

/** SubjectPublicKeyInfo PEM (`BEGIN PUBLIC KEY`): the file hosted at /.well-known/appspecific/com.tesla.3p.public-key.pem. */
export function exportPublicKeyPem(key: KeyObject): string {
  return publicOf(key).export({ format: 'pem', type: 'spki' }).toString();
}

/** The 65-byte uncompressed point 0x04 ‖ X ‖ Y used on the wire. */
export function publicKeyPoint(key: KeyObject): Buffer {
  const der = publicOf(key).export({ format: 'der', type: 'spki' });
  return Buffer.from(der.subarray(SPKI_P256_PREFIX.length));
}

/** Parses a public key given as SPKI PEM, a raw 65-byte point, or 130 hex characters; returns the point. */
export function importPublicKey(input: string | Uint8Array): Buffer {
  if (typeof input !== 'string') return validatePoint(Buffer.from(input));
  const text = input.trim();
  if (/^[0-9a-fA-F]{130}$/.test(text)) return validatePoint(Buffer.from(text, 'hex'));
  const block = firstPemBlock(text);
  if (!block) throw new KeyFormatError('expected a PUBLIC KEY PEM, or 130 hex characters of an uncompressed P-256 point');
  let key: KeyObject;
  try {
    key = createPublicKey({ key: block.text, format: 'pem' });
  } catch (err) {
    throw new KeyFormatError(`the ${block.label} block could not be parsed (${err instanceof Error ? err.message : String(err)})`);
  }
  assertP256(key, 'the public key');
  return publicKeyPoint(key);
}

function validatePoint(point: Buffer): Buffer {
  if (point.length !== 65 || point[0] !== 0x04) throw new KeyFormatError('a P-256 public key point is 65 bytes starting with 0x04');
  try {
    createPublicKey({ key: Buffer.concat([SPKI_P256_PREFIX, point]), format: 'der', type: 'spki' });
  } catch {
    throw new KeyFormatError('the bytes are not a point on P-256');
  }
  return point;
}

export function spkiPemFromPoint(point: Uint8Array): string {
  return createPublicKey({ key: Buffer.concat([SPKI_P256_PREFIX, validatePoint(Buffer.from(point))]), format: 'der', type: 'spki' })
    .export({ format: 'pem', type: 'spki' })
    .toString();
}

/**
 * Fingerprint of a public key: SHA-256 over the 65-byte point, as colon-separated hex. `short` is the first
 * 8 bytes (what the tree shows).
 */
export function keyFingerprint(keyOrPoint: KeyObject | Uint8Array): { full: string; short: string } {
  const point = keyOrPoint instanceof Uint8Array ? keyOrPoint : publicKeyPoint(keyOrPoint);
  const hex = createHash('sha256').update(point).digest('hex');
  const pairs = hex.match(/../g) as string[];
  return { full: pairs.join(':'), short: pairs.slice(0, 8).join(':') };
}
