/**
 * Playing a recording (the bridge's spool) in the Live Telemetry panel: a position on the recording's timeline that
 * moves with the wall clock × speed while playing, and the records that became due since the last look. Pure: the
 * host ticks it (client/telemetry/recording-source.ts) and the webview only draws what it is given.
 */
import type { FeedRecord } from './store';

export interface PlaybackItem {
  /** Timeline position (ms): the record's vehicle time, never before the one before it (spool order is kept). */
  at: number;
  record: FeedRecord;
}

/** What the webview needs to draw the bar and to age values against the recording's time, not today's. */
export interface PlaybackClock {
  /** Current position (ms, recording time). */
  position: number;
  start: number;
  end: number;
  speed: number;
  playing: boolean;
  /** Records shown so far, of `count`. */
  shown: number;
  count: number;
}

/** Speeds the panel offers. */
export const PLAYBACK_SPEEDS = [0.5, 1, 2, 5, 10, 50] as const;

/** The timeline of records in recorded order (each with its vehicle time, e.g. from core/telemetry-replay recordTime). */
export function playbackTimeline(records: ReadonlyArray<{ record: FeedRecord; createdAt: number }>): PlaybackItem[] {
  let last = -Infinity;
  return records.map(({ record, createdAt }) => {
    last = Math.max(last, createdAt);
    return { at: last, record };
  });
}

/** The position a clock shows `elapsedMs` after it was taken. */
export function clockPosition(c: Pick<PlaybackClock, 'position' | 'end' | 'speed' | 'playing'>, elapsedMs: number): number {
  return c.playing ? Math.min(c.end, c.position + Math.max(0, elapsedMs) * c.speed) : c.position;
}

export class Playback {
  readonly start: number;
  readonly end: number;
  private next = 0;
  private anchor: number;
  private anchorWall = 0;
  private speedValue = 1;
  private playingValue = false;

  constructor(readonly items: readonly PlaybackItem[]) {
    this.start = items[0]?.at ?? 0;
    this.end = items[items.length - 1]?.at ?? 0;
    this.anchor = this.start;
  }

  get playing(): boolean {
    return this.playingValue;
  }
  get speed(): number {
    return this.speedValue;
  }
  /** Records handed out so far. */
  get shown(): number {
    return this.next;
  }

  position(now: number): number {
    return clockPosition({ position: this.anchor, end: this.end, speed: this.speedValue, playing: this.playingValue }, now - this.anchorWall);
  }

  private reanchor(now: number): void {
    this.anchor = this.position(now);
    this.anchorWall = now;
  }

  /** Plays from where it is (from the start again when it had reached the end). Returns true when it went back to the start. */
  play(now: number): boolean {
    this.reanchor(now);
    const restart = this.next >= this.items.length && this.items.length > 0;
    if (restart) {
      this.anchor = this.start;
      this.next = 0;
    }
    this.playingValue = true;
    return restart;
  }

  pause(now: number): void {
    this.reanchor(now);
    this.playingValue = false;
  }

  setSpeed(speed: number, now: number): void {
    if (!Number.isFinite(speed) || speed <= 0) throw new Error(`a playback speed must be a number above 0, got ${speed}`);
    this.reanchor(now);
    this.speedValue = speed;
  }

  /** The records due by `now` that were not handed out yet, in order. Playing stops at the end. */
  advance(now: number): FeedRecord[] {
    const pos = this.position(now);
    const out: FeedRecord[] = [];
    while (this.next < this.items.length && this.items[this.next]!.at <= pos) out.push(this.items[this.next++]!.record);
    if (this.playingValue && this.next >= this.items.length) {
      this.reanchor(now);
      this.playingValue = false;
    }
    return out;
  }

  /**
   * Moves to `position` (clamped to the recording). Forward: the records in between (`reset` false). Back: the
   * panel starts over, so `reset` is true and `records` are all of them up to the position.
   */
  seek(position: number, now: number): { reset: boolean; records: FeedRecord[] } {
    const to = Math.min(this.end, Math.max(this.start, position));
    const back = to < this.position(now);
    this.anchor = to;
    this.anchorWall = now;
    if (back) this.next = 0;
    const records = this.advance(now);
    return { reset: back, records };
  }

  clock(now: number): PlaybackClock {
    return {
      position: this.position(now),
      start: this.start,
      end: this.end,
      speed: this.speedValue,
      playing: this.playingValue,
      shown: this.next,
      count: this.items.length,
    };
  }
}
