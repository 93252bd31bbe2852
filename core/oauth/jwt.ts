import { JwtFormatError } from './errors';

/** A decoded (not verified) JWT. The client trusts the token endpoint over TLS; it only reads claims. */
export interface DecodedJwt {
  readonly header: Readonly<Record<string, unknown>>;
  readonly payload: Readonly<Record<string, unknown>>;
}

const SEGMENT_RE = /^[A-Za-z0-9_-]+$/;
/** Tokens far beyond any real access token are refused before any decoding work. */
const MAX_TOKEN_LENGTH = 16 * 1024;

function decodeSegment(segment: string, what: 'header' | 'payload'): Record<string, unknown> {
  if (!SEGMENT_RE.test(segment)) throw new JwtFormatError(`JWT ${what} is not base64url`);
  if (segment.length % 4 === 1) throw new JwtFormatError(`JWT ${what} has an impossible base64url length`);
  const json = Buffer.from(segment, 'base64url').toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new JwtFormatError(`JWT ${what} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new JwtFormatError(`JWT ${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/**
 * Strictly decodes a compact JWS: exactly three base64url segments, JSON-object header with a string `alg`,
 * JSON-object payload. The signature is not checked.
 */
export function decodeJwt(token: string): DecodedJwt {
  if (typeof token !== 'string' || token.length === 0) throw new JwtFormatError('JWT is empty');
  if (token.length > MAX_TOKEN_LENGTH) throw new JwtFormatError('JWT is too long');
  const parts = token.split('.');
  if (parts.length !== 3) throw new JwtFormatError(`JWT must have 3 segments, found ${parts.length}`);
  const [h, p, s] = parts as [string, string, string];
  const header = decodeSegment(h, 'header');
  if (typeof header.alg !== 'string' || header.alg.length === 0) throw new JwtFormatError('JWT header has no alg');
  if (header.alg === 'none') throw new JwtFormatError('unsigned JWT (alg "none") refused');
  if (s.length === 0 || !SEGMENT_RE.test(s)) throw new JwtFormatError('JWT signature segment is missing or not base64url');
  const payload = decodeSegment(p, 'payload');
  return { header, payload };
}

/** The access-token claims Fleetkit reads (Tesla: `sub`, `scp`, `aud`, `ou_code`, `exp`). */
export interface AccessTokenClaims {
  readonly sub: string;
  readonly scopes: readonly string[];
  readonly audiences: readonly string[];
  readonly ouCode: string | undefined;
  /** Expiry, seconds since the epoch. */
  readonly exp: number;
  readonly iat: number | undefined;
  readonly iss: string | undefined;
  /** Other claims, for display. */
  readonly raw: Readonly<Record<string, unknown>>;
}

function stringList(value: unknown, name: string): string[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  throw new JwtFormatError(`claim ${name} must be a string or an array of strings`);
}

function optionalNumber(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new JwtFormatError(`claim ${name} must be a number`);
  return value;
}

/** Decodes an access token and checks the claims Fleetkit relies on are present and well-typed. */
export function readAccessTokenClaims(token: string): AccessTokenClaims {
  const { payload } = decodeJwt(token);
  if (typeof payload.sub !== 'string' || payload.sub.length === 0) throw new JwtFormatError('claim sub is missing');
  const exp = optionalNumber(payload.exp, 'exp');
  if (exp === undefined) throw new JwtFormatError('claim exp is missing');
  if (payload.ou_code !== undefined && typeof payload.ou_code !== 'string') throw new JwtFormatError('claim ou_code must be a string');
  if (payload.iss !== undefined && typeof payload.iss !== 'string') throw new JwtFormatError('claim iss must be a string');
  return {
    sub: payload.sub,
    scopes: stringList(payload.scp, 'scp'),
    audiences: stringList(payload.aud, 'aud'),
    ouCode: payload.ou_code as string | undefined,
    exp,
    iat: optionalNumber(payload.iat, 'iat'),
    iss: payload.iss as string | undefined,
    raw: payload,
  };
}
