import { createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type JsonWebKey, type KeyObject } from 'node:crypto';

/** ES256 JWT signer/verifier with a key generated at simulator start (tokens do not survive a restart). */
export class JwtKeys {
  private readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly kid: string;

  constructor() {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = pair.privateKey;
    this.publicKey = createPublicKey(pair.privateKey);
    this.kid = randomBytes(8).toString('hex');
  }

  sign(claims: Record<string, unknown>): string {
    const header = b64json({ alg: 'ES256', typ: 'JWT', kid: this.kid });
    const payload = b64json(claims);
    const sig = sign('sha256', Buffer.from(`${header}.${payload}`), { key: this.privateKey, dsaEncoding: 'ieee-p1363' });
    return `${header}.${payload}.${sig.toString('base64url')}`;
  }

  /** Returns the claims when the signature is ours and the token is well formed; undefined otherwise. Expiry is the caller's job. */
  verify(token: string): Record<string, unknown> | undefined {
    const parts = token.split('.');
    if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return undefined;
    let header: unknown;
    let claims: unknown;
    try {
      header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    if (!isObj(header) || header.alg !== 'ES256' || header.kid !== this.kid || !isObj(claims)) return undefined;
    const ok = verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), { key: this.publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(parts[2], 'base64url'));
    return ok ? claims : undefined;
  }

  jwks(): { keys: JsonWebKey[] } {
    return { keys: [{ ...this.publicKey.export({ format: 'jwk' }), kid: this.kid, alg: 'ES256', use: 'sig' }] };
  }
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function b64json(v: unknown): string {
  return Buffer.from(JSON.stringify(v)).toString('base64url');
}
