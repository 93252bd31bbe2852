/**
 * The dispatcher contract: each one sends a record to one kind of broker, fleet-telemetry's way
 * (/work/tesla/fleet-telemetry/telemetry/producer.go's Producer). publish() settles when the broker has confirmed every
 * publish of the record (the point where fleet-telemetry sends a reliable ack); the stats are what /metrics and the
 * bridge's stats show.
 */
import type { ALERT_RECORD_TYPE } from '../../core/alerts/record';
import type { RecordTopic } from '../../core/telemetry-wire/topics';
import type { DispatchRecord } from './dispatch-record';

/** fleet-telemetry's dispatcher names (telemetry/producer.go); the first four are implemented here. */
export const IMPLEMENTED_DISPATCHERS = ['logger', 'mqtt', 'redis', 'zmq'] as const;
export type DispatcherName = (typeof IMPLEMENTED_DISPATCHERS)[number];
/** Known to fleet-telemetry, refused here by name. */
export const REFUSED_DISPATCHERS = ['kafka', 'kinesis', 'pubsub'] as const;

export interface DispatcherStats {
  /** Records whose every publish the broker confirmed. */
  published: number;
  /** Broker messages sent (an MQTT record is one message per field). */
  messages: number;
  /** Payload bytes sent. */
  bytes: number;
  /** Records whose publish failed or timed out. */
  errors: number;
  /** Records not handed to the broker because the dispatcher's queue was full. */
  dropped: number;
  /** Records handed to the broker and not yet confirmed. */
  inflight: number;
  /** Sum of publish latencies (ms) of the confirmed records, for an average. */
  latencyMsTotal: number;
  /** Whether the client is connected to its broker now. */
  connected: boolean;
}

export function emptyStats(): DispatcherStats {
  return { published: 0, messages: 0, bytes: 0, errors: 0, dropped: 0, inflight: 0, latencyMsTotal: 0, connected: false };
}

export interface Dispatcher {
  readonly name: DispatcherName;
  readonly stats: DispatcherStats;
  /** Connects (or binds); rejects with a message naming the broker when it cannot. */
  start(): Promise<void>;
  /** Resolves when the broker confirmed every publish of the record; rejects when one failed or timed out. */
  publish(record: DispatchRecord): Promise<void>;
  close(): Promise<void>;
}

/** Payload encoding of the redis and zmq dispatchers: fleet-telemetry's transmit_decoded_records. */
export type PayloadFormat = 'protobuf' | 'json';

export interface MqttDispatcherConfig {
  /** mqtt://host:port (fleet-telemetry's `broker`, "host:port" or tcp://host:port). */
  url: string;
  clientId: string;
  username?: string;
  password?: string;
  topicBase: string;
  qos: 0 | 1 | 2;
  retained: boolean;
  connectTimeoutMs: number;
  publishTimeoutMs: number;
  disconnectTimeoutMs: number;
  connectRetryIntervalMs: number;
  keepAliveSeconds: number;
}

export interface RedisDispatcherConfig {
  /** redis://host:port of the first of `addrs`. */
  url: string;
  username?: string;
  password?: string;
  db: number;
  publishTimeoutMs: number;
  publishVinTopics: boolean;
  subscriberSetPrefix: string;
}

export interface ZmqDispatcherConfig {
  /** The address the PUB socket binds, e.g. tcp://127.0.0.1:5284. */
  addr: string;
}

export interface LoggerDispatcherConfig {
  /** Each V field's value under its type name, as fleet-telemetry's logger `verbose`. */
  verbose: boolean;
}

/**
 * What the dispatchers carry: fleet-telemetry's record types, and Fleetkit's own alert records (`fleetkit_alerts`,
 * docs/bridge-dispatchers.md): fleet-telemetry has no such type.
 */
export type DispatchTopic = RecordTopic | typeof ALERT_RECORD_TYPE;

/** Which dispatchers each record type goes to, and how each is set up. */
export interface DispatchConfig {
  namespace: string;
  format: PayloadFormat;
  records: Partial<Record<DispatchTopic, DispatcherName[]>>;
  /** Record types acked only once this dispatcher confirmed them (fleet-telemetry's reliable_ack_sources; never alerts). */
  reliableAckSources: Partial<Record<RecordTopic, DispatcherName>>;
  logger: LoggerDispatcherConfig;
  mqtt?: MqttDispatcherConfig;
  redis?: RedisDispatcherConfig;
  zmq?: ZmqDispatcherConfig;
  /** Records a dispatcher may have in flight before more are dropped (counted); default DEFAULT_QUEUE_LIMIT. */
  queueLimit?: number;
}

export const DEFAULT_QUEUE_LIMIT = 10_000;

/** Why a record was not acked: its reliable-ack dispatcher did not confirm it (the vehicle sends it again). */
export class DispatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DispatchError';
  }
}
