/**
 * Per-record cost of the bridge (issue 20's last section), measured from outside: 1,000 mTLS vehicles each sending one
 * frame per 50 ms tick (20,000 frames/s, not 500 ms buckets), against the null bridge (bench/null-bridge.ts: mTLS +
 * WebSocket + envelope txid + ack, nothing else), the bridge with one worker and the bridge with two, one after
 * another in the same run, the bridge with its spool on. For each: ack p50/p99 and acks/s at 20,000 frames/s, then
 * saturation (acks/s under a higher offered rate), peak RSS and CPU per frame. Ratios: bridge ÷ null bridge.
 *
 *   npm run bench bridge -- --cost-only [--vehicles=1000] [--rate=20000] [--sat-rate=60000] [--window=10] [--warmup=5]
 *     [--repeat=N] (medians of N rounds, ratios paired within a round) [--load-threads=N] (vehicles over N worker
 *     threads; on 2 cores a second generator thread takes the core the bridge needs, so the default is 1)
 *   BENCH_PIN_BRIDGE=1 taskset -c 0 npm run bench … runs each server on CPU 1 and the vehicles on CPU 0 (each side a core
 *     of its own: the latency is then the generator's queueing more than the server's, see docs/bridge-operations.md)
 *   BENCH_HIST=1 prints each target's latency histogram; BENCH_BRIDGE_STDOUT=1 copies the bridges' stdout to stderr
 *     (with BENCH_BRIDGE_NODE_ARGS=--trace-gc)
 *   BENCH_BRIDGE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the bridges (unminified bundles)
 *   BENCH_BASE_ROOT=/path/to/another/checkout … --only=0,1,3 --no-saturation --repeat=N measures a change side by side:
 *     target 3 is that checkout's bridge (one worker); the two bridges swap places every other round
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import { createCa, generateEcKeyPair, issueClientCert, issueServerCert } from '../core/certs';
import { bridgeBundleOptions, startBridgeProcess } from './bridge-bundle';
import { runWhenMain, type BenchFigure, type BenchResult } from './result';
import { startVehicleLoad } from './vehicle-load';

const root = join(__dirname, '..');

interface Target {
  name: string;
  argv: (dir: string) => string[];
}

interface Measured {
  name: string;
  acksPerS: number;
  p50: number;
  p99: number;
  saturation: number;
  rssMb: number;
  rssTotalMb: number;
  cpuUsPerFrame: number;
  processes: number;
  genElu: number;
  connected: number;
  /** The bridge's backpressure counters after the run. */
  pressure: string;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Each numeric figure the median over the runs of one target; the text of its median-p99 run. */
function medianRun(runs: Measured[]): Measured {
  const byP99 = [...runs].sort((a, b) => a.p99 - b.p99)[Math.floor((runs.length - 1) / 2)];
  const m = (f: (r: Measured) => number): number => median(runs.map(f));
  return {
    ...byP99,
    acksPerS: m((r) => r.acksPerS),
    p50: m((r) => r.p50),
    p99: m((r) => r.p99),
    saturation: m((r) => r.saturation),
    rssMb: m((r) => r.rssMb),
    rssTotalMb: m((r) => r.rssTotalMb),
    cpuUsPerFrame: m((r) => r.cpuUsPerFrame),
    genElu: m((r) => r.genElu),
  };
}

/** Latencies (sorted, ms) per bucket, for BENCH_HIST=1. */
function histogram(lat: Float64Array): string {
  const edges = [1, 2, 5, 10, 20, 50, 100, 200, 500, Infinity];
  let from = 0;
  return edges
    .map((e) => {
      let to = from;
      while (to < lat.length && lat[to] <= e) to++;
      const text = `≤${e}: ${to - from}`;
      from = to;
      return text;
    })
    .join(', ');
}

function percentile(sorted: Float64Array, p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** The process and its descendants (a cluster primary's workers). */
function processTree(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const d of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const out = [pid];
  for (let i = 0; i < out.length; i++) for (const [p, pp] of parent) if (pp === out[i]) out.push(p);
  return out;
}

function procStatus(pid: number, key: string): number {
  try {
    const m = new RegExp(`${key}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

function cpuSeconds(pids: number[]): number {
  let t = 0;
  for (const pid of pids) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      t += (Number(f[11]) + Number(f[12])) / 100;
    } catch {
      // gone
    }
  }
  return t;
}

interface ChildReady {
  port: number;
  pid: number;
  metrics_url?: string;
}

/** The bridge's backpressure counters from its /metrics (what explains a low saturation). */
async function backpressure(url: string | undefined): Promise<string> {
  if (!url) return '';
  const text = await (await fetch(url)).text();
  const get = (name: string): number => {
    const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
    return m ? Number(m[1]) : NaN;
  };
  const mb = (name: string): string => (get(name) / 1048576).toFixed(0);
  return (
    `ingest pauses ${get('fleetkit_bridge_ingest_pauses_total')}, reply pauses ${get('fleetkit_bridge_reply_pauses_total')}; ` +
    `after the load: V8 heap ${mb('fleetkit_bridge_nodejs_heap_size_total_bytes')} MB, external ${mb('fleetkit_bridge_nodejs_external_memory_bytes')} MB; ` +
    `event-loop delay since the measured window began: p99 ${(get('fleetkit_bridge_nodejs_eventloop_lag_p99_seconds') * 1000).toFixed(1)} ms, max ${(get('fleetkit_bridge_nodejs_eventloop_lag_max_seconds') * 1000).toFixed(1)} ms`
  );
}

const sleep = (s: number): Promise<void> => new Promise((r) => setTimeout(r, s * 1000));

export async function runCost(args: string[]): Promise<BenchResult> {
  const { values } = parseArgs({
    args,
    options: {
      vehicles: { type: 'string' },
      rate: { type: 'string' },
      'sat-rate': { type: 'string' },
      window: { type: 'string' },
      warmup: { type: 'string' },
      'no-saturation': { type: 'boolean' },
      only: { type: 'string' },
      'load-threads': { type: 'string' },
      repeat: { type: 'string' },
    },
    strict: false,
  });
  const N = Number(values.vehicles ?? 1000);
  const rate = Number(values.rate ?? 20000);
  const satRate = Number(values['sat-rate'] ?? 60000);
  const windowS = Number(values.window ?? 10);
  const warmupS = Number(values.warmup ?? 5);
  const flushMs = 50;
  const loadThreads = Number(values['load-threads'] ?? 1);
  const repeat = Math.max(1, Number(values.repeat ?? 1));
  const dir = mkdtempSync(join(tmpdir(), 'fleetkit-bench-cost-'));
  const load0 = loadavg()[0];
  try {
    const serverCa = createCa({ commonName: 'Bench Telemetry Server CA' });
    const server = issueServerCert(serverCa, { hostnames: ['localhost', '127.0.0.1'] });
    const vehicleCa = createCa({ commonName: 'Bench Vehicle CA' });
    const vehicleKey = generateEcKeyPair().privateKeyPem;
    const vins = Array.from({ length: N }, (_, i) => `5YJ3BENCH${String(i).padStart(8, '0')}`);
    const certs = vins.map((vin) => issueClientCert(vehicleCa, { commonName: vin, keyPem: vehicleKey }).certPem);
    await esbuild.build({
      ...bridgeBundleOptions(root),
      entryPoints: { bridge: join(root, 'telemetry-bridge', 'main.ts'), 'null-bridge': join(root, 'bench', 'null-bridge.ts') },
      outdir: dir,
    });
    const base = process.env.BENCH_BASE_ROOT;
    if (base) await esbuild.build({ ...bridgeBundleOptions(base), entryPoints: { 'bridge-base': join(base, 'telemetry-bridge', 'main.ts') }, outdir: dir });
    cpSync(join(root, 'telemetry-bridge', 'certs', 'tesla-vehicle-ca'), join(dir, 'tesla-vehicle-ca'), { recursive: true, filter: (s) => !s.endsWith('.md') });
    writeFileSync(join(dir, 'server.pem'), server.certPem);
    writeFileSync(join(dir, 'server-key.pem'), server.keyPem);
    writeFileSync(join(dir, 'vehicle-ca.pem'), vehicleCa.certPem);
    const bridgeConfig = (workers: number): string => {
      const file = join(dir, `bridge-${workers}.json`);
      writeFileSync(
        file,
        JSON.stringify({
          port: 0,
          tls: { server_cert: 'server.pem', server_key: 'server-key.pem', ca_file: 'vehicle-ca.pem' },
          rate_limit: { enabled: false },
          spool: { dir: `spool-${workers}` },
          log_level: 'warn',
          workers,
          monitoring: { prometheus_metrics_port: 0 },
        }),
      );
      return file;
    };
    const targets: Target[] = [
      {
        name: 'null bridge',
        argv: (d) => [join(d, 'null-bridge.js'), '--cert', join(d, 'server.pem'), '--key', join(d, 'server-key.pem'), '--ca', join(d, 'vehicle-ca.pem')],
      },
      { name: 'bridge, 1 worker', argv: (d) => [join(d, 'bridge.js'), '--config', bridgeConfig(1)] },
      { name: 'bridge, 2 workers', argv: (d) => [join(d, 'bridge.js'), '--config', bridgeConfig(2)] },
    ];
    if (base) targets.push({ name: 'bridge base, 1 worker', argv: (d) => [join(d, 'bridge-base.js'), '--config', bridgeConfig(1)] });

    const measure = async (t: Target): Promise<Measured> => {
      const { child, ready } = await startBridgeProcess<ChildReady>(t.argv(dir));
      try {
        const load = startVehicleLoad({ port: ready.port, ca: serverCa.certPem, keyPem: vehicleKey, certs, vins, threads: loadThreads });
        const { connected } = await load.connect();
        const pids = processTree(ready.pid);
        // 20,000 frames/s: latency and acks/s in the window after the warm-up.
        load.start(rate, flushMs);
        await sleep(warmupS);
        // A scrape starts the bridge's event-loop delay histogram afresh (prom-client resets it on each collect).
        if (ready.metrics_url) await (await fetch(ready.metrics_url)).text();
        let m0 = await load.mark();
        const cpu0 = cpuSeconds(pids);
        const t0 = performance.now();
        await sleep(windowS);
        const m1 = await load.mark();
        const w = (performance.now() - t0) / 1000;
        const cpu = cpuSeconds(pids) - cpu0;
        const lat = Float64Array.from(m1.latencies).sort();
        if (process.env.BENCH_HIST) console.error(`${t.name}: ${histogram(lat)}`);
        const acksPerS = (m1.acked - m0.acked) / w;
        // Saturation: more offered than it can take; what it acks is its capacity (on this shared machine).
        let saturation = NaN;
        let m2 = m1;
        if (!values['no-saturation']) {
          load.start(satRate, flushMs);
          await sleep(warmupS);
          m0 = await load.mark();
          const s0 = performance.now();
          await sleep(windowS);
          m2 = await load.mark();
          saturation = (m2.acked - m0.acked) / ((performance.now() - s0) / 1000);
        }
        const pressure = await backpressure(ready.metrics_url);
        await load.pause();
        const rss = pids.map((p) => procStatus(p, 'VmHWM'));
        await load.close();
        return {
          name: t.name,
          acksPerS,
          p50: percentile(lat, 50),
          p99: percentile(lat, 99),
          saturation,
          rssMb: Math.max(...rss),
          rssTotalMb: rss.reduce((a, b) => a + b, 0),
          cpuUsPerFrame: (cpu * 1e6) / Math.max(1, acksPerS * w),
          processes: pids.length,
          genElu: m2.elu,
          connected,
          pressure,
        };
      } finally {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    };

    // --only=1 (profiling one target): 0 null bridge, 1 one worker, 2 two workers, 3 BENCH_BASE_ROOT's bridge.
    const only = values.only === undefined ? undefined : String(values.only).split(',').map(Number);
    const chosen = only ? targets.filter((_, i) => only.includes(i)) : targets.slice(0, 3);
    // --repeat=N: the targets one after another, N times; each figure is the median of its N runs and each ratio the
    // median of the N ratios of runs made side by side (a shared machine's slow minutes hit both sides of a pair).
    const rounds: Measured[][] = [];
    for (let i = 0; i < repeat; i++) {
      const round: Measured[] = new Array<Measured>(chosen.length);
      // The targets after the first alternate their order round by round (neither always runs right after the null bridge).
      const order = chosen.map((_, j) => j);
      if (i % 2 === 1) order.splice(1, order.length - 1, ...order.slice(1).reverse());
      for (const j of order) round[j] = await measure(chosen[j]);
      rounds.push(round);
      if (repeat > 1) {
        console.error(`round ${i + 1}: ${round.map((m) => `${m.name} p99 ${m.p99.toFixed(1)} ms, ${m.cpuUsPerFrame.toFixed(1)} µs/frame`).join('; ')}`);
      }
    }
    const results = chosen.map((_, j) => medianRun(rounds.map((r) => r[j])));
    const pairedRatio = (a: number, b: number, f: (m: Measured) => number): number => median(rounds.map((r) => f(r[a]) / f(r[b])));

    if (only) {
      return {
        title: 'bridge per-record cost (partial run)',
        figures: results.flatMap((r) => [
          { name: `${r.name}: acks/s`, value: r.acksPerS, unit: '' },
          { name: `${r.name}: ack p50`, value: r.p50, unit: 'ms' },
          { name: `${r.name}: ack p99`, value: r.p99, unit: 'ms' },
          { name: `${r.name}: saturation`, value: r.saturation, unit: '' },
          { name: `${r.name}: CPU per frame`, value: r.cpuUsPerFrame, unit: 'µs' },
          { name: `${r.name}: RSS`, value: r.rssMb, unit: 'MB' },
        ]),
        // Each target after the first against the first, measured side by side.
        ratios: results.slice(1).flatMap((r, j) => [
          { name: `ack p99, ${r.name} ÷ ${results[0].name}`, value: pairedRatio(j + 1, 0, (m) => m.p99), unit: '' },
          { name: `CPU per frame, ${r.name} ÷ ${results[0].name}`, value: pairedRatio(j + 1, 0, (m) => m.cpuUsPerFrame), unit: '' },
        ]),
        notes: results.map((r) => `${r.name}: ${r.pressure}; generator busy ${(r.genElu * 100).toFixed(0)}%`),
      };
    }
    const one = results[1];
    const figures: BenchFigure[] = [];
    for (const r of results) {
      figures.push(
        { name: `${r.name}: acks/s at ${rate}`, value: r.acksPerS, unit: 'frames/s' },
        { name: `${r.name}: ack p50`, value: r.p50, unit: 'ms' },
        { name: `${r.name}: ack p99`, value: r.p99, unit: 'ms' },
        { name: `${r.name}: saturation`, value: r.saturation, unit: `frames/s acked (offered ${satRate})` },
        { name: `${r.name}: CPU per frame`, value: r.cpuUsPerFrame, unit: `µs (all ${r.processes} process(es), at ${rate}/s)` },
        { name: `${r.name}: peak RSS`, value: r.rssMb, unit: `MB per process (${r.rssTotalMb.toFixed(0)} MB in all)` },
      );
    }
    const ratios: BenchFigure[] = [
      { name: 'saturation, 1 worker ÷ null', value: pairedRatio(1, 0, (m) => m.saturation), unit: '(target ≥ 0.6)' },
      { name: 'ack p99, 1 worker ÷ null', value: pairedRatio(1, 0, (m) => m.p99), unit: '(target ≤ 1.5)' },
      { name: 'CPU per frame, 1 worker ÷ null', value: pairedRatio(1, 0, (m) => m.cpuUsPerFrame), unit: '' },
      { name: 'saturation, 2 workers ÷ null', value: pairedRatio(2, 0, (m) => m.saturation), unit: '' },
      { name: 'ack p99, 2 workers ÷ null', value: pairedRatio(2, 0, (m) => m.p99), unit: '' },
      { name: 'saturation, 2 workers ÷ 1', value: pairedRatio(2, 1, (m) => m.saturation), unit: '' },
    ];
    const met = ratios[0].value >= 0.6 && ratios[1].value <= 1.5 && one.rssMb < 300 && one.acksPerS >= rate * 0.98;
    return {
      title: `bridge per-record cost — ${N} mTLS vehicles, one frame per vehicle per ${flushMs} ms`,
      figures,
      ratios,
      notes: [
        ...(repeat > 1 ? [`each figure the median of ${repeat} runs, each ratio the median of ${repeat} side-by-side ratios`] : []),
        `load average ${load0.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after, on ${cpus().length} cores shared with the vehicles (a worker thread of this process) and other users of the machine`,
        `vehicles connected: ${results.map((r) => `${r.name} ${r.connected}`).join(', ')}; generator thread busy ${results.map((r) => `${(r.genElu * 100).toFixed(0)}%`).join(' / ')} in the saturation windows (near 100%: the generator, not the server, sets the pace)`,
        ...results.filter((r) => r.pressure).map((r) => `${r.name}: ${r.pressure}`),
        'the bridge runs with its spool on (JSONL files, no fsync), feed on with no subscriber, rate limit off; the null bridge decodes only the envelope',
        `one worker: ${met ? 'meets' : 'does NOT meet'} ≥ 0.6 of the null bridge's saturation, ≤ 1.5× its ack p99 at ${rate} frames/s and RSS < 300 MB in this run`,
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

runWhenMain(module, runCost, { exit: true });
