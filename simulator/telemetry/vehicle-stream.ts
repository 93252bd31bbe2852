import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { CertAndKey } from '../../core/certs';
import type { Logger } from '../../core/log/logger';
import { createVehicleStreamer, type VehicleStreamer } from '../../core/telemetry-wire';
import type { SimVehicle } from '../vehicles/vehicle';
import { AlertTracker } from './alerts';
import { FieldEmitter } from './emitter';
import { parseFieldRules, type FieldProblem } from './field-rules';
import type { Physics } from './physics';
import { vehicleSamples } from './signals';

export interface StreamConfigTarget {
  hostname: string;
  port: number;
  ca: string;
}

/** Checks the connection part of a telemetry config; returns a reason when the car cannot stream by it. */
export function streamTarget(config: Readonly<Record<string, unknown>>, nowMs: number): StreamConfigTarget | string {
  const { hostname, port, ca, exp, nbf } = config;
  if (typeof hostname !== 'string' || !hostname) return 'the config has no hostname';
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) return 'the config port is not an integer 1-65535';
  if (typeof ca !== 'string' || !ca.includes('BEGIN CERTIFICATE')) return 'the config has no PEM ca';
  if (typeof exp === 'number' && exp * 1000 <= nowMs) return 'the config has expired (exp)';
  if (typeof nbf === 'number' && nbf * 1000 > nowMs) return 'the config is not valid yet (nbf)';
  return { hostname, port, ca };
}

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/** The simulator only ever connects to loopback: the host name must resolve there. */
async function loopbackAddress(hostname: string): Promise<string | undefined> {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return LOOPBACK.test(host) ? host : undefined;
  const found = await lookup(host, { all: true }).catch(() => []);
  return found.find((a) => LOOPBACK.test(a.address))?.address;
}

export interface StreamCounters {
  messages: number;
  signals: number;
  alerts: number;
  errors: number;
  acks: number;
  rejected: number;
}

export interface VehicleStreamOptions {
  vehicle: SimVehicle;
  clientId: string;
  config: Readonly<Record<string, unknown>>;
  cert: CertAndKey;
  log: Logger;
  /** Called with the number of signals in every V message (billing). */
  onSignals?: (n: number) => void;
  reconnect?: { initialMs: number; maxMs: number };
}

/**
 * One car streaming by one app's config: resolves the config's host (loopback only), connects with the car's
 * client certificate trusting only the config's `ca`, and on every 500 ms bucket sends the fields its rules let
 * through (plus alerts). The streamer queues while disconnected (up to 5000 messages) and reconnects with backoff.
 */
export class VehicleStream {
  readonly target: StreamConfigTarget | string;
  private streamer: VehicleStreamer | undefined;
  private connecting: Promise<void> | undefined;
  private readonly emitter: FieldEmitter;
  private readonly problems: FieldProblem[];
  private readonly alerts: AlertTracker;
  private readonly typed: boolean;
  private problemsSent = false;
  private closed = false;
  private lastError: string | undefined;
  readonly counters: StreamCounters = { messages: 0, signals: 0, alerts: 0, errors: 0, acks: 0, rejected: 0 };

  constructor(private readonly o: VehicleStreamOptions, nowMs: number) {
    this.target = streamTarget(o.config, nowMs);
    const { rules, problems } = parseFieldRules(o.config.fields);
    this.emitter = new FieldEmitter(rules);
    this.problems = problems;
    this.alerts = new AlertTracker(o.config.alert_types);
    this.typed = o.config.prefer_typed === true;
  }

  get connected(): boolean {
    return this.streamer?.connected ?? false;
  }

  get pending(): number {
    return this.streamer?.pendingCount ?? 0;
  }

  get error(): string | undefined {
    return typeof this.target === 'string' ? this.target : this.lastError;
  }

  /** Opens the connection (idempotent). */
  start(): Promise<void> {
    if (typeof this.target === 'string' || this.closed) return Promise.resolve();
    const target = this.target;
    return (this.connecting ??= (async () => {
      const address = await loopbackAddress(target.hostname);
      if (this.closed) return;
      if (!address) {
        this.lastError = `${target.hostname} does not resolve to a loopback address (the simulator streams to loopback only)`;
        this.o.log.warn(`${this.o.vehicle.vin}: ${this.lastError}`);
        return;
      }
      const host = address.includes(':') ? `[${address}]` : address;
      const streamer = createVehicleStreamer({
        url: `wss://${host}:${target.port}/`,
        servername: isIP(target.hostname) ? undefined : target.hostname,
        certPem: this.o.cert.certPem,
        keyPem: this.o.cert.keyPem,
        ca: target.ca,
        vin: this.o.vehicle.vin,
        networkInterface: 'wifi',
        // The telemetry client of firmware 2026.32, which brought fields 260-269 (the simulated cars stream some of them).
        clientVersion: '1.3.0',
        maxPending: 5000,
        reconnect: this.o.reconnect ?? { initialMs: 1000, maxMs: 30_000 },
      });
      streamer.on('ack', () => void this.counters.acks++);
      streamer.on('rejected', () => void this.counters.rejected++);
      streamer.on('connected', () => {
        this.lastError = undefined;
      });
      streamer.on('disconnected', (e) => {
        this.lastError = e.refused ? `connection refused: ${e.reason}` : `disconnected: ${e.reason || e.code}`;
      });
      this.streamer = streamer;
    })());
  }

  /** One 500 ms bucket: queue the fields due now and any alert changes. */
  tick(now: number, physics: Physics): void {
    const s = this.streamer;
    if (!s || this.closed) return;
    const vin = this.o.vehicle.vin;
    if (!this.problemsSent && this.problems.length) {
      this.problemsSent = true;
      s.sendErrors({ createdAt: now, vin, errors: this.problems.map((p) => ({ createdAt: now, name: p.name, tags: { field_name: p.field }, body: p.message })) });
      this.counters.errors += this.problems.length;
    }
    const data = this.emitter.select(now, vehicleSamples(this.o.vehicle.state, physics, this.typed));
    if (data.length) {
      s.sendVehicleData({ createdAt: now, vin, data });
      this.counters.messages++;
      this.counters.signals += data.length;
      this.o.onSignals?.(data.length);
    }
    const alerts = this.alerts.update(now, this.o.vehicle.state, physics);
    if (alerts.length) {
      s.sendAlerts({ createdAt: now, vin, alerts });
      this.counters.alerts += alerts.length;
    }
  }

  /** The car went to sleep or offline: drop the connection (a car that sleeps does not stream). */
  async suspend(): Promise<void> {
    const s = this.streamer;
    const c = this.connecting;
    this.streamer = undefined;
    this.connecting = undefined;
    this.emitter.reset();
    await c?.catch(() => undefined);
    await s?.close();
  }

  get active(): boolean {
    return this.connecting !== undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.connecting?.catch(() => undefined);
    await this.streamer?.close();
  }
}
