import { mkdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../../core/log/logger';
import type { Environments } from '../auth/environment';
import type { FleetkitContext } from '../context';
import { BRIDGE, canDetach, canStop, isLinked, linkAt, linkSummary, linkWord, type Link } from '../process/link-state';
import { bridgeAddress, probeBridge } from './bridge-probe';
import { findBridgeReady, type BridgeReady } from '../../core/messages/bridge-ready';
import { parseCertsInit, type CertsInitOutput } from '../../core/messages/certs-init';
import { spawnJsonReady, type SpawnedProcess } from '../process/spawn-json-ready';
import { spawnBridge } from './bridge-process';
import { FeedClient, helloRecord, type FeedHelloVehicle, type FeedStats } from './feed-client';
import type { BridgeStatus } from './messages';
import { TelemetryStore, type FeedRecord } from './model/store';
import { pointSimulatorAt, simulatorVehicleCa } from './simulator-link';
import type { Alert } from '../../core/alerts/alert';
import { historyRequestPath, parseHistoryResponse, type HistoryQuery, type HistoryResponse } from '../../core/messages/history';
import { historyBaseUrl } from './history-client';

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

/** Alerts a BridgeLink keeps for a panel opened later. */
const RECENT_ALERTS = 500;

interface Linked {
  readonly ready: BridgeReady;
  /** Only for a bridge Fleetkit started. */
  readonly process?: SpawnedProcess<BridgeReady>;
}

/** What a bridge that stopped being used says in a stop/detach answer. */
export type StopOutcome = 'stopped' | 'startedElsewhere' | 'notRunning';

/**
 * The extension host's side of live telemetry: starts the bundled bridge (or attaches to one named in settings),
 * subscribes to its live feed with the token (which stays here), keeps a record store, and tells listeners.
 */
export class BridgeLink implements vscode.Disposable {
  readonly kind = 'bridge' as const;
  private link: Link = { kind: 'stopped' };
  private linked: Linked | undefined;
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
  private readonly alertEmitter = new vscode.EventEmitter<Alert>();
  /** An alert rule fired in the bridge (the feed's `alert` messages). */
  readonly onAlert = this.alertEmitter.event;
  /** The latest alerts (at most RECENT_ALERTS), for a panel opened later. */
  readonly recentAlerts: Alert[] = [];

  constructor(
    private readonly ctx: FleetkitContext,
    private readonly log: Logger,
    /** Where the simulator is, when there is one: its cars get a config that points them at the bridge. */
    private readonly environments: Environments,
  ) {
    this.store = new TelemetryStore({ historyMs: readTelemetrySettings().historyMinutes * 60_000 });
  }

  get status(): BridgeStatus {
    const l = this.link;
    const base = {
      word: linkWord(l),
      canStop: canStop(l),
      canDetach: canDetach(l),
      startLabel: readTelemetrySettings().bridgeReadyFile ? ('Attach to bridge' as const) : ('Start bridge' as const),
      connectedVehicles: this.stats?.connected_vehicles ?? 0,
      recordsPerSecond: this.stats?.records_per_second ?? 0,
      recordsTotal: this.stats?.records_total ?? 0,
      dropped: this.dropped,
      feedConnected: this.feed?.connected ?? false,
    };
    switch (l.kind) {
      case 'started':
      case 'attached': {
        const owner = l.kind === 'started' ? 'started by Fleetkit' : `attached: started outside Fleetkit, ${BRIDGE.elsewhere}`;
        return { ...base, state: 'running', detail: `bridge on ${l.at} (${owner})${this.feed?.connected ? '' : ' · feed reconnecting'}` };
      }
      case 'failed':
        return { ...base, state: 'failed', detail: l.message };
      default:
        return { ...base, state: l.kind, detail: linkSummary(BRIDGE, l) };
    }
  }

  get running(): boolean {
    return isLinked(this.link);
  }

  private set(next: Link, linked?: Linked): void {
    this.link = next;
    this.linked = linked ?? (next.kind === 'unreachable' ? this.linked : undefined);
    this.changed.fire();
  }

  /**
   * A bridge that answers, once; concurrent callers share the attempt: the linked one (probed), else the one named in
   * `fleetkit.telemetry.bridgeReadyFile` (probed), else a bridge Fleetkit starts.
   */
  start(): Promise<BridgeReady> {
    if (this.starting) return this.starting;
    this.starting = (async () => {
      if (this.linked && (await this.verify())) return this.linked.ready;
      const gone = this.link.kind === 'unreachable' ? this.linked?.process : undefined;
      this.set({ kind: 'starting' });
      await gone?.stop().catch(() => undefined);
      try {
        const settings = readTelemetrySettings();
        if (settings.bridgeReadyFile) {
          const file = settings.bridgeReadyFile;
          const text = await readFile(file, 'utf8').catch((err: unknown) => {
            throw new Error(
              `${file} (fleetkit.telemetry.bridgeReadyFile) cannot be read (${err instanceof Error ? err.message : String(err)}): fix the setting, or clear it so Fleetkit starts its own bridge`,
            );
          });
          const found = findBridgeReady(text);
          if (!found) {
            throw new Error(
              `${file} (fleetkit.telemetry.bridgeReadyFile) holds no bridge ready line: fix the setting, or clear it so Fleetkit starts its own bridge`,
            );
          }
          this.log.addSecret(found.feed.token);
          const probe = await probeBridge(found);
          if (!probe.ok) {
            this.log.warn(`The telemetry bridge named in ${file} does not answer: ${probe.why}`);
            this.set({ kind: 'unreachable', at: probe.at, why: probe.why, started: false }, { ready: found });
            throw new Error(
              `The telemetry bridge named in ${file} (${probe.at}) does not answer (${probe.why}): start it again (${BRIDGE.elsewhere}), or clear fleetkit.telemetry.bridgeReadyFile so Fleetkit starts its own.`,
            );
          }
          this.log.info(`Attached to the telemetry bridge on ${bridgeAddress(found)} (named in ${file}; started outside Fleetkit)`);
          this.subscribe(found);
          this.set({ kind: 'attached', at: bridgeAddress(found), source: file }, { ready: found });
          return found;
        }
        const { ready, proc } = await this.spawn(settings);
        this.subscribe(ready);
        this.set({ kind: 'started', at: bridgeAddress(ready), ...(proc.child.pid ? { pid: proc.child.pid } : {}) }, { ready, process: proc });
        return ready;
      } catch (err) {
        if (this.link.kind === 'starting') {
          const message = (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
          this.log.error('Could not start the telemetry bridge', err);
          this.set({ kind: 'failed', message });
        }
        throw err;
      }
    })().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  /** Probes the linked bridge; a silent one becomes 'unreachable' (status bar, view and panel say so). */
  async verify(): Promise<boolean> {
    const current = this.linked;
    if (!current || !isLinked(this.link)) return false;
    const probe = await probeBridge(current.ready);
    if (probe.ok) return true;
    if (this.linked !== current) return isLinked(this.link);
    this.log.warn(`The telemetry bridge on ${probe.at} does not answer: ${probe.why}`);
    this.unsubscribe();
    this.set({ kind: 'unreachable', at: probe.at, why: probe.why, started: !!current.process }, current);
    return false;
  }

  private async spawn(settings: TelemetrySettings): Promise<{ ready: BridgeReady; proc: SpawnedProcess<BridgeReady> }> {
    const dist = path.join(this.ctx.extension.extensionPath, 'dist');
    const dir = path.join(this.ctx.extension.globalStorageUri.fsPath, 'bridge');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const certs = await spawnJsonReady<CertsInitOutput>(
      process.execPath,
      [path.join(dist, 'cli.js'), 'certs', 'init', '--hostname', 'localhost', '--out', dir],
      this.log,
      {
        parse: parseCertsInit,
        what: 'fleetkit certs init',
      },
    );
    await certs.exited;
    const cas = [certs.ready.vehicle_ca, ...settings.vehicleCaFiles];
    const envs = this.environments;
    let sim = envs.current()?.simulator ? envs.current() : undefined;
    if (!sim && vscode.workspace.getConfiguration('fleetkit').get<string>('environment') === 'simulator') sim = await envs.require().catch(() => undefined);
    const simTarget = sim?.simulator ? { baseUrl: sim.simulator.auth, dispatcher: sim.dispatcher } : undefined;
    if (simTarget) {
      const file = path.join(dir, 'simulator-vehicle-ca.pem');
      await writeFile(file, await simulatorVehicleCa(simTarget));
      cas.push(file);
    }
    const args = [
      path.join(dist, 'bridge.js'),
      '--cert',
      certs.ready.server_cert,
      '--key',
      certs.ready.server_key,
      '--port',
      String(settings.bridgePort),
      '--feed-port',
      '0',
      // A developer's handful of cars: one process (the CLI's default is one worker per core).
      '--workers',
      '1',
    ];
    for (const ca of cas) args.push('--vehicle-ca', ca);
    args.push('--history', path.join(dir, 'history.db'));
    const proc = await spawnBridge(process.execPath, args, this.log);
    this.log.addSecret(proc.ready.feed.token);
    this.log.info(`Telemetry bridge started (pid ${proc.child.pid}) on ${proc.ready.host}:${proc.ready.port}`);
    void proc.exited.then((code) => {
      if (this.linked?.process === proc) {
        this.log.warn(`The telemetry bridge exited (code ${code}).`);
        this.unsubscribe();
        this.set({ kind: 'stopped', note: `the one Fleetkit started exited with code ${code}` });
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
    feed.on('alert', (alert: Alert) => {
      this.recentAlerts.push(alert);
      if (this.recentAlerts.length > RECENT_ALERTS) this.recentAlerts.splice(0, this.recentAlerts.length - RECENT_ALERTS);
      this.alertEmitter.fire(alert);
    });
    // Vehicles that connected before we subscribed: the hello lists them, their CONNECTED records are gone.
    feed.on('hello', (vehicles: FeedHelloVehicle[]) => {
      const now = Date.now();
      const known = vehicles.filter((v) => typeof v?.vin === 'string' && !this.store.vehicle(v.vin)?.connected);
      if (known.length) {
        feed.emit(
          'records',
          known.map((v) => helloRecord(v, now)),
        );
      }
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

  /** Ends a bridge Fleetkit started; a bridge started elsewhere is left alone (the caller offers Detach). */
  async stop(): Promise<StopOutcome> {
    if (!canStop(this.link)) return canDetach(this.link) ? 'startedElsewhere' : 'notRunning';
    const proc = this.linked?.process;
    this.unsubscribe();
    this.set({ kind: 'stopped' });
    await proc?.stop();
    this.log.info('Stopped the telemetry bridge Fleetkit started.');
    return 'stopped';
  }

  /** Stops using a bridge started elsewhere; it keeps running. Returns where it was, or undefined if not attached. */
  detach(): string | undefined {
    if (!canDetach(this.link)) return undefined;
    const at = linkAt(this.link) ?? '';
    const wasAnswering = this.link.kind === 'attached';
    this.unsubscribe();
    this.set(wasAnswering ? { kind: 'detached', at } : { kind: 'stopped', note: `Fleetkit detached from the one on ${at}, which did not answer` });
    this.log.info(`Detached from the telemetry bridge on ${at}${wasAnswering ? '; it keeps running' : ''}.`);
    return at;
  }

  /** Asks the linked bridge's history (docs/history.md) over HTTP on its feed port, with the feed token (which stays here). */
  async history(query: HistoryQuery): Promise<HistoryResponse> {
    const ready = this.linked?.ready;
    if (!ready) return { type: 'error', message: 'no telemetry bridge is running: start or attach one to see its history' };
    try {
      const res = await fetch(historyBaseUrl(ready.feed.url) + historyRequestPath(query), {
        headers: { authorization: `Bearer ${ready.feed.token}` },
        signal: AbortSignal.timeout(10_000),
      });
      if (res.status === 426) return { type: 'error', message: 'this bridge is too old to keep history (update Fleetkit, or start it with --history FILE)' };
      return parseHistoryResponse(await res.text());
    } catch (err) {
      return { type: 'error', message: `the bridge did not answer the history query: ${err instanceof Error ? err.message : String(err)}` };
    }
  }

  /** Settings changed: listeners re-read the status (the start button says Start or Attach per bridgeReadyFile). */
  settingsChanged(): void {
    this.changed.fire();
  }

  /** Where the linked bridge is (host:port), for messages. */
  get at(): string | undefined {
    return linkAt(this.link);
  }

  dispose(): void {
    // Only a bridge Fleetkit started ends with the window; an attached one keeps running.
    void this.stop();
    this.changed.dispose();
    this.recordsEmitter.dispose();
    this.alertEmitter.dispose();
  }
}
