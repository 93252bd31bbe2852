import type { BillingCategory } from '../world/types';

export interface UsageCounts {
  data: number;
  commands: number;
  wakes: number;
  /** Fleet Telemetry streaming signals (reported by the telemetry surface via addSignals). */
  signals: number;
  /** Billable calls that answered 4xx (already included in the category counts). */
  errors4xx: number;
  byStatus: Record<string, number>;
}

const empty = (): UsageCounts => ({ data: 0, commands: 0, wakes: 0, signals: 0, errors4xx: 0, byStatus: {} });

/**
 * Counts billable calls per caller, like Tesla's billing: every response below 500 is billed in its category
 * (so 4xx such as 408 and 429 count), 5xx are free, auth endpoints are free.
 */
export class UsageMeter {
  private readonly counts = new Map<string, UsageCounts>();
  private sinceMs: number;

  constructor(private readonly now: () => number) {
    this.sinceMs = now();
  }

  /** Records one call; returns whether it was billable. */
  record(key: string, category: BillingCategory, status: number): boolean {
    if (status >= 500) return false;
    let c = this.counts.get(key);
    if (!c) this.counts.set(key, (c = empty()));
    c[category] += 1;
    if (status >= 400) c.errors4xx += 1;
    c.byStatus[String(status)] = (c.byStatus[String(status)] ?? 0) + 1;
    return true;
  }

  /** Counts streamed telemetry signals (billed per signal, not per request). */
  addSignals(key: string, count: number): void {
    if (!(count > 0)) return;
    let c = this.counts.get(key);
    if (!c) this.counts.set(key, (c = empty()));
    c.signals += count;
  }

  get(key: string): UsageCounts {
    return structuredClone(this.counts.get(key) ?? empty());
  }

  keys(): string[] {
    return [...this.counts.keys()];
  }

  totals(): UsageCounts {
    const t = empty();
    for (const c of this.counts.values()) {
      t.data += c.data;
      t.commands += c.commands;
      t.wakes += c.wakes;
      t.signals += c.signals;
      t.errors4xx += c.errors4xx;
      for (const [s, n] of Object.entries(c.byStatus)) t.byStatus[s] = (t.byStatus[s] ?? 0) + n;
    }
    return t;
  }

  get since(): number {
    return this.sinceMs;
  }

  reset(): void {
    this.counts.clear();
    this.sinceMs = this.now();
  }
}
