import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VehicleStreamer } from '../../../core/telemetry-wire';
import { SPOOL_FILE_PATTERN } from '../../../telemetry-bridge';
import { HistoryStore } from '../../../telemetry-bridge/history/store';
import { FeedClient, makePki, tempDir, vehicleFor, waitFor, type Pki } from './helpers';
import { Scrape } from './prom-text';

const root = join(__dirname, '..', '..', '..');
const P = 'fleetkit_bridge_';

interface Ready {
  port: number;
  pid: number;
  workers: number;
  metrics_url: string;
  feed: { url: string; token: string };
}

/** The bridge's worker processes: the children of the primary with the worker's environment (tsx has its own child). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) !== pid) continue;
      if (
        readFileSync(`/proc/${d}/environ`, 'latin1')
          .split('\0')
          .some((e) => e.startsWith('FLEETKIT_BRIDGE_WORKER='))
      ) {
        out.push(Number(d));
      }
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('telemetry bridge: --workers 2 (cluster primary + workers, one port, history in the primary)', function () {
  this.timeout(120000);
  let pki: Pki;
  let dir: string;
  let child: ChildProcess;
  let ready: Ready;
  let stderr = '';
  let feed: FeedClient;
  const cars: VehicleStreamer[] = [];

  before(async () => {
    pki = makePki();
    dir = tempDir('workers');
    writeFileSync(join(dir, 'server.pem'), pki.server.certPem);
    writeFileSync(join(dir, 'server-key.pem'), pki.server.keyPem);
    writeFileSync(join(dir, 'vehicle-ca.pem'), pki.vehicleCa.certPem);
    // From source under tsx: the primary forks telemetry-bridge/main.ts the same way (see cluster/primary.ts workerEntry).
    child = spawn(
      process.execPath,
      [
        '--require',
        require.resolve('tsx/cjs'),
        join(root, 'telemetry-bridge', 'main.ts'),
        ...['--port', '0', '--cert', join(dir, 'server.pem'), '--key', join(dir, 'server-key.pem'), '--vehicle-ca', join(dir, 'vehicle-ca.pem')],
        ...[
          '--spool-dir',
          join(dir, 'spool'),
          '--workers',
          '2',
          '--history',
          join(dir, 'history.db'),
          '--metrics-port',
          '0',
          '--feed-port',
          '0',
          '--log-level',
          'info',
        ],
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stderr?.on('data', (d) => (stderr += String(d)));
    ready = await new Promise<Ready>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (d) => {
        out += String(d);
        const nl = out.indexOf('\n');
        if (nl >= 0) resolve(JSON.parse(out.slice(0, nl)) as Ready);
      });
      child.once('exit', (code) => reject(new Error(`bridge exited early (${code}): ${stderr}`)));
    });
    feed = new FeedClient(ready.feed.url, ready.feed.token);
    await feed.opened();
    await feed.until(() => feed.messages.some((m) => m.type === 'hello'), 'hello');
  });

  after(async () => {
    feed?.close();
    await Promise.all(cars.map((c) => c.close()));
    if (child?.exitCode === null) child.kill('SIGKILL');
  });

  it('prints one ready line from the primary, with two workers listening on one port', () => {
    assert.equal(ready.workers, 2);
    assert.equal(ready.pid, child.pid);
    assert.match(ready.metrics_url, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    assert.equal(childrenOf(ready.pid).length, 2, 'two worker processes');
  });

  it('spreads vehicles over both workers; the feed sees every record and /metrics adds the workers up', async () => {
    for (let i = 0; i < 10; i++) cars.push(vehicleFor(ready, pki, pki.vehicle(`5YJ3WORKERS00000${i}`)));
    await Promise.all(cars.map((c) => c.waitConnected()));
    cars.forEach((c, i) => {
      for (let k = 0; k < 5; k++) c.sendVehicleData({ createdAt: Date.now(), data: [{ key: 'Odometer', value: { doubleValue: i * 100 + k } }] });
    });
    await Promise.all(cars.map((c) => c.waitIdle()));
    await feed.until(() => feed.records().filter((r) => r.txtype === 'V').length === 50, '50 V records on the feed');
    const records = feed.records();
    assert.equal(records.filter((r) => r.txtype === 'connectivity').length, 10);
    // Worker i numbers its records i, i + 2, i + 4…: both parities mean both workers took vehicles.
    const seqs = records.map((r) => r.seq as number);
    assert.equal(new Set(seqs).size, seqs.length, 'sequence numbers are unique across workers');
    assert.ok(
      seqs.some((s) => s % 2 === 0),
      'worker 1 has vehicles',
    );
    assert.ok(
      seqs.some((s) => s % 2 === 1),
      'worker 2 has vehicles',
    );
    const perVin = new Map<string, Set<number>>();
    for (const r of records) perVin.set(r.vin, (perVin.get(r.vin) ?? new Set()).add((r.seq as number) % 2));
    assert.ok(
      [...perVin.values()].every((p) => p.size === 1),
      "a vehicle's records all come from one worker",
    );

    let s = await Scrape.of(ready.metrics_url);
    assert.equal(s.value(`${P}workers`), 2);
    assert.equal(s.value(`${P}connections`), 10);
    assert.equal(s.value(`${P}records_total`, { topic: 'V' }), 50);
    assert.equal(s.value(`${P}acks_total`), 50);
    assert.equal(s.value(`${P}feed_subscribers`), 1);
    // The feed's stats message adds the workers up too (workers report every second).
    await feed.until(() => feed.messages.some((m) => m.type === 'stats' && m.records_total === 60 && m.connected_vehicles === 10), 'stats of 60 records');

    // A worker that dies is restarted (and logged); its vehicles can reconnect to the port.
    const [victim] = childrenOf(ready.pid);
    process.kill(victim, 'SIGKILL');
    await waitFor(() => /worker \d \(pid \d+\) exited \(signal SIGKILL\); restarting it/.test(stderr), 'the restart logged', 20000);
    for (let i = 0; i < 100; i++) {
      s = await Scrape.of(ready.metrics_url);
      if (s.value(`${P}workers`) === 2 && childrenOf(ready.pid).length === 2) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(s.value(`${P}workers`), 2);
    assert.equal(s.value(`${P}worker_restarts_total`), 1);
    assert.ok(!childrenOf(ready.pid).includes(victim));
  });

  it('SIGTERM stops every worker gracefully: exit 0, no process left, the spools hold every record, the history every vehicle', async () => {
    const workers = childrenOf(ready.pid);
    assert.equal(workers.length, 2);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    await waitFor(() => workers.every((pid) => !alive(pid)), 'the workers to be gone', 10000);
    const files = readdirSync(join(dir, 'spool')).filter((f) => SPOOL_FILE_PATTERN.test(f));
    assert.ok(files.length >= 2, `one spool file per worker process (${files.join(', ')})`);
    const lines = files.flatMap((f) =>
      readFileSync(join(dir, 'spool', f), 'utf8')
        .split('\n')
        .filter(Boolean),
    );
    const v = lines.map((l) => JSON.parse(l) as { txtype: string; txid: string }).filter((r) => r.txtype === 'V');
    assert.equal(v.length, 50);
    assert.equal(new Set(v.map((r) => r.txid)).size, 50);
    // The primary's one history writer got every worker's vehicles.
    const history = HistoryStore.open(join(dir, 'history.db'), { readonly: true });
    try {
      assert.deepEqual(
        history.vins().sort(),
        Array.from({ length: 10 }, (_, i) => `5YJ3WORKERS00000${i}`),
      );
    } finally {
      history.close();
    }
  });
});
