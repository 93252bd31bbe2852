/** Pure parsers for the response headers Tesla's behaviours depend on. */

export type HeaderBag = Record<string, string | string[] | undefined>;

export function header(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * How long to wait, in ms, from `Retry-After` (delta-seconds or HTTP date) or `RateLimit-Reset`
 * (delta-seconds; an epoch-seconds value is tolerated). Undefined when neither is usable.
 */
export function retryDelayMs(headers: HeaderBag, now: number): number | undefined {
  const retryAfter = header(headers, 'retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  const reset = header(headers, 'ratelimit-reset')?.trim() ?? structuredReset(header(headers, 'ratelimit'));
  if (reset && /^\d+(\.\d+)?$/.test(reset)) {
    const n = Number(reset);
    // Values this large are absolute epoch seconds, not a delta.
    if (n > 1_000_000_000) return Math.max(0, Math.round(n * 1000 - now));
    return Math.round(n * 1000);
  }
  return undefined;
}

/** `RateLimit: limit=300, remaining=0, reset=42` (IETF draft structured form) → "42". */
function structuredReset(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const match = /(?:^|[;,\s])(?:reset|t)=(\d+(?:\.\d+)?)/i.exec(value);
  return match?.[1];
}

/** Rate-limit counters Tesla may send on any answer (FAQ: `RateLimit-*`). */
export interface RateLimitInfo {
  limit?: number;
  remaining?: number;
  resetMs?: number;
}

export function rateLimitInfo(headers: HeaderBag, now: number): RateLimitInfo | undefined {
  const num = (name: string): number | undefined => {
    const v = header(headers, name);
    return v !== undefined && /^\d+$/.test(v.trim()) ? Number(v.trim()) : undefined;
  };
  const limit = num('ratelimit-limit');
  const remaining = num('ratelimit-remaining');
  const resetMs = header(headers, 'ratelimit-reset') !== undefined ? retryDelayMs({ 'ratelimit-reset': header(headers, 'ratelimit-reset') }, now) : undefined;
  if (limit === undefined && remaining === undefined && resetMs === undefined) return undefined;
  return { limit, remaining, resetMs };
}

/**
 * The alternative origin from an `Alt-Svc` header (`h2="fleet-api.prd.eu.vn.cloud.tesla.com:443"; ma=60`),
 * as an https origin. An empty host means "same host, other port" and resolves against `current`.
 */
export function altSvcOrigin(value: string | undefined, current: URL): string | undefined {
  if (!value || value.trim() === 'clear') return undefined;
  for (const entry of value.split(',')) {
    const match = /^\s*[A-Za-z0-9-]+="([^"]*)"/.exec(entry);
    if (!match) continue;
    const authority = match[1];
    const colon = authority.lastIndexOf(':');
    const host = colon >= 0 ? authority.slice(0, colon) : authority;
    const port = colon >= 0 ? authority.slice(colon + 1) : '';
    if (port && !/^\d+$/.test(port)) continue;
    const url = new URL(current.origin);
    if (host) url.hostname = host;
    url.port = port === '443' && url.protocol === 'https:' ? '' : port;
    return url.origin;
  }
  return undefined;
}

/** "user out of region, use base URL: https://fleet-api.prd.eu.vn.cloud.tesla.com" → that URL's origin. */
export function baseUrlFromMessage(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const match = /use base URL:?\s*(https?:\/\/[^\s"',;]+)/i.exec(text);
  if (!match) return undefined;
  try {
    return new URL(match[1]).origin;
  } catch {
    return undefined;
  }
}
