/**
 * Per-minute aggregates of a numeric field: count, sum, min, max, the first and the last value with their times.
 * Buckets merge (the store merges a batch's buckets into the ones already on disk the same way), so records that
 * arrive late (a car's buffered upload) still land in their own minute.
 */
import type { Sample } from './samples';

export const MINUTE_MS = 60_000;

export interface MinuteBucket {
  vin: string;
  field: string;
  /** Start of the minute, epoch ms (UTC). */
  minute: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  first: number;
  firstAt: number;
  last: number;
  lastAt: number;
}

/** Start of the minute holding `at`. */
export const minuteOf = (at: number): number => Math.floor(at / MINUTE_MS) * MINUTE_MS;

/** The average of a bucket. */
export const bucketAvg = (b: Pick<MinuteBucket, 'sum' | 'count'>): number => b.sum / b.count;

const keyOf = (vin: string, field: string, minute: number): string => `${vin}\u0000${field}\u0000${minute}`;

/** `a` and `b` (same vin, field and minute) as one bucket; ties on time keep `b`'s last (it arrived later). */
export function mergeBuckets(a: MinuteBucket, b: MinuteBucket): MinuteBucket {
  const firstFromB = b.firstAt < a.firstAt;
  const lastFromB = b.lastAt >= a.lastAt;
  return {
    vin: a.vin,
    field: a.field,
    minute: a.minute,
    count: a.count + b.count,
    sum: a.sum + b.sum,
    min: Math.min(a.min, b.min),
    max: Math.max(a.max, b.max),
    first: firstFromB ? b.first : a.first,
    firstAt: firstFromB ? b.firstAt : a.firstAt,
    last: lastFromB ? b.last : a.last,
    lastAt: lastFromB ? b.lastAt : a.lastAt,
  };
}

/** Collects numeric samples into minute buckets; `take()` hands them over and starts afresh. */
export class MinuteAggregator {
  private buckets = new Map<string, MinuteBucket>();

  add(s: Sample): void {
    if (s.num === undefined || !Number.isFinite(s.num)) return;
    const minute = minuteOf(s.at);
    const key = keyOf(s.vin, s.field, minute);
    const one: MinuteBucket = {
      vin: s.vin,
      field: s.field,
      minute,
      count: 1,
      sum: s.num,
      min: s.num,
      max: s.num,
      first: s.num,
      firstAt: s.at,
      last: s.num,
      lastAt: s.at,
    };
    const had = this.buckets.get(key);
    this.buckets.set(key, had ? mergeBuckets(had, one) : one);
  }

  get size(): number {
    return this.buckets.size;
  }

  take(): MinuteBucket[] {
    const out = [...this.buckets.values()];
    this.buckets = new Map();
    return out;
  }
}

/** Buckets of `samples` (all at once), sorted by vin, field, minute. */
export function aggregateSamples(samples: Iterable<Sample>): MinuteBucket[] {
  const agg = new MinuteAggregator();
  for (const s of samples) agg.add(s);
  return agg.take().sort((a, b) => a.vin.localeCompare(b.vin) || a.field.localeCompare(b.field) || a.minute - b.minute);
}

/** Buckets merged into `stepMs`-wide buckets (one field of one VIN, in time order): for charts over days. */
export function rollupBuckets(buckets: readonly MinuteBucket[], stepMs: number): MinuteBucket[] {
  if (stepMs <= MINUTE_MS) return [...buckets];
  const out = new Map<string, MinuteBucket>();
  for (const b of buckets) {
    const start = Math.floor(b.minute / stepMs) * stepMs;
    const key = keyOf(b.vin, b.field, start);
    const had = out.get(key);
    const moved = { ...b, minute: start };
    out.set(key, had ? mergeBuckets(had, moved) : moved);
  }
  return [...out.values()].sort((a, b) => a.field.localeCompare(b.field) || a.minute - b.minute);
}
