/**
 * Per-connection token bucket: `limit` messages per `intervalMs`, refilled continuously, bursts up to `limit`.
 * Unlike the reference server (whose limiter is built with a zero interval and never rejects), this one applies.
 */
export interface RateLimiter {
  /** Takes one token; false when the connection is over its limit. */
  tryTake(): boolean;
}

export interface RateLimit {
  limit: number;
  intervalMs: number;
}

export function createRateLimiter(rate: RateLimit | undefined, now: () => number = Date.now): RateLimiter {
  if (!rate) return { tryTake: () => true };
  const perMs = rate.limit / rate.intervalMs;
  let tokens = rate.limit;
  let last = now();
  return {
    tryTake(): boolean {
      const t = now();
      if (t > last) {
        tokens = Math.min(rate.limit, tokens + (t - last) * perMs);
        last = t;
      }
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}
