import { randomBytes, timingSafeEqual } from 'node:crypto';

/** URL-safe random string (base64url, no padding) with `bytes` bytes of entropy. */
export function randomUrlSafe(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < 16) throw new RangeError('at least 16 random bytes are required');
  return randomBytes(bytes).toString('base64url');
}

/** A fresh OAuth `state` value (256 bits). */
export function createState(): string {
  return randomUrlSafe(32);
}

/** A fresh OpenID `nonce` value (256 bits). */
export function createNonce(): string {
  return randomUrlSafe(32);
}

/** Constant-time comparison for `state` / `nonce` values. */
export function safeEqual(a: string | undefined | null, b: string | undefined | null): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const ab = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  if (ab.length !== bb.length || ab.length === 0) return false;
  return timingSafeEqual(ab, bb);
}
