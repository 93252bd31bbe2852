import type { ApiResponse, FleetApiClient } from '../fleet-api/client';
import { endpointPath } from '../fleet-api/endpoints/table';
import {
  isEnergyProduct,
  type BackupHistory,
  type CalendarPeriod,
  type ChargeHistory,
  type EnergyCommandResult,
  type EnergyHistory,
  type EnergyProduct,
  type ExportRule,
  type GridImportExport,
  type LiveStatus,
  type OperationMode,
  type SiteInfo,
} from './types';
import { validateGridImportExport, validateMode, validatePercent, validateTouSettings } from './validate';

interface Call {
  signal?: AbortSignal;
}

export interface HistoryWindow extends Call {
  period?: CalendarPeriod;
  /** RFC 3339 times with their offset. */
  startDate?: string;
  endDate?: string;
  /** IANA zone; Tesla's default is the site's. */
  timeZone?: string;
}

/** The energy site actions Fleetkit calls (reads need energy_device_data, the POSTs energy_cmds). */
export type SiteAction =
  | 'live_status'
  | 'site_info'
  | 'calendar_history'
  | 'telemetry_history'
  | 'backup'
  | 'operation'
  | 'storm_mode'
  | 'grid_import_export'
  | 'off_grid_vehicle_charging_reserve'
  | 'time_of_use_settings';

/** `/api/1/energy_sites/{energy_site_id}/<action>`, from the endpoint table's `energy.<action>` row. */
export function sitePath(siteId: number | string, action: SiteAction): string {
  return endpointPath(`energy.${action}`, { energy_site_id: siteId });
}

/**
 * Energy site endpoints over the one FleetApiClient. Commands validate their input first (nothing is sent for a
 * value Tesla would refuse) and, like every POST, are never retried by the client.
 */
export class EnergyEndpoints {
  constructor(private readonly client: FleetApiClient) {}

  /** The account's energy sites: `GET /api/1/products` without the vehicles. */
  async sites(call: Call = {}): Promise<{ sites: EnergyProduct[]; res: ApiResponse<unknown[]> }> {
    const res = await this.client.get<unknown[]>(endpointPath('energy.products'), call);
    return { sites: (Array.isArray(res.response) ? res.response : []).filter(isEnergyProduct), res };
  }

  liveStatus(siteId: number | string, call: Call = {}): Promise<ApiResponse<LiveStatus>> {
    return this.client.get(sitePath(siteId, 'live_status'), call);
  }

  siteInfo(siteId: number | string, call: Call = {}): Promise<ApiResponse<SiteInfo>> {
    return this.client.get(sitePath(siteId, 'site_info'), call);
  }

  calendarHistory(siteId: number | string, kind: 'energy', w?: HistoryWindow): Promise<ApiResponse<EnergyHistory>>;
  calendarHistory(siteId: number | string, kind: 'backup', w?: HistoryWindow): Promise<ApiResponse<BackupHistory>>;
  calendarHistory(siteId: number | string, kind: 'energy' | 'backup', w: HistoryWindow = {}): Promise<ApiResponse<EnergyHistory | BackupHistory>> {
    return this.client.get(sitePath(siteId, 'calendar_history'), {
      query: { kind, period: w.period ?? 'day', start_date: w.startDate, end_date: w.endDate, time_zone: w.timeZone },
      signal: w.signal,
    });
  }

  /** Wall Connector charging sessions (`kind=charge`). */
  chargeHistory(siteId: number | string, w: HistoryWindow = {}): Promise<ApiResponse<ChargeHistory>> {
    return this.client.get(sitePath(siteId, 'telemetry_history'), {
      query: { kind: 'charge', start_date: w.startDate, end_date: w.endDate, time_zone: w.timeZone },
      signal: w.signal,
    });
  }

  async setBackupReserve(siteId: number | string, percent: number, call: Call = {}): Promise<ApiResponse<EnergyCommandResult>> {
    return this.command(siteId, 'backup', { backup_reserve_percent: validatePercent(percent, 'backup reserve') }, call);
  }

  async setOperationMode(siteId: number | string, mode: OperationMode, call: Call = {}): Promise<ApiResponse<EnergyCommandResult>> {
    return this.command(siteId, 'operation', { default_real_mode: validateMode(mode) }, call);
  }

  async setStormMode(siteId: number | string, enabled: boolean, call: Call = {}): Promise<ApiResponse<EnergyCommandResult>> {
    return this.command(siteId, 'storm_mode', { enabled: Boolean(enabled) }, call);
  }

  async setGridImportExport(siteId: number | string, settings: GridImportExport, call: Call = {}): Promise<ApiResponse<EnergyCommandResult>> {
    return this.command(siteId, 'grid_import_export', { ...validateGridImportExport(settings) }, call);
  }

  async setOffGridVehicleChargingReserve(siteId: number | string, percent: number, call: Call = {}): Promise<ApiResponse<EnergyCommandResult>> {
    return this.command(
      siteId,
      'off_grid_vehicle_charging_reserve',
      { off_grid_vehicle_charging_reserve_percent: validatePercent(percent, 'off-grid vehicle charging reserve') },
      call,
    );
  }

  async setTimeOfUseSettings(siteId: number | string, touSettings: Record<string, unknown>, call: Call = {}): Promise<ApiResponse<EnergyCommandResult>> {
    return this.command(siteId, 'time_of_use_settings', { tou_settings: validateTouSettings(touSettings) }, call);
  }

  private command(siteId: number | string, action: SiteAction, body: Record<string, unknown>, call: Call): Promise<ApiResponse<EnergyCommandResult>> {
    return this.client.post(sitePath(siteId, action), body, call);
  }
}

export type { ExportRule };
