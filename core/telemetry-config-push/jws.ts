import { createPrivateKey, type KeyObject } from 'node:crypto';
import { schnorrSign } from './schnorr';

export const TELEMETRY_JWS_AUDIENCE = 'com.tesla.fleet.TelemetryClient';
export const TELEMETRY_JWS_HEADER = { alg: 'Tesla.SS256', typ: 'JWT' } as const;

export interface SignedTelemetryConfig {
  /** The compact JWS (header.payload.signature, base64url). */
  readonly token: string;
  /** The `iss` claim: standard base64 (padded) of the 65-byte uncompressed public key. */
  readonly iss: string;
}

/** The 32-byte private scalar of a P-256 key (PEM, DER-in-KeyObject or JWK). */
export function privateScalar(key: KeyObject | string): Buffer {
  const keyObject = typeof key === 'string' ? createPrivateKey(key) : key;
  if (keyObject.type !== 'private' || keyObject.asymmetricKeyType !== 'ec' || keyObject.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error('the command key must be a P-256 (prime256v1) EC private key');
  }
  const jwk = keyObject.export({ format: 'jwk' });
  return Buffer.from(jwk.d as string, 'base64url');
}

/**
 * Signs a Fleet Telemetry config as Tesla's `fleet_telemetry_config_jws` expects: header
 * `{"alg":"Tesla.SS256","typ":"JWT"}`, claims = the config plus `iss` (the app's public key) and `aud`; any
 * caller-supplied `iss`/`aud` are overwritten, as the proxy does.
 */
export function signTelemetryConfig(config: Readonly<Record<string, unknown>>, key: KeyObject | string): SignedTelemetryConfig {
  const scalar = privateScalar(key);
  const header = Buffer.from(JSON.stringify(TELEMETRY_JWS_HEADER)).toString('base64url');
  // The public key is needed inside the payload before signing; derive it first (sign() returns the same point).
  const { publicKey } = schnorrSign(scalar, Buffer.alloc(0));
  const iss = publicKey.toString('base64');
  const claims = { ...config, iss, aud: TELEMETRY_JWS_AUDIENCE };
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signingInput = `${header}.${payload}`;
  const { signature } = schnorrSign(scalar, Buffer.from(signingInput));
  return { token: `${signingInput}.${signature.toString('base64url')}`, iss };
}
