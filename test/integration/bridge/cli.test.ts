import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { main } from '../../../cli/main';
import { parseCertsInit, type CertsVehicleOutput } from '../../../core/messages/certs-init';
import { cliIo } from '../../support/cli';
import { createVehicleStreamer } from '../../../core/telemetry-wire';
import { tempDir, waitFor } from './helpers';

describe('fleetkit certs / fleetkit bridge', function () {
  this.timeout(60000);

  it('certs init + certs vehicle + bridge --config: a vehicle trusting only the printed ca streams to it', async () => {
    const dir = tempDir('cli');
    const a = cliIo();
    assert.equal(await main(['certs', 'init', '--hostname', 'localhost', '--out', dir], a.io), 0);
    const init = parseCertsInit(a.out());
    assert.match(init.ca, /^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----\n$/);
    assert.ok(new X509Certificate(readFileSync(init.server_cert)).checkIssued(new X509Certificate(init.ca)));
    assert.equal(statSync(init.server_key).mode & 0o077, 0, 'the server key is private');
    const b = cliIo();
    assert.equal(await main(['certs', 'vehicle', '--vin', '5YJ3CLI0000000001', '--out', dir], b.io), 0);
    const veh = JSON.parse(b.out()) as CertsVehicleOutput;
    assert.equal(new X509Certificate(readFileSync(veh.cert)).subject, 'CN=5YJ3CLI0000000001');

    const stop = new AbortController();
    const c = cliIo({ signal: stop.signal });
    const running = main(['bridge', '--config', init.bridge_config, '--port', '0', '--log-level', 'warn'], c.io);
    await waitFor(() => c.out().includes('\n'), 'the ready line');
    const ready = JSON.parse(c.out().split('\n')[0]) as { event: string; port: number; feed: { url: string; token: string } };
    assert.equal(ready.event, 'ready');
    assert.match(ready.feed.token, /^[0-9a-f]{64}$/);
    assert.match(ready.feed.url, /^ws:\/\/127\.0\.0\.1:\d+\/feed$/);
    const v = createVehicleStreamer({
      url: `wss://localhost:${ready.port}/`,
      certPem: readFileSync(veh.cert, 'utf8'),
      keyPem: readFileSync(veh.key, 'utf8'),
      ca: init.ca,
      reconnect: false,
    });
    await v.waitConnected();
    v.sendVehicleData({ data: [{ key: 'Gear', value: { shiftStateValue: 'ShiftStateD' } }] });
    await v.waitIdle();
    await v.close();
    stop.abort();
    assert.equal(await running, 0);
    assert.ok(!c.err().includes(ready.feed.token), 'the feed token is not logged');
  });

  it('bad configuration is a usage error with a clear message', async () => {
    const a = cliIo();
    assert.equal(await main(['bridge', '--port', '0', '--cert', 'x.pem', '--key', 'y.pem'], a.io), 2);
    assert.match(a.err(), /cannot read the server (certificate|key) \S+\/(x|y)\.pem/);
    const b = cliIo();
    assert.equal(await main(['bridge', '--port', '0', '--cert', 'x.pem', '--key', 'y.pem', '--vehicle-ca', 'ca.pem', '--reliable-ack'], b.io), 2);
    assert.match(b.err(), /reliable_ack needs a spool/);
    const c = cliIo();
    assert.equal(await main(['certs', 'vehicle', '--vin', 'bad vin!', '--out', tempDir('cli2')], c.io), 2);
    assert.match(c.err(), /--vin/);
  });
});
