/**
 * Alerts through the fleet-telemetry dispatchers: a simulated car streams into a bridge with alert rules and a server
 * config routing Fleetkit's own `fleetkit_alerts` record type to mqtt, redis, zmq and logger; the alert its Soc fires
 * arrives on a real mosquitto, a real redis-server (VIN channel and subscriber set), a ZeroMQ SUB socket and the
 * logger's lines, each time as the Alert's JSON. The channel and topic names follow fleet-telemetry's scheme for its own
 * record types (/work/tesla/fleet-telemetry/datastore/redis/redis.go vinChannel `<namespace>_<txtype>_{<vin>}`,
 * datastore/zmq/zmq.go topic `<namespace>_<txtype>`, datastore/mqtt/mqtt_payload.go `<topic_base>/<VIN>/...`).
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { createClient } from 'redis';
import { Subscriber } from 'zeromq';
import { isAlert, type Alert } from '../../../core/alerts/alert';
import { createCa, issueServerCert } from '../../../core/certs';
import { createLogger } from '../../../core/log/logger';
import { startSimulator, type RunningSimulator } from '../../../simulator/index';
import { createTelemetrySurface } from '../../../simulator/telemetry/surface';
import { startBridge, type RunningBridge } from '../../../telemetry-bridge';
import { parseServerConfig } from '../../../telemetry-bridge/server-config';
import { startMosquitto, startRedis, type Broker } from '../../support/brokers';
import { freePort } from '../../support/net';
import { replaceSurfaces } from '../../support/simulator';
import { tempDir, waitFor } from './helpers';

const DRIVER = '5YJ3E1EA8KF000001'; // online in the default world

describe('telemetry bridge: alerts through the dispatchers (mosquitto, redis-server, ZeroMQ, logger)', function () {
  this.timeout(120_000);
  let sim: RunningSimulator;
  let mosquitto: Broker;
  let redis: Broker;
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  const serverCa = createCa({ commonName: 'Alert dispatch test server CA' });
  const server = issueServerCert(serverCa, { hostnames: ['localhost', '127.0.0.1'] });

  before(async () => {
    [mosquitto, redis] = await Promise.all([startMosquitto(), startRedis()]);
    sim = await startSimulator({ tls: false, surfaces: replaceSurfaces(createTelemetrySurface({ reconnect: { initialMs: 200, maxMs: 1000 } })) });
  });
  after(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
    await sim?.close();
    await Promise.all([mosquitto?.stop(), redis?.stop()]);
  });

  it('a low-SoC alert arrives on the MQTT topic, both Redis channels, the ZeroMQ topic and the logger, as the Alert JSON', async () => {
    const simPost = async (path: string, body: unknown): Promise<Response> =>
      fetch(`${sim.urls.fleet.na}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const dir = tempDir('alerts-dispatch');
    const rulesFile = join(dir, 'fleet.alerts.json');
    writeFileSync(rulesFile, JSON.stringify({ rules: [{ name: 'low-soc', field: 'Soc', below: 20, clearAbove: 25, severity: 'critical' }] }));
    const zmqAddr = `tcp://127.0.0.1:${await freePort()}`;
    // fleet-telemetry's server_config.json shape; fleetkit_alerts is the bridge's own key. No transmit_decoded_records:
    // alerts have no protobuf, so they go out as JSON all the same.
    const { dispatch } = parseServerConfig({
      namespace: 'tesla_telemetry',
      records: { fleetkit_alerts: ['mqtt', 'redis', 'zmq', 'logger'] },
      mqtt: { broker: `127.0.0.1:${mosquitto.port}`, topic_base: 'telemetry', qos: 1, retained: true },
      redis: { addrs: [`127.0.0.1:${redis.port}`], publish_vin_topics: true, subscriber_set_prefix: 'consumers' },
      zmq: { addr: zmqAddr },
    });

    // MQTT subscriber.
    const mqttGot: Array<{ topic: string; payload: string }> = [];
    const mq = await mqtt.connectAsync(mosquitto.url);
    cleanups.push(() => mq.endAsync(true));
    mq.on('message', (topic, payload) => mqttGot.push({ topic, payload: payload.toString() }));
    await mq.subscribeAsync('telemetry/#', { qos: 1 });

    // Redis: the VIN channel, and a consumer registered in the subscriber set with a lease an hour ahead.
    const redisGot: Array<{ channel: string; payload: string }> = [];
    const cmd = createClient({ url: redis.url });
    await cmd.connect();
    cleanups.push(() => cmd.disconnect());
    const sub = cmd.duplicate();
    await sub.connect();
    cleanups.push(() => sub.disconnect());
    const vinChannel = `tesla_telemetry_fleetkit_alerts_{${DRIVER}}`;
    await cmd.zAdd(`consumers_${vinChannel}`, { score: Math.floor(Date.now() / 1000) + 3600, value: 'consumer-7' });
    await sub.subscribe([vinChannel, 'consumer-7'], (payload: string, channel: string) => redisGot.push({ channel, payload }));

    const logs: string[] = [];
    const logger = createLogger({ level: 'info', sink: { write: (_level, line) => logs.push(line) } });
    // The driver starts just over 20 %: driving, its Soc falls under the limit within seconds (as test/integration/alerts).
    let res = await simPost(`/sim/vehicles/${DRIVER}/state`, { patch: { charge_state: { battery_level: 20.04, charging_state: 'Disconnected' } } });
    assert.equal(res.status, 200, await res.text());
    const vehicleCa = await (await fetch(`${sim.urls.fleet.na}/sim/telemetry/vehicle-ca`)).text();
    const bridge: RunningBridge = await startBridge({
      port: 0,
      certPem: server.certPem + serverCa.certPem,
      keyPem: server.keyPem,
      vehicleCas: [vehicleCa],
      dispatch,
      logger,
      alerts: { file: rulesFile },
    });
    let closed = false;
    cleanups.push(() => (closed ? undefined : bridge.close()));
    const spooled: Alert[] = [];
    bridge.onRecord((_r, line) => {
      const rec = JSON.parse(line.toString()) as { txtype: string; record: Alert };
      if (rec.txtype === 'fleetkit_alerts') spooled.push(rec.record);
    });

    // ZeroMQ subscriber, connected before the car streams: PUB drops what no subscription asked for yet, and the
    // subscription travels right after the ZMTP handshake, seconds before the first alert can fire.
    const zmqGot: Array<{ topic: string; payload: string }> = [];
    const zsub = new Subscriber({ linger: 0 });
    cleanups.push(() => zsub.close());
    let handshaken = false;
    zsub.events.on('handshake', () => (handshaken = true));
    zsub.connect(zmqAddr);
    zsub.subscribe('tesla_telemetry_');
    void (async () => {
      try {
        for await (const [topic, payload] of zsub) zmqGot.push({ topic: topic.toString(), payload: payload.toString() });
      } catch {
        // closed
      }
    })();
    await waitFor(() => handshaken, 'the ZeroMQ subscriber connected to the bridge');

    res = await simPost('/sim/telemetry/config', {
      vins: [DRIVER],
      config: { hostname: 'localhost', port: bridge.port, ca: serverCa.certPem, prefer_typed: true, fields: { Soc: { interval_seconds: 1 } } },
      activities: { [DRIVER]: 'drive' },
    });
    assert.equal(res.status, 200, await res.text());

    await waitFor(() => spooled.some((a) => a.rule === 'low-soc'), 'the low-soc alert', 60_000);
    const alert = spooled.find((a) => a.rule === 'low-soc')!;
    assert.ok(isAlert(alert));
    assert.equal(alert.vin, DRIVER);
    assert.ok((alert.value as number) < 20, `fired under the limit: ${String(alert.value)}`);
    const json = JSON.stringify(alert);

    const loggerLine = (): string | undefined => logs.find((l) => l.includes('record_payload') && l.includes('"txtype":"fleetkit_alerts"'));
    await waitFor(() => mqttGot.length > 0 && redisGot.length >= 2 && zmqGot.length > 0 && loggerLine() !== undefined, 'the alert on every dispatcher', 20_000);
    assert.deepEqual(mqttGot, [{ topic: `telemetry/${DRIVER}/fleetkit_alerts/low-soc`, payload: json }]);
    // redis.go: the subscriber set's members first, then the VIN channel.
    assert.deepEqual(redisGot, [
      { channel: 'consumer-7', payload: json },
      { channel: vinChannel, payload: json },
    ]);
    assert.deepEqual(zmqGot, [{ topic: 'tesla_telemetry_fleetkit_alerts', payload: json }]);
    const m = /record_payload vin=(\S+) metadata=(\{[^}]*\}) data=(.*)$/.exec(loggerLine()!);
    assert.ok(m, loggerLine());
    assert.equal(m[1], DRIVER);
    assert.deepEqual(
      { ...(JSON.parse(m[2]) as Record<string, string>), receivedat: undefined },
      {
        device_client_version: '',
        receivedat: undefined,
        txid: '',
        txtype: 'fleetkit_alerts',
        vin: DRIVER,
      },
    );
    assert.equal(m[3], json);

    // retained as configured: a consumer subscribing later gets the last alert of the rule.
    const late: MqttClient = await mqtt.connectAsync(mosquitto.url);
    cleanups.push(() => late.endAsync(true));
    const retained: Array<{ topic: string; payload: string; retain: boolean }> = [];
    late.on('message', (topic, payload, packet) => retained.push({ topic, payload: payload.toString(), retain: packet.retain }));
    await late.subscribeAsync(`telemetry/+/fleetkit_alerts/#`, { qos: 1 });
    await waitFor(() => retained.length > 0, 'the retained alert');
    assert.deepEqual(retained, [{ topic: `telemetry/${DRIVER}/fleetkit_alerts/low-soc`, payload: json, retain: true }]);

    const stats = bridge.stats().dispatchers!;
    for (const name of ['mqtt', 'redis', 'zmq', 'logger']) {
      assert.deepEqual([name, stats[name].published >= 1, stats[name].errors, stats[name].dropped], [name, true, 0, 0]);
    }
    closed = true;
    await bridge.close();
    // One crossing, one alert, once on each (hysteresis holds it while the car stays under 25 %).
    assert.equal(spooled.filter((a) => a.rule === 'low-soc').length, 1);
    assert.equal(mqttGot.length, 1);
    assert.equal(zmqGot.length, 1);
  });
});
