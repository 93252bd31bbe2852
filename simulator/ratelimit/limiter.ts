import type { RateLimitRule } from '../world/types';

export type LimitDecision =
  { ok: true; limit: number; remaining: number; resetSeconds: number } | { ok: false; limit: number; remaining: 0; resetSeconds: number };

/**
 * Fixed-window counters on the simulator clock: at most `limit` calls per `windowSeconds` per key.
 * A key's window opens at its first call (not at a wall-clock boundary), so a burst is judged the same
 * whichever second it starts in. A rejected call does not consume quota.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly now: () => number) {}

  take(key: string, rule: RateLimitRule): LimitDecision {
    const now = this.now();
    const windowMs = rule.windowSeconds * 1000;
    let w = this.windows.get(key);
    if (!w || now >= w.start + windowMs) this.windows.set(key, (w = { start: now, count: 0 }));
    const resetSeconds = Math.max(1, Math.ceil((w.start + windowMs - now) / 1000));
    if (w.count >= rule.limit) return { ok: false, limit: rule.limit, remaining: 0, resetSeconds };
    w.count += 1;
    return { ok: true, limit: rule.limit, remaining: rule.limit - w.count, resetSeconds };
  }

  reset(): void {
    this.windows.clear();
  }
}
