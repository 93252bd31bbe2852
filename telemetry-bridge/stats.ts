/** Counters the bridge exposes (feed `stats` messages, `RunningBridge.stats()`). */

export interface BridgeStats {
  connected_vehicles: number;
  connections_total: number;
  records_total: number;
  records_by_topic: Record<string, number>;
  /** Records per second over the last few seconds. */
  records_per_second: number;
  acks_sent: number;
  malformed_total: number;
  oversized_total: number;
  rate_limited_total: number;
  text_frames_total: number;
  handshake_failures_total: number;
  identity_refused_total: number;
  spool_errors_total: number;
  /** True while vehicles are not being read because the spool is behind (backpressure). */
  ingest_paused: boolean;
  /** Times backpressure has paused ingest. */
  ingest_pauses_total: number;
  /** Times a vehicle stopped being read because it was not reading its acks. */
  reply_pauses_total: number;
  feed_subscribers: number;
  feed_dropped_total: number;
  /** Records not written to stdout because its reader stalled (more than 16 MiB unwritten). */
  stdout_dropped_total: number;
}

const WINDOW_S = 5;

/** Records/s over a sliding window of one-second buckets. */
export class RateMeter {
  private readonly buckets = new Array<number>(WINDOW_S + 1).fill(0);
  private second = Math.floor(Date.now() / 1000);

  private advance(now: number): void {
    const s = Math.floor(now / 1000);
    if (s === this.second) return;
    const steps = Math.min(s - this.second, this.buckets.length);
    for (let i = 1; i <= steps; i++) this.buckets[(this.second + i) % this.buckets.length] = 0;
    this.second = s;
  }

  add(n = 1, now = Date.now()): void {
    this.advance(now);
    this.buckets[this.second % this.buckets.length] += n;
  }

  /** Average over the last WINDOW_S complete seconds. */
  rate(now = Date.now()): number {
    this.advance(now);
    let sum = 0;
    for (let i = 1; i <= WINDOW_S; i++) sum += this.buckets[(this.second - i + this.buckets.length * 2) % this.buckets.length];
    return sum / WINDOW_S;
  }
}
