/** Records per second for the bridge's stats (BridgeStats: core/messages/live-feed.ts). */

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
