/**
 * The bridge's redis dispatcher against a real redis-server, as a subscriber sees it. Channel names, the subscriber
 * set and its lease purge follow /work/tesla/fleet-telemetry/datastore/redis/redis.go (vinChannel
 * `<namespace>_<txtype>_{<vin>}`, set key `<prefix>_<vinChannel>`, ZREMRANGEBYSCORE -inf "(now" then ZRANGE, subscriber
 * channels before the VIN channel); payloads are fleet-telemetry's record payload (telemetry/record.go: proto.Marshal
 * of the transformed message with the VIN, or its decoded JSON with transmit_decoded_records).
 */
import assert from 'node:assert/strict';
import { createClient } from 'redis';
import type { RunningBridge } from '../../../telemetry-bridge';
import type { DispatchConfig, RedisDispatcherConfig } from '../../../telemetry-bridge/dispatchers/types';
import { startRedis, type Broker } from '../../support/brokers';
import { startTcpRelay, type TcpRelay } from '../../support/tcp-relay';
import { makePki, startTestBridge, vehicleFor, waitFor, type Pki } from './helpers';

type RedisClient = ReturnType<typeof createClient>;

function redisConfig(port: number, extra: Partial<RedisDispatcherConfig> = {}): RedisDispatcherConfig {
  return { url: `redis://127.0.0.1:${port}`, db: 0, publishTimeoutMs: 5000, publishVinTopics: true, subscriberSetPrefix: '', ...extra };
}

function dispatchConfig(redis: RedisDispatcherConfig, extra: Partial<DispatchConfig> = {}): DispatchConfig {
  return { namespace: 'tesla_telemetry', format: 'protobuf', records: { V: ['redis'] }, reliableAckSources: {}, logger: { verbose: false }, redis, ...extra };
}

/** A protobuf varint. */
function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

function lengthDelimited(tag: number, body: number[]): number[] {
  return [tag, ...varint(body.length), ...body];
}

function double(v: number): number[] {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(v);
  return [...b];
}

/** The record's decoded JSON as the bridge's line holds it under `record`. */
function recordJson(line: Buffer): string {
  const text = line.toString('utf8');
  return text.slice(text.indexOf(',"record":') + ',"record":'.length, -1);
}

describe('telemetry bridge: redis dispatcher (real redis-server)', function () {
  this.timeout(120000);
  let pki: Pki;
  let broker: Broker;
  let sub: RedisClient;
  let cmd: RedisClient;
  const received: Array<{ channel: string; payload: Buffer }> = [];
  const cleanups: Array<() => Promise<unknown> | unknown> = [];

  before(async () => {
    pki = makePki();
    broker = await startRedis();
    cmd = createClient({ url: broker.url });
    await cmd.connect();
    sub = cmd.duplicate();
    await sub.connect();
  });
  after(async () => {
    await sub.disconnect();
    await cmd.disconnect();
    await broker.stop();
  });
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
    await sub.unsubscribe();
    received.length = 0;
  });

  async function listen(...channels: string[]): Promise<void> {
    await sub.subscribe(channels, (payload: Buffer, channel: Buffer) => received.push({ channel: channel.toString(), payload }), true);
  }

  async function bridgeWith(dispatch: DispatchConfig): Promise<RunningBridge> {
    const bridge = await startTestBridge(pki, { feed: undefined, dispatch });
    cleanups.push(() => bridge.close());
    return bridge;
  }

  it("publishes protobuf payloads byte for byte as fleet-telemetry's proto.Marshal on the VIN channel", async () => {
    const vin = '5YJ3REDIS00000001';
    await listen(`tesla_telemetry_V_{${vin}}`, `tesla_telemetry_connectivity_{${vin}}`);
    const bridge = await bridgeWith(dispatchConfig(redisConfig(broker.port), { records: { V: ['redis'], connectivity: ['redis'] } }));
    const v = vehicleFor(bridge, pki, pki.vehicle(vin));
    cleanups.push(() => v.close());
    await v.waitConnected();
    v.sendVehicleData({
      createdAt: '2026-12-07T10:00:00Z',
      isResend: false,
      data: [
        { key: 'Soc', value: { intValue: 80 } },
        { key: 'Location', value: { stringValue: '(37.412374 N, 122.145867 W)' } },
      ],
    });
    await v.waitIdle();
    await waitFor(() => received.some((m) => m.channel.startsWith('tesla_telemetry_V_')), 'the V record');
    // vehicle_data.proto: Payload{data=1, created_at=2, vin=3}, Datum{key=1, value=2}, Value{int_value=2,
    // location_value=7}, LocationValue{latitude=1, longitude=2}; Soc is Field 8, Location 21. Zero values (is_resend
    // false) are not written; the Location string is parsed (record.go transformLocation); the VIN comes from the cert.
    const soc = lengthDelimited(0x0a, [0x08, 8, ...lengthDelimited(0x12, [0x10, 80])]);
    const location = lengthDelimited(0x0a, [
      0x08,
      21,
      ...lengthDelimited(0x12, lengthDelimited(0x3a, [0x09, ...double(37.412374), 0x11, ...double(-122.145867)])),
    ]);
    const createdAt = lengthDelimited(0x12, [0x08, ...varint(1796637600)]);
    const expected = Buffer.from([...soc, ...location, ...createdAt, ...lengthDelimited(0x1a, [...Buffer.from(vin)])]);
    const v1 = received.filter((m) => m.channel === `tesla_telemetry_V_{${vin}}`);
    assert.equal(v1.length, 1);
    assert.equal(v1[0].payload.toString('hex'), expected.toString('hex'));
    // The CONNECTED record: vehicle_connectivity.proto {vin=1, connection_id=2, status=3 (CONNECTED=1), created_at=4}.
    const conn = received.find((m) => m.channel === `tesla_telemetry_connectivity_{${vin}}`);
    assert.ok(conn, 'the connectivity record');
    const id = bridge.vehicles()[0].connectionId;
    const head = Buffer.from([...lengthDelimited(0x0a, [...Buffer.from(vin)]), ...lengthDelimited(0x12, [...Buffer.from(id)]), 0x18, 1, 0x22]);
    assert.equal(conn.payload.subarray(0, head.length).toString('hex'), head.toString('hex'));
  });

  it('with transmit_decoded_records, publishes the decoded JSON the spool holds; subscriber sets get live members only', async () => {
    const vin = '5YJ3REDIS00000002';
    const setKey = `consumer_tesla_telemetry_V_{${vin}}`;
    const now = Math.floor(Date.now() / 1000);
    await cmd.zAdd(setKey, [
      { score: now + 3600, value: 'live_subscriber' },
      { score: now - 10, value: 'expired_subscriber' },
    ]);
    await listen('live_subscriber', 'expired_subscriber', `tesla_telemetry_V_{${vin}}`);
    const bridge = await bridgeWith(dispatchConfig(redisConfig(broker.port, { subscriberSetPrefix: 'consumer' }), { format: 'json' }));
    const lines: Buffer[] = [];
    bridge.onRecord((r, line) => {
      if (r.txtype === 'V') lines.push(Buffer.from(line));
    });
    const v = vehicleFor(bridge, pki, pki.vehicle(vin));
    cleanups.push(() => v.close());
    await v.waitConnected();
    v.sendVehicleData({ createdAt: '2026-12-07T10:00:00Z', data: [{ key: 'VehicleSpeed', value: { floatValue: 0.1 } }] });
    await v.waitIdle();
    // redis.go publishes to the set's members first, then the VIN channel: once the VIN channel has it, every
    // member publish has arrived on this one subscriber connection before it.
    await waitFor(() => received.some((m) => m.channel === `tesla_telemetry_V_{${vin}}`), 'the VIN channel message');
    assert.deepEqual(
      received.map((m) => m.channel),
      ['live_subscriber', `tesla_telemetry_V_{${vin}}`],
    );
    const json = recordJson(lines[0]);
    for (const m of received) assert.equal(m.payload.toString('utf8'), json);
    assert.equal((JSON.parse(json) as { vin: string }).vin, vin);
    assert.deepEqual(await cmd.zRange(setKey, 0, -1), ['live_subscriber'], 'the expired lease was purged');
    // The PUBLISH replies may reach the bridge after the subscriber has the messages.
    await waitFor(() => bridge.stats().dispatchers?.redis.published === 1, 'the record confirmed');
    assert.equal(bridge.stats().dispatchers?.redis.messages, 2);
  });

  describe('when Redis goes away from the bridge mid-stream', () => {
    let relay: TcpRelay;
    beforeEach(async () => {
      relay = await startTcpRelay(broker.port);
    });
    afterEach(async () => {
      await relay.close();
    });

    it('with reliable ack: nothing is acked while it is away; after, every record is delivered and acked', async () => {
      const vin = '5YJ3REDIS00000003';
      await listen(`tesla_telemetry_V_{${vin}}`);
      const bridge = await bridgeWith(
        dispatchConfig(redisConfig(relay.port, { publishTimeoutMs: 120000 }), { format: 'json', reliableAckSources: { V: 'redis' } }),
      );
      const v = vehicleFor(bridge, pki, pki.vehicle(vin));
      cleanups.push(() => v.close());
      const acked: string[] = [];
      v.on('ack', (e) => acked.push(e.txid));
      await v.waitConnected();
      await relay.cut();
      await waitFor(() => bridge.stats().dispatchers?.redis.connected === false, 'the dispatcher to notice');
      const sent = Array.from({ length: 10 }, (_, i) => v.sendVehicleData({ data: [{ key: 'Soc', value: { intValue: i } }] }));
      await waitFor(() => bridge.stats().dispatchers?.redis.inflight === 10, 'every record handed to the dispatcher');
      assert.deepEqual(acked, [], 'nothing acked while Redis is away');
      assert.equal(received.length, 0);

      await relay.restore();
      await v.waitIdle();
      assert.deepEqual(new Set(acked), new Set(sent));
      await waitFor(() => received.length === 10, 'every record on the channel');
      const socs = received.map((m) => (JSON.parse(m.payload.toString()) as { data: Array<{ value: { intValue: number } }> }).data[0].value.intValue);
      assert.deepEqual(
        [...socs].sort((a, b) => a - b),
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      );
      assert.equal(bridge.stats().dispatchers?.redis.errors, 0);
    });

    it('without reliable ack: records are acked at once, a publish that times out is counted as an error, never silent', async () => {
      const vin = '5YJ3REDIS00000004';
      const bridge = await bridgeWith(dispatchConfig(redisConfig(relay.port, { publishTimeoutMs: 200 })));
      const v = vehicleFor(bridge, pki, pki.vehicle(vin));
      cleanups.push(() => v.close());
      await v.waitConnected();
      await relay.cut();
      await waitFor(() => bridge.stats().dispatchers?.redis.connected === false, 'the dispatcher to notice');
      for (let i = 0; i < 3; i++) v.sendVehicleData({ data: [{ key: 'Soc', value: { intValue: i } }] });
      await v.waitIdle();
      await waitFor(() => bridge.stats().dispatchers?.redis.errors === 3, 'three publish errors');
      assert.equal(bridge.stats().dispatchers?.redis.published, 0);
    });
  });
});
