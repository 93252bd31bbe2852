/**
 * A worker process of `fleetkit bridge --workers N`: the whole bridge (mTLS server on the shared port, decoding,
 * acks, its own spool files) minus the feed and stdout, which live in the primary. It forwards its record lines to
 * the primary while the primary asks for them, reports its vehicles and counters, answers the primary's metrics
 * requests, and shuts down gracefully when the primary says stop, on SIGINT/SIGTERM, or when the primary is gone.
 */
import cluster from 'node:cluster';
import type { Registry } from 'prom-client';
import { isPrimaryToWorker, type WorkerToPrimary } from '../../core/messages/bridge-cluster';
import { untilAborted } from '../../core/process/signals';
import type { RunningBridge } from '../bridge';
import type { BridgeIO } from '../flags';
import { prepareBridge, startPrepared } from '../prepare';
import type { BridgeRecord } from '../record';

/** Set by the primary in each worker's environment: the worker's index (0-based) and how many there are. */
export const WORKER_INDEX_ENV = 'FLEETKIT_BRIDGE_WORKER';
export const WORKER_COUNT_ENV = 'FLEETKIT_BRIDGE_WORKERS';

/** Line batches sent to the primary and not yet taken by the channel, above which lines are dropped (and counted). */
const MAX_IN_FLIGHT = 64;

export function isBridgeWorker(): boolean {
  return cluster.isWorker && process.env[WORKER_INDEX_ENV] !== undefined;
}

function send(m: WorkerToPrimary, done?: () => void): void {
  if (!process.connected || !process.send) return done?.();
  process.send(m, undefined, {}, () => done?.());
}

/** Batches record lines per event-loop turn into one IPC message. */
class LineForwarder {
  on = false;
  private lines: Buffer[] = [];
  private bytes = 0;
  private inFlight = 0;
  private scheduled = false;
  private dropped = 0;

  readonly tap = (_record: BridgeRecord, line: Buffer): void => {
    if (!this.on) return;
    this.lines.push(line);
    this.bytes += line.length + 1;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  };

  flush(done?: () => void): void {
    this.scheduled = false;
    const lines = this.lines;
    if (!lines.length) return done?.();
    const data = Buffer.allocUnsafe(this.bytes);
    let at = 0;
    for (const l of lines) {
      at += l.copy(data, at);
      data[at++] = 10;
    }
    this.lines = [];
    this.bytes = 0;
    if (this.inFlight >= MAX_IN_FLIGHT) {
      this.dropped += lines.length;
      return done?.();
    }
    if (this.dropped) {
      send({ bridge: 'dropped', count: this.dropped });
      this.dropped = 0;
    }
    this.inFlight++;
    send({ bridge: 'lines', count: lines.length, data }, () => {
      this.inFlight--;
      done?.();
    });
  }
}

export async function runClusterWorker(args: string[], io: BridgeIO): Promise<number> {
  const index = Number(process.env[WORKER_INDEX_ENV]);
  const count = Number(process.env[WORKER_COUNT_ENV]);
  const stop = new AbortController();
  io.signal.addEventListener('abort', () => stop.abort(), { once: true });
  process.once('disconnect', () => stop.abort());
  const forwarder = new LineForwarder();
  // The registry the primary's metrics requests read, once the bridge is up.
  const metrics: { registry?: Registry } = {};
  const onMessage = (m: unknown): void => {
    if (!isPrimaryToWorker(m)) return;
    if (m.bridge === 'forward') forwarder.on = m.on;
    else if (m.bridge === 'stop') stop.abort();
    else if (m.bridge === 'metrics') {
      const registry = metrics.registry;
      void (registry ? registry.getMetricsAsJSON() : Promise.resolve([])).then((metrics) => send({ bridge: 'metrics', id: m.id, metrics }));
    }
  };
  process.on('message', onMessage);

  const prepared = await prepareBridge(args, io, `bridge/w${index + 1}`);
  // An MQTT broker keeps one session per client id: each worker connects as its own client.
  const mqtt = prepared.options.dispatch?.mqtt;
  if (mqtt?.clientId) mqtt.clientId = `${mqtt.clientId}-w${index + 1}`;
  const bridge: RunningBridge = await startPrepared(prepared, {
    feed: undefined,
    stdout: undefined,
    history: undefined, // one writer, in the primary (SQLite wants one)
    metrics: prepared.cfg.metricsPort !== undefined ? {} : undefined,
    seq: { offset: index, step: count },
  });
  metrics.registry = bridge.metrics?.registry;
  bridge.onRecord(forwarder.tap);
  // Connectivity records mark vehicles arriving (present in vehicles()) and leaving (gone from it).
  bridge.onRecord((record) => {
    if (record.txtype !== 'connectivity') return;
    const v = bridge.vehicles().find((x) => x.connectionId === record.connection_id);
    if (v) send({ bridge: 'vehicle', op: 'add', vehicle: v });
    else {
      send({
        bridge: 'vehicle',
        op: 'delete',
        vehicle: { vin: record.vin, connectionId: record.connection_id, clientVersion: '', networkInterface: '', connectedAt: 0 },
      });
    }
  });
  const statsTimer = setInterval(() => send({ bridge: 'stats', stats: bridge.stats() }), 1000);
  send({
    bridge: 'ready',
    host: bridge.host,
    port: bridge.port,
    statusUrl: bridge.statusUrl,
    teslaCertificates: bridge.trust.teslaCertificates,
    extraCertificates: bridge.trust.extraCertificates,
  });

  await untilAborted(stop.signal);
  clearInterval(statsTimer);
  await bridge.close();
  // The DISCONNECTED records of the close, then the final counters, before the channel goes.
  await new Promise<void>((resolve) => forwarder.flush(resolve));
  await new Promise<void>((resolve) => send({ bridge: 'stats', stats: bridge.stats() }, resolve));
  process.off('message', onMessage);
  if (process.connected) process.disconnect();
  return 0;
}
