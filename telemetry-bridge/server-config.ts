/**
 * fleet-telemetry's own server config (/work/tesla/fleet-telemetry/config/config.go, its README and
 * examples/server_config.json), read strictly: every key is either used, refused with the reason and the fix, or
 * accepted with a warning when it only concerns Tesla's Go process (its profiler). Dispatchers are validated as
 * config.go's ConfigureProducers and configureReliableAckSources do. The result maps onto bridge.json's model plus
 * the dispatch config. `records` also takes Fleetkit's own record type, `fleetkit_alerts` (the bridge's alerts).
 */
import { ALERT_RECORD_TYPE } from '../core/alerts/record';
import type { LogLevel } from '../core/log/logger';
import type { RecordTopic } from '../core/telemetry-wire/topics';
import { BridgeConfigError, type BridgeFileConfig } from './config';
import {
  IMPLEMENTED_DISPATCHERS,
  REFUSED_DISPATCHERS,
  type DispatchConfig,
  type DispatcherName,
  type DispatchTopic,
  type MqttDispatcherConfig,
  type RedisDispatcherConfig,
  type ZmqDispatcherConfig,
} from './dispatchers/types';

type Obj = Record<string, unknown>;

export interface ServerConfigResult {
  /** The keys bridge.json shares with fleet-telemetry (host, port, tls, rate_limit, log_level, use_default_eng_ca). */
  file: BridgeFileConfig;
  dispatch: DispatchConfig;
  /** monitoring.prometheus_metrics_port/host, when set (served by the metrics endpoint). */
  monitoring?: { prometheusMetricsPort?: number; prometheusMetricsHost?: string };
  /** VINs whose signals are counted per VIN in the metrics (at most 20, as config_initializer.go). */
  vinsSignalTracking: string[];
  /** Keys accepted but without effect here, to log at startup. */
  warnings: string[];
}

/** Keys only fleet-telemetry's format has: a file with any of them is read as a server config. */
const SERVER_ONLY_KEYS = [
  'records',
  'namespace',
  'reliable_ack_sources',
  'transmit_decoded_records',
  'json_log_enable',
  'logger',
  'status_port',
  'vins_signal_tracking_enabled',
  'airbrake',
  'mqtt',
  'redis',
  'zmq',
  ...REFUSED_DISPATCHERS,
];
/** Keys only bridge.json has. */
const BRIDGE_ONLY_KEYS: Record<string, string> = {
  spool: '--spool-dir',
  feed: '--feed-port/--no-feed',
  stdout: '--stdout',
  history: '--history',
  workers: '--workers',
};

export type ConfigFormat = 'bridge' | 'fleet-telemetry';

/** Which format a parsed config file is in; a file mixing both is an error naming a key of each. */
export function detectConfigFormat(json: unknown): ConfigFormat {
  if (!isObj(json)) return 'bridge';
  const server = Object.keys(json).find((k) => SERVER_ONLY_KEYS.includes(k));
  if (!server) return 'bridge';
  const ours = Object.keys(json).find((k) => Object.hasOwn(BRIDGE_ONLY_KEYS, k));
  if (ours) {
    throw new BridgeConfigError(
      `"${ours}" is a bridge.json key but "${server}" makes this a fleet-telemetry server config: remove "${ours}" and use the ${BRIDGE_ONLY_KEYS[ours]} flag instead`,
    );
  }
  return 'fleet-telemetry';
}

const RECORD_TYPES: readonly RecordTopic[] = ['V', 'alerts', 'errors', 'connectivity'];
/** What `records` may route: fleet-telemetry's types and the bridge's alert records. */
const DISPATCH_TOPICS: readonly DispatchTopic[] = [...RECORD_TYPES, ALERT_RECORD_TYPE];

const TOP_KEYS = [
  'host',
  'port',
  'status_port',
  'tls',
  'use_default_eng_ca',
  'rate_limit',
  'reliable_ack',
  'reliable_ack_sources',
  'namespace',
  'monitoring',
  'logger',
  'log_level',
  'json_log_enable',
  'records',
  'transmit_decoded_records',
  'vins_signal_tracking_enabled',
  'airbrake',
  'mqtt',
  'redis',
  'zmq',
  ...REFUSED_DISPATCHERS,
];

// logrus level names (github.com/sirupsen/logrus ParseLevel) → ours.
const LOG_LEVEL_OF: Record<string, LogLevel> = {
  panic: 'error',
  fatal: 'error',
  error: 'error',
  warn: 'warn',
  warning: 'warn',
  info: 'info',
  debug: 'debug',
  trace: 'trace',
};

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(path: string, message: string): never {
  throw new BridgeConfigError(`${path}: ${message}`);
}

function obj(v: unknown, path: string): Obj {
  if (!isObj(v)) fail(path, 'must be an object');
  return v;
}

function only(o: Obj, path: string, keys: readonly string[], extra?: Record<string, string>): void {
  for (const k of Object.keys(o)) {
    const at = path === 'config' ? k : `${path}.${k}`;
    if (extra?.[k]) fail(at, extra[k]);
    if (!keys.includes(k)) fail(at, `unknown key (allowed ${path === 'config' ? 'at the top level' : `in ${path}`}: ${keys.join(', ')})`);
  }
}

function str(v: unknown, path: string, allowEmpty = false): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || (!allowEmpty && !v)) fail(path, `must be a ${allowEmpty ? '' : 'non-empty '}string`);
  return v;
}

function int(v: unknown, path: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(path, `must be an integer in ${min}..${max}`);
  return v;
}

function bool(v: unknown, path: string): boolean | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') fail(path, 'must be true or false');
  return v;
}

const REFUSED_WHY: Record<(typeof REFUSED_DISPATCHERS)[number], string> = {
  kafka: 'there is no Kafka broker on this machine to test a Kafka dispatcher against',
  kinesis: 'AWS Kinesis is a cloud service this bridge does not reach',
  pubsub: 'Google Pub/Sub is a cloud service this bridge does not reach',
};

function refusedDispatcher(name: string): string | undefined {
  if (!(REFUSED_DISPATCHERS as readonly string[]).includes(name)) return undefined;
  const why = REFUSED_WHY[name as (typeof REFUSED_DISPATCHERS)[number]];
  return `the "${name}" dispatcher is not supported by Fleetkit's bridge (${why}); use mqtt, redis or zmq, ` + `or run Tesla's fleet-telemetry for ${name}`;
}

/** Validates a parsed fleet-telemetry server config. Paths stay as written. */
export function parseServerConfig(json: unknown): ServerConfigResult {
  const c = obj(json, 'config');
  for (const name of REFUSED_DISPATCHERS) {
    if (c[name] !== undefined) fail(name, `${refusedDispatcher(name)}; remove the "${name}" block`);
  }
  only(c, 'config', TOP_KEYS, {
    status_port: 'not supported: the bridge serves /status on the vehicle port itself; remove status_port',
    airbrake: 'not supported: errors go to the bridge log (stderr); remove the airbrake block',
  });
  const warnings: string[] = [];
  const file: BridgeFileConfig = {
    host: str(c.host, 'host'),
    port: int(c.port, 'port', 0, 65535),
    use_default_eng_ca: bool(c.use_default_eng_ca, 'use_default_eng_ca'),
  };
  if (bool(c.reliable_ack, 'reliable_ack')) {
    fail('reliable_ack', 'fleet-telemetry does not read this key; name the dispatcher to ack after per record type in reliable_ack_sources');
  }
  if (c.log_level !== undefined) {
    const level = LOG_LEVEL_OF[String(c.log_level).toLowerCase()];
    if (typeof c.log_level !== 'string' || !level) fail('log_level', `must be one of ${Object.keys(LOG_LEVEL_OF).join(', ')}`);
    file.log_level = level;
  }
  if (bool(c.json_log_enable, 'json_log_enable')) warnings.push('json_log_enable: the bridge logs in its own text format on stderr');
  if (c.tls !== undefined) {
    const t = obj(c.tls, 'tls');
    only(t, 'tls', ['server_cert', 'server_key', 'ca_file']);
    file.tls = { server_cert: str(t.server_cert, 'tls.server_cert'), server_key: str(t.server_key, 'tls.server_key'), ca_file: str(t.ca_file, 'tls.ca_file') };
  }
  if (c.rate_limit !== undefined) {
    const r = obj(c.rate_limit, 'rate_limit');
    only(r, 'rate_limit', ['enabled', 'message_limit', 'message_interval_time']);
    // fleet-telemetry's RateLimit.Enabled is false unless set (omitempty bool).
    file.rate_limit = {
      enabled: bool(r.enabled, 'rate_limit.enabled') ?? false,
      message_limit: int(r.message_limit, 'rate_limit.message_limit', 1, 1e9),
      message_interval_time: int(r.message_interval_time, 'rate_limit.message_interval_time', 1, 86400),
    };
  } else file.rate_limit = { enabled: false };

  let monitoring: ServerConfigResult['monitoring'];
  if (c.monitoring !== undefined) {
    const m = obj(c.monitoring, 'monitoring');
    only(m, 'monitoring', ['prometheus_metrics_port', 'prometheus_metrics_host', 'profiler_port', 'profiler_host', 'profiling_path'], {
      statsd: 'not supported: the bridge serves Prometheus metrics (prometheus_metrics_port); remove statsd',
    });
    monitoring = {
      prometheusMetricsPort: int(m.prometheus_metrics_port, 'monitoring.prometheus_metrics_port', 0, 65535),
      prometheusMetricsHost: str(m.prometheus_metrics_host, 'monitoring.prometheus_metrics_host'),
    };
    // Served by the bridge's metrics endpoint (telemetry-bridge/metrics); 0 means off in fleet-telemetry (prometheusEnabled).
    if (monitoring.prometheusMetricsPort) file.monitoring = { prometheus_metrics_port: monitoring.prometheusMetricsPort };
    for (const k of ['profiler_port', 'profiler_host', 'profiling_path']) {
      if (m[k] === undefined) continue;
      if (k === 'profiler_port') int(m[k], `monitoring.${k}`, 0, 65535);
      else str(m[k], `monitoring.${k}`);
      warnings.push(`monitoring.${k}: Go's profiler has no equivalent here (profile the bridge with node --cpu-prof)`);
    }
  }

  let vins: string[] = [];
  if (c.vins_signal_tracking_enabled !== undefined && c.vins_signal_tracking_enabled !== null) {
    if (!Array.isArray(c.vins_signal_tracking_enabled)) fail('vins_signal_tracking_enabled', 'must be an array of VINs');
    vins = c.vins_signal_tracking_enabled.map((v, i) => str(v, `vins_signal_tracking_enabled[${i}]`) as string);
    // config_initializer.go validateConfig: maxVinsToTrack = 20.
    if (new Set(vins).size > 20) fail('vins_signal_tracking_enabled', 'set fewer than 20 unique VINs');
  }

  const namespace = str(c.namespace, 'namespace', true) ?? '';
  const format = bool(c.transmit_decoded_records, 'transmit_decoded_records') ? 'json' : 'protobuf';
  const records = parseRecords(c.records);
  const used = new Set(Object.values(records).flat());

  const dispatch: DispatchConfig = {
    namespace,
    format,
    records,
    reliableAckSources: parseReliableAckSources(c.reliable_ack_sources, records),
    logger: { verbose: false },
  };
  if (c.logger !== undefined) {
    const l = obj(c.logger, 'logger');
    only(l, 'logger', ['verbose']);
    dispatch.logger.verbose = bool(l.verbose, 'logger.verbose') ?? false;
  }
  if (c.mqtt !== undefined) dispatch.mqtt = parseMqtt(obj(c.mqtt, 'mqtt'));
  if (c.redis !== undefined) dispatch.redis = parseRedis(obj(c.redis, 'redis'));
  if (c.zmq !== undefined) dispatch.zmq = parseZmq(obj(c.zmq, 'zmq'));
  // config.go ConfigureProducers: "expected MQTT to be configured", and likewise for each dispatcher in use.
  for (const name of ['mqtt', 'redis', 'zmq'] as const) {
    if (used.has(name) && !dispatch[name]) fail('records', `the "${name}" dispatcher is used but there is no "${name}" block configuring it`);
    if (!used.has(name) && dispatch[name]) warnings.push(`${name}: configured but no record type in "records" uses it`);
  }
  return { file, dispatch, monitoring, vinsSignalTracking: vins, warnings };
}

function parseRecords(v: unknown): DispatchConfig['records'] {
  if (v === undefined) return {};
  const r = obj(v, 'records');
  const out: DispatchConfig['records'] = {};
  for (const [type, list] of Object.entries(r)) {
    if (!(DISPATCH_TOPICS as readonly string[]).includes(type)) {
      fail(`records.${type}`, `unknown record type (record types: ${RECORD_TYPES.join(', ')}, and Fleetkit's ${ALERT_RECORD_TYPE})`);
    }
    if (!Array.isArray(list)) fail(`records.${type}`, 'must be an array of dispatcher names');
    // config.go: a record type mapped to no dispatcher is an "unknown_dispatch_rule".
    if (list.length === 0) fail(`records.${type}`, `is empty: name at least one dispatcher (${IMPLEMENTED_DISPATCHERS.join(', ')}) or remove the record type`);
    const names: DispatcherName[] = [];
    list.forEach((name, i) => {
      const path = `records.${type}[${i}]`;
      if (typeof name !== 'string') fail(path, 'must be a dispatcher name');
      const refused = refusedDispatcher(name);
      if (refused) fail(path, refused);
      if (!(IMPLEMENTED_DISPATCHERS as readonly string[]).includes(name)) {
        fail(path, `unknown dispatcher "${name}" (dispatchers: ${IMPLEMENTED_DISPATCHERS.join(', ')})`);
      }
      if (names.includes(name as DispatcherName)) fail(path, `"${name}" is listed twice`);
      names.push(name as DispatcherName);
    });
    out[type as DispatchTopic] = names;
  }
  return out;
}

/** As config.go's configureReliableAckSources, with its rules and its reasons. */
function parseReliableAckSources(v: unknown, records: DispatchConfig['records']): DispatchConfig['reliableAckSources'] {
  if (v === undefined) return {};
  const r = obj(v, 'reliable_ack_sources');
  const out: DispatchConfig['reliableAckSources'] = {};
  for (const [type, name] of Object.entries(r)) {
    const path = `reliable_ack_sources.${type}`;
    if (type === 'connectivity') fail(path, 'reliable ack is not needed for connectivity records (the bridge makes them); remove it');
    if (type === ALERT_RECORD_TYPE) fail(path, 'alerts are made by the bridge, not sent by a vehicle, so there is no ack to hold back; remove it');
    if (!(RECORD_TYPES as readonly string[]).includes(type)) fail(path, `unknown record type (record types: ${RECORD_TYPES.join(', ')})`);
    if (typeof name !== 'string') fail(path, 'must be a dispatcher name');
    if (name === 'logger') fail(path, `logger cannot be configured as reliable ack for record: ${type}; name mqtt, redis or zmq`);
    const refused = refusedDispatcher(name);
    if (refused) fail(path, refused);
    const list = records[type as RecordTopic];
    if (!list) {
      fail(path, `${name} cannot be configured as reliable ack for record: ${type} since no record mapping exists; add "${type}": ["${name}"] to records`);
    }
    const valid = list.filter((d) => d !== 'logger');
    if (!(valid as string[]).includes(name)) {
      fail(path, `${name} cannot be configured as reliable ack for record: ${type}; valid dispatchers configured for it: ${valid.join(', ') || 'none'}`);
    }
    out[type as Exclude<RecordTopic, 'connectivity'>] = name as DispatcherName;
  }
  return out;
}

// mqtt.go's defaults.
const MQTT_DEFAULTS = {
  qos: 0,
  publishTimeoutMs: 2500,
  connectTimeoutMs: 30000,
  disconnectTimeoutMs: 250,
  connectRetryIntervalMs: 10000,
  keepAliveSeconds: 30,
};

function parseMqtt(m: Obj): MqttDispatcherConfig {
  only(m, 'mqtt', [
    'broker',
    'client_id',
    'username',
    'password',
    'topic_base',
    'qos',
    'retained',
    'connect_timeout_ms',
    'publish_timeout_ms',
    'disconnect_timeout_ms',
    'connect_retry_interval_ms',
    'keep_alive_seconds',
  ]);
  const broker = str(m.broker, 'mqtt.broker');
  if (!broker) fail('mqtt.broker', 'is required ("host:port", e.g. "localhost:1883")');
  const url = brokerUrl(broker, 'mqtt.broker', ['tcp', 'mqtt'], 1883);
  // Go's zero values: an omitted or 0 timeout takes the default (mqtt.go NewProducer).
  const ms = (k: string, d: number): number => int(m[k], `mqtt.${k}`, 0, 86_400_000) || d;
  return {
    url,
    clientId: str(m.client_id, 'mqtt.client_id', true) ?? '',
    username: str(m.username, 'mqtt.username', true) || undefined,
    password: str(m.password, 'mqtt.password', true) || undefined,
    topicBase: str(m.topic_base, 'mqtt.topic_base', true) ?? '',
    qos: (int(m.qos, 'mqtt.qos', 0, 2) ?? MQTT_DEFAULTS.qos) as 0 | 1 | 2,
    retained: bool(m.retained, 'mqtt.retained') ?? false,
    connectTimeoutMs: ms('connect_timeout_ms', MQTT_DEFAULTS.connectTimeoutMs),
    publishTimeoutMs: ms('publish_timeout_ms', MQTT_DEFAULTS.publishTimeoutMs),
    disconnectTimeoutMs: ms('disconnect_timeout_ms', MQTT_DEFAULTS.disconnectTimeoutMs),
    connectRetryIntervalMs: ms('connect_retry_interval_ms', MQTT_DEFAULTS.connectRetryIntervalMs),
    keepAliveSeconds: int(m.keep_alive_seconds, 'mqtt.keep_alive_seconds', 0, 65535) || MQTT_DEFAULTS.keepAliveSeconds,
  };
}

/** "host:port" or scheme://host:port → a URL with our scheme; TLS schemes are refused (not tested here). */
function brokerUrl(addr: string, path: string, schemes: string[], defaultPort: number): string {
  const m = /^(?:([a-z]+):\/\/)?([^/:]+|\[[^\]]+\])(?::(\d+))?\/?$/i.exec(addr);
  if (!m) fail(path, `"${addr}" is not a "host:port" address`);
  const scheme = (m[1] ?? schemes[0]).toLowerCase();
  if (!schemes.includes(scheme)) {
    fail(
      path,
      `scheme "${scheme}://" is not supported (TLS to the broker is not available yet); use ${schemes.map((s) => `${s}://`).join(' or ')} or "host:port"`,
    );
  }
  const port = m[3] === undefined ? defaultPort : Number(m[3]);
  if (port < 1 || port > 65535) fail(path, `port ${port} is out of range`);
  return `${schemes.includes('redis') ? 'redis' : 'mqtt'}://${m[2]}:${port}`;
}

function parseRedis(r: Obj): RedisDispatcherConfig {
  only(r, 'redis', ['addrs', 'username', 'password', 'db', 'publish_timeout', 'publish_vin_topics', 'subscriber_set_prefix'], {
    tls: 'TLS to Redis is not supported yet; remove tls and use a loopback or private-network Redis',
    override_tls_server_name: 'TLS to Redis is not supported yet; remove override_tls_server_name',
    pool: 'not supported: the bridge uses one Redis connection; remove pool',
    cluster_mode: 'Redis Cluster is not supported (no cluster to test against); remove cluster_mode and name one server in addrs',
  });
  if (!Array.isArray(r.addrs) || r.addrs.length === 0) fail('redis.addrs', 'redis addrs cannot be empty: give ["host:port"]');
  if (r.addrs.length > 1) fail('redis.addrs', 'name one server: several addresses mean Redis Cluster, which is not supported');
  const url = brokerUrl(str(r.addrs[0], 'redis.addrs[0]') as string, 'redis.addrs[0]', ['redis'], 6379);
  const publishVinTopics = bool(r.publish_vin_topics, 'redis.publish_vin_topics') ?? false;
  const subscriberSetPrefix = str(r.subscriber_set_prefix, 'redis.subscriber_set_prefix', true) ?? '';
  // redis.go NewProducer refuses this combination.
  if (!publishVinTopics && !subscriberSetPrefix) {
    fail('redis', 'redis requires publish_vin_topics or subscriber_set_prefix to be set, otherwise no records are published');
  }
  // publish_timeout is a Go time.Duration: integer nanoseconds in JSON; 0 → redis.go's 5 s default.
  const timeoutNs = int(r.publish_timeout, 'redis.publish_timeout', 0, Number.MAX_SAFE_INTEGER) ?? 0;
  return {
    url,
    username: str(r.username, 'redis.username', true) || undefined,
    password: str(r.password, 'redis.password', true) || undefined,
    db: int(r.db, 'redis.db', 0, 1_000_000) ?? 0,
    publishTimeoutMs: timeoutNs ? Math.max(1, Math.round(timeoutNs / 1e6)) : 5000,
    publishVinTopics,
    subscriberSetPrefix,
  };
}

function parseZmq(z: Obj): ZmqDispatcherConfig {
  only(z, 'zmq', ['addr', 'verbose'], {
    server_key_json_path: 'CURVE authentication is not supported yet; remove server_key_json_path and bind to loopback',
    allowed_public_keys_json_path: 'CURVE authentication is not supported yet; remove allowed_public_keys_json_path',
  });
  const addr = str(z.addr, 'zmq.addr');
  if (!addr) fail('zmq.addr', 'is required (e.g. "tcp://127.0.0.1:5284")');
  if (!/^(tcp|ipc|inproc):\/\//.test(addr)) fail('zmq.addr', `"${addr}" is not a ZeroMQ endpoint (tcp://host:port, ipc://path)`);
  bool(z.verbose, 'zmq.verbose');
  return { addr };
}
