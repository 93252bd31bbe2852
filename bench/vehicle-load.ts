/**
 * Bench load generator: N mTLS vehicles (core/telemetry-wire's streamer) in a worker thread, sending pre-encoded V
 * payloads on Tesla's schedule — each vehicle flushes every `flushMs`, vehicles staggered evenly over that period —
 * at `rate` messages/s in all (open loop: the schedule holds whatever the server does). Each message gets its own
 * envelope and txid; the time from handing it to the socket to its ack is recorded (ms, same thread's clock).
 */
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { createVehicleStreamer, encodeVehicleData, type VehicleDataJson, type VehicleStreamer } from '../core/telemetry-wire';

export interface VehicleLoadOptions {
  port: number;
  /** The server's CA (PEM). */
  ca: string;
  keyPem: string;
  certs: string[];
  vins: string[];
  /** Worker threads the vehicles are split over (default 1): one thread near 100% busy measures itself, not the server. */
  threads?: number;
}

export interface LoadMark {
  sent: number;
  acked: number;
  /** Send→ack latencies (ms) of the acks since the previous mark. */
  latencies: Float64Array;
  /** The generator thread's event-loop utilization since the previous mark (near 1: it sets the pace, not the server). */
  elu: number;
}

type Request = { type: 'connect' } | { type: 'start'; rate: number; flushMs: number } | { type: 'pause' } | { type: 'mark' } | { type: 'close' };
type Reply =
  | { type: 'connected'; seconds: number; connected: number }
  | { type: 'paused' }
  | ({ type: 'marked' } & LoadMark)
  | { type: 'closed'; connected: number; pending: number };

export interface VehicleLoad {
  /** Connects every vehicle (50 at a time); resolves with the seconds it took. */
  connect(): Promise<{ seconds: number; connected: number }>;
  /** Starts (or changes) the load. */
  start(rate: number, flushMs: number): void;
  pause(): Promise<void>;
  mark(): Promise<LoadMark>;
  /** Closes the vehicles and ends the thread. */
  close(): Promise<{ connected: number; pending: number }>;
}

/** The benches' streaming car: record i of six fields (numbers, a location, a gear). */
export function streamingSample(i: number): VehicleDataJson {
  return {
    createdAt: Date.now(),
    data: [
      { key: 'Soc', value: { doubleValue: 50 + (i % 50) / 3 } },
      { key: 'VehicleSpeed', value: { doubleValue: (i * 7) % 120 } },
      { key: 'Location', value: { locationValue: { latitude: 37.4 + i / 1e4, longitude: -122.1 - i / 1e6 } } },
      { key: 'Gear', value: { shiftStateValue: 'ShiftStateD' } },
      { key: 'Odometer', value: { doubleValue: 12000 + i / 100 } },
      { key: 'BatteryLevel', value: { doubleValue: 49.5 } },
    ],
  };
}

/** The vehicles split over `threads` worker threads, each with its share of the rate; marks are merged. */
export function startVehicleLoad(o: VehicleLoadOptions): VehicleLoad {
  const k = Math.max(1, Math.min(o.threads ?? 1, o.certs.length));
  if (k === 1) return startLoadThread(o);
  const share = (i: number): { certs: string[]; vins: string[] } => {
    const from = Math.floor((i * o.certs.length) / k);
    const to = Math.floor(((i + 1) * o.certs.length) / k);
    return { certs: o.certs.slice(from, to), vins: o.vins.slice(from, to) };
  };
  const parts = Array.from({ length: k }, (_, i) => startLoadThread({ ...o, ...share(i) }));
  return {
    connect: async () => {
      const r = await Promise.all(parts.map((p) => p.connect()));
      return { seconds: Math.max(...r.map((x) => x.seconds)), connected: r.reduce((a, x) => a + x.connected, 0) };
    },
    start: (rate, flushMs) => parts.forEach((p, i) => p.start(rate * (share(i).certs.length / o.certs.length), flushMs)),
    pause: async () => void (await Promise.all(parts.map((p) => p.pause()))),
    mark: async () => {
      const r = await Promise.all(parts.map((p) => p.mark()));
      const latencies = new Float64Array(r.reduce((a, x) => a + x.latencies.length, 0));
      let at = 0;
      for (const x of r) {
        latencies.set(x.latencies, at);
        at += x.latencies.length;
      }
      return {
        sent: r.reduce((a, x) => a + x.sent, 0),
        acked: r.reduce((a, x) => a + x.acked, 0),
        latencies,
        elu: Math.max(...r.map((x) => x.elu)),
      };
    },
    close: async () => {
      const r = await Promise.all(parts.map((p) => p.close()));
      return { connected: r.reduce((a, x) => a + x.connected, 0), pending: r.reduce((a, x) => a + x.pending, 0) };
    },
  };
}

function startLoadThread(o: VehicleLoadOptions): VehicleLoad {
  // tsx's loader is per thread: the worker registers it before loading this file.
  const worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(__filename)});`, { eval: true, workerData: { role: 'vehicle-load', ...o } });
  const waiting = new Map<string, (r: Reply) => void>();
  let failed: Error | undefined;
  worker.on('message', (r: Reply) => waiting.get(r.type)?.(r));
  worker.on('error', (err) => {
    failed = err;
    for (const w of waiting.values()) w({ type: 'closed', connected: 0, pending: 0 });
  });
  const ask = <T extends Reply['type']>(req: Request, reply: T): Promise<Extract<Reply, { type: T }>> =>
    new Promise((resolve, reject) => {
      if (failed) return reject(failed);
      waiting.set(reply, (r) => (failed ? reject(failed) : resolve(r as Extract<Reply, { type: T }>)));
      worker.postMessage(req);
    });
  return {
    connect: () => ask({ type: 'connect' }, 'connected'),
    start: (rate, flushMs) => worker.postMessage({ type: 'start', rate, flushMs } satisfies Request),
    pause: () => ask({ type: 'pause' }, 'paused').then(() => undefined),
    mark: () => ask({ type: 'mark' }, 'marked'),
    close: async () => {
      const r = await ask({ type: 'close' }, 'closed');
      await worker.terminate();
      return r;
    },
  };
}

function runLoadWorker(data: VehicleLoadOptions): void {
  const port = parentPort;
  if (!port) return;
  const vehicles: VehicleStreamer[] = [];
  const sentAt = new Map<string, number>();
  let latencies: number[] = [];
  let tick: NodeJS.Timeout | undefined;
  let sent = 0;
  let elu = performance.eventLoopUtilization();
  const pool = Array.from({ length: 64 }, (_, i) => encodeVehicleData(streamingSample(i)));
  const reply = (r: Reply): void => port.postMessage(r);
  port.on('message', (m: Request) => {
    if (m.type === 'connect') {
      void (async () => {
        const t0 = performance.now();
        for (let i = 0; i < data.certs.length; i += 50) {
          const batch = data.certs.slice(i, i + 50).map((certPem, j) => {
            const v = createVehicleStreamer({
              url: `wss://localhost:${data.port}/`,
              certPem,
              keyPem: data.keyPem,
              ca: data.ca,
              vin: data.vins[i + j],
              reconnect: false,
            });
            v.on('ack', (a) => {
              const t = sentAt.get(a.txid);
              if (t === undefined) return;
              sentAt.delete(a.txid);
              latencies.push(performance.now() - t);
            });
            return v;
          });
          vehicles.push(...batch);
          await Promise.all(batch.map((v) => v.waitConnected()));
        }
        reply({ type: 'connected', seconds: (performance.now() - t0) / 1000, connected: vehicles.filter((v) => v.connected).length });
      })();
    } else if (m.type === 'start') {
      if (tick) clearInterval(tick);
      const n = vehicles.length;
      const startedAt = performance.now();
      const perVehicle = (m.rate / n) * (m.flushMs / 1000); // messages per flush, may be fractional
      let event = 0; // flush events so far; event k belongs to vehicle k % n
      tick = setInterval(() => {
        // Catch up on the schedule when a tick fires late (the machine is shared), so the offered rate holds.
        const elapsed = performance.now() - startedAt;
        for (;;) {
          const round = Math.floor(event / n);
          const i = event % n;
          if (round * m.flushMs + (i * m.flushMs) / n > elapsed) break;
          const count = Math.floor((round + 1) * perVehicle) - Math.floor(round * perVehicle);
          const v = vehicles[i];
          for (let k = 0; k < count; k++) sentAt.set(v.sendPayload('V', pool[sent++ & 63]), performance.now());
          v.flush();
          event++;
        }
      }, 5);
    } else if (m.type === 'pause') {
      if (tick) clearInterval(tick);
      tick = undefined;
      reply({ type: 'paused' });
    } else if (m.type === 'mark') {
      const unacked = vehicles.reduce((k, v) => k + v.pendingCount + v.droppedCount, 0);
      const l = Float64Array.from(latencies);
      latencies = [];
      reply({ type: 'marked', sent, acked: sent - unacked, latencies: l, elu: performance.eventLoopUtilization(elu).utilization });
      elu = performance.eventLoopUtilization();
    } else if (m.type === 'close') {
      if (tick) clearInterval(tick);
      const connected = vehicles.filter((v) => v.connected).length;
      const pending = vehicles.reduce((k, v) => k + v.pendingCount, 0);
      void Promise.all(vehicles.map((v) => v.close())).then(() => reply({ type: 'closed', connected, pending }));
    }
  });
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === 'vehicle-load') runLoadWorker(workerData as VehicleLoadOptions);
