import { createHash } from 'node:crypto';
import { add, decodePoint, encodePoint, G, multiply, N } from './p256';

export interface VerifiedTelemetryJws {
  /** The claims: the config plus `iss` and `aud`. */
  claims: Record<string, unknown>;
  /** The signer's 65-byte uncompressed public key (from `iss`). */
  publicKey: Buffer;
}

export class JwsError extends Error {}

/** JWT NumericDate claims a signed config may carry (RFC 7519 §4.1.4–4.1.6). */
const TIME_CLAIMS = ['exp', 'nbf', 'iat'] as const;

function lv(bytes: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(bytes.length);
  return Buffer.concat([len, bytes]);
}

/**
 * Checks a `Tesla.SS256` compact JWS the way the vehicle side would: header alg, `aud`, `iss` a P-256 point,
 * `exp`/`nbf`/`iat` numbers when present (they are not compared with the clock here: see streamTarget), and the
 * Schnorr equation r·G + c·P = V with c = SHA-256(LV(G) ‖ LV(V) ‖ LV(P) ‖ LV(header.payload)) mod n.
 */
export function verifyTelemetryJws(token: string): VerifiedTelemetryJws {
  const parts = token.split('.');
  if (parts.length !== 3) throw new JwsError('token is not a compact JWS');
  let header: { alg?: unknown };
  let claims: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    throw new JwsError('token header or payload is not base64url JSON');
  }
  if (header.alg !== 'Tesla.SS256') throw new JwsError(`unsupported alg ${String(header.alg)}`);
  if (!claims || typeof claims !== 'object' || Array.isArray(claims)) throw new JwsError('payload is not an object');
  if (claims.aud !== 'com.tesla.fleet.TelemetryClient') throw new JwsError('wrong aud');
  if (typeof claims.iss !== 'string') throw new JwsError('missing iss');
  // Standard JWT time claims are allowed in the config; like a JWT verifier, insist they are NumericDates (seconds).
  for (const claim of TIME_CLAIMS) {
    const value = claims[claim];
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) throw new JwsError(`${claim} is not a NumericDate (epoch seconds)`);
  }
  const publicKey = Buffer.from(claims.iss, 'base64');
  const point = decodePoint(publicKey);
  if (!point) throw new JwsError('iss is not a P-256 public key');
  const signature = Buffer.from(parts[2], 'base64url');
  if (signature.length !== 96) throw new JwsError('signature is not 96 bytes');
  const nonceBytes = Buffer.concat([Buffer.from([4]), signature.subarray(0, 64)]);
  const nonce = decodePoint(nonceBytes);
  if (!nonce) throw new JwsError('signature nonce is not a curve point');
  const r = BigInt(`0x${signature.subarray(64).toString('hex')}`);
  if (r >= N) throw new JwsError('signature scalar out of range');
  const message = Buffer.from(`${parts[0]}.${parts[1]}`);
  const digest = createHash('sha256')
    .update(Buffer.concat([lv(encodePoint(G!)), lv(nonceBytes), lv(publicKey), lv(message)]))
    .digest();
  const c = BigInt(`0x${digest.toString('hex')}`) % N;
  const check = add(multiply(r, G), multiply(c, point));
  if (!check || check.x !== nonce.x || check.y !== nonce.y) throw new JwsError('signature does not verify');
  return { claims, publicKey };
}
