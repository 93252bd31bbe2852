import { mkdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../../core/log/logger';
import { environmentService } from '../auth';
import type { FleetkitContext } from '../context';
import { findBridgeReady, type BridgeReady } from './bridge-ready';
import { spawnJsonReady, type SpawnedProcess } from '../process/spawn-json-ready';
import { spawnBridge } from './bridge-process';
import { FeedClient, helloRecord, type FeedHelloVehicle, type FeedStats } from './feed-client';
import type { BridgeStatus } from './messages';
import { TelemetryStore, type FeedRecord } from './model/store';
import { pointSimulatorAt, simulatorVehicleCa } from './simulator-link';

interface TelemetrySettings {
  bridgeReadyFile: string;
  bridgePort: number;
  vehicleCaFiles: string[];
  configureSimulator: boolean;
  simulatorDemo: boolean;
  historyMinutes: number;
}

export function readTelemetrySettings(): TelemetrySettings {
  const c = vscode.workspace.getConfiguration('fleetkit.telemetry');
  return {
    bridgeReadyFile: (c.get<string>('bridgeReadyFile') ?? '').trim(),
    bridgePort: c.get<number>('bridgePort') ?? 0,
    vehicleCaFiles: c.get<string[]>('vehicleCaFiles') ?? [],
    configureSimulator: c.get<boolean>('configureSimulator') ?? true,
    simulatorDemo: c.get<boolean>('simulatorDemo') ?? true,
    historyMinutes: Math.max(1, Math.min(60, c.get<number>('historyMinutes') ?? 5)),
  };
}

interface CertsInit {
  server_cert: string;
  server_key: string;
  vehicle_ca: string;
  ca: string;
}

type State =
  | { kind: 'stopped' }
  | { kind: 'starting' }
  | { kind: 'running'; ready: BridgeReady; process?: SpawnedProcess<BridgeReady> }
  | { kind: 'failed'; message: string };

/**
 * The extension host's side of live telemetry: starts the bundled bridge (or attaches to one named in settings),
 * subscribes to its live feed with the token (which stays here), keeps a record store, and tells listeners.
 */
export class TelemetryService implements vscode.Disposable {
  private state: State = { kind: 'stopped' };
  private starting: Promise<BridgeReady> | undefined;
  private feed: FeedClient | undefined;
  private stats: FeedStats | undefined;
  private dropped = 0;
  private streaming = false;
  readonly store: TelemetryStore;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly recordsEmitter = new vscode.EventEmitter<FeedRecord[]>();
  /** Bridge state or stats changed. */
  readonly onDidChange = this.changed.event;
  /** Records arrived from the feed (in arrival order). */
  readonly onRecords = this.recordsEmitter.event;

  constructor(private readonly ctx: FleetkitContext, private readonly log: Logger) {
    this.store = new TelemetryStore({ historyMs: readTelemetrySettings().historyMinutes * 60_000 });
  }

  get status(): BridgeStatus {
    const s = this.state;
    const base = { connectedVehicles: this.stats?.connected_vehicles ?? 0, recordsPerSecond: this.stats?.records_per_second ?? 0, recordsTotal: this.stats?.records_total ?? 0, dropped: this.dropped, feedConnected: this.feed?.connected ?? false };
    switch (s.kind) {
      case 'stopped':
        return { state: 'stopped', detail: 'The telemetry bridge is not running.', ...base };
      case 'starting':
        return { state: 'starting', detail: 'Starting the telemetry bridge…', ...base };
      case 'failed':
        return { state: 'failed', detail: s.message, ...base };
      case 'running':
        return { state: 'running', detail: `bridge on ${s.ready.host}:${s.ready.port} (${s.process ? 'started by Fleetkit' : 'attached'})${this.feed?.connected ? '' : ' · feed reconnecting'}`, ...base };
    }
  }

  get running(): boolean {
    return this.state.kind === 'running';
  }

  private set(next: State): void {
    this.state = next;
    this.changed.fire();
  }

  /** Starts (or attaches to) the bridge once; concurrent callers share the attempt. */
  start(): Promise<BridgeReady> {
    if (this.state.kind === 'running') return Promise.resolve(this.state.ready);
    if (this.starting) return this.starting;
    this.set({ kind: 'starting' });
    this.starting = (async () => {
      try {
        const settings = readTelemetrySettings();
        let ready: BridgeReady;
        let proc: SpawnedProcess<BridgeReady> | undefined;
        if (settings.bridgeReadyFile) {
          const found = findBridgeReady(await readFile(settings.bridgeReadyFile, 'utf8'));
          if (!found) throw new Error(`${settings.bridgeReadyFile} holds no bridge ready line`);
          ready = found;
          this.log.info(`Attached to the telemetry bridge on ${ready.host}:${ready.port}`);
        } else {
          ({ ready, proc } = await this.spawn(settings));
        }
        this.log.addSecret(ready.feed.token);
        this.subscribe(ready);
        this.set({ kind: 'running', ready, ...(proc ? { process: proc } : {}) });
        return ready;
      } catch (err) {
        const message = (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
        this.log.error('Could not start the telemetry bridge', err);
        this.set({ kind: 'failed', message });
        throw err;
      } finally {
        this.starting = undefined;
      }
    })();
    return this.starting;
  }

  private async spawn(settings: TelemetrySettings): Promise<{ ready: BridgeReady; proc: SpawnedProcess<BridgeReady> }> {
    const dist = path.join(this.ctx.extension.extensionPath, 'dist');
    const dir = path.join(this.ctx.extension.globalStorageUri.fsPath, 'bridge');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const certs = await spawnJsonReady<CertsInit>(process.execPath, [path.join(dist, 'cli.js'), 'certs', 'init', '--hostname', 'localhost', '--out', dir], this.log, {
      parse: (line) => JSON.parse(line) as CertsInit,
      what: 'fleetkit certs init',
    });
    await certs.exited;
    const cas = [certs.ready.vehicle_ca, ...settings.vehicleCaFiles];
    const envs = environmentService();
    let sim = envs.current()?.simulator ? envs.current() : undefined;
    if (!sim && vscode.workspace.getConfiguration('fleetkit').get<string>('environment') === 'simulator') sim = await envs.require().catch(() => undefined);
    const simTarget = sim?.simulator ? { baseUrl: sim.simulator.auth, dispatcher: sim.dispatcher } : undefined;
    if (simTarget) {
      const file = path.join(dir, 'simulator-vehicle-ca.pem');
      await writeFile(file, await simulatorVehicleCa(simTarget));
      cas.push(file);
    }
    const args = [path.join(dist, 'bridge.js'), '--cert', certs.ready.server_cert, '--key', certs.ready.server_key, '--port', String(settings.bridgePort), '--feed-port', '0'];
    for (const ca of cas) args.push('--vehicle-ca', ca);
    const proc = await spawnBridge(process.execPath, args, this.log);
    this.log.addSecret(proc.ready.feed.token);
    this.log.info(`Telemetry bridge started (pid ${proc.child.pid}) on ${proc.ready.host}:${proc.ready.port}`);
    void proc.exited.then((code) => {
      if (this.state.kind === 'running' && this.state.process === proc) {
        this.log.warn(`The telemetry bridge exited (code ${code}).`);
        this.unsubscribe();
        this.set({ kind: 'stopped' });
      }
    });
    if (simTarget && settings.configureSimulator) {
      try {
        const { vins } = await pointSimulatorAt(simTarget, { hostname: 'localhost', port: proc.ready.port, ca: certs.ready.ca }, settings.simulatorDemo);
        this.log.info(`Simulated vehicles now stream to the bridge: ${vins.join(', ')}`);
      } catch (err) {
        this.log.warn(`Could not give the simulated vehicles a telemetry config: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return { ready: proc.ready, proc };
  }

  private subscribe(ready: BridgeReady): void {
    this.unsubscribe();
    const feed = new FeedClient(ready.feed.url, ready.feed.token);
    this.feed = feed;
    feed.on('open', () => this.changed.fire());
    feed.on('close', () => this.changed.fire());
    feed.on('stats', (s: FeedStats) => {
      this.stats = s;
      this.changed.fire();
    });
    feed.on('dropped', (n: number) => {
      this.dropped += n;
    });
    feed.on('feedError', (err: Error) => this.log.debug(`telemetry feed: ${err.message}`));
    // Vehicles that connected before we subscribed: the hello lists them, their CONNECTED records are gone.
    feed.on('hello', (vehicles: FeedHelloVehicle[]) => {
      const now = Date.now();
      const known = vehicles.filter((v) => typeof v?.vin === 'string' && !this.store.vehicle(v.vin)?.connected);
      if (known.length) feed.emit('records', known.map((v) => helloRecord(v, now)));
    });
    feed.on('records', (records: FeedRecord[]) => {
      for (const r of records) this.store.add(r);
      if (!this.streaming && records.some((r) => r.txtype === 'V')) {
        this.streaming = true;
        this.ctx.progress.update({ telemetryStreaming: true });
      }
      this.recordsEmitter.fire(records);
    });
  }

  private unsubscribe(): void {
    this.feed?.close();
    this.feed = undefined;
    this.stats = undefined;
  }

  async stop(): Promise<void> {
    const s = this.state;
    this.unsubscribe();
    this.set({ kind: 'stopped' });
    if (s.kind === 'running' && s.process) await s.process.stop();
  }

  dispose(): void {
    void this.stop();
    this.changed.dispose();
    this.recordsEmitter.dispose();
  }
}
