import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningBridge } from '../../../telemetry-bridge';
import { expectRefused, makePki, startTestBridge, tempDir, vehicleFor, waitFor, type Pki } from './helpers';
import { scrape, Scrape } from './prom-text';

const P = 'fleetkit_bridge_';

describe('telemetry bridge: Prometheus /metrics while mTLS vehicles stream', function () {
  this.timeout(120000);
  let pki: Pki;
  let bridge: RunningBridge;
  let spoolDir: string;
  let url: string;

  before(async () => {
    pki = makePki();
    spoolDir = tempDir('metrics-spool');
    bridge = await startTestBridge(pki, { spool: { dir: spoolDir }, metrics: { port: 0 }, rateLimit: { limit: 50, intervalMs: 600_000 } });
    assert.ok(bridge.metrics?.url, 'the bridge says where its metrics are');
    url = bridge.metrics.url;
  });

  after(() => bridge?.close());

  it('serves the text format at /metrics (404 elsewhere), starting at zero', async () => {
    const r = await scrape(url);
    assert.equal(r.status, 200);
    assert.match(r.contentType, /^text\/plain; version=0\.0\.4/);
    assert.match(r.text, /# TYPE fleetkit_bridge_records_total counter/);
    assert.match(r.text, /# TYPE fleetkit_bridge_dispatcher_publish_seconds histogram/);
    const s = await Scrape.of(url);
    assert.equal(s.value(`${P}connections`), 0);
    assert.equal(s.value(`${P}acks_total`), 0);
    assert.equal(s.value(`${P}errors_total`, { kind: 'malformed' }), 0);
    assert.ok(s.names().has(`${P}nodejs_eventloop_lag_seconds`), 'event-loop lag is exported');
    assert.ok(s.names().has(`${P}process_resident_memory_bytes`), 'RSS is exported');
    assert.equal((await scrape(url.replace('/metrics', '/other'))).status, 404);
  });

  it('counts connections, records and bytes by topic, acks, errors by kind, rate-limited frames and the spool backlog', async () => {
    const vins = ['5YJ3METRICS000001', '5YJ3METRICS000002', '5YJ3METRICS000003'];
    const cars = vins.map((vin) => vehicleFor(bridge, pki, pki.vehicle(vin)));
    await Promise.all(cars.map((c) => c.waitConnected()));
    let s = await Scrape.of(url);
    assert.equal(s.value(`${P}connections`), 3);
    assert.equal(s.value(`${P}connections_total`), 3);
    assert.equal(s.value(`${P}records_total`, { topic: 'connectivity' }), 3);

    for (const c of cars) for (let i = 0; i < 10; i++) c.sendVehicleData({ data: [{ key: 'Soc', value: { doubleValue: 40 + i } }] });
    cars[0].sendAlerts({ alerts: [{ name: 'ChargePortFault', audiences: ['Customer'], startedAt: Date.now() }] });
    await Promise.all(cars.map((c) => c.waitIdle()));
    // A flooder: 60 frames and a garbage one against a limit of 50; the 11 over it are dropped unacked (the limit
    // applies before decoding, so the garbage frame is rate-limited, not malformed).
    const flooder = vehicleFor(bridge, pki, pki.vehicle('5YJ3METRICSFLOOD1'));
    await flooder.waitConnected();
    for (let i = 0; i < 60; i++) flooder.sendVehicleData({ data: [{ key: 'Soc', value: { doubleValue: i } }] });
    flooder.sendRaw(Buffer.from('not a flatbuffer'));
    await waitFor(() => bridge.stats().rate_limited_total === 11 && bridge.stats().acks_sent === 31 + 50, 'the flooder handled');
    // An untrusted car: its TLS handshake is refused.
    const stranger = vehicleFor(bridge, pki, pki.vehicle('5YJ3METRICSSTRANG', { ca: pki.otherCa }));
    await expectRefused(stranger);
    await stranger.close();
    await waitFor(() => bridge.stats().handshake_failures_total === 1, 'the refused handshake counted');

    s = await Scrape.of(url);
    assert.equal(s.value(`${P}records_total`, { topic: 'V' }), 30 + 50);
    assert.equal(s.value(`${P}records_total`, { topic: 'alerts' }), 1);
    assert.equal(s.value(`${P}records_total`, { topic: 'connectivity' }), 4);
    assert.equal(s.value(`${P}acks_total`), 81);
    assert.equal(s.value(`${P}rate_limited_total`), 11);
    assert.equal(s.value(`${P}errors_total`, { kind: 'malformed' }), 0);
    assert.equal(s.value(`${P}errors_total`, { kind: 'tls_handshake' }), 1);
    assert.equal(s.value(`${P}connections`), 4);

    await waitFor(() => s.value(`${P}spool_backlog_bytes`) !== undefined, 'backlog gauge');
    await bridge.close().then(() => undefined, assert.fail);
    for (const c of [...cars, flooder]) await c.close();
    // The bytes by topic are those of the records' lines, as the spool holds them.
    const lines = readdirSync(spoolDir).flatMap((f) => readFileSync(join(spoolDir, f), 'utf8').split('\n').filter(Boolean));
    const vBytes = lines.filter((l) => (JSON.parse(l) as { txtype: string }).txtype === 'V').reduce((n, l) => n + Buffer.byteLength(l), 0);
    assert.equal(s.value(`${P}record_bytes_total`, { topic: 'V' }), vBytes);
  });
});

describe('telemetry bridge: malformed frames, dispatcher hook and backlog in /metrics', function () {
  this.timeout(60000);
  let pki: Pki;
  let bridge: RunningBridge;

  before(async () => {
    pki = makePki();
    bridge = await startTestBridge(pki, { spool: { dir: tempDir('metrics-spool2') }, metrics: { port: 0 } });
  });
  after(() => bridge?.close());

  it('counts malformed frames, reports dispatcher publishes, failures and latency, and the spool backlog drains to 0', async () => {
    const car = vehicleFor(bridge, pki, pki.vehicle('5YJ3METRICSBAD001'));
    await car.waitConnected();
    car.sendRaw(Buffer.from('definitely not a flatbuffer'));
    car.sendRaw(Buffer.from('nor this'));
    await waitFor(() => bridge.stats().malformed_total === 2, 'malformed frames handled');
    bridge.dispatcherMetrics.published('mqtt', 0.003);
    bridge.dispatcherMetrics.published('mqtt', 0.2);
    bridge.dispatcherMetrics.failed('mqtt', 'timeout');
    const url = bridge.metrics?.url ?? assert.fail('no metrics url');
    const s = await Scrape.of(url);
    assert.equal(s.value(`${P}errors_total`, { kind: 'malformed' }), 2);
    assert.equal(s.value(`${P}dispatcher_publishes_total`, { dispatcher: 'mqtt' }), 2);
    assert.equal(s.value(`${P}dispatcher_errors_total`, { dispatcher: 'mqtt', reason: 'timeout' }), 1);
    assert.equal(s.value(`${P}dispatcher_publish_seconds_count`, { dispatcher: 'mqtt' }), 2);
    assert.equal(s.value(`${P}dispatcher_publish_seconds_bucket`, { dispatcher: 'mqtt', le: '0.005' }), 1);
    assert.equal(s.value(`${P}dispatcher_publish_seconds_bucket`, { dispatcher: 'mqtt', le: '0.25' }), 2);
    await waitFor(() => bridge.stats().records_total === 1, 'the CONNECTED record');
    // Without fsync a spool batch gathers lines for up to 100 ms (telemetry-bridge/outputs/spool.ts) before it is written.
    const deadline = Date.now() + 10_000;
    let backlog = (await Scrape.of(url)).value(`${P}spool_backlog_bytes`);
    while (backlog !== 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      backlog = (await Scrape.of(url)).value(`${P}spool_backlog_bytes`);
    }
    assert.equal(backlog, 0, 'the spool backlog drained');
    await car.close();
  });
});
