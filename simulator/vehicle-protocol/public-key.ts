/** Parses an app public key pasted on the pairing page: SPKI PEM or 130 hex characters → the 65-byte point. */
import { createPublicKey } from 'node:crypto';

export function parsePublicKey(text: string): Buffer {
  const t = text.trim();
  let point: Buffer;
  if (/^[0-9a-fA-F]{130}$/.test(t)) point = Buffer.from(t, 'hex');
  else if (t.includes('-----BEGIN PUBLIC KEY-----')) {
    let key;
    try {
      key = createPublicKey({ key: t, format: 'pem' });
    } catch {
      throw new Error('the public key PEM does not parse');
    }
    if (key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw new Error('the vehicle only supports prime256v1 (P-256) keys');
    const jwk = key.export({ format: 'jwk' });
    point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x as string, 'base64url'), Buffer.from(jwk.y as string, 'base64url')]);
  } else throw new Error('expected a "BEGIN PUBLIC KEY" PEM or 130 hex characters');
  if (point.length !== 65 || point[0] !== 4) throw new Error('not an uncompressed P-256 point');
  try {
    createPublicKey({
      key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') },
      format: 'jwk',
    });
  } catch {
    throw new Error('the key is not a point on P-256');
  }
  return point;
}
