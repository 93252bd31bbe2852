/**
 * `fleetkit bridge --config server_config.json` with fleet-telemetry's own config format
 * (/work/tesla/fleet-telemetry/config/config.go): the bridge starts from it, dispatches to the brokers it names, and
 * refuses what it cannot do with the key's path.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { main } from '../../../cli/main';
import { parseCertsInit, type CertsVehicleOutput } from '../../../core/messages/certs-init';
import { createVehicleStreamer } from '../../../core/telemetry-wire';
import { startMosquitto, type Broker } from '../../support/brokers';
import { cliIo } from '../../support/cli';
import { tempDir, waitFor } from './helpers';

describe('fleetkit bridge --config with a fleet-telemetry server config', function () {
  this.timeout(60000);
  let broker: Broker;
  before(async () => {
    broker = await startMosquitto();
  });
  after(async () => {
    await broker.stop();
  });

  it('starts from it and publishes to its MQTT broker and logger; the broker password stays out of the logs', async () => {
    const dir = tempDir('ft-config');
    const a = cliIo();
    assert.equal(await main(['certs', 'init', '--hostname', 'localhost', '--out', dir], a.io), 0);
    const init = parseCertsInit(a.out());
    const b = cliIo();
    const vin = '5YJ3FTCFG00000001';
    assert.equal(await main(['certs', 'vehicle', '--vin', vin, '--out', dir], b.io), 0);
    const veh = JSON.parse(b.out()) as CertsVehicleOutput;
    const password = 'broker-secret-7f3a9c';
    const config = join(dir, 'server_config.json');
    const bridgeJson = JSON.parse(readFileSync(init.bridge_config, 'utf8')) as { tls: Record<string, string> };
    writeFileSync(
      config,
      JSON.stringify({
        host: '127.0.0.1',
        port: 0,
        log_level: 'info',
        namespace: 'tesla_telemetry',
        // fleetkit_alerts (Fleetkit's own record type) without --alerts: accepted, with a warning that nothing will come.
        records: { V: ['mqtt', 'logger'], fleetkit_alerts: ['logger'] },
        reliable_ack_sources: { V: 'mqtt' },
        mqtt: { broker: `127.0.0.1:${broker.port}`, client_id: 'fleetkit-cli-test', username: 'fleetkit', password, topic_base: 'telemetry', qos: 1 },
        tls: {
          server_cert: join(dir, bridgeJson.tls.server_cert),
          server_key: join(dir, bridgeJson.tls.server_key),
          ca_file: join(dir, bridgeJson.tls.ca_file),
        },
      }),
    );
    const sub = await mqtt.connectAsync(broker.url);
    const got: string[] = [];
    sub.on('message', (topic, payload) => got.push(`${topic} ${payload.toString()}`));
    await sub.subscribeAsync('telemetry/#', { qos: 1 });

    const stop = new AbortController();
    const c = cliIo({ signal: stop.signal });
    // One process: the logger dispatcher's lines are then on this io's stderr (workers write to their own).
    const running = main(['bridge', '--config', config, '--workers', '1'], c.io);
    await waitFor(() => c.out().includes('\n') || c.err().includes('bridge:'), 'the ready line');
    const ready = JSON.parse(c.out().split('\n')[0]) as { port: number };
    const v = createVehicleStreamer({
      url: `wss://localhost:${ready.port}/`,
      certPem: readFileSync(veh.cert, 'utf8'),
      keyPem: readFileSync(veh.key, 'utf8'),
      ca: init.ca,
      reconnect: false,
    });
    await v.waitConnected();
    v.sendVehicleData({ data: [{ key: 'Gear', value: { shiftStateValue: 'ShiftStateR' } }] });
    await v.waitIdle(); // acked: mosquitto confirmed the publish (reliable_ack_sources.V = mqtt)
    await waitFor(() => got.includes(`telemetry/${vin}/v/Gear "ShiftStateR"`), 'the field on the broker');
    await v.close();
    stop.abort();
    assert.equal(await running, 0);
    await sub.endAsync(true);
    assert.match(c.err(), /record_payload vin=5YJ3FTCFG00000001 .*"Gear":"ShiftStateR"/);
    assert.ok(!c.err().includes(password), 'the broker password is not logged');
    assert.match(c.err(), /WARN .*records\.fleetkit_alerts: no alert rules are set, so no alerts will be dispatched \(give --alerts FILE\)/);
  });

  it('a key it cannot honour is a usage error naming the key', async () => {
    const dir = tempDir('ft-bad');
    const cases: Array<[object, RegExp]> = [
      [{ records: { V: ['kafka'] } }, /records\.V\[0\]: the "kafka" dispatcher is not supported/],
      [{ records: { V: ['logger'] }, mqtt: { broker: 'h:1883', topicbase: 'x' } }, /mqtt\.topicbase: unknown key/],
    ];
    for (const [json, message] of cases) {
      const file = join(dir, 'server_config.json');
      writeFileSync(file, JSON.stringify(json));
      const io = cliIo();
      assert.equal(await main(['bridge', '--config', file, '--port', '0'], io.io), 2);
      assert.match(io.err(), message);
    }
  });
});
