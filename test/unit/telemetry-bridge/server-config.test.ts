import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BridgeConfigError, resolveConfig } from '../../../telemetry-bridge/config';
import { detectConfigFormat, parseServerConfig } from '../../../telemetry-bridge/server-config';

// A copy of /work/tesla/fleet-telemetry/examples/server_config.json (Tesla's example server config, unchanged).
const EXAMPLE = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'fleet-telemetry-example-server-config.json'), 'utf8')) as Record<string, unknown>;

// A copy of /work/tesla/fleet-telemetry/test/integration/config.json: every dispatcher, Kafka included.
const INTEGRATION = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'fleet-telemetry-integration-config.json'), 'utf8')) as Record<string, unknown>;

const base = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ records: { V: ['logger'] }, ...extra });

/** Asserts the config is refused with a message that starts with the key's JSON path and contains each fragment. */
function refused(json: unknown, path: string, ...fragments: string[]): void {
  assert.throws(
    () => parseServerConfig(json),
    (err: unknown) => {
      assert.ok(err instanceof BridgeConfigError, String(err));
      assert.ok(err.message.startsWith(`${path}: `), `"${err.message}" should start with "${path}: "`);
      for (const f of fragments) assert.ok(err.message.includes(f), `"${err.message}" should include "${f}"`);
      return true;
    },
  );
}

describe('telemetry bridge: fleet-telemetry server config', () => {
  it("accepts Tesla's example server config (examples/server_config.json) as it is", () => {
    assert.equal(detectConfigFormat(EXAMPLE), 'fleet-telemetry');
    const c = parseServerConfig(EXAMPLE);
    assert.equal(c.file.host, '0.0.0.0');
    assert.equal(c.file.port, 443);
    assert.equal(c.file.log_level, 'info');
    assert.deepEqual(c.file.tls, { server_cert: '/etc/certs/server/tls.crt', server_key: '/etc/certs/server/tls.key', ca_file: undefined });
    assert.deepEqual(c.file.rate_limit, { enabled: true, message_limit: 1000, message_interval_time: 30 });
    assert.equal(c.dispatch.namespace, 'tesla_telemetry');
    assert.equal(c.dispatch.format, 'protobuf');
    assert.deepEqual(c.dispatch.records, { alerts: ['logger'], errors: ['logger'], V: ['logger'], connectivity: ['logger'] });
    assert.deepEqual(c.dispatch.reliableAckSources, {});
    assert.equal(c.monitoring?.prometheusMetricsPort, 9090);
    assert.deepEqual(c.file.monitoring, { prometheus_metrics_port: 9090 }, 'handed to the metrics endpoint');
    // profiler_port/profiling_path and json_log_enable only concern Tesla's Go process: accepted, each with a warning.
    assert.equal(c.warnings.filter((w) => w.startsWith('monitoring.profil')).length, 2);
    assert.ok(c.warnings.some((w) => w.startsWith('json_log_enable')));
  });

  it("refuses fleet-telemetry's integration config at its kafka block, and accepts it once Kafka, Kinesis, Pub/Sub and Airbrake are taken out", () => {
    refused(INTEGRATION, 'kafka', '"kafka" dispatcher is not supported');
    const rest: Record<string, unknown> = { ...INTEGRATION };
    for (const k of ['kafka', 'kinesis', 'pubsub', 'airbrake', 'status_port']) delete rest[k];
    refused(rest, 'records.V[0]', '"kafka"');
    const strip = (list: string[]): string[] => list.filter((d) => !['kafka', 'kinesis', 'pubsub'].includes(d));
    const records = rest.records as Record<string, string[]>;
    rest.records = { V: strip(records.V), connectivity: strip(records.connectivity) };
    refused(rest, 'reliable_ack_sources.V', '"kafka"');
    rest.reliable_ack_sources = { V: 'mqtt' };
    const c = parseServerConfig(rest);
    assert.deepEqual(c.dispatch.records, { V: ['logger', 'mqtt', 'zmq', 'redis'], connectivity: ['logger', 'zmq'] });
    assert.deepEqual(c.dispatch.reliableAckSources, { V: 'mqtt' });
    assert.equal(c.dispatch.mqtt?.url, 'mqtt://mqtt:1883');
    assert.equal(c.dispatch.mqtt?.publishTimeoutMs, 1000);
    assert.equal(c.dispatch.redis?.url, 'redis://redis:6379');
    assert.equal(c.dispatch.redis?.subscriberSetPrefix, 'consumer');
    assert.equal(c.dispatch.zmq?.addr, 'tcp://*:5284');
    assert.deepEqual(c.vinsSignalTracking, ['device-1']);
    assert.equal(c.monitoring?.prometheusMetricsHost, '0.0.0.0');
  });

  it('maps onto the bridge settings: paths from the working directory, rate limit off unless enabled', () => {
    const c = parseServerConfig({ ...EXAMPLE, rate_limit: undefined, tls: { server_cert: 'c.pem', server_key: 'k.pem', ca_file: 'ca.pem' } });
    const r = resolveConfig(c.file, {}, '/srv/ft');
    assert.equal(r.certFile, '/srv/ft/c.pem');
    assert.deepEqual(r.vehicleCaFiles, ['/srv/ft/ca.pem']);
    assert.equal(r.rateLimit, undefined, "fleet-telemetry's rate limit is off without rate_limit.enabled");
    assert.equal(r.port, 443);
  });

  it('reads every dispatcher block with the Go defaults for omitted fields', () => {
    const c = parseServerConfig({
      namespace: 'ns',
      transmit_decoded_records: true,
      records: { V: ['mqtt', 'redis', 'zmq', 'logger'], alerts: ['mqtt'], errors: ['redis'], connectivity: ['zmq'] },
      reliable_ack_sources: { V: 'mqtt', errors: 'redis' },
      mqtt: { broker: 'localhost:1883', topic_base: 'telemetry', qos: 1 },
      redis: { addrs: ['127.0.0.1:6380'], publish_vin_topics: true, subscriber_set_prefix: 'consumer', publish_timeout: 2_000_000_000 },
      zmq: { addr: 'tcp://127.0.0.1:5284' },
      logger: { verbose: true },
    });
    assert.equal(c.dispatch.format, 'json');
    // datastore/mqtt/mqtt.go: DefaultPublishTimeout 2500, DefaultConnectTimeout 30000, DefaultDisconnectTimeout 250,
    // DefaultConnectRetryInterval 10000, DefaultKeepAlive 30.
    assert.deepEqual(c.dispatch.mqtt, {
      url: 'mqtt://localhost:1883',
      clientId: '',
      username: undefined,
      password: undefined,
      topicBase: 'telemetry',
      qos: 1,
      retained: false,
      connectTimeoutMs: 30000,
      publishTimeoutMs: 2500,
      disconnectTimeoutMs: 250,
      connectRetryIntervalMs: 10000,
      keepAliveSeconds: 30,
    });
    // publish_timeout is a Go time.Duration (nanoseconds).
    assert.deepEqual(c.dispatch.redis, {
      url: 'redis://127.0.0.1:6380',
      username: undefined,
      password: undefined,
      db: 0,
      publishTimeoutMs: 2000,
      publishVinTopics: true,
      subscriberSetPrefix: 'consumer',
    });
    assert.deepEqual(c.dispatch.zmq, { addr: 'tcp://127.0.0.1:5284' });
    assert.deepEqual(c.dispatch.reliableAckSources, { V: 'mqtt', errors: 'redis' });
    assert.equal(c.dispatch.logger.verbose, true);
  });

  it('tells the formats apart; bridge.json files keep working; mixing them names both keys', () => {
    assert.equal(detectConfigFormat({ port: 4443, spool: { dir: 'x' }, feed: false }), 'bridge');
    assert.equal(detectConfigFormat({ port: 4443, tls: {} }), 'bridge');
    assert.equal(detectConfigFormat({ port: 4443, monitoring: { prometheus_metrics_port: 9090 } }), 'bridge');
    assert.equal(detectConfigFormat({ records: {} }), 'fleet-telemetry');
    assert.throws(() => detectConfigFormat({ records: {}, spool: { dir: 'x' } }), /"spool" is a bridge\.json key but "records".*--spool-dir/);
    assert.throws(() => detectConfigFormat({ namespace: 'n', history: { file: 'h.db' } }), /"history" is a bridge\.json key.*--history flag/);
  });

  it('names the JSON path of an unknown key, with the keys allowed there', () => {
    refused(base({ hots: 'x' }), 'hots', 'unknown key', 'host');
    refused(base({ mqtt: { broker: 'h:1', topicbase: 'x' } }), 'mqtt.topicbase', 'topic_base');
    refused(base({ tls: { cert: 'x' } }), 'tls.cert', 'server_cert');
    refused(base({ rate_limit: { limit: 1 } }), 'rate_limit.limit', 'message_limit');
    refused(base({ monitoring: { statsd: {} } }), 'monitoring.statsd', 'prometheus_metrics_port');
    refused(base({ port: '443' }), 'port', 'integer');
    refused(base({ log_level: 'loud' }), 'log_level', 'info');
    refused(base({ status_port: 8080 }), 'status_port', '/status');
    refused(base({ airbrake: {} }), 'airbrake', 'remove');
    refused(base({ reliable_ack: true }), 'reliable_ack', 'reliable_ack_sources');
  });

  it('refuses kafka, kinesis and pubsub by name, as a block or in records', () => {
    refused(base({ kafka: { 'bootstrap.servers': 'k:9092' } }), 'kafka', '"kafka" dispatcher is not supported', 'no Kafka broker', 'remove the "kafka" block');
    refused({ records: { V: ['logger', 'kinesis'] } }, 'records.V[1]', '"kinesis" dispatcher is not supported');
    refused({ records: { V: ['pubsub'] } }, 'records.V[0]', '"pubsub"');
    refused({ records: { V: ['logger'] }, reliable_ack_sources: { V: 'kafka' } }, 'reliable_ack_sources.V', '"kafka"');
    refused({ records: { V: ['nats'] } }, 'records.V[0]', 'unknown dispatcher "nats"', 'mqtt');
  });

  it('validates records and dispatchers as config.go ConfigureProducers does', () => {
    refused({ records: { V: ['mqtt'] } }, 'records', '"mqtt" dispatcher is used but there is no "mqtt" block');
    refused({ records: { V: ['redis'] } }, 'records', '"redis"');
    refused({ records: { V: [] } }, 'records.V', 'empty');
    refused({ records: { location: ['logger'] } }, 'records.location', 'unknown record type', 'V, alerts, errors, connectivity');
    refused({ records: { V: ['logger', 'logger'] } }, 'records.V[1]', 'twice');
    refused({ records: { V: 'logger' } }, 'records.V', 'array');
    const unused = parseServerConfig({ records: { V: ['logger'] }, zmq: { addr: 'tcp://127.0.0.1:1' } });
    assert.ok(unused.warnings.some((w) => w.startsWith('zmq: configured but no record type')));
  });

  it('validates reliable_ack_sources as configureReliableAckSources does', () => {
    const mqtt = { broker: 'h:1883' };
    refused({ records: { connectivity: ['mqtt'] }, mqtt, reliable_ack_sources: { connectivity: 'mqtt' } }, 'reliable_ack_sources.connectivity', 'not needed');
    refused({ records: { V: ['logger'] }, reliable_ack_sources: { V: 'logger' } }, 'reliable_ack_sources.V', 'logger cannot be configured as reliable ack');
    refused(
      { records: { V: ['mqtt'] }, mqtt, reliable_ack_sources: { alerts: 'mqtt' } },
      'reliable_ack_sources.alerts',
      'no record mapping exists',
      '"alerts": ["mqtt"]',
    );
    refused(
      { records: { V: ['mqtt', 'logger'] }, mqtt, zmq: { addr: 'tcp://127.0.0.1:1' }, reliable_ack_sources: { V: 'zmq' } },
      'reliable_ack_sources.V',
      'valid dispatchers configured for it: mqtt',
    );
  });

  it("routes Fleetkit's own fleetkit_alerts records like the others, and never as a reliable-ack source", () => {
    const c = parseServerConfig({
      records: { V: ['logger'], fleetkit_alerts: ['mqtt', 'redis', 'zmq', 'logger'] },
      mqtt: { broker: 'h:1883' },
      redis: { addrs: ['h:6379'], publish_vin_topics: true },
      zmq: { addr: 'tcp://127.0.0.1:1' },
    });
    assert.deepEqual(c.dispatch.records, { V: ['logger'], fleetkit_alerts: ['mqtt', 'redis', 'zmq', 'logger'] });
    assert.deepEqual(c.warnings, [], 'mqtt, redis and zmq count as used by fleetkit_alerts');
    refused({ records: { fleetkit_alerts: ['mqtt'] } }, 'records', '"mqtt" dispatcher is used but there is no "mqtt" block');
    refused({ records: { fleetkit_alerts: ['kafka'] } }, 'records.fleetkit_alerts[0]', '"kafka" dispatcher is not supported');
    refused({ records: { fleetkit_alerts: ['nats'] } }, 'records.fleetkit_alerts[0]', 'unknown dispatcher "nats"', 'logger, mqtt, redis, zmq');
    refused({ records: { fleetkit_alerts: [] } }, 'records.fleetkit_alerts', 'empty');
    refused({ records: { fleetkit_alert: ['logger'] } }, 'records.fleetkit_alert', 'unknown record type', "connectivity, and Fleetkit's fleetkit_alerts");
    refused(
      { records: { fleetkit_alerts: ['mqtt'] }, mqtt: { broker: 'h:1883' }, reliable_ack_sources: { fleetkit_alerts: 'mqtt' } },
      'reliable_ack_sources.fleetkit_alerts',
      'not sent by a vehicle',
      'remove it',
    );
  });

  it('refuses what it cannot do for each dispatcher, naming the key and the fix', () => {
    refused({ records: { V: ['mqtt'] }, mqtt: {} }, 'mqtt.broker', 'required');
    refused({ records: { V: ['mqtt'] }, mqtt: { broker: 'ssl://h:8883' } }, 'mqtt.broker', 'TLS', 'host:port');
    refused({ records: { V: ['mqtt'] }, mqtt: { broker: 'h:1883', qos: 3 } }, 'mqtt.qos', '0..2');
    refused({ records: { V: ['redis'] }, redis: { addrs: [], publish_vin_topics: true } }, 'redis.addrs', 'cannot be empty');
    refused({ records: { V: ['redis'] }, redis: { addrs: ['h:6379'] } }, 'redis', 'publish_vin_topics or subscriber_set_prefix');
    refused({ records: { V: ['redis'] }, redis: { addrs: ['h:6379'], publish_vin_topics: true, cluster_mode: true } }, 'redis.cluster_mode', 'not supported');
    refused({ records: { V: ['redis'] }, redis: { addrs: ['h:6379'], publish_vin_topics: true, tls: {} } }, 'redis.tls', 'TLS');
    refused({ records: { V: ['zmq'] }, zmq: { addr: 'tcp://*:1', server_key_json_path: 'k.json' } }, 'zmq.server_key_json_path', 'CURVE');
    refused({ records: { V: ['zmq'] }, zmq: { addr: 'localhost:5284' } }, 'zmq.addr', 'tcp://');
    refused(base({ vins_signal_tracking_enabled: Array.from({ length: 21 }, (_, i) => `VIN${i}`) }), 'vins_signal_tracking_enabled', '20');
  });
});
