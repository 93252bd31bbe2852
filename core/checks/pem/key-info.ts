import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { keyFingerprint } from '../../keys';

/** What a public key is, and how Fleetkit and Tesla name it. */
export interface KeyInfo {
  /** `ec`, `rsa`, `ed25519`… (Node's asymmetricKeyType). */
  readonly type: string;
  /** For EC keys, OpenSSL's curve name (prime256v1, secp384r1…). */
  readonly curve?: string;
  readonly bits?: number;
  /** Human name: "EC P-256 (prime256v1)", "RSA 2048-bit", "Ed25519". */
  readonly name: string;
  /** True for the one kind Tesla accepts: EC prime256v1. */
  readonly isP256: boolean;
  /** SHA-256 of the SubjectPublicKeyInfo DER, lower-case hex. */
  readonly spkiSha256: string;
  /** For P-256: the 65-byte uncompressed point (04‖X‖Y) in hex, as Tesla's partner_accounts/public_key shows it. */
  readonly pointHex?: string;
  /** For P-256: Fleetkit's key fingerprint (SHA-256 of the point, colon hex), as the key tree shows it. */
  readonly pointSha256?: string;
  /** The SPKI stores the EC point compressed (33 bytes) rather than uncompressed. */
  readonly compressedPoint?: boolean;
}

const CURVE_NAMES: Record<string, string> = {
  prime256v1: 'EC P-256 (prime256v1)',
  secp384r1: 'EC P-384 (secp384r1)',
  secp521r1: 'EC P-521 (secp521r1)',
  secp256k1: 'EC secp256k1',
};

function nameOf(key: KeyObject): { name: string; curve?: string; bits?: number } {
  const type = key.asymmetricKeyType ?? 'unknown';
  const details = key.asymmetricKeyDetails ?? {};
  switch (type) {
    case 'ec': {
      const curve = details.namedCurve ?? 'unknown curve';
      return { name: CURVE_NAMES[curve] ?? `EC ${curve}`, curve };
    }
    case 'rsa':
    case 'rsa-pss':
      return { name: `${type === 'rsa' ? 'RSA' : 'RSA-PSS'} ${details.modulusLength ?? '?'}-bit`, bits: details.modulusLength };
    case 'dsa':
      return { name: `DSA ${details.modulusLength ?? '?'}-bit`, bits: details.modulusLength };
    case 'ed25519':
      return { name: 'Ed25519' };
    case 'ed448':
      return { name: 'Ed448' };
    case 'x25519':
      return { name: 'X25519' };
    case 'x448':
      return { name: 'X448' };
    default:
      return { name: type };
  }
}

/** The raw SubjectPublicKeyInfo bytes of `der` are hashed as given, so the fingerprint matches `openssl pkey -pubin -outform DER | sha256sum`. */
export function describePublicKey(spkiDer: Buffer): KeyInfo {
  const key = createPublicKey({ key: spkiDer, format: 'der', type: 'spki' });
  return describeKeyObject(key, spkiDer);
}

/** Describes a public key, or the public half of a private key. */
export function describeKeyObject(keyObject: KeyObject, spkiDer?: Buffer): KeyInfo {
  const key = keyObject.type === 'private' ? createPublicKey(keyObject) : keyObject;
  const der = spkiDer ?? (key.export({ format: 'der', type: 'spki' }) as Buffer);
  const { name, curve, bits } = nameOf(key);
  const isP256 = key.asymmetricKeyType === 'ec' && curve === 'prime256v1';
  let pointHex: string | undefined;
  let compressedPoint: boolean | undefined;
  if (key.asymmetricKeyType === 'ec') {
    const jwk = key.export({ format: 'jwk' });
    if (jwk.x && jwk.y) pointHex = `04${Buffer.from(jwk.x, 'base64url').toString('hex')}${Buffer.from(jwk.y, 'base64url').toString('hex')}`;
    // The last byte-string of an EC SPKI is the point; its first byte says 02/03 (compressed) or 04.
    if (isP256) compressedPoint = der.length < 91;
  }
  return {
    type: key.asymmetricKeyType ?? 'unknown',
    curve,
    bits,
    name,
    isP256,
    spkiSha256: createHash('sha256').update(der).digest('hex'),
    pointHex,
    pointSha256: isP256 && pointHex ? keyFingerprint(Buffer.from(pointHex, 'hex')).full : undefined,
    compressedPoint,
  };
}

/**
 * Reads a local key file's text (a public key, or a private key whose public half is used) into SPKI DER.
 * The private key never leaves this function.
 */
export function publicSpkiFromPem(pem: string): Buffer {
  const key = createPublicKey(pem);
  return key.export({ format: 'der', type: 'spki' }) as Buffer;
}

/** True when two keys are the same public key, whatever their point encoding. */
export function sameKey(a: KeyInfo, b: KeyInfo): boolean {
  if (a.pointHex && b.pointHex) return a.pointHex === b.pointHex;
  return a.spkiSha256 === b.spkiSha256;
}
