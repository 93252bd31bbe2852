/**
 * Messages between the telemetry bridge's cluster primary and its worker processes (`fleetkit bridge --workers N`,
 * telemetry-bridge/cluster/), over Node's cluster IPC channel with the 'advanced' serialization (so record lines
 * travel as bytes). Messages carry a `bridge` key (other users of the channel, such as Node's own, do not).
 */
import type { BridgeStats, FeedHelloVehicle } from './live-feed';

/** Worker → primary. */
export type WorkerToPrimary =
  /** Listening: the shared port (the same for every worker) and what the worker trusts. */
  | { bridge: 'ready'; host: string; port: number; statusUrl: string; teslaCertificates: number; extraCertificates: number }
  /** A vehicle connected to (add) or left (delete) this worker. */
  | { bridge: 'vehicle'; op: 'add' | 'delete'; vehicle: FeedHelloVehicle }
  /** The worker's counters, every second. */
  | { bridge: 'stats'; stats: BridgeStats }
  /** Records for the primary's feed and stdout: their JSON lines, each followed by a newline. */
  | { bridge: 'lines'; count: number; data: Uint8Array }
  /** Lines not forwarded because the channel to the primary was backed up. */
  | { bridge: 'dropped'; count: number }
  /** Answer to a metrics request: prom-client's getMetricsAsJSON() of the worker's registry. */
  | { bridge: 'metrics'; id: number; metrics: unknown[] };

/** Primary → worker. */
export type PrimaryToWorker =
  /** Forward record lines (someone reads the feed, or --stdout) or stop forwarding them. */
  | { bridge: 'forward'; on: boolean }
  /** Shut down gracefully (vehicles get close 1001, the spool is flushed), then exit. */
  | { bridge: 'stop' }
  /** Send your metrics (for the primary's /metrics). */
  | { bridge: 'metrics'; id: number };

function hasBridgeKey(m: unknown): boolean {
  return typeof m === 'object' && m !== null && typeof (m as { bridge?: unknown }).bridge === 'string';
}

/** One of ours (not prom-client's), from a worker. */
export function isWorkerToPrimary(m: unknown): m is WorkerToPrimary {
  return hasBridgeKey(m);
}

/** One of ours, from the primary. */
export function isPrimaryToWorker(m: unknown): m is PrimaryToWorker {
  return hasBridgeKey(m);
}
