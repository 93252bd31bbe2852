/**
 * Backpressure for ingest. Reading from vehicles stops (their sockets are paused, so TCP pushes back and the cars
 * keep their messages) while an output's backlog is above its high-water mark, and a single connection stops while
 * its own unsent replies pile up (a car that does not read its acks). Nothing is dropped and the bridge's memory
 * stays bounded; reading resumes below the low-water mark.
 */
export interface Pausable {
  pause(): void;
  resume(): void;
}

/** Why a connection is paused; it resumes when no reason is left. */
export type PauseReason = 'outputs' | 'replies';

export class PauseState {
  private readonly reasons = new Set<PauseReason>();

  constructor(private readonly target: Pausable) {}

  get paused(): boolean {
    return this.reasons.size > 0;
  }

  set(reason: PauseReason, on: boolean): void {
    const was = this.reasons.size > 0;
    if (on) this.reasons.add(reason);
    else this.reasons.delete(reason);
    const now = this.reasons.size > 0;
    if (now && !was) this.target.pause();
    else if (!now && was) this.target.resume();
  }
}

/** Hysteresis over a backlog measure: closed above `high`, open again at or below `low`. */
export class IngestGate {
  private closed = false;
  private readonly members = new Set<PauseState>();
  /** Times the gate has closed (reported in the stats). */
  closings = 0;

  constructor(
    private readonly backlog: () => number,
    private readonly high: number,
    private readonly low = high / 2,
  ) {}

  get isClosed(): boolean {
    return this.closed;
  }

  add(member: PauseState): void {
    this.members.add(member);
    if (this.closed) member.set('outputs', true);
  }

  delete(member: PauseState): void {
    this.members.delete(member);
  }

  /** Re-reads the backlog; call after queuing output and after an output drains. */
  check(): void {
    const b = this.backlog();
    if (!this.closed && b > this.high) {
      this.closed = true;
      this.closings++;
      for (const m of this.members) m.set('outputs', true);
    } else if (this.closed && b <= this.low) {
      this.closed = false;
      for (const m of this.members) m.set('outputs', false);
    }
  }
}
