/**
 * Replays spool files through a telemetry server as the recorded vehicles: one mTLS WebSocket per VIN with a client
 * certificate (CN = VIN) issued from a vehicle CA, each record re-encoded as the car sent it and framed by the
 * vehicle streamer (core/telemetry-wire), at the recorded pace or scaled, with at most `window` unacked records per
 * vehicle. A vehicle whose connection is refused or dropped stops there: what it had not had acked is reported, never
 * sent again (the server may already have it).
 */
import { issueClientCert, type CertificateAuthority } from '../certs';
import { createVehicleStreamer, type VehicleStreamer } from '../telemetry-wire';
import { ReplayPace } from './pace';
import { replayPayload } from './payload';
import { readSpoolFiles } from './spool-reader';

export interface ReplayOptions {
  files: readonly string[];
  /** `wss://host:port/`. */
  url: string;
  /** 1 = as recorded, 2 = twice as fast, 0 = as fast as acks allow. */
  speed: number;
  /** Issues each vehicle's client certificate. */
  vehicleCa: CertificateAuthority;
  /** PEM certificate(s) trusted for the server (what a vehicle config's `ca` holds). */
  ca: string;
  /** Most unacked records per vehicle; default 500. */
  window?: number;
  signal?: AbortSignal;
  onBadLine?(bad: { file: string; line: number; error: string }): void;
  /** About once a second while running, and once at the end. */
  onProgress?(p: ReplayProgress): void;
  /** Progress interval, ms (default 1000). */
  progressEveryMs?: number;
}

export interface VehicleReplay {
  vin: string;
  sent: number;
  acked: number;
  rejected: number;
  /** Sent but neither acked nor rejected when the connection went away. */
  unacked: number;
  /** Records of this vehicle not sent because its connection had failed. */
  notSent: number;
  /** Why the vehicle stopped early (refused, disconnected). */
  failure?: string;
}

export interface ReplayProgress {
  sent: number;
  acked: number;
  vehicles: number;
  elapsedMs: number;
}

export interface ReplaySummary {
  vehicles: VehicleReplay[];
  sent: number;
  acked: number;
  rejected: number;
  /** Connectivity records: the server makes its own when a vehicle connects. */
  skippedConnectivity: number;
  badLines: number;
  durationMs: number;
  /** True when stopped by the signal before the end. */
  aborted: boolean;
}

class ReplayVehicle {
  readonly stats: VehicleReplay;
  readonly streamer: VehicleStreamer;
  private waiters: Array<() => void> = [];
  private inflight = new Set<string>();
  private closing = false;

  constructor(vin: string, options: ReplayOptions, headers: { clientVersion?: string; networkInterface?: string }) {
    this.stats = { vin, sent: 0, acked: 0, rejected: 0, unacked: 0, notSent: 0 };
    const cert = issueClientCert(options.vehicleCa, { commonName: vin });
    this.streamer = createVehicleStreamer({
      url: options.url,
      certPem: cert.certPem,
      keyPem: cert.keyPem,
      ca: options.ca,
      vin,
      reconnect: false,
      ...(headers.clientVersion ? { clientVersion: headers.clientVersion } : {}),
      ...(headers.networkInterface ? { networkInterface: headers.networkInterface } : {}),
    });
    this.streamer.on('ack', (e) => this.settle(e.txid, 'acked'));
    this.streamer.on('rejected', (e) => this.settle(e.txid, 'rejected'));
    this.streamer.on('disconnected', (e) => {
      if (this.closing) return;
      this.stats.failure ??= e.refused ? `the server refused the connection: ${e.reason}` : `the connection closed: ${e.reason}`;
      this.stats.unacked += this.inflight.size;
      this.inflight.clear();
      this.wake();
    });
  }

  get failed(): boolean {
    return this.stats.failure !== undefined;
  }

  private settle(txid: string, how: 'acked' | 'rejected'): void {
    if (!this.inflight.delete(txid)) return;
    this.stats[how]++;
    this.wake();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private next(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async send(topic: string, payload: Uint8Array, window: number): Promise<void> {
    while (!this.failed && this.inflight.size >= window) await this.next();
    if (this.failed) {
      this.stats.notSent++;
      return;
    }
    this.inflight.add(this.streamer.sendPayload(topic, payload));
    this.stats.sent++;
  }

  async drained(): Promise<void> {
    while (!this.failed && this.inflight.size > 0) await this.next();
  }

  close(): Promise<void> {
    this.closing = true;
    return this.streamer.close();
  }

  /** Stops waiting: what is still in flight is reported as unacked. */
  abandon(): void {
    this.stats.unacked += this.inflight.size;
    this.inflight.clear();
    this.wake();
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

export async function replaySpool(options: ReplayOptions): Promise<ReplaySummary> {
  const pace = new ReplayPace(options.speed);
  const window = Math.max(1, options.window ?? 500);
  const signal = options.signal;
  const vehicles = new Map<string, ReplayVehicle>();
  /** Seen on connectivity records before the vehicle's first data: its Version and X-Network-Interface headers. */
  const headers = new Map<string, { clientVersion?: string; networkInterface?: string }>();
  const start = Date.now();
  let skippedConnectivity = 0;
  let badLines = 0;
  const progress = (): ReplayProgress => {
    let sent = 0;
    let acked = 0;
    for (const v of vehicles.values()) {
      sent += v.stats.sent;
      acked += v.stats.acked;
    }
    return { sent, acked, vehicles: vehicles.size, elapsedMs: Date.now() - start };
  };
  const ticker = options.onProgress ? setInterval(() => options.onProgress?.(progress()), options.progressEveryMs ?? 1000) : undefined;
  try {
    for await (const item of readSpoolFiles(options.files, signal)) {
      if (item.kind === 'bad') {
        badLines++;
        options.onBadLine?.(item);
        continue;
      }
      const r = item.record;
      const encoded = replayPayload(r);
      if (!encoded.ok) {
        if ('skip' in encoded) {
          skippedConnectivity++;
          const ni = r.record.networkInterface;
          if (!vehicles.has(r.vin) && typeof ni === 'string' && ni) headers.set(r.vin, { ...headers.get(r.vin), networkInterface: ni });
        } else {
          badLines++;
          options.onBadLine?.({ file: item.file, line: item.line, error: encoded.error });
        }
        continue;
      }
      await sleep(start + pace.offsetOf(item.createdAt) - Date.now(), signal);
      if (signal?.aborted) break;
      let v = vehicles.get(r.vin);
      if (!v) {
        const h = { ...headers.get(r.vin), ...(r.device_client_version ? { clientVersion: r.device_client_version } : {}) };
        vehicles.set(r.vin, (v = new ReplayVehicle(r.vin, options, h)));
      }
      await v.send(encoded.topic, encoded.payload, window);
    }
    const onAbort = (): void => {
      for (const v of vehicles.values()) v.abandon();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort();
    await Promise.all([...vehicles.values()].map((v) => v.drained()));
    signal?.removeEventListener('abort', onAbort);
  } finally {
    if (ticker) clearInterval(ticker);
    await Promise.all([...vehicles.values()].map((v) => v.close()));
  }
  const list = [...vehicles.values()].map((v) => v.stats).sort((a, b) => a.vin.localeCompare(b.vin));
  const summary: ReplaySummary = {
    vehicles: list,
    sent: list.reduce((n, v) => n + v.sent, 0),
    acked: list.reduce((n, v) => n + v.acked, 0),
    rejected: list.reduce((n, v) => n + v.rejected, 0),
    skippedConnectivity,
    badLines,
    durationMs: Date.now() - start,
    aborted: signal?.aborted ?? false,
  };
  options.onProgress?.(progress());
  return summary;
}
