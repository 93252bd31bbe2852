/**
 * Bench load generator: N mTLS vehicles (bench/raw-vehicle.ts: WebSocket over TLS and nothing else) in a worker
 * thread, sending pre-encoded V payloads on Tesla's schedule — each vehicle flushes every `flushMs`, vehicles staggered
 * evenly over that period — at `rate` messages/s in all (open loop: the schedule holds whatever the server does). Each
 * message gets its own envelope and txid; the time from handing it to the socket to its ack is recorded (ms, same
 * thread's clock).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { decodeEnvelope, encodeStreamEnvelope, encodeVehicleData, MESSAGE_TYPE_ACK, type VehicleDataJson } from '../core/telemetry-wire';
import { RawVehicle } from './raw-vehicle';

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

/** A txid's sequence number: the digits after its last '-' (ASCII), or -1. */
function txidSeq(txid: Uint8Array): number {
  let seq = 0;
  let i = txid.length - 1;
  let scale = 1;
  for (; i >= 0 && txid[i] !== 0x2d; i--) {
    const d = txid[i] - 0x30;
    if (d < 0 || d > 9) return -1;
    seq += d * scale;
    scale *= 10;
  }
  return i >= 0 ? seq : -1;
}

function runLoadWorker(data: VehicleLoadOptions): void {
  const port = parentPort;
  if (!port) return;
  const vehicles: RawVehicle[] = [];
  // Send times by sequence number (every message's txid ends in it), a ring far larger than what can be in flight.
  const RING = 1 << 21;
  const sentAt = new Float64Array(RING);
  const prefix = randomBytes(6).toString('hex');
  let latencies: number[] = [];
  let tick: NodeJS.Timeout | undefined;
  let sent = 0;
  let acked = 0;
  let rejected = 0;
  let elu = performance.eventLoopUtilization();
  const pool = Array.from({ length: 64 }, (_, i) => encodeVehicleData(streamingSample(i)));
  const topic = Buffer.from('V');
  const deviceType = Buffer.from('vehicle_device');
  const identities = data.vins.map((vin) => ({ senderId: Buffer.from(`vehicle_device.${vin}`), deviceId: Buffer.from(vin) }));
  const onMessage = (frame: Buffer): void => {
    let env;
    try {
      env = decodeEnvelope(frame);
    } catch {
      rejected++;
      return;
    }
    if (env.messageType !== MESSAGE_TYPE_ACK) {
      rejected++;
      return;
    }
    const seq = txidSeq(env.txid);
    if (seq < 0 || seq >= sent) return;
    acked++;
    latencies.push(performance.now() - sentAt[seq & (RING - 1)]);
  };
  const send = (v: RawVehicle, i: number): void => {
    const seq = sent++;
    const envelope = encodeStreamEnvelope({
      txid: `${prefix}-${seq}`,
      topic,
      payload: pool[seq & 63],
      messageId: randomUUID(),
      createdAt: Math.floor(Date.now() / 1000),
      deviceType,
      ...identities[i],
    });
    sentAt[seq & (RING - 1)] = performance.now();
    v.send(envelope);
  };
  const reply = (r: Reply): void => port.postMessage(r);
  port.on('message', (m: Request) => {
    if (m.type === 'connect') {
      void (async () => {
        const t0 = performance.now();
        for (let i = 0; i < data.certs.length; i += 50) {
          const batch = data.certs.slice(i, i + 50).map((certPem) => {
            const v = new RawVehicle({ port: data.port, ca: data.ca, certPem, keyPem: data.keyPem });
            v.onMessage = onMessage;
            return v;
          });
          vehicles.push(...batch);
          await Promise.all(batch.map((v) => v.connect().catch(() => undefined)));
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
          for (let k = 0; k < count; k++) send(vehicles[i], i);
          event++;
        }
      }, 5);
    } else if (m.type === 'pause') {
      if (tick) clearInterval(tick);
      tick = undefined;
      reply({ type: 'paused' });
    } else if (m.type === 'mark') {
      const l = Float64Array.from(latencies);
      latencies = [];
      reply({ type: 'marked', sent, acked, latencies: l, elu: performance.eventLoopUtilization(elu).utilization });
      elu = performance.eventLoopUtilization();
    } else if (m.type === 'close') {
      if (tick) clearInterval(tick);
      const connected = vehicles.filter((v) => v.connected).length;
      const pending = sent - acked - rejected;
      void Promise.all(vehicles.map((v) => v.close())).then(() => reply({ type: 'closed', connected, pending }));
    }
  });
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === 'vehicle-load') runLoadWorker(workerData as VehicleLoadOptions);
