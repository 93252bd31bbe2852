/**
 * Energy sites of the signed-in accounts: what was read (products, live_status, site_info) and the site commands, over
 * each account's one Fleet API client (same token refresh, region, rate-limit memory and cost ledger as vehicles).
 * No `vscode` import; nothing runs on its own except what register.ts schedules.
 */
import { EnergyEndpoints } from '../../core/energy/endpoints';
import type { SiteRecord } from '../../core/energy/tree-model';
import type { ExportRule, GridImportExport, OperationMode } from '../../core/energy/types';
import { describeError } from '../../core/errors/describe-error';
import type { VehiclesService } from '../vehicles/service';

/** Reads need this scope; without it nothing is called (Tesla would answer a billed 403). */
export const ENERGY_READ_SCOPE = 'energy_device_data';
export const ENERGY_COMMAND_SCOPE = 'energy_cmds';

export class EnergyService {
  private readonly sites = new Map<string, SiteRecord[]>();
  private readonly listed = new Map<string, number>();
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly vehicles: VehiclesService,
    private readonly now: () => number = Date.now,
  ) {}

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Whether the account's sign-in granted the energy read scope (the tree shows sites only then). */
  canRead(accountId: string): boolean {
    return this.vehicles.scopesOf(accountId).includes(ENERGY_READ_SCOPE);
  }

  canCommand(accountId: string): boolean {
    return this.vehicles.scopesOf(accountId).includes(ENERGY_COMMAND_SCOPE);
  }

  /** Accounts whose sites can be read now (energy scope granted, reachable). */
  readableAccounts(): string[] {
    return this.vehicles
      .accounts()
      .map((a) => a.id)
      .filter((id) => this.canRead(id) && !this.vehicles.unavailableOf(id));
  }

  sitesOf(accountId: string): SiteRecord[] {
    return this.sites.get(accountId) ?? [];
  }

  listedAt(accountId: string): number | undefined {
    return this.listed.get(accountId);
  }

  site(accountId: string, siteId: number): SiteRecord | undefined {
    return this.sitesOf(accountId).find((s) => s.product.energy_site_id === siteId);
  }

  /** Every listed site with its account, for pickers. */
  allSites(): Array<{ accountId: string; record: SiteRecord }> {
    return this.vehicles.accounts().flatMap((a) => this.sitesOf(a.id).map((record) => ({ accountId: a.id, record })));
  }

  /** `GET /api/1/products` (one data call): the account's energy sites; what was read of a site already is kept. */
  async listSites(accountId: string, signal?: AbortSignal): Promise<void> {
    const { sites } = await this.api(accountId).sites({ signal });
    const before = this.sitesOf(accountId);
    this.sites.set(
      accountId,
      sites.map((product) => ({ ...before.find((b) => b.product.energy_site_id === product.energy_site_id), product, error: undefined })),
    );
    this.listed.set(accountId, this.now());
    this.changed();
  }

  /** live_status, and site_info unless `liveOnly` (one or two data calls). A failure is kept on the site's row. */
  async refreshSite(accountId: string, siteId: number, options: { liveOnly?: boolean; signal?: AbortSignal } = {}): Promise<void> {
    const record = this.require(accountId, siteId);
    record.busy = 'reading…';
    this.changed();
    try {
      const api = this.api(accountId);
      const live = await api.liveStatus(siteId, { signal: options.signal });
      record.live = { data: live.response, at: live.receivedAt };
      if (!options.liveOnly) {
        const info = await api.siteInfo(siteId, { signal: options.signal });
        record.info = { data: info.response, at: info.receivedAt };
      }
      record.error = undefined;
    } catch (err) {
      record.error = describeError(err).message;
      throw err;
    } finally {
      record.busy = undefined;
      this.changed();
    }
  }

  /** site_info for a prompt's current value, read only when not read yet. */
  async info(accountId: string, siteId: number, signal?: AbortSignal): Promise<SiteRecord['info']> {
    const record = this.require(accountId, siteId);
    if (!record.info) {
      const info = await this.api(accountId).siteInfo(siteId, { signal });
      record.info = { data: info.response, at: info.receivedAt };
      this.changed();
    }
    return record.info;
  }

  setBackupReserve(accountId: string, siteId: number, percent: number): Promise<void> {
    return this.command(accountId, siteId, (api) => api.setBackupReserve(siteId, percent));
  }

  setOperationMode(accountId: string, siteId: number, mode: OperationMode): Promise<void> {
    return this.command(accountId, siteId, (api) => api.setOperationMode(siteId, mode));
  }

  setStormMode(accountId: string, siteId: number, enabled: boolean): Promise<void> {
    return this.command(accountId, siteId, (api) => api.setStormMode(siteId, enabled));
  }

  setGridImportExport(accountId: string, siteId: number, settings: GridImportExport): Promise<void> {
    return this.command(accountId, siteId, (api) => api.setGridImportExport(siteId, settings));
  }

  setOffGridVehicleChargingReserve(accountId: string, siteId: number, percent: number): Promise<void> {
    return this.command(accountId, siteId, (api) => api.setOffGridVehicleChargingReserve(siteId, percent));
  }

  /** Forgets accounts that are gone. */
  prune(): void {
    const present = new Set(this.vehicles.accounts().map((a) => a.id));
    for (const id of [...this.sites.keys()]) {
      if (!present.has(id)) {
        this.sites.delete(id);
        this.listed.delete(id);
      }
    }
  }

  /**
   * One command (billed as a command, never retried), then the site read again (two data calls) so the tree shows
   * what the site now reports, not what we asked for.
   */
  private async command(accountId: string, siteId: number, send: (api: EnergyEndpoints) => Promise<unknown>): Promise<void> {
    this.require(accountId, siteId);
    await send(this.api(accountId));
    await this.refreshSite(accountId, siteId);
  }

  private require(accountId: string, siteId: number): SiteRecord {
    const record = this.site(accountId, siteId);
    if (!record) throw new Error(`Energy site ${siteId} is not listed for this account: refresh the Accounts & Vehicles view.`);
    return record;
  }

  private api(accountId: string): EnergyEndpoints {
    return new EnergyEndpoints(this.vehicles.client(accountId));
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}

export type { ExportRule };
