import type { Alert } from '../../core/alerts/alert';
import type { HistoryQuery, HistoryResponse } from '../../core/messages/history';
import type { PlaybackClock } from './model/playback';
import type { FeedRecord } from './model/store';

/** What the panel shows about the bridge (no token, no secrets). */
export interface BridgeStatus {
  /** `running` covers both a bridge Fleetkit started and one it attached to (see `word`, `canStop`, `canDetach`). */
  state: 'stopped' | 'starting' | 'running' | 'failed' | 'detached' | 'unreachable';
  /** "started by Fleetkit", "attached", "detached", "not answering", "not running"… */
  word: string;
  /** One line: "bridge on 127.0.0.1:4443 (started by Fleetkit)", or why it is not usable. */
  detail: string;
  /** Only a bridge Fleetkit started can be stopped from here. */
  canStop: boolean;
  /** A bridge started elsewhere (npm start): Fleetkit can only stop using it. */
  canDetach: boolean;
  /** What the start button does: start Fleetkit's own bridge, or attach to the one named in settings. */
  startLabel: 'Start bridge' | 'Attach to bridge';
  connectedVehicles: number;
  recordsPerSecond: number;
  recordsTotal: number;
  dropped: number;
  feedConnected: boolean;
  /** What the panel shows when it is not the bridge's feed: "MQTT" (a broker fleet-telemetry writes to) or "Recording". */
  sourceLabel?: 'MQTT' | 'Recording';
}

export type HostToWebview =
  | { type: 'init'; historyMs: number; records: FeedRecord[]; focusVin?: string; status: BridgeStatus; locale: string; names: Record<string, string> }
  | { type: 'records'; records: FeedRecord[] }
  | { type: 'status'; status: BridgeStatus }
  /** Opened from a vehicle: the panel filters to it (`vin:…` in the filter box, which the user can clear). */
  | { type: 'focus'; vin: string }
  /** Display names by VIN (the vehicle list's, or what the car streams as VehicleName). */
  | { type: 'names'; names: Record<string, string> }
  | { type: 'exported'; path: string; count: number }
  /** A recording is playing (its clock: position, speed, playing), or null when the panel shows a live source. */
  | { type: 'playback'; clock: PlaybackClock | null }
  /** Alert rules that fired in the bridge (after `init`: the ones the host kept; then each as it fires). */
  | { type: 'ruleAlerts'; alerts: Alert[] }
  /** The bridge's answer to a `historyRequest` with the same id. */
  | { type: 'historyResult'; id: number; response: HistoryResponse };

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'export'; format: 'json' | 'csv'; filter: string }
  | { type: 'startBridge' }
  | { type: 'stopBridge' }
  | { type: 'detachBridge' }
  /** A history query for the bridge (docs/history.md); the host answers with `historyResult`. */
  | { type: 'historyRequest'; id: number; query: HistoryQuery }
  | PlaybackControl;

/** The playback bar's buttons, for a recording. */
export type PlaybackControl =
  { type: 'playback'; action: 'play' | 'pause' } | { type: 'playbackSpeed'; speed: number } | { type: 'playbackSeek'; position: number };
