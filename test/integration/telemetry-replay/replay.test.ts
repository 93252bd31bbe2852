import assert from 'node:assert/strict';
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCa, issueServerCert } from '../../../core/certs';
import type { TelemetryRecord } from '../../../core/messages/live-feed';
import { startSimulator, type RunningSimulator } from '../../../simulator/index';
import { createTelemetrySurface } from '../../../simulator/telemetry/surface';
import { SPOOL_FILE_PATTERN, startBridge, type RunningBridge } from '../../../telemetry-bridge';
import { runCli } from '../../support/cli';
import { replaceSurfaces } from '../../support/simulator';
import { FeedClient, tempDir } from '../bridge/helpers';

const DRIVER = '5YJ3E1EA8KF000001'; // online in the default world
const CHARGER = 'LRW3E7FA7MC000005'; // online in the default world

function spoolFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => SPOOL_FILE_PATTERN.test(f))
    .sort()
    .map((f) => join(dir, f));
}

function spoolRecords(dir: string): TelemetryRecord[] {
  return spoolFiles(dir).flatMap((f) =>
    readFileSync(f, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as TelemetryRecord),
  );
}

/** What a car sent, per VIN in order: topic and the decoded record (fields, values, createdAt). */
function sentByVin(records: TelemetryRecord[]): Map<string, Array<{ txtype: string; record: Record<string, unknown> }>> {
  const by = new Map<string, Array<{ txtype: string; record: Record<string, unknown> }>>();
  for (const r of records) {
    if (r.txtype === 'connectivity') continue;
    let list = by.get(r.vin);
    if (!list) by.set(r.vin, (list = []));
    list.push({ txtype: r.txtype, record: r.record });
  }
  return by;
}

describe('fleetkit telemetry replay: a recorded drive sent back through a second bridge', function () {
  this.timeout(120_000);
  let sim: RunningSimulator | undefined;
  let recorder: RunningBridge | undefined;
  let target: RunningBridge | undefined;
  let recordedDir: string;
  let certsDir: string;

  before(async () => {
    // Record: two simulated cars (one driving, one charging) stream into a bridge with a spool.
    const serverCa = createCa({ commonName: 'Replay test recorder CA' });
    const server = issueServerCert(serverCa, { hostnames: ['localhost', '127.0.0.1'] });
    sim = await startSimulator({ tls: false, surfaces: replaceSurfaces(createTelemetrySurface({ reconnect: { initialMs: 200, maxMs: 1000 } })) });
    const vehicleCa = await (await fetch(`${sim.urls.fleet.na}/sim/telemetry/vehicle-ca`)).text();
    recordedDir = tempDir('replay-recorded');
    recorder = await startBridge({
      port: 0,
      certPem: server.certPem + serverCa.certPem,
      keyPem: server.keyPem,
      vehicleCas: [vehicleCa],
      spool: { dir: recordedDir },
      feed: { port: 0 },
    });
    const feed = new FeedClient(recorder.feed!.url, recorder.feed!.token);
    await feed.opened();
    const base = { hostname: 'localhost', port: recorder.port, ca: serverCa.certPem, prefer_typed: true };
    const res = await fetch(`${sim.urls.fleet.na}/sim/telemetry/config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        vins: [DRIVER, CHARGER],
        config: {
          ...base,
          fields: {
            VehicleSpeed: { interval_seconds: 1 },
            Location: { interval_seconds: 1 },
            Gear: { interval_seconds: 1 },
            Soc: { interval_seconds: 1 },
            NotARealField: { interval_seconds: 1 },
          },
        },
        activities: { [DRIVER]: 'drive', [CHARGER]: 'charge' },
      }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    const vCount = (vin: string) => feed.records().filter((r) => r.txtype === 'V' && r.vin === vin).length;
    await feed.until(
      () => vCount(DRIVER) >= 4 && vCount(CHARGER) >= 4 && feed.records().some((r) => r.txtype === 'errors'),
      'a few seconds of both cars, and the errors record',
      60_000,
    );
    feed.close();
    await sim.close(); // the cars stop (their DISCONNECTED records are the recorder's)
    sim = undefined;
    await recorder.close(); // flushes the spool
    recorder = undefined;
    // The target: a bridge set up by `fleetkit certs init` (its vehicle CA issues the replayed cars' certificates).
    certsDir = tempDir('replay-certs');
    const init = await runCli(['certs', 'init', '--hostname', 'localhost', '--out', certsDir]);
    assert.equal(init.code, 0, init.err);
  });

  afterEach(async () => {
    await target?.close();
    target = undefined;
  });

  after(async () => {
    await recorder?.close();
    await sim?.close();
  });

  async function startTarget(spoolDir: string): Promise<RunningBridge> {
    return startBridge({
      port: 0,
      certPem: readFileSync(join(certsDir, 'server.pem'), 'utf8'),
      keyPem: readFileSync(join(certsDir, 'server-key.pem'), 'utf8'),
      vehicleCas: [readFileSync(join(certsDir, 'vehicle-ca.pem'), 'utf8')],
      spool: { dir: spoolDir },
    });
  }

  it('the second bridge spools the same records (topics, fields, values, createdAt) per VIN, as the same vehicles', async () => {
    const targetDir = tempDir('replay-target');
    target = await startTarget(targetDir);
    const r = await runCli(['telemetry', 'replay', recordedDir, '--to', `wss://localhost:${target.port}`, '--speed', '0', '--certs', certsDir, '--json']);
    assert.equal(r.code, 0, r.err);
    await target.close();
    target = undefined;

    const recorded = spoolRecords(recordedDir);
    const replayed = spoolRecords(targetDir);
    const want = sentByVin(recorded);
    const got = sentByVin(replayed);
    assert.deepEqual([...got.keys()].sort(), [DRIVER, CHARGER]);
    for (const vin of [DRIVER, CHARGER]) assert.deepEqual(got.get(vin), want.get(vin), `${vin}: the replayed records`);
    assert.ok(
      want.get(DRIVER)!.some((x) => x.txtype === 'errors'),
      'the recording holds an errors record (NotARealField), replayed as one',
    );
    // The second bridge saw each car connect with its own certificate (CN = VIN) and the recorded client version.
    const connected = replayed.filter((x) => x.txtype === 'connectivity' && x.record.status === 'CONNECTED');
    assert.deepEqual(connected.map((x) => x.vin).sort(), [DRIVER, CHARGER]);
    const recordedVersion = recorded.find((x) => x.vin === DRIVER && x.txtype === 'V')!.device_client_version;
    assert.equal(replayed.find((x) => x.vin === DRIVER && x.txtype === 'V')!.device_client_version, recordedVersion);

    const summary = JSON.parse(r.out) as {
      ok: boolean;
      sent: number;
      acked: number;
      skipped_connectivity: number;
      vehicles: Array<{ vin: string; sent: number; acked: number }>;
    };
    const sent = recorded.filter((x) => x.txtype !== 'connectivity').length;
    assert.equal(summary.ok, true);
    assert.equal(summary.sent, sent);
    assert.equal(summary.acked, sent);
    assert.equal(summary.skipped_connectivity, recorded.length - sent);
    assert.deepEqual(
      summary.vehicles.map((v) => [v.vin, v.sent, v.acked]),
      [DRIVER, CHARGER].map((vin) => [vin, want.get(vin)!.length, want.get(vin)!.length]),
    );
    assert.match(r.err, /Replayed \d+ records from 2 vehicles/);
  });

  it('reports bad spool lines with FILE:LINE, skips them and replays the rest (at a scaled pace)', async () => {
    const dir = tempDir('replay-bad');
    const file = join(dir, 'telemetry-20261207T120000000Z-0001.jsonl');
    const good = spoolRecords(recordedDir)
      .filter((x) => x.vin === DRIVER && x.txtype === 'V')
      .slice(0, 3);
    writeFileSync(file, JSON.stringify(good[0]) + '\n' + 'not json\n' + JSON.stringify({ txtype: 'V', vin: DRIVER }) + '\n' + JSON.stringify(good[1]) + '\n');
    appendFileSync(file, JSON.stringify({ ...good[2], record: { ...good[2]!.record, data: [{ key: 'NoSuchField', value: { stringValue: 'x' } }] } }) + '\n');
    appendFileSync(file, '{"txtype":"V","vin":"torn'); // a torn last line, as a crash leaves it
    const targetDir = tempDir('replay-bad-target');
    target = await startTarget(targetDir);
    const r = await runCli(['telemetry', 'replay', file, '--to', `wss://localhost:${target.port}`, '--speed', '50', '--certs', certsDir, '--json']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: skipped: not JSON`));
    assert.match(r.err, /:3: skipped: not a telemetry record/);
    assert.match(r.err, /:5: skipped: its V record cannot be encoded: .*NoSuchField/);
    assert.match(r.err, /:6: skipped: not JSON \(a torn last line\?\)/);
    const summary = JSON.parse(r.out) as { sent: number; acked: number; bad_lines: number };
    assert.deepEqual([summary.sent, summary.acked, summary.bad_lines], [2, 2, 4]);
    await target.close();
    target = undefined;
    assert.deepEqual(
      spoolRecords(targetDir)
        .filter((x) => x.txtype === 'V')
        .map((x) => x.record),
      [good[0]!.record, good[1]!.record],
    );
  });

  it('a server that does not trust the vehicle CA: the refusal is reported per VIN, nothing is resent, exit 1', async () => {
    const otherCa = createCa({ commonName: 'Not trusted vehicle CA' });
    const dir = tempDir('replay-other-ca');
    writeFileSync(join(dir, 'ca.pem'), otherCa.certPem);
    writeFileSync(join(dir, 'ca-key.pem'), otherCa.keyPem);
    const targetDir = tempDir('replay-refused-target');
    target = await startTarget(targetDir);
    const r = await runCli([
      'telemetry',
      'replay',
      recordedDir,
      '--to',
      `wss://localhost:${target.port}`,
      '--speed',
      '0',
      '--vehicle-ca-cert',
      join(dir, 'ca.pem'),
      '--vehicle-ca-key',
      join(dir, 'ca-key.pem'),
      '--ca',
      join(certsDir, 'server-ca.pem'),
      '--json',
    ]);
    assert.equal(r.code, 1, r.err);
    const summary = JSON.parse(r.out) as { ok: boolean; acked: number; vehicles: Array<{ vin: string; failure?: string }> };
    assert.equal(summary.ok, false);
    assert.equal(summary.acked, 0);
    for (const v of summary.vehicles) assert.match(v.failure ?? '', /refused/, v.vin);
    assert.equal(target.stats().records_total, 0);
  });

  it('bad usage names the fix', async () => {
    let r = await runCli(['telemetry', 'replay', recordedDir]);
    assert.equal(r.code, 2);
    assert.match(r.err, /--to wss:\/\/HOST:PORT is required/);
    r = await runCli(['telemetry', 'replay', recordedDir, '--to', 'https://localhost:1']);
    assert.equal(r.code, 2);
    assert.match(r.err, /wss:\/\//);
    r = await runCli(['telemetry', 'replay', recordedDir, '--to', 'wss://localhost:1', '--speed', 'fast', '--certs', certsDir]);
    assert.equal(r.code, 2);
    assert.match(r.err, /--speed must be a number/);
    const empty = tempDir('replay-no-certs');
    r = await runCli(['telemetry', 'replay', recordedDir, '--to', 'wss://localhost:1', '--certs', empty]);
    assert.equal(r.code, 2);
    assert.match(r.err, /fleetkit certs init --hostname localhost --out/);
    r = await runCli(['telemetry', 'replay', join(empty, 'missing.jsonl'), '--to', 'wss://localhost:1', '--certs', certsDir]);
    assert.equal(r.code, 2);
    assert.match(r.err, /cannot read the spool file/);
  });
});
