/**
 * The vehicles feature's state and Fleet API calls, without any VS Code API (so it can be tested in plain Node).
 * Nothing here runs on its own: every call below is the direct result of a user action.
 */
import type { Dispatcher } from 'undici';
import type { Logger } from '../../core/log/logger';
import { UsageLedger } from '../../core/billing/ledger';
import { FleetApi } from '../../core/fleet-api/api';
import { FleetApiClient, type CallEvent } from '../../core/fleet-api/client';
import { AsleepError, TransportError } from '../../core/fleet-api/errors';
import { RegionDirectory } from '../../core/fleet-api/region';
import type { TokenProvider } from '../../core/fleet-api/token-provider';
import { createFleetDispatcher } from '../../core/fleet-api/transport';
import type { VehicleDataEndpoint } from '../../core/fleet-api/types';
import { wakeAndWait, type WakeProgress, type WakeResult } from '../../core/fleet-api/wake';
import { VehicleCache } from '../../core/vehicle-model/cache';
import type { AccountInfo } from '../../core/vehicle-model/tree-model';
import { SimulatorUnavailableError } from '../simulator/unavailable';

/** One signed-in account as the vehicles feature needs it. */
export interface VehicleAccount {
  info: AccountInfo;
  tokens: TokenProvider;
  /** PEM of the CA to trust for this account's hosts (the local simulator); undefined for Tesla. */
  ca?: string;
  /** Region → base URL a 421 may switch to, besides Tesla's own hosts (the simulator's NA/EU). */
  regionUrls?: Record<string, string>;
  /** Set when the account cannot be reached now (its simulator is not running): every call fails with this text. */
  unavailable?: string;
  /** The sign-in session behind `tokens`: a new one (signed in again) means a new connection and no stale error. */
  sessionId?: string;
  /** The scopes the account's sign-in granted (features that need one ask before calling). */
  scopes?: readonly string[];
}

/** Where accounts come from (the sign-in feature, through an adapter). */
export interface AccountSource {
  accounts(): Promise<VehicleAccount[]>;
  onDidChange(listener: () => void): { dispose(): void };
}

export interface ServiceSettings {
  timeoutMs: number;
  liveDataEndpoints: VehicleDataEndpoint[];
  wakeMaxPolls: number;
  wakeFirstDelayMs: number;
  wakeMaxDelayMs: number;
}

export interface ServiceOptions {
  source: AccountSource;
  logger: Logger;
  settings: () => ServiceSettings;
  ledger?: UsageLedger;
  cache?: VehicleCache;
  /** Region memory from a previous session: account id → base URL. */
  regionMemory?: Record<string, string>;
  /** The account's session was replaced (signed in again): its error is gone; the caller decides whether to re-list. */
  onSessionReplaced?: (accountId: string) => void;
  /** Called after anything worth persisting changed (cache, ledger, region memory). */
  persist?: (state: { cache: VehicleCache; ledger: UsageLedger; regionMemory: Record<string, string> }) => void;
  now?: () => number;
}

interface Connected {
  account: VehicleAccount;
  api: FleetApi;
  dispatcher: Dispatcher;
  fingerprint: string;
}

export class VehiclesService {
  readonly ledger: UsageLedger;
  readonly cache: VehicleCache;
  private readonly connected = new Map<string, Connected>();
  private readonly errors = new Map<string, Error>();
  private readonly busy = new Map<string, string>();
  private readonly listeners = new Set<() => void>();
  private readonly regionMemory: Record<string, string>;
  private readonly now: () => number;
  private accountsLoaded = false;
  private reloads: Promise<void> = Promise.resolve();
  private active?: string;

  constructor(private readonly options: ServiceOptions) {
    this.ledger = options.ledger ?? new UsageLedger();
    this.cache = options.cache ?? new VehicleCache();
    this.regionMemory = { ...(options.regionMemory ?? {}) };
    this.now = options.now ?? Date.now;
    this.ledger.onDidChange(() => this.changed(true));
    options.source.onDidChange(() => {
      void this.reloadAccounts().catch((err: unknown) => options.logger.error('reloading accounts failed', err));
    });
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /**
   * Reads the accounts from the sign-in layer (no Fleet API call). One reload at a time: sign-in events come in
   * bursts, and an older reload finishing late must not undo a newer one (drop a re-added account's cache or error).
   */
  reloadAccounts(): Promise<void> {
    const run = this.reloads.then(() => this.reload());
    this.reloads = run.catch(() => undefined);
    return run;
  }

  private async reload(): Promise<void> {
    const accounts = await this.options.source.accounts();
    const seen = new Set<string>();
    const replaced: string[] = [];
    for (const account of accounts) {
      seen.add(account.info.id);
      const fingerprint = `${account.sessionId ?? ''}|${account.info.baseUrl}|${account.ca ?? ''}|${JSON.stringify(account.regionUrls ?? {})}|${account.unavailable ?? ''}`;
      const existing = this.connected.get(account.info.id);
      if (existing && existing.fingerprint === fingerprint) {
        existing.account = {
          ...account,
          info: { ...account.info, baseUrl: existing.api.client.baseUrl, region: existing.api.client.region ?? account.info.region },
        };
        continue;
      }
      // In-flight calls of the old connection finish (or fail) on their own; the reload does not wait for them.
      if (existing) void this.disconnect(account.info.id);
      // Signed in again: the old session's failure (e.g. "Tesla no longer accepts this sign-in") no longer applies.
      if (existing && existing.account.sessionId !== account.sessionId) {
        this.errors.delete(account.info.id);
        replaced.push(account.info.id);
      } else if (existing && this.errors.get(account.info.id) instanceof TransportError) {
        // Where the account's calls go changed (e.g. a simulator linked again): "could not reach" was about the old one.
        this.errors.delete(account.info.id);
      }
      this.connected.set(account.info.id, this.connect(account, fingerprint));
    }
    for (const id of [...this.connected.keys()]) {
      if (!seen.has(id)) {
        this.cache.removeAccount(id);
        this.errors.delete(id);
        void this.disconnect(id);
      }
    }
    if (this.active && !seen.has(this.active)) this.active = undefined;
    this.accountsLoaded = true;
    this.changed(false);
    for (const id of replaced) this.options.onSessionReplaced?.(id);
  }

  get loaded(): boolean {
    return this.accountsLoaded;
  }

  accounts(): AccountInfo[] {
    return [...this.connected.values()].map((c) => c.account.info);
  }

  account(accountId: string): AccountInfo | undefined {
    return this.connected.get(accountId)?.account.info;
  }

  /** The account the status bar shows: the last one acted on, else the first. */
  get activeAccount(): AccountInfo | undefined {
    return (this.active && this.account(this.active)) || this.accounts()[0];
  }

  setActive(accountId: string): void {
    if (this.connected.has(accountId) && this.active !== accountId) {
      this.active = accountId;
      this.changed(false);
    }
  }

  errorOf(accountId: string): Error | undefined {
    return this.errors.get(accountId);
  }

  /** The scopes the account's sign-in granted (empty when unknown). */
  scopesOf(accountId: string): readonly string[] {
    return this.connected.get(accountId)?.account.scopes ?? [];
  }

  /** Why the account cannot be used now (its simulator is not linked), without trying a call. */
  unavailableOf(accountId: string): string | undefined {
    return this.connected.get(accountId)?.account.unavailable;
  }

  busyText(accountId: string): string | undefined {
    return this.busy.get(accountId);
  }

  /** Tree refresh: the vehicle list call only (one billed data call per page). Never wakes, never vehicle_data. */
  async refreshList(accountId: string, signal?: AbortSignal): Promise<void> {
    await this.track(accountId, 'listing vehicles…', async () => {
      const { api } = this.require(accountId);
      const raws: string[] = [];
      const vehicles = await api.vehicles.listAll({ signal, onPage: (p) => raws.push(p.raw) });
      // One page: Tesla's body as received; several: the bodies in order, as a JSON array.
      const raw = raws.length === 1 ? raws[0] : `[${raws.join(',')}]`;
      this.cache.applyList(accountId, vehicles, this.now(), raw);
    });
  }

  /** Refreshes every account's list; errors are kept per account (the tree shows them), not thrown. */
  async refreshAll(signal?: AbortSignal): Promise<void> {
    if (!this.accountsLoaded) await this.reloadAccounts();
    await Promise.all(this.accounts().map((a) => this.refreshList(a.id, signal).catch(() => undefined)));
  }

  /** `vehicle_data` for one car. On a sleeping car this throws AsleepError (and marks it asleep); it never wakes. */
  async fetchLiveData(accountId: string, vin: string, signal?: AbortSignal): Promise<void> {
    const { api } = this.require(accountId);
    const endpoints = this.options.settings().liveDataEndpoints;
    this.setActive(accountId);
    try {
      const res = await api.vehicles.vehicleData(vin, { endpoints, signal });
      this.cache.applyVehicleData(accountId, vin, res.response, endpoints, res.receivedAt, res.raw);
    } catch (err) {
      if (err instanceof AsleepError) this.cache.markUnavailable(accountId, vin, this.now());
      throw err;
    } finally {
      this.changed(true);
    }
  }

  /** One wake_up, then bounded polling of the vehicle endpoint. */
  async wake(accountId: string, vin: string, onProgress?: (p: WakeProgress) => void, signal?: AbortSignal): Promise<WakeResult> {
    const { api } = this.require(accountId);
    const s = this.options.settings();
    this.setActive(accountId);
    try {
      const result = await wakeAndWait(api.vehicles, vin, {
        maxPolls: s.wakeMaxPolls,
        firstDelayMs: s.wakeFirstDelayMs,
        maxDelayMs: s.wakeMaxDelayMs,
        signal,
        onProgress: (p) => {
          const rec = this.cache.get(accountId, vin);
          if (rec) this.cache.applySummary(accountId, { ...rec.summary, state: p.state }, this.now());
          this.changed(false);
          onProgress?.(p);
        },
      });
      if (result.vehicle) {
        this.cache.applySummary(accountId, { ...result.vehicle, vin }, this.now(), {
          kind: 'wake_up',
          text: JSON.stringify({ response: result.vehicle }, null, 2),
          at: this.now(),
        });
      }
      return result;
    } finally {
      this.changed(true);
    }
  }

  /** After a signed command succeeded: the tree's "key not paired" turns "key paired" (no Fleet API call). */
  keyPaired(accountId: string, vin: string): void {
    if (this.cache.markKeyPaired(accountId, vin, this.now())) this.changed(true);
  }

  /**
   * The account's Fleet API client. Commands go through it as data calls do: one pipeline for token refresh, the
   * region answer, the 429 memory and the cost ledger.
   */
  client(accountId: string): FleetApiClient {
    return this.require(accountId).api.client;
  }

  /** A client for the same account through another base URL (a tesla-http-proxy): same tokens, same ledger. */
  proxyClient(accountId: string, baseUrl: string, dispatcher?: Dispatcher): FleetApiClient {
    const { account } = this.require(accountId);
    const log = this.options.logger.child('fleet-api');
    return new FleetApiClient({
      baseUrl,
      accountId,
      tokens: account.tokens,
      ...(dispatcher ? { dispatcher } : {}),
      timeoutMs: this.options.settings().timeoutMs,
      logger: log,
      onCall: (e) => this.recordCall(log, e),
    });
  }

  /** `fleet_status` for the account's listed vehicles (or the given VINs): key pairing and firmware. */
  async fleetStatus(accountId: string, vins?: readonly string[], signal?: AbortSignal): Promise<void> {
    const list = vins ?? this.cache.list(accountId).map((v) => v.vin);
    if (!list.length) return;
    this.setActive(accountId);
    await this.track(accountId, 'fleet status…', async () => {
      const { api } = this.require(accountId);
      const res = await api.vehicles.fleetStatus(list, { signal });
      this.cache.applyFleetStatus(accountId, res.response, res.receivedAt, res.raw);
    });
  }

  async dispose(): Promise<void> {
    for (const id of [...this.connected.keys()]) await this.disconnect(id);
    this.listeners.clear();
  }

  private async track(accountId: string, text: string, work: () => Promise<void>): Promise<void> {
    const connection = this.connected.get(accountId);
    this.busy.set(accountId, text);
    this.changed(false);
    try {
      await work();
      this.errors.delete(accountId);
    } catch (err) {
      // A failure of a connection that was replaced meanwhile (session removed, signed in again) is not the account's.
      if (connection && this.connected.get(accountId) === connection) this.errors.set(accountId, err instanceof Error ? err : new Error(String(err)));
      throw err;
    } finally {
      this.busy.delete(accountId);
      this.changed(true);
    }
  }

  private connect(account: VehicleAccount, fingerprint: string): Connected {
    const dispatcher = createFleetDispatcher({ ca: account.ca });
    const regions = new RegionDirectory(account.regionUrls ?? {});
    const remembered = this.regionMemory[account.info.id];
    const baseUrl = remembered && regions.isTrusted(remembered) ? remembered : account.info.baseUrl;
    const info: AccountInfo = { ...account.info, baseUrl, region: regions.regionOf(baseUrl) ?? account.info.region };
    const log = this.options.logger.child('fleet-api');
    const api = FleetApi.create({
      baseUrl,
      accountId: account.info.id,
      tokens: account.tokens,
      dispatcher,
      regions,
      timeoutMs: this.options.settings().timeoutMs,
      logger: log,
      onCall: (e) => this.recordCall(log, e),
      onRegionChange: (region, url) => {
        this.regionMemory[account.info.id] = url;
        const c = this.connected.get(account.info.id);
        if (c) c.account = { ...c.account, info: { ...c.account.info, region, baseUrl: url } };
        this.changed(true);
      },
    });
    return { account: { ...account, info }, api, dispatcher, fingerprint };
  }

  private recordCall(log: Logger, e: CallEvent): void {
    this.ledger.record(e);
    log.debug(`${e.method} ${e.path} → ${e.status || 'no answer'}${e.txid ? ` txid=${e.txid}` : ''}`);
  }

  private async disconnect(accountId: string): Promise<void> {
    const c = this.connected.get(accountId);
    this.connected.delete(accountId);
    if (c) await c.dispatcher.close().catch(() => undefined);
  }

  private require(accountId: string): Connected {
    const c = this.connected.get(accountId);
    if (!c) throw new Error(`No signed-in account ${accountId}; sign in again.`);
    if (c.account.unavailable) {
      throw c.account.info.environment === 'simulator' ? new SimulatorUnavailableError(c.account.unavailable) : new Error(c.account.unavailable);
    }
    return c;
  }

  private changed(persist: boolean): void {
    if (persist) this.options.persist?.({ cache: this.cache, ledger: this.ledger, regionMemory: { ...this.regionMemory } });
    for (const l of this.listeners) {
      try {
        l();
      } catch (err) {
        this.options.logger.error('vehicles listener failed', err);
      }
    }
  }
}
