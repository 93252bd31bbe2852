import * as vscode from 'vscode';
import type { BridgeLink } from './bridge-link';
import type { BridgeStatus, PlaybackControl } from './messages';
import type { PlaybackClock } from './model/playback';
import type { FeedRecord, TelemetryStore } from './model/store';

/** What the Live Telemetry panel, the Telemetry view and the status bar show: the bridge's feed, an MQTT broker, or a recording. */
export interface PanelSource {
  readonly kind: 'bridge' | 'mqtt' | 'recording';
  readonly store: TelemetryStore;
  readonly status: BridgeStatus;
  readonly onRecords: vscode.Event<FeedRecord[]>;
  readonly onDidChange: vscode.Event<void>;
  /** The store was rebuilt (a recording went back): the panel draws it again from store.records(). */
  readonly onDidReset?: vscode.Event<void>;
  /** A recording's clock, for the playback bar. */
  playbackClock?(): PlaybackClock;
  control?(msg: PlaybackControl): void;
  dispose(): void;
}

/**
 * The source attached now: the bridge unless an MQTT broker or a recording was attached instead; detaching one
 * goes back to the bridge (which keeps running meanwhile). Events follow the attached source.
 */
export class TelemetrySources implements vscode.Disposable {
  private active: PanelSource;
  private wiring: vscode.Disposable[] = [];
  private readonly records = new vscode.EventEmitter<FeedRecord[]>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly reset = new vscode.EventEmitter<void>();
  /** Records from the attached source. */
  readonly onRecords = this.records.event;
  /** Its status changed, or another source was attached. */
  readonly onDidChange = this.changed.event;
  /** Another source was attached, or the attached one rebuilt its store: redraw from `store`. */
  readonly onDidReset = this.reset.event;

  constructor(readonly bridge: BridgeLink) {
    this.active = bridge;
    this.wire();
  }

  get current(): PanelSource {
    return this.active;
  }
  get store(): TelemetryStore {
    return this.active.store;
  }
  get status(): BridgeStatus {
    return this.active.status;
  }

  private wire(): void {
    for (const d of this.wiring.splice(0)) d.dispose();
    const s = this.active;
    this.wiring.push(
      s.onRecords((r) => this.records.fire(r)),
      s.onDidChange(() => this.changed.fire()),
      ...(s.onDidReset ? [s.onDidReset(() => this.reset.fire())] : []),
    );
  }

  /** Shows `source` instead of what is attached now (an MQTT broker or a recording is closed; the bridge keeps running). */
  use(source: PanelSource): void {
    const previous = this.active;
    this.active = source;
    this.wire();
    if (previous !== this.bridge) previous.dispose();
    this.reset.fire();
    this.changed.fire();
  }

  /** Back to the bridge; false when the bridge was what was attached. */
  detach(): boolean {
    if (this.active === this.bridge) return false;
    this.use(this.bridge);
    return true;
  }

  dispose(): void {
    for (const d of this.wiring.splice(0)) d.dispose();
    if (this.active !== this.bridge) this.active.dispose();
    this.records.dispose();
    this.changed.dispose();
    this.reset.dispose();
  }
}
