import assert from 'node:assert/strict';
import { connectAsync, type MqttClient } from 'mqtt';
import { createCa, issueServerCert } from '../../../core/certs';
import { MqttTelemetrySource, type MqttRecord } from '../../../core/mqtt-source';
import { startMosquitto, type Broker } from '../../support/brokers';
import { freePort } from '../../support/net';

async function until(pred: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('MQTT source: the panel reads a real mosquitto that fleet-telemetry writes to', function () {
  this.timeout(60_000);
  let broker: Broker;
  let publisher: MqttClient | undefined;
  let source: MqttTelemetrySource | undefined;
  const got: MqttRecord[] = [];

  before(async () => {
    broker = await startMosquitto();
  });
  afterEach(async () => {
    await source?.close();
    source = undefined;
    await publisher?.endAsync(true);
    publisher = undefined;
    got.length = 0;
  });
  after(async () => {
    await broker?.stop();
  });

  async function open(topicBase: string): Promise<MqttTelemetrySource> {
    const s = await MqttTelemetrySource.open({ url: broker.url, topicBase });
    s.on('records', (records) => got.push(...records));
    return s;
  }

  it('yields the records of fleet-telemetry-layout messages (fields, alerts, errors, connectivity)', async () => {
    source = await open('fleet/telemetry');
    publisher = await connectAsync(broker.url, { clientId: 'test-publisher' });
    // Topics and payloads as fleet-telemetry's datastore/mqtt/mqtt_payload.go publishes them (its mqtt_test.go values).
    const base = 'fleet/telemetry/TEST123';
    await publisher.publishAsync(`${base}/connectivity`, JSON.stringify({ ConnectionId: 'c-1', Status: 'CONNECTED', CreatedAt: '2026-12-07T10:00:00Z' }), {
      qos: 1,
    });
    await publisher.publishAsync(`${base}/v/VehicleName`, '"My Tesla"', { qos: 1 });
    await publisher.publishAsync(`${base}/v/TimeToFullCharge`, 'null', { qos: 1 });
    await publisher.publishAsync(`${base}/v/Location`, '{"latitude":37.7749,"longitude":-122.4194}', { qos: 1 });
    await publisher.publishAsync(`${base}/v/BatteryLevel`, '75.5', { qos: 1 });
    await publisher.publishAsync(`${base}/v/Gear`, '"ShiftStateD"', { qos: 1 });
    await publisher.publishAsync(
      `${base}/alerts/TestAlert1/current`,
      JSON.stringify({ StartedAt: '2026-12-07T10:00:01Z', Audiences: ['Customer', 'Service'] }),
      { qos: 1 },
    );
    await publisher.publishAsync(
      `${base}/alerts/TestAlert1/history`,
      JSON.stringify([{ StartedAt: '2026-12-07T10:00:01Z', Audiences: ['Customer', 'Service'] }]),
      {
        qos: 1,
      },
    );
    await publisher.publishAsync(
      `${base}/errors/TestError1`,
      JSON.stringify({ Body: 'This is a test error', Tags: { tag1: 'value1' }, CreatedAt: '2026-12-07T10:00:02Z' }),
      {
        qos: 1,
      },
    );
    await publisher.publishAsync('fleet/other/TEST123/v/Soc', '50', { qos: 1 }); // outside the topic base: not subscribed
    await publisher.publishAsync(`${base}/v/Soc`, '{not json', { qos: 1 }); // counted as bad, never a record
    await until(() => got.length >= 8, '8 records');
    await until(() => source!.badMessages === 1, 'the bad message counted');

    assert.ok(got.every((r) => r.vin === 'TEST123'));
    assert.deepEqual(
      got.map((r) => r.txtype),
      ['connectivity', 'V', 'V', 'V', 'V', 'V', 'alerts', 'errors'],
    );
    const values = Object.fromEntries(
      got.filter((r) => r.txtype === 'V').flatMap((r) => (r.record.data as Array<{ key: string; value: unknown }>).map((d) => [d.key, d.value])),
    );
    assert.deepEqual(values, {
      VehicleName: { stringValue: 'My Tesla' },
      TimeToFullCharge: { invalid: true },
      Location: { locationValue: { latitude: 37.7749, longitude: -122.4194 } },
      BatteryLevel: { doubleValue: 75.5 },
      Gear: { shiftStateValue: 'ShiftStateD' },
    });
    assert.equal(got[0]!.record.status, 'CONNECTED');
    assert.deepEqual(got[6]!.record.alerts, [{ name: 'TestAlert1', audiences: ['Customer', 'Service'], startedAt: '2026-12-07T10:00:01Z', endedAt: null }]);
    assert.deepEqual(
      (got[7]!.record.errors as Array<{ name: string; body: string }>).map((e) => [e.name, e.body]),
      [['TestError1', 'This is a test error']],
    );
    assert.equal(source.messages, 10, 'every message under the base was read (the current alert is read and skipped)');
  });

  it('rides out a broker outage: reconnecting while it is away, records again once it is back', async () => {
    source = await open('telemetry');
    const states: string[] = [];
    source.on('state', (s) => states.push(s));
    await broker.stop();
    await until(() => source!.state === 'reconnecting', 'reconnecting');
    await broker.start();
    await until(() => source!.state === 'connected', 'connected again', 30_000);
    publisher = await connectAsync(broker.url, { clientId: 'test-publisher-2' });
    // The subscription is made again on reconnect: poll with fresh values until one arrives.
    let n = 0;
    await until(
      () => {
        publisher!.publishAsync('telemetry/VIN2/v/Soc', String(50 + (n++ % 10)), { qos: 1 }).catch(() => undefined);
        return got.some((r) => r.vin === 'VIN2');
      },
      'a record after the outage',
      30_000,
    );
    assert.deepEqual(states.slice(0, 1), ['reconnecting']);
    assert.ok(states.includes('connected'));
  });

  it('a broker that is not there: the attach fails with a message naming the fix', async () => {
    const port = await freePort();
    await assert.rejects(
      MqttTelemetrySource.open({ url: `mqtt://127.0.0.1:${port}`, topicBase: 'telemetry', connectTimeoutMs: 5000 }),
      /nothing answers at mqtt:\/\/127\.0\.0\.1:\d+/,
    );
    await assert.rejects(MqttTelemetrySource.open({ url: broker.url, topicBase: 'telemetry/+' }), /wildcard/);
  });
});

describe('MQTT source: a broker with TLS and users, as production runs it', function () {
  this.timeout(60_000);
  const serverCa = createCa({ commonName: 'MQTT test broker CA' });
  const server = issueServerCert(serverCa, { hostnames: ['localhost', '127.0.0.1'] });
  let broker: Broker;
  let source: MqttTelemetrySource | undefined;

  before(async () => {
    broker = await startMosquitto({
      tls: { certPem: server.certPem + serverCa.certPem, keyPem: server.keyPem },
      users: { reader: 's3cret-pass', writer: 'w-pass' },
    });
  });
  afterEach(async () => {
    await source?.close();
    source = undefined;
  });
  after(async () => {
    await broker?.stop();
  });

  it('connects over mqtts with the CA given and the user name and password, and reads records', async () => {
    source = await MqttTelemetrySource.open({ url: broker.url, topicBase: 'telemetry', username: 'reader', password: 's3cret-pass', ca: serverCa.certPem });
    const got: MqttRecord[] = [];
    source.on('records', (r) => got.push(...r));
    const publisher = await connectAsync(broker.url, { username: 'writer', password: 'w-pass', ca: serverCa.certPem });
    try {
      await publisher.publishAsync('telemetry/VIN9/v/Soc', '64', { qos: 1 });
      await until(() => got.length === 1, 'the record over TLS');
    } finally {
      await publisher.endAsync(true);
    }
    assert.deepEqual(got[0]!.record.data, [{ key: 'Soc', value: { intValue: 64 } }]);
  });

  it('a wrong password, a missing CA or plain MQTT: errors naming the fix, with no password in them', async () => {
    const base = { url: broker.url, topicBase: 'telemetry', ca: serverCa.certPem, connectTimeoutMs: 5000 };
    const wrong = await MqttTelemetrySource.open({ ...base, username: 'reader', password: 'not-it' }).then(
      () => assert.fail('connected with a wrong password'),
      (err: Error) => err.message,
    );
    // mosquitto answers a wrong password with "not authorized" (CONNACK 5).
    assert.match(wrong, /not authorized\): check the user name and password/);
    assert.doesNotMatch(wrong, /not-it/);
    await assert.rejects(
      MqttTelemetrySource.open({ url: broker.url, topicBase: 'telemetry', username: 'reader', password: 's3cret-pass', connectTimeoutMs: 5000 }),
      /TLS certificate is not trusted .*give its CA file/,
    );
    await assert.rejects(
      MqttTelemetrySource.open({ ...base, url: broker.url.replace('mqtts:', 'mqtt:'), username: 'reader', password: 's3cret-pass' }),
      /could not connect|did not answer|nothing answers/,
    );
  });
});
