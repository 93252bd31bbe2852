/**
 * The primary of `fleetkit bridge --workers N`: forks N worker processes that share the vehicle port (node:cluster
 * hands accepted connections to them round-robin), runs the live feed, stdout and /metrics for all of them, prints
 * the one ready line once every worker listens, restarts a worker that dies (logged), and on SIGINT/SIGTERM stops
 * every worker gracefully and waits for them to exit. Each worker writes its own spool files (same directory).
 */
import cluster, { type Worker } from 'node:cluster';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AggregatorRegistry, Registry } from 'prom-client';
import { isWorkerToPrimary, type PrimaryToWorker, type WorkerToPrimary } from '../../core/messages/bridge-cluster';
import type { BridgeStats, FeedHelloVehicle } from '../../core/messages/live-feed';
import { untilAborted } from '../../core/process/signals';
import type { BridgeIO } from '../flags';
import { registerClusterMetrics, registerFeedMetrics } from '../metrics/bridge-metrics';
import { startMetricsServer, type MetricsServer } from '../metrics/metrics-server';
import { HistoryStore } from '../history/store';
import { HistoryWriter } from '../history/writer';
import { historyHttpHandler } from '../history/http';
import { LiveFeed } from '../outputs/live-feed';
import { STDOUT_MAX_BUFFERED } from '../outputs/outputs';
import { readyLine, type PreparedBridge } from '../prepare';
import { sumStats } from './stats-sum';
import { WORKER_COUNT_ENV, WORKER_INDEX_ENV } from './worker';

/** A worker that dies sooner than this after starting is restarted after RESTART_DELAY_MS, not at once. */
const QUICK_DEATH_MS = 5000;
const RESTART_DELAY_MS = 1000;
/** How long stopping workers may take before they are killed. */
const STOP_TIMEOUT_MS = 15000;
/** How long /metrics waits for a worker's answer. */
const METRICS_TIMEOUT_MS = 2000;

interface Slot {
  index: number;
  worker?: Worker;
  startedAt: number;
  ready: boolean;
  stats?: BridgeStats;
  vehicles: Map<string, FeedHelloVehicle>;
}

/** What the workers run: this same program (the bundle beside us, or main.ts under tsx when run from source). */
function workerEntry(): { exec: string; execArgv: string[] } {
  if (__filename.endsWith('.ts')) {
    const tsx = 'tsx/cjs'; // a variable: only source runs need it, the bundles never resolve it
    return { exec: join(__dirname, '..', 'main.ts'), execArgv: [...process.execArgv, '--require', require.resolve(tsx)] };
  }
  const bundle = join(__dirname, 'bridge.js');
  if (!existsSync(bundle)) throw new Error(`--workers needs ${bundle} (the bridge bundle) beside ${__filename}`);
  return { exec: bundle, execArgv: process.execArgv };
}

function splitLines(data: Uint8Array, each: (line: Buffer) => void): void {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let from = 0;
  for (let nl = buf.indexOf(10, from); nl >= 0; nl = buf.indexOf(10, from)) {
    each(buf.subarray(from, nl));
    from = nl + 1;
  }
}

export async function runClusterPrimary(prepared: PreparedBridge, count: number, args: string[], io: BridgeIO): Promise<number> {
  const { cfg, logger } = prepared;
  const log = logger.child('cluster');
  const entry = workerEntry();
  cluster.setupPrimary({ exec: entry.exec, execArgv: entry.execArgv, args, serialization: 'advanced', silent: false });

  const slots: Slot[] = Array.from({ length: count }, (_, index) => ({ index, startedAt: 0, ready: false, vehicles: new Map() }));
  let stopping = false;
  let restarts = 0;
  let stdoutDropped = 0;
  let forwardDropped = 0;
  const stdout = cfg.stdout ? io.stdout : undefined;

  const feed = cfg.feed
    ? new LiveFeed({
        ...cfg.feed,
        logger: logger.child('feed'),
        vehicles: () => slots.flatMap((s) => [...s.vehicles.values()]),
        onSubscribers: () => updateForwarding(),
        // History queries (docs/history.md) are answered here, by the one writer; what is queued is written first.
        http: historyHttpHandler(() => {
          history?.flush();
          return history?.store;
        }),
      })
    : undefined;
  // The history database has one writer, here, fed by the workers' lines (the workers run without it).
  const history = cfg.history
    ? new HistoryWriter(HistoryStore.open(cfg.history.file, { retention: cfg.history.retention }), { logger: logger.child('history') })
    : undefined;
  const wantLines = (): boolean => !!stdout || !!history || (feed?.subscriberCount ?? 0) > 0;
  let forwarding = wantLines();
  const tell = (w: Worker | undefined, m: PrimaryToWorker): void => {
    if (w?.isConnected()) w.send(m);
  };
  function updateForwarding(): void {
    const on = wantLines();
    if (on === forwarding) return;
    forwarding = on;
    for (const s of slots) if (s.ready) tell(s.worker, { bridge: 'forward', on });
  }

  const stats = (): BridgeStats => ({
    ...sumStats(slots.flatMap((s) => (s.stats ? [s.stats] : []))),
    connected_vehicles: slots.reduce((n, s) => n + s.vehicles.size, 0),
    feed_subscribers: feed?.subscriberCount ?? 0,
    feed_dropped_total: (feed?.droppedTotal ?? 0) + forwardDropped,
    stdout_dropped_total: stdoutDropped,
  });

  const onLines = (data: Uint8Array): void => {
    if (stdout) {
      const buffered = (stdout as NodeJS.WritableStream & { writableLength?: number }).writableLength ?? 0;
      if (buffered > STDOUT_MAX_BUFFERED) splitLines(data, () => stdoutDropped++);
      else stdout.write(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    }
    if (feed && feed.subscriberCount > 0) splitLines(data, (line) => feed.publish(line));
    if (history) splitLines(data, (line) => history.tap(undefined, line));
  };

  const readyWaiters: Array<{ resolve(): void; reject(err: Error): void }> = [];
  const onMessage = (slot: Slot, m: WorkerToPrimary): void => {
    switch (m.bridge) {
      case 'ready':
        slot.ready = true;
        firstReady ??= m;
        tell(slot.worker, { bridge: 'forward', on: forwarding });
        if (slots.every((s) => s.ready)) for (const w of readyWaiters.splice(0)) w.resolve();
        break;
      case 'vehicle':
        if (m.op === 'add') slot.vehicles.set(m.vehicle.connectionId, m.vehicle);
        else slot.vehicles.delete(m.vehicle.connectionId);
        break;
      case 'stats':
        slot.stats = m.stats;
        break;
      case 'lines':
        onLines(m.data);
        break;
      case 'dropped':
        forwardDropped += m.count;
        break;
      case 'metrics':
        metricReplies.get(m.id)?.(m.metrics);
        break;
    }
  };
  let firstReady: Extract<WorkerToPrimary, { bridge: 'ready' }> | undefined;

  // /metrics: every listening worker's registry (a worker still starting is skipped, one that does not answer within
  // METRICS_TIMEOUT_MS too), aggregated by prom-client's rules (sums unless a metric says otherwise).
  const metricReplies = new Map<number, (metrics: unknown[]) => void>();
  let metricRequests = 0;
  const workerMetrics = async (): Promise<string> => {
    const ready = slots.filter((s) => s.ready && s.worker?.isConnected());
    const replies = await Promise.all(
      ready.map(
        (s) =>
          new Promise<unknown[] | undefined>((resolve) => {
            const id = ++metricRequests;
            const timer = setTimeout(() => {
              metricReplies.delete(id);
              resolve(undefined);
            }, METRICS_TIMEOUT_MS);
            metricReplies.set(id, (metrics) => {
              clearTimeout(timer);
              metricReplies.delete(id);
              resolve(metrics);
            });
            tell(s.worker, { bridge: 'metrics', id });
          }),
      ),
    );
    const got = replies.filter((r): r is unknown[] => r !== undefined);
    return got.length ? AggregatorRegistry.aggregate(got as Parameters<typeof AggregatorRegistry.aggregate>[0]).metrics() : '';
  };

  const fork = (slot: Slot): void => {
    const worker = cluster.fork({ [WORKER_INDEX_ENV]: String(slot.index), [WORKER_COUNT_ENV]: String(count) });
    slot.worker = worker;
    slot.ready = false;
    slot.startedAt = Date.now();
    worker.on('message', (m: unknown) => {
      if (isWorkerToPrimary(m)) onMessage(slot, m);
    });
    worker.once('exit', (code, signal) => {
      const wasReady = slot.ready;
      slot.ready = false;
      slot.vehicles.clear();
      if (stopping) return;
      const how = signal ? `signal ${signal}` : `code ${code}`;
      if (!wasReady && !firstReadyAll) {
        for (const w of readyWaiters.splice(0)) w.reject(new Error(`bridge worker ${slot.index + 1} exited (${how}) before listening; see its message above`));
        return;
      }
      restarts++;
      const quick = Date.now() - slot.startedAt < QUICK_DEATH_MS;
      log.warn(`worker ${slot.index + 1} (pid ${worker.process.pid}) exited (${how}); restarting it${quick ? ` in ${RESTART_DELAY_MS} ms` : ''}`);
      setTimeout(() => !stopping && fork(slot), quick ? RESTART_DELAY_MS : 0).unref();
    });
  };
  let firstReadyAll = false;

  let metricsServer: MetricsServer | undefined;
  const stopWorkers = async (): Promise<void> => {
    stopping = true;
    const exits = slots.map((s) =>
      s.worker && !s.worker.isDead() ? new Promise<void>((resolve) => s.worker?.once('exit', () => resolve())) : Promise.resolve(),
    );
    for (const s of slots) tell(s.worker, { bridge: 'stop' });
    const kill = setTimeout(() => {
      for (const s of slots) if (s.worker && !s.worker.isDead()) s.worker.process.kill('SIGKILL');
    }, STOP_TIMEOUT_MS);
    await Promise.all(exits);
    clearTimeout(kill);
  };

  try {
    if (feed) await feed.start();
    const allReady = new Promise<void>((resolve, reject) => readyWaiters.push({ resolve, reject }));
    for (const s of slots) fork(s);
    await Promise.race([allReady, untilAborted(io.signal)]);
    firstReadyAll = true;
    if (!io.signal.aborted) {
      if (cfg.metricsPort !== undefined) {
        const own = new Registry();
        registerFeedMetrics(own, stats);
        registerClusterMetrics(own, { workers: () => slots.filter((s) => s.ready).length, restarts: () => restarts });
        metricsServer = await startMetricsServer(
          cfg.host,
          cfg.metricsPort,
          async () => ({ text: (await workerMetrics()) + (await own.metrics()), contentType: own.contentType }),
          (err) => log.warn('metrics scrape failed', err.message),
        );
      }
      const r = firstReady;
      if (!r) throw new Error('no bridge worker became ready');
      log.info(`${count} workers listening on port ${r.port}`);
      io.stdout.write(
        readyLine(
          {
            host: r.host,
            port: r.port,
            statusUrl: r.statusUrl,
            feed: feed ? { host: feed.host, port: feed.port, url: feed.url, token: feed.token } : undefined,
            spoolDir: cfg.spool?.dir,
            reliableAck: cfg.reliableAck,
            metrics: metricsServer ? { url: metricsServer.url } : undefined,
          },
          count,
        ) + '\n',
      );
      const statsTimer = feed ? setInterval(() => feed.broadcast({ type: 'stats', at: Date.now(), ...stats() }), 1000) : undefined;
      await untilAborted(io.signal);
      if (statsTimer) clearInterval(statsTimer);
      io.stderr.write('bridge: stopping (flushing outputs)…\n');
    }
  } finally {
    await stopWorkers();
    await feed?.close();
    history?.close();
    await metricsServer?.close();
  }
  io.stderr.write(`bridge: stopped after ${stats().records_total} records\n`);
  return 0;
}
