/**
 * The recorded pace: record i goes out (createdAt_i − createdAt_0) / speed after the first, in spool order and never
 * earlier than the one before it (a resend, or another car's clock, that is behind goes out at once). Speed 0: no
 * waiting at all (as fast as acks allow).
 */
export class ReplayPace {
  private first: number | undefined;
  private last = 0;

  constructor(readonly speed: number) {
    if (!Number.isFinite(speed) || speed < 0) throw new Error(`the speed must be a number ≥ 0 (1 = as recorded, 0 = as fast as acks allow), got ${speed}`);
  }

  /** Milliseconds after the start at which a record with this vehicle time goes out. */
  offsetOf(createdAt: number): number {
    if (this.speed === 0) return 0;
    this.first ??= createdAt;
    this.last = Math.max(this.last, (createdAt - this.first) / this.speed);
    return this.last;
  }
}
