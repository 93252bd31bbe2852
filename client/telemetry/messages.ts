import type { FeedRecord } from './model/store';

/** What the panel shows about the bridge (no token, no secrets). */
export interface BridgeStatus {
  state: 'stopped' | 'starting' | 'running' | 'failed';
  /** One line: "bridge on 127.0.0.1:4443 (started by Fleetkit)", or why it failed. */
  detail: string;
  connectedVehicles: number;
  recordsPerSecond: number;
  recordsTotal: number;
  dropped: number;
  feedConnected: boolean;
}

export type HostToWebview =
  | { type: 'init'; historyMs: number; records: FeedRecord[]; focusVin?: string; status: BridgeStatus; locale: string; names: Record<string, string> }
  | { type: 'records'; records: FeedRecord[] }
  | { type: 'status'; status: BridgeStatus }
  /** Opened from a vehicle: the panel filters to it (`vin:…` in the filter box, which the user can clear). */
  | { type: 'focus'; vin: string }
  /** Display names by VIN (the vehicle list's, or what the car streams as VehicleName). */
  | { type: 'names'; names: Record<string, string> }
  | { type: 'exported'; path: string; count: number };

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'export'; format: 'json' | 'csv'; filter: string }
  | { type: 'startBridge' }
  | { type: 'stopBridge' };
