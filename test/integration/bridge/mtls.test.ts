import assert from 'node:assert/strict';
import { request } from 'node:https';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCa } from '../../../core/certs';
import { loadCaBundles, type RunningBridge } from '../../../telemetry-bridge';
import { expectRefused, FeedClient, makePki, startTestBridge, tempDir, vehicleFor, type Pki } from './helpers';

function getStatus(port: number, pki: Pki, client?: { certPem: string; keyPem: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/status', servername: 'localhost', ca: pki.serverCa.certPem, cert: client?.certPem, key: client?.keyPem },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += String(c)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('telemetry bridge: mTLS and vehicle identity', function () {
  this.timeout(60000);
  let pki: Pki;
  let bridge: RunningBridge;
  let feed: FeedClient;

  before(async () => {
    pki = makePki();
    bridge = await startTestBridge(pki);
    feed = new FeedClient(bridge.feed?.url ?? '', bridge.feed?.token);
    await feed.opened();
  });
  after(async () => {
    feed.close();
    await bridge.close();
  });

  it('/status answers "mtls ok" to a vehicle with a trusted certificate, and refuses a client without one', async () => {
    const ok = await getStatus(bridge.port, pki, pki.vehicle('5YJ3STATUS0000001'));
    assert.deepEqual(ok, { status: 200, body: 'mtls ok' });
    await assert.rejects(getStatus(bridge.port, pki));
  });

  it('takes the VIN from the certificate CN, never from the body (spoof attempt)', async () => {
    const real = '5YJ3REAL000000001';
    const v = vehicleFor(bridge, pki, pki.vehicle(real), { vin: '5YJ3SPOOF00000002' });
    try {
      await v.waitConnected();
      const txid = v.sendVehicleData({ vin: '5YJ3SPOOF00000002', data: [{ key: 'VehicleName', value: { stringValue: 'spoof' } }] });
      await v.waitIdle();
      await feed.until(() => feed.records().some((r) => r.txid === txid), 'the record');
      const rec = feed.records().find((r) => r.txid === txid);
      assert.equal(rec?.vin, real);
      assert.equal(rec?.record.vin, real);
      assert.ok(!feed.records().some((r) => r.vin === '5YJ3SPOOF00000002' || r.record.vin === '5YJ3SPOOF00000002'));
      assert.ok(feed.records().some((r) => r.txtype === 'connectivity' && r.vin === real && (r.record as { status: string }).status === 'CONNECTED'));
    } finally {
      await v.close();
    }
  });

  const refusals: Array<[string, (p: Pki) => { certPem: string; keyPem: string } | undefined]> = [
    ['no client certificate', () => undefined],
    ['a certificate from an untrusted CA with the same name', (p) => p.vehicle('5YJ3WRONGCA000001', { ca: p.otherCa })],
    ['an expired certificate', (p) => p.vehicle('5YJ3EXPIRED000001', { expired: true })],
    ['a self-signed certificate carrying a real VIN', (p) => p.vehicle('5YJ3REAL000000001', { ca: null })],
  ];
  for (const [name, make] of refusals) {
    it(`refuses ${name}, and nothing from it reaches the outputs`, async () => {
      const cert = make(pki);
      const before = bridge.stats();
      // An empty PEM means the vehicle presents no certificate at all.
      const v = vehicleFor(bridge, pki, cert ?? { certPem: '', keyPem: '' });
      const refused = await expectRefused(v);
      await v.close();
      assert.equal(refused.refused, true);
      const after = bridge.stats();
      assert.equal(after.connections_total, before.connections_total, 'no vehicle connection was registered');
      assert.ok(after.handshake_failures_total + after.identity_refused_total > before.handshake_failures_total + before.identity_refused_total);
    });
  }

  it('trusts every certificate of a multi-certificate CA bundle file', async () => {
    const dir = tempDir('cabundle');
    const extra = createCa({ commonName: 'Another Vehicle CA' });
    const file = join(dir, 'bundle.pem');
    writeFileSync(file, `# Tesla-style bundle\n${extra.certPem}\n${pki.vehicleCa.certPem}`);
    const cas = await loadCaBundles([file]);
    assert.equal(cas.length, 2);
    const b2 = await startTestBridge(pki, { vehicleCas: cas, feed: undefined });
    try {
      const v = vehicleFor(b2, pki, pki.vehicle('5YJ3BUNDLE0000001'));
      await v.waitConnected();
      v.sendVehicleData({ data: [] });
      await v.waitIdle();
      await v.close();
      assert.equal(b2.stats().records_by_topic.V, 1);
    } finally {
      await b2.close();
    }
    writeFileSync(file, 'not a certificate');
    await assert.rejects(loadCaBundles([file]), /no PEM certificate/);
  });
});
