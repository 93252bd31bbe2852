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
import { dialError, probeTelemetryServer, type ProbeErrorName } from './server-probe';
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

/** The simulator only ever connects to loopback: the host name must resolve there (else the reason, as a car reports it). */
async function loopbackAddress(hostname: string, port: number): Promise<{ address: string } | { error: string }> {
  const host = hostname.replace(/^\[|\]$/g, '');
  const unreachable = (address: string) => ({
    error: `dial tcp ${address.includes(':') ? `[${address}]` : address}:${port}: connect: network is unreachable (the simulated car only reaches loopback addresses)`,
  });
  if (isIP(host)) return LOOPBACK.test(host) ? { address: host } : unreachable(host);
  const found = await lookup(host, { all: true }).catch(() => []);
  const address = found.find((a) => LOOPBACK.test(a.address))?.address;
  if (address) return { address };
  return found.length ? unreachable(found[0]!.address) : { error: `dial tcp: lookup ${host}: no such host` };
}

/** Tesla's error names for what a car reports (only config_manager_error is seen in real answers; the list is not public). */
export type CarErrorName = ProbeErrorName | 'config_manager_error';

/** A failed (re)connection of the streamer, as the car reports it. */
function streamFailure(reason: string, address: string, port: number): { name: CarErrorName; error: string } {
  if (/ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH/.test(reason)) {
    const code = /E[A-Z]+/.exec(reason)![0];
    return { name: 'connection_error', error: dialError({ address, port }, Object.assign(new Error(reason), { code })) };
  }
  if (/^HTTP \d+/.test(reason)) return { name: 'connection_error', error: `websocket: bad handshake (${reason})` };
  return { name: 'tls_error', error: `tls: ${reason}` };
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
  /** What the car reports to Tesla (fleet_telemetry_errors) when it cannot use the config or reach the server. */
  onError?: (name: CarErrorName, error: string) => void;
  /** Why the car refuses the config itself (e.g. signed by a key Tesla does not know for the app): it never streams by it. */
  configError?: string;
}

/**
 * One car streaming by one app's config: resolves the config's host (loopback only), checks the server (reachable,
 * certificate chaining to the config's `ca`, asking for the car's client certificate), connects with the car's
 * client certificate trusting only the config's `ca`, and on every 500 ms bucket sends the fields its rules let
 * through (plus alerts). The streamer queues while disconnected (up to 5000 messages) and reconnects with backoff.
 * Every failure is reported through `onError`; a failed check is retried with the same backoff.
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
  /** Cancels the connection attempts of the current online period. */
  private attempt: AbortController | undefined;
  readonly counters: StreamCounters = { messages: 0, signals: 0, alerts: 0, errors: 0, acks: 0, rejected: 0 };

  constructor(
    private readonly o: VehicleStreamOptions,
    nowMs: number,
  ) {
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
    return this.o.configError ?? (typeof this.target === 'string' ? this.target : this.lastError);
  }

  private report(name: CarErrorName, error: string): void {
    if (error !== this.lastError) this.o.log.info(`${this.o.vehicle.vin}: ${name}: ${error}`);
    this.lastError = error;
    this.o.onError?.(name, error);
  }

  /** Opens the connection (idempotent until suspended); a config the car refuses is reported once per call. */
  start(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return (this.connecting ??= this.open());
  }

  private async open(): Promise<void> {
    if (this.o.configError) return this.report('config_manager_error', this.o.configError);
    // A config the simulator cannot stream by (no PEM ca, expired …) is not reported: what a car says then is unknown.
    if (typeof this.target === 'string') return;
    const target = this.target;
    const attempt = (this.attempt = new AbortController());
    const backoff = this.o.reconnect ?? { initialMs: 1000, maxMs: 30_000 };
    for (let delay = backoff.initialMs; ; delay = Math.min(backoff.maxMs, delay * 2)) {
      const checked = await this.check(target);
      if (attempt.signal.aborted || this.closed) return;
      if ('address' in checked) return this.openStreamer(target, checked.address);
      this.report(checked.name, checked.error);
      const waited = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(true), delay);
        attempt.signal.addEventListener('abort', () => (clearTimeout(timer), resolve(false)), { once: true });
      });
      if (!waited) return;
    }
  }

  /** What the car checks before streaming: the host resolves (to loopback), the server is reachable, trusted and asks for mTLS. */
  private async check(target: StreamConfigTarget): Promise<{ address: string } | { name: CarErrorName; error: string }> {
    const resolved = await loopbackAddress(target.hostname, target.port);
    if ('error' in resolved) return { name: 'connection_error', error: resolved.error };
    const { certPem, keyPem } = this.o.cert;
    const probe = await probeTelemetryServer({
      address: resolved.address,
      port: target.port,
      hostname: target.hostname.replace(/^\[|\]$/g, ''),
      ca: target.ca,
      certPem,
      keyPem,
    });
    if (!probe.ok) return probe;
    if (probe.certificateRequested === false) {
      return {
        name: 'tls_error',
        error:
          'tls: the server did not request a client certificate (Fleet Telemetry is mutual TLS: the server must ask for and verify the vehicle certificate)',
      };
    }
    return resolved;
  }

  private openStreamer(target: StreamConfigTarget, address: string): void {
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
      if (e.refused) {
        const failure = streamFailure(e.reason, address, target.port);
        this.report(failure.name, failure.error);
      } else this.lastError = `disconnected: ${e.reason || e.code}`;
    });
    this.streamer = streamer;
  }

  /** One 500 ms bucket: queue the fields due now and any alert changes. */
  tick(now: number, physics: Physics): void {
    const s = this.streamer;
    if (!s || this.closed) return;
    const vin = this.o.vehicle.vin;
    if (!this.problemsSent && this.problems.length) {
      this.problemsSent = true;
      s.sendErrors({
        createdAt: now,
        vin,
        errors: this.problems.map((p) => ({ createdAt: now, name: p.name, tags: { field_name: p.field }, body: p.message })),
      });
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
    this.attempt?.abort();
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
    this.attempt?.abort();
    await this.connecting?.catch(() => undefined);
    await this.streamer?.close();
  }
}
