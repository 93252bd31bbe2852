/**
 * The bridge's mqtt and logger dispatchers against a real mosquitto: topics and payload bytes as a subscriber sees
 * them, reliable ack across a broker outage, losses counted without it. Expected topics and payloads follow
 * /work/tesla/fleet-telemetry/datastore/mqtt/mqtt_payload.go (and its README.md): `<topic_base>/<VIN>/v/<Field>`
 * holding Go json.Marshal of the value, alerts `current` (latest StartedAt) and `history`, errors by name,
 * connectivity; maps with sorted keys, times as RFC 3339 seconds.
 */
import assert from 'node:assert/strict';
import mqtt, { type MqttClient } from 'mqtt';
import { createLogger } from '../../../core/log/logger';
import { MqttTelemetrySource, type MqttRecord } from '../../../core/mqtt-source';
import type { RunningBridge } from '../../../telemetry-bridge';
import type { DispatchConfig, MqttDispatcherConfig } from '../../../telemetry-bridge/dispatchers/types';
import { startMosquitto, type Broker } from '../../support/brokers';
import { METRIC_PREFIX } from '../../../telemetry-bridge/metrics/bridge-metrics';
import { parsePrometheusText, scrape } from './prom-text';
import { makePki, startTestBridge, vehicleFor, waitFor, type Pki } from './helpers';

function mqttConfig(broker: Broker, extra: Partial<MqttDispatcherConfig> = {}): MqttDispatcherConfig {
  return {
    url: broker.url,
    clientId: `fleetkit-test-${process.pid}-${Math.random().toString(16).slice(2)}`,
    topicBase: 'telemetry',
    qos: 1,
    retained: false,
    connectTimeoutMs: 5000,
    publishTimeoutMs: 2500,
    disconnectTimeoutMs: 250,
    connectRetryIntervalMs: 100,
    keepAliveSeconds: 30,
    ...extra,
  };
}

function dispatchConfig(broker: Broker, extra: Partial<DispatchConfig> = {}, mqttExtra: Partial<MqttDispatcherConfig> = {}): DispatchConfig {
  return {
    namespace: 'tesla_telemetry',
    format: 'protobuf',
    records: { V: ['mqtt'] },
    reliableAckSources: {},
    logger: { verbose: false },
    mqtt: mqttConfig(broker, mqttExtra),
    ...extra,
  };
}

/** A subscriber on `filter`, collecting every message (retained ones included) as topic → payload texts. */
async function subscriber(broker: Broker, filter: string): Promise<{ client: MqttClient; messages: Array<{ topic: string; payload: string }> }> {
  const client = mqtt.connect(broker.url, { reconnectPeriod: 0 });
  const messages: Array<{ topic: string; payload: string }> = [];
  client.on('message', (topic, payload) => messages.push({ topic, payload: payload.toString('utf8') }));
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  await client.subscribeAsync(filter, { qos: 1 });
  return { client, messages };
}

describe('telemetry bridge: mqtt dispatcher (real mosquitto)', function () {
  this.timeout(120000);
  let pki: Pki;
  let broker: Broker;
  const cleanups: Array<() => Promise<unknown> | unknown> = [];

  before(async () => {
    pki = makePki();
    broker = await startMosquitto();
  });
  after(async () => {
    await broker.stop();
  });
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
    if (!broker.running) await broker.start();
  });

  async function bridgeWith(dispatch: DispatchConfig, lines?: string[]): Promise<RunningBridge> {
    const logger = lines ? createLogger({ level: 'info', sink: { write: (level, line) => lines.push(`${level.toUpperCase()} ${line}`) } }) : undefined;
    const bridge = await startTestBridge(pki, { feed: undefined, dispatch, logger });
    cleanups.push(() => bridge.close());
    return bridge;
  }

  it("publishes every record type on fleet-telemetry's topics with its payload bytes", async () => {
    const vin = '5YJ3MQTT000000001';
    const sub = await subscriber(broker, 'telemetry/#');
    cleanups.push(() => sub.client.endAsync(true));
    const lines: string[] = [];
    const bridge = await bridgeWith(
      dispatchConfig(broker, { records: { V: ['mqtt', 'logger'], alerts: ['mqtt'], errors: ['mqtt'], connectivity: ['mqtt'] } }),
      lines,
    );
    const v = vehicleFor(bridge, pki, pki.vehicle(vin));
    cleanups.push(() => v.close());
    await v.waitConnected();
    await waitFor(() => sub.messages.some((m) => m.topic.endsWith('/connectivity')), 'the CONNECTED message');
    v.sendVehicleData({
      createdAt: '2026-12-07T10:00:00Z',
      data: [
        { key: 'VehicleSpeed', value: { floatValue: 12.3 } },
        { key: 'Soc', value: { doubleValue: 80.5 } },
        { key: 'Odometer', value: { longValue: '9007199254740993' } },
        { key: 'Location', value: { locationValue: { latitude: 37.5, longitude: -122.25 } } },
        { key: 'Gear', value: { shiftStateValue: 'ShiftStateD' } },
        { key: 'VehicleName', value: { stringValue: '<Bob & "Al">' } },
        { key: 'Locked', value: { booleanValue: true } },
        { key: 'DoorState', value: { doorValue: { DriverFront: true } } },
        { key: 'BatteryLevel', value: { invalid: true } },
      ],
    });
    v.sendAlerts({
      alerts: [
        { name: 'ChargePortFault', audiences: ['Customer', 'Service'], startedAt: '2026-12-07T10:00:00Z' },
        { name: 'ChargePortFault', startedAt: '2026-12-07T11:00:00Z', endedAt: '2026-12-07T11:05:00Z' },
      ],
    });
    v.sendErrors({ errors: [{ name: 'canbus', body: 'bus off', tags: { b: '2', a: '1' }, createdAt: '2026-12-07T10:00:00.5Z' }] });
    await v.waitIdle();
    const expected: Record<string, string> = {
      [`telemetry/${vin}/v/VehicleSpeed`]: '12.3',
      [`telemetry/${vin}/v/Soc`]: '80.5',
      [`telemetry/${vin}/v/Odometer`]: '9007199254740993',
      [`telemetry/${vin}/v/Location`]: '{"latitude":37.5,"longitude":-122.25}',
      [`telemetry/${vin}/v/Gear`]: '"ShiftStateD"',
      [`telemetry/${vin}/v/VehicleName`]: '"\\u003cBob \\u0026 \\"Al\\"\\u003e"',
      [`telemetry/${vin}/v/Locked`]: 'true',
      [`telemetry/${vin}/v/DoorState`]:
        '{"DriverFront":true,"DriverRear":false,"PassengerFront":false,"PassengerRear":false,"TrunkFront":false,"TrunkRear":false}',
      [`telemetry/${vin}/v/BatteryLevel`]: 'null',
      [`telemetry/${vin}/alerts/ChargePortFault/current`]: '{"Audiences":null,"EndedAt":"2026-12-07T11:05:00Z","StartedAt":"2026-12-07T11:00:00Z"}',
      [`telemetry/${vin}/alerts/ChargePortFault/history`]:
        '[{"Audiences":["Customer","Service"],"StartedAt":"2026-12-07T10:00:00Z"},{"Audiences":null,"EndedAt":"2026-12-07T11:05:00Z","StartedAt":"2026-12-07T11:00:00Z"}]',
      [`telemetry/${vin}/errors/canbus`]: '{"Body":"bus off","CreatedAt":"2026-12-07T10:00:00Z","Tags":{"a":"1","b":"2"}}',
    };
    await waitFor(() => Object.keys(expected).every((t) => sub.messages.some((m) => m.topic === t)), 'every expected topic');
    for (const [topic, payload] of Object.entries(expected)) {
      assert.deepEqual(
        sub.messages.filter((m) => m.topic === topic).map((m) => m.payload),
        [payload],
        topic,
      );
    }
    const connectionId = bridge.vehicles()[0].connectionId;
    const connected = sub.messages.filter((m) => m.topic === `telemetry/${vin}/connectivity`);
    assert.equal(connected.length, 1);
    assert.match(
      connected[0].payload,
      new RegExp(`^\\{"ConnectionId":"${connectionId}","CreatedAt":"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ","Status":"CONNECTED"\\}$`),
    );
    // The PUBACKs may reach the bridge after the subscriber has the messages.
    await waitFor(() => bridge.stats().dispatchers?.mqtt.published === 4, 'CONNECTED, V, alerts and errors confirmed');
    const stats = bridge.stats().dispatchers?.mqtt;
    assert.equal(stats?.errors, 0);
    assert.equal(stats?.dropped, 0);
    // The logger dispatcher (datastore/simple/logger.go): a record_payload line with the VIN, metadata and data.
    const logged = lines.find((l) => l.includes('record_payload'));
    assert.ok(logged, 'a record_payload line');
    assert.ok(logged.includes(`vin=${vin}`));
    assert.ok(
      logged.includes('"Gear":"ShiftStateD"') && logged.includes('"Odometer":9007199254740993') && logged.includes('"BatteryLevel":"\\u003cinvalid\\u003e"'),
      logged,
    );
  });

  it('with reliable ack, a record is acked only once mosquitto confirmed it: none during an outage, all after, every one delivered', async () => {
    const vin = '5YJ3MQTT000000002';
    const fields = [
      'Soc',
      'Odometer',
      'VehicleSpeed',
      'BatteryLevel',
      'EstBatteryRange',
      'IdealBatteryRange',
      'RatedRange',
      'OutsideTemp',
      'InsideTemp',
      'Gear',
    ];
    const bridge = await bridgeWith(dispatchConfig(broker, { reliableAckSources: { V: 'mqtt' } }, { retained: true, publishTimeoutMs: 120000 }));
    const v = vehicleFor(bridge, pki, pki.vehicle(vin));
    cleanups.push(() => v.close());
    const acked: string[] = [];
    v.on('ack', (e) => acked.push(e.txid));
    await v.waitConnected();
    const first = v.sendVehicleData({ data: [{ key: 'VehicleName', value: { stringValue: 'before' } }] });
    await v.waitIdle();
    assert.deepEqual(acked, [first]);

    await broker.stop();
    const mqttStats = (): NonNullable<ReturnType<RunningBridge['stats']>['dispatchers']>['mqtt'] =>
      bridge.stats().dispatchers?.mqtt ?? assert.fail('no mqtt stats');
    await waitFor(() => !mqttStats().connected, 'the dispatcher to notice the outage');
    // One record per field: with retain on, each topic keeps its record's value for a subscriber arriving later.
    const sent = fields.map((key, i) => v.sendVehicleData({ data: [{ key, value: { intValue: 100 + i } }] }));
    await waitFor(() => mqttStats().inflight === fields.length, 'every record handed to the dispatcher');
    assert.equal(bridge.stats().records_by_topic.V, 1 + fields.length, 'the bridge received them');
    assert.deepEqual(acked, [first], 'nothing is acked while the broker is away');

    await broker.start();
    await v.waitIdle();
    assert.deepEqual(new Set(acked), new Set([first, ...sent]), 'every record acked once the broker confirmed it');
    const sub = await subscriber(broker, `telemetry/${vin}/v/#`);
    cleanups.push(() => sub.client.endAsync(true));
    await waitFor(() => fields.every((f) => sub.messages.some((m) => m.topic === `telemetry/${vin}/v/${f}`)), 'every record on the broker');
    fields.forEach((f, i) => assert.equal(sub.messages.find((m) => m.topic === `telemetry/${vin}/v/${f}`)?.payload, String(100 + i), f));
    assert.equal(mqttStats().errors, 0);
    assert.equal(mqttStats().dropped, 0);
  });

  it('without reliable ack, records past the queue limit during an outage are dropped, counted and logged, never silently', async () => {
    const vin = '5YJ3MQTT000000003';
    const lines: string[] = [];
    const bridge = await bridgeWith(dispatchConfig(broker, { queueLimit: 5 }, { publishTimeoutMs: 120000 }), lines);
    const v = vehicleFor(bridge, pki, pki.vehicle(vin));
    cleanups.push(() => v.close());
    await v.waitConnected();
    await broker.stop();
    await waitFor(() => bridge.stats().dispatchers?.mqtt.connected === false, 'the dispatcher to notice the outage');
    for (let i = 0; i < 12; i++) v.sendVehicleData({ data: [{ key: 'Soc', value: { intValue: i } }] });
    await v.waitIdle(); // acked at once: reliable ack is off
    const during = bridge.stats().dispatchers?.mqtt;
    assert.equal(during?.inflight, 5);
    assert.equal(during?.dropped, 7);
    assert.ok(
      lines.some((l) => l.includes('WARN') && l.includes('dropped') && l.includes('dropped=')),
      lines.join('\n'),
    );

    await broker.start();
    await waitFor(() => bridge.stats().dispatchers?.mqtt.inflight === 0, 'the queued records published');
    const after = bridge.stats().dispatchers?.mqtt;
    assert.equal(after?.published, 5);
    assert.equal(after?.dropped, 7);
  });

  it("the Live Telemetry panel's MQTT source reads the bridge's broker as it reads fleet-telemetry's: the same values", async () => {
    const vin = '5YJ3MQTT000000004';
    const source = await MqttTelemetrySource.open({ url: broker.url, topicBase: 'telemetry' });
    cleanups.push(() => source.close());
    const read: MqttRecord[] = [];
    source.on('records', (r) => read.push(...r));
    const bridge = await bridgeWith(dispatchConfig(broker, { records: { V: ['mqtt'], alerts: ['mqtt'] } }));
    const own: Array<{ key: string; value: unknown }> = [];
    bridge.onRecord((r, line) => {
      if (r.txtype === 'V') own.push(...(JSON.parse(line.toString()) as { record: { data: Array<{ key: string; value: unknown }> } }).record.data);
    });
    const v = vehicleFor(bridge, pki, pki.vehicle(vin));
    cleanups.push(() => v.close());
    await v.waitConnected();
    v.sendVehicleData({
      data: [
        { key: 'Gear', value: { shiftStateValue: 'ShiftStateN' } },
        { key: 'Soc', value: { doubleValue: 61.25 } },
        { key: 'Location', value: { locationValue: { latitude: 52.52, longitude: 13.405 } } },
        { key: 'Locked', value: { booleanValue: false } },
        { key: 'VehicleName', value: { stringValue: 'Berlin 3' } },
      ],
    });
    v.sendAlerts({ alerts: [{ name: 'DoorOpen', audiences: ['Customer'], startedAt: '2026-12-07T10:00:00Z' }] });
    await v.waitIdle();
    await waitFor(() => read.filter((r) => r.txtype === 'V').length === 5 && read.some((r) => r.txtype === 'alerts'), 'the records on the source');
    const values = Object.fromEntries(
      read
        .filter((r) => r.txtype === 'V')
        .map((r) => {
          const d = (r.record as { data: Array<{ key: string; value: unknown }> }).data[0];
          return [d.key, d.value];
        }),
    );
    assert.deepEqual(values, Object.fromEntries(own.map((d) => [d.key, d.value])));
    const alert = read.find((r) => r.txtype === 'alerts')?.record as { alerts: Array<{ name: string; audiences: string[]; startedAt: string }> };
    assert.equal(alert.alerts[0].name, 'DoorOpen');
    assert.deepEqual(alert.alerts[0].audiences, ['Customer']);
    assert.equal(alert.alerts[0].startedAt, '2026-12-07T10:00:00Z');
  });

  it("shows the dispatcher's publishes and its drops on /metrics", async () => {
    const vin = '5YJ3MQTT000000005';
    const dispatch = dispatchConfig(broker, { queueLimit: 2 }, { publishTimeoutMs: 120000 });
    const bridge = await startTestBridge(pki, { feed: undefined, dispatch, metrics: { port: 0 } });
    cleanups.push(() => bridge.close());
    const v = vehicleFor(bridge, pki, pki.vehicle(vin));
    cleanups.push(() => v.close());
    await v.waitConnected();
    v.sendVehicleData({ data: [{ key: 'Soc', value: { intValue: 1 } }] });
    await waitFor(() => bridge.stats().dispatchers?.mqtt.published === 1, 'one record confirmed');
    await broker.stop();
    await waitFor(() => bridge.stats().dispatchers?.mqtt.connected === false, 'the outage noticed');
    for (let i = 0; i < 5; i++) v.sendVehicleData({ data: [{ key: 'Soc', value: { intValue: i } }] });
    await v.waitIdle();
    const samples = parsePrometheusText((await scrape(bridge.metrics?.url ?? assert.fail('no metrics url'))).text);
    const value = (name: string, labels: Record<string, string>): number | undefined =>
      samples.find((s) => s.name === `${METRIC_PREFIX}${name}` && Object.entries(labels).every(([k, l]) => s.labels[k] === l))?.value;
    assert.equal(value('dispatcher_publishes_total', { dispatcher: 'mqtt' }), 1);
    assert.equal(value('dispatcher_errors_total', { dispatcher: 'mqtt', reason: 'queue_full' }), 3);
  });

  it('refuses to start when the broker cannot be reached, naming it', async () => {
    await broker.stop();
    await assert.rejects(bridgeWith(dispatchConfig(broker)), new RegExp(`cannot connect to ${broker.url.replace(/[/.]/g, '\\$&')}.*mqtt\\.broker`));
  });
});
