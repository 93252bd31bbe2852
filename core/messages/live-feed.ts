/**
 * The telemetry bridge's records and its live feed (telemetry-bridge/README.md, "Record shape" and "Live feed
 * protocol"). The bridge builds the feed's control messages with these types (telemetry-bridge/outputs/live-feed.ts,
 * bridge.ts) and writes record lines straight into byte buffers in this shape (telemetry-bridge/record.ts, its hot
 * path: types only there); the extension reads every message with parseFeedMessage (client/telemetry/feed-client.ts).
 */
import { isAlert, type Alert } from '../alerts/alert';
import type { RecordTopic } from '../telemetry-wire/topics';

/** The `protocol` of the feed's hello. */
export const FEED_PROTOCOL_VERSION = 1;

const RECORD_TOPICS: { readonly [T in RecordTopic]: true } = { V: true, alerts: true, errors: true, connectivity: true };

/** The metadata of a record, in the order telemetry-bridge/record.ts writes its keys. */
export interface RecordMeta {
  /** Topic / record type: V, alerts, errors, connectivity. */
  txtype: RecordTopic;
  /** From the verified client certificate, never the message body. */
  vin: string;
  /** The envelope's txid (empty for bridge-generated connectivity records). */
  txid: string;
  /** Receive time, epoch milliseconds. */
  received_at: number;
  connection_id: string;
  /** The vehicle's `Version` header. */
  device_client_version: string;
  /** The envelope's message_id (empty for connectivity records). */
  message_id: string;
  /** Monotonic per bridge process. */
  seq: number;
}

/** One record: a spool line, a `--stdout` line, an item of a feed `records` message. */
export interface TelemetryRecord extends RecordMeta {
  /**
   * fleet-telemetry's decoded record (its transmit_decoded_records JSON); for connectivity
   * `{vin, connectionId, status, createdAt, networkInterface}`.
   */
  record: Record<string, unknown>;
}

/** A vehicle connected when a subscriber arrives (its CONNECTED record went out before). */
export interface FeedHelloVehicle {
  vin: string;
  connectionId: string;
  clientVersion: string;
  networkInterface: string;
  /** Epoch milliseconds. */
  connectedAt: number;
}

/** The first message on every feed connection. */
export interface FeedHello {
  type: 'hello';
  protocol: number;
  /** Records a subscriber may have queued before its oldest are dropped. */
  queue_limit: number;
  vehicles: FeedHelloVehicle[];
}

/** Up to 1,000 records in arrival order. */
export interface FeedRecords {
  type: 'records';
  records: TelemetryRecord[];
}

/** This subscriber fell behind: its `count` oldest queued records were discarded (`total` since it connected). */
export interface FeedDropped {
  type: 'dropped';
  count: number;
  total: number;
}

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
  /** fleet-telemetry dispatchers in use (server config `records`), by name; absent without any. */
  dispatchers?: Record<string, BridgeDispatcherStats>;
}

/** One dispatcher's counters (telemetry-bridge/dispatchers). A record not published is counted in errors or dropped. */
export interface BridgeDispatcherStats {
  /** Records the broker confirmed. */
  published: number;
  /** Broker messages sent (MQTT: one per field). */
  messages: number;
  bytes: number;
  /** Records whose publish failed or timed out. */
  errors: number;
  /** Records dropped because too many were unconfirmed (broker slow or away). */
  dropped: number;
  /** Records waiting for the broker's confirmation. */
  inflight: number;
  connected: boolean;
}

/** Every second, to subscribers that are keeping up. */
export interface FeedStats extends BridgeStats {
  type: 'stats';
  /** Epoch milliseconds. */
  at: number;
}

/** One alert a rule fired (the bridge's `--alerts`, docs/alerts.md), sent as it fires. */
export interface FeedAlert {
  type: 'alert';
  alert: Alert;
}

export type FeedMessage = FeedHello | FeedRecords | FeedDropped | FeedStats | FeedAlert;

const STATS_COUNTERS: { readonly [K in keyof BridgeStats as BridgeStats[K] extends number ? K : never]: true } = {
  connected_vehicles: true,
  connections_total: true,
  records_total: true,
  records_per_second: true,
  acks_sent: true,
  malformed_total: true,
  oversized_total: true,
  rate_limited_total: true,
  text_frames_total: true,
  handshake_failures_total: true,
  identity_refused_total: true,
  spool_errors_total: true,
  ingest_pauses_total: true,
  reply_pauses_total: true,
  feed_subscribers: true,
  feed_dropped_total: true,
  stdout_dropped_total: true,
};

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** True for a record with every RecordMeta key of its type and a `record` object. */
export function isTelemetryRecord(v: unknown): v is TelemetryRecord {
  return (
    isObject(v) &&
    typeof v.txtype === 'string' &&
    Object.hasOwn(RECORD_TOPICS, v.txtype) &&
    typeof v.vin === 'string' &&
    typeof v.txid === 'string' &&
    Number.isFinite(v.received_at) &&
    typeof v.connection_id === 'string' &&
    typeof v.device_client_version === 'string' &&
    typeof v.message_id === 'string' &&
    Number.isFinite(v.seq) &&
    isObject(v.record)
  );
}

function isHelloVehicle(v: unknown): v is FeedHelloVehicle {
  return (
    isObject(v) &&
    typeof v.vin === 'string' &&
    typeof v.connectionId === 'string' &&
    typeof v.clientVersion === 'string' &&
    typeof v.networkInterface === 'string' &&
    Number.isFinite(v.connectedAt)
  );
}

/**
 * Reads one feed message (a text frame). Returns undefined for a well-formed message of a type this reader does not
 * know (a newer bridge may add some: ignore it); throws a readable Error for anything malformed. Within a `records`
 * or `hello` message, an item that does not have the documented shape is left out and the rest kept.
 */
export function parseFeedMessage(text: string): FeedMessage | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new Error('a live feed message is not JSON');
  }
  if (!isObject(v) || typeof v.type !== 'string') throw new Error('a live feed message is not a JSON object with a "type"');
  switch (v.type) {
    case 'records':
      if (!Array.isArray(v.records)) throw new Error('a live feed "records" message has no records list');
      return { type: 'records', records: v.records.filter(isTelemetryRecord) };
    case 'hello':
      if (!isCount(v.protocol) || !isCount(v.queue_limit) || !Array.isArray(v.vehicles)) {
        throw new Error('a live feed "hello" needs a protocol number, a queue_limit and a vehicles list');
      }
      return { type: 'hello', protocol: v.protocol, queue_limit: v.queue_limit, vehicles: v.vehicles.filter(isHelloVehicle) };
    case 'dropped':
      if (!isCount(v.count) || !isCount(v.total)) throw new Error('a live feed "dropped" needs whole numbers "count" and "total"');
      return { type: 'dropped', count: v.count, total: v.total };
    case 'stats': {
      const bad = Object.keys(STATS_COUNTERS).filter((k) => !Number.isFinite(v[k]));
      if (!Number.isFinite(v.at)) bad.unshift('at');
      if (typeof v.ingest_paused !== 'boolean') bad.push('ingest_paused');
      if (!isObject(v.records_by_topic) || !Object.values(v.records_by_topic).every(Number.isFinite)) bad.push('records_by_topic');
      if (bad.length) throw new Error(`a live feed "stats" message has no valid ${bad.join(', ')}`);
      return v as unknown as FeedStats;
    }
    case 'alert':
      if (!isAlert(v.alert)) {
        throw new Error('a live feed "alert" needs an alert with rule, vin, at (ISO 8601), field, value, severity, kind and message');
      }
      return { type: 'alert', alert: v.alert };
    default:
      return undefined;
  }
}
