import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BridgeStatus, PlaybackControl } from './messages';
import { Playback, type PlaybackClock, type PlaybackItem } from './model/playback';
import { TelemetryStore, type FeedRecord } from './model/store';
import type { PanelSource } from './sources';

/** How often a playing recording hands its due records to the panel. */
const TICK_MS = 100;

/** A recording (spool files) played in the panel: the Playback model ticked by a timer, into its own store. */
export class RecordingSource implements PanelSource {
  readonly kind = 'recording' as const;
  readonly store: TelemetryStore;
  private readonly playback: Playback;
  private readonly recordsEmitter = new vscode.EventEmitter<FeedRecord[]>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly resetEmitter = new vscode.EventEmitter<void>();
  readonly onRecords = this.recordsEmitter.event;
  readonly onDidChange = this.changed.event;
  readonly onDidReset = this.resetEmitter.event;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly files: readonly string[],
    items: readonly PlaybackItem[],
    historyMs: number,
  ) {
    this.store = new TelemetryStore({ historyMs, maxRecords: Math.max(50_000, items.length) });
    this.playback = new Playback(items);
    for (const r of this.playback.advance(Date.now())) this.store.add(r);
  }

  get status(): BridgeStatus {
    const name = this.files.length === 1 ? path.basename(this.files[0]!) : `${path.basename(this.files[0]!)} and ${this.files.length - 1} more`;
    return {
      state: 'running',
      word: this.playback.playing ? 'playing' : 'paused',
      detail: `recording ${name}`,
      canStop: false,
      canDetach: true,
      startLabel: 'Start bridge',
      connectedVehicles: this.store.vehicles().filter((v) => v.connected).length,
      recordsPerSecond: 0,
      recordsTotal: this.playback.items.length,
      dropped: 0,
      feedConnected: true,
      sourceLabel: 'Recording',
    };
  }

  playbackClock(): PlaybackClock {
    return this.playback.clock(Date.now());
  }

  play(): void {
    this.control({ type: 'playback', action: 'play' });
  }

  control(msg: PlaybackControl): void {
    const now = Date.now();
    if (msg.type === 'playback' && msg.action === 'play') {
      if (this.playback.play(now)) this.rebuild(this.playback.advance(now));
      this.timer ??= setInterval(() => this.tick(), TICK_MS);
    } else if (msg.type === 'playback') {
      this.playback.pause(now);
    } else if (msg.type === 'playbackSpeed') {
      if (Number.isFinite(msg.speed) && msg.speed > 0) this.playback.setSpeed(msg.speed, now);
    } else if (Number.isFinite(msg.position)) {
      const { reset, records } = this.playback.seek(msg.position, now);
      if (reset) this.rebuild(records);
      else this.deliver(records);
    }
    this.changed.fire();
  }

  private tick(): void {
    const records = this.playback.advance(Date.now());
    this.deliver(records);
    if (!this.playback.playing) {
      clearInterval(this.timer);
      this.timer = undefined;
      this.changed.fire();
    }
  }

  private deliver(records: FeedRecord[]): void {
    if (!records.length) return;
    for (const r of records) this.store.add(r);
    this.recordsEmitter.fire(records);
  }

  private rebuild(records: FeedRecord[]): void {
    this.store.clear();
    for (const r of records) this.store.add(r);
    this.resetEmitter.fire();
  }

  dispose(): void {
    clearInterval(this.timer);
    this.recordsEmitter.dispose();
    this.changed.dispose();
    this.resetEmitter.dispose();
  }
}
