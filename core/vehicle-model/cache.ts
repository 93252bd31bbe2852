import type { FleetStatus, VehicleData, VehicleDataEndpoint, VehicleSummary } from '../fleet-api/types';
import { SECTIONS, type SectionId } from './sections';

export type RawKind = 'list' | 'vehicle' | 'vehicle_data' | 'fleet_status' | 'wake_up';

export interface RawResponse {
  kind: RawKind;
  text: string;
  at: number;
}

export interface KeyStatus {
  paired: boolean;
  firmwareVersion?: string;
  protocolRequired?: boolean;
  telemetryVersion?: string;
  at: number;
}

/** What Fleetkit last learned about one vehicle, and when. Nothing here is ever fetched implicitly. */
export interface VehicleRecord {
  accountId: string;
  vin: string;
  id: number;
  summary: VehicleSummary;
  /** When `summary.state` was last reported by the list, vehicle, wake or data call. */
  stateAt: number;
  data?: VehicleData;
  dataAt?: number;
  sectionsAt: Partial<Record<SectionId, number>>;
  key?: KeyStatus;
  raws: Partial<Record<RawKind, RawResponse>>;
}

export interface CacheSnapshot {
  version: 1;
  vehicles: VehicleRecord[];
  lists: Record<string, { at: number; raw?: string }>;
}

/** Per-account vehicles with their last values. Pure state; the caller persists `snapshot()`. */
export class VehicleCache {
  private readonly vehicles = new Map<string, VehicleRecord>();
  private readonly lists = new Map<string, { at: number; raw?: string }>();

  constructor(snapshot?: unknown) {
    if (snapshot) this.restore(snapshot);
  }

  /** Vehicles of an account, in list order (as Tesla returned them). */
  list(accountId: string): VehicleRecord[] {
    return [...this.vehicles.values()].filter((v) => v.accountId === accountId);
  }

  get(accountId: string, vin: string): VehicleRecord | undefined {
    return this.vehicles.get(key(accountId, vin));
  }

  listedAt(accountId: string): number | undefined {
    return this.lists.get(accountId)?.at;
  }

  listRaw(accountId: string): RawResponse | undefined {
    const l = this.lists.get(accountId);
    return l?.raw !== undefined ? { kind: 'list', text: l.raw, at: l.at } : undefined;
  }

  /** The vehicle list call: replaces the account's set (vanished cars go), keeps fetched data of the rest. */
  applyList(accountId: string, vehicles: readonly VehicleSummary[], at: number, raw?: string): void {
    const keep = new Set(vehicles.map((v) => key(accountId, v.vin)));
    for (const [k, rec] of this.vehicles) if (rec.accountId === accountId && !keep.has(k)) this.vehicles.delete(k);
    const ordered: Array<[string, VehicleRecord]> = [];
    for (const v of vehicles) {
      const k = key(accountId, v.vin);
      const prev = this.vehicles.get(k);
      const rec: VehicleRecord = prev
        ? { ...prev, id: v.id, summary: { ...prev.summary, ...v }, stateAt: at }
        : { accountId, vin: v.vin, id: v.id, summary: { ...v }, stateAt: at, sectionsAt: {}, raws: {} };
      ordered.push([k, rec]);
      this.vehicles.delete(k);
    }
    for (const [k, rec] of ordered) this.vehicles.set(k, rec);
    this.lists.set(accountId, { at, raw });
  }

  /** `GET /vehicles/{tag}` or a wake answer: only the summary/state changes. */
  applySummary(accountId: string, summary: VehicleSummary, at: number, raw?: RawResponse): void {
    const rec = this.get(accountId, summary.vin);
    if (!rec) return;
    rec.summary = { ...rec.summary, ...summary };
    rec.stateAt = at;
    if (raw) rec.raws[raw.kind] = raw;
  }

  /** A 408 told us the car is not online (without telling which): mark it asleep unless known offline. */
  markUnavailable(accountId: string, vin: string, at: number): void {
    const rec = this.get(accountId, vin);
    if (!rec) return;
    if (rec.summary.state === 'online') rec.summary = { ...rec.summary, state: 'asleep' };
    rec.stateAt = at;
  }

  /** Live data: merges the parts that came back; stamps the sections whose endpoints were asked for. */
  applyVehicleData(accountId: string, vin: string, data: VehicleData, endpoints: readonly VehicleDataEndpoint[], at: number, raw: string): void {
    const rec = this.get(accountId, vin);
    if (!rec) return;
    const merged: VehicleData = { ...(rec.data ?? ({} as VehicleData)), ...data };
    for (const part of ['charge_state', 'climate_state', 'drive_state', 'vehicle_state', 'vehicle_config', 'gui_settings', 'closures_state'] as const) {
      if (rec.data?.[part] && data[part]) merged[part] = { ...rec.data[part], ...data[part] };
    }
    rec.data = merged;
    rec.dataAt = at;
    rec.summary = { ...rec.summary, state: typeof data.state === 'string' ? data.state : 'online' };
    rec.stateAt = at;
    for (const s of SECTIONS) {
      if (endpoints.includes(s.endpoint)) rec.sectionsAt[s.id] = at;
    }
    rec.raws.vehicle_data = { kind: 'vehicle_data', text: raw, at };
  }

  applyFleetStatus(accountId: string, status: FleetStatus, at: number, raw: string): void {
    const paired = new Set(status.key_paired_vins ?? []);
    const unpaired = new Set(status.unpaired_vins ?? []);
    for (const rec of this.list(accountId)) {
      if (!paired.has(rec.vin) && !unpaired.has(rec.vin)) continue;
      const info = status.vehicle_info?.[rec.vin] ?? {};
      rec.key = {
        paired: paired.has(rec.vin),
        firmwareVersion: typeof info.firmware_version === 'string' ? info.firmware_version : undefined,
        protocolRequired: typeof info.vehicle_command_protocol_required === 'boolean' ? info.vehicle_command_protocol_required : undefined,
        telemetryVersion: typeof info.fleet_telemetry_version === 'string' ? info.fleet_telemetry_version : undefined,
        at,
      };
      rec.raws.fleet_status = { kind: 'fleet_status', text: raw, at };
    }
  }

  /**
   * A signed command just went through: the car knows the command key, whatever fleet_status said before. Keeps the
   * firmware facts fleet_status gave; marks nothing for a car the cache does not list.
   */
  markKeyPaired(accountId: string, vin: string, at: number): boolean {
    const rec = this.get(accountId, vin);
    if (!rec || rec.key?.paired) return false;
    rec.key = { ...(rec.key ?? {}), paired: true, at };
    return true;
  }

  /** Forget an account (signed out). */
  removeAccount(accountId: string): void {
    for (const [k, rec] of this.vehicles) if (rec.accountId === accountId) this.vehicles.delete(k);
    this.lists.delete(accountId);
  }

  /**
   * For persistence. Without `withRaws` the raw bodies and the vehicles' legacy streaming `tokens`
   * are left out, so what lands on disk is only what the tree shows.
   */
  snapshot(options: { withRaws?: boolean } = {}): CacheSnapshot {
    const vehicles = structuredClone([...this.vehicles.values()]);
    if (!options.withRaws) {
      for (const v of vehicles) {
        v.raws = {};
        delete v.summary.tokens;
        if (v.data) delete v.data.tokens;
      }
    }
    const lists = Object.fromEntries([...this.lists].map(([k, l]) => [k, options.withRaws ? { ...l } : { at: l.at }]));
    return { version: 1, vehicles, lists };
  }

  private restore(snapshot: unknown): void {
    const s = snapshot as Partial<CacheSnapshot>;
    if (!s || s.version !== 1 || !Array.isArray(s.vehicles)) return;
    for (const v of s.vehicles) {
      if (!v || typeof v.accountId !== 'string' || typeof v.vin !== 'string' || !v.summary || typeof v.stateAt !== 'number') continue;
      this.vehicles.set(key(v.accountId, v.vin), { ...v, sectionsAt: v.sectionsAt ?? {}, raws: v.raws ?? {} });
    }
    for (const [account, l] of Object.entries(s.lists ?? {})) if (l && typeof l.at === 'number') this.lists.set(account, l);
  }
}

function key(accountId: string, vin: string): string {
  return `${accountId}\u0000${vin}`;
}
