/**
 * Shapes of the Fleet API energy endpoints (developer.tesla.com/docs/fleet-api/endpoints/energy; reference notes
 * fleet-api.md §2.3). Powers in W, energies in Wh; battery_power > 0 discharges, grid_power > 0 imports.
 * Only what Fleetkit reads is typed; the rest is kept.
 */

export type OperationMode = 'self_consumption' | 'autonomous' | 'backup';
export const OPERATION_MODES: readonly OperationMode[] = ['self_consumption', 'autonomous', 'backup'];
export type ExportRule = 'pv_only' | 'battery_ok' | 'never';
export const EXPORT_RULES: readonly ExportRule[] = ['pv_only', 'battery_ok', 'never'];
export type CalendarKind = 'energy' | 'backup';
export type CalendarPeriod = 'day' | 'week' | 'month' | 'year';
export const CALENDAR_PERIODS: readonly CalendarPeriod[] = ['day', 'week', 'month', 'year'];

/** An energy site's entry in `GET /api/1/products` (vehicles have `vin` instead). */
export interface EnergyProduct {
  energy_site_id: number;
  resource_type: 'battery' | 'solar' | (string & {});
  site_name?: string;
  id?: string;
  energy_left?: number;
  total_pack_energy?: number;
  percentage_charged?: number;
  battery_power?: number;
  storm_mode_enabled?: boolean;
  components?: { battery?: boolean; solar?: boolean; grid?: boolean; wall_connectors?: Array<Record<string, unknown>>; [key: string]: unknown };
  [key: string]: unknown;
}

export interface LiveStatus {
  solar_power: number;
  battery_power: number;
  load_power: number;
  grid_power: number;
  generator_power?: number;
  energy_left?: number;
  total_pack_energy?: number;
  percentage_charged: number;
  backup_capable?: boolean;
  grid_status?: 'Active' | 'Inactive' | (string & {});
  island_status?: string;
  storm_mode_active?: boolean;
  timestamp?: string;
  wall_connectors?: Array<{ din?: string; wall_connector_state?: number; wall_connector_power?: number }>;
  [key: string]: unknown;
}

export interface SiteInfo {
  id?: string;
  site_name?: string;
  backup_reserve_percent: number;
  default_real_mode: OperationMode | (string & {});
  installation_time_zone?: string;
  user_settings?: { storm_mode_enabled?: boolean; [key: string]: unknown };
  components?: {
    solar?: boolean;
    battery?: boolean;
    grid?: boolean;
    customer_preferred_export_rule?: ExportRule | (string & {});
    disallow_charge_from_grid_with_solar_installed?: boolean;
    off_grid_vehicle_charging_reserve_supported?: boolean;
    wall_connectors?: Array<Record<string, unknown>>;
    [key: string]: unknown;
  };
  battery_count?: number;
  nameplate_power?: number;
  nameplate_energy?: number;
  off_grid_vehicle_charging_reserve_percent?: number;
  tou_settings?: Record<string, unknown>;
  version?: string;
  [key: string]: unknown;
}

export interface EnergyHistoryEntry {
  timestamp: string;
  solar_energy_exported?: number;
  grid_energy_imported?: number;
  grid_energy_exported_from_solar?: number;
  grid_energy_exported_from_battery?: number;
  battery_energy_exported?: number;
  battery_energy_imported_from_grid?: number;
  battery_energy_imported_from_solar?: number;
  consumer_energy_imported_from_grid?: number;
  consumer_energy_imported_from_solar?: number;
  consumer_energy_imported_from_battery?: number;
  total_home_usage?: number;
  [key: string]: unknown;
}

export interface EnergyHistory {
  serial_number?: string;
  period?: CalendarPeriod;
  time_series: EnergyHistoryEntry[];
  [key: string]: unknown;
}

export interface BackupHistory {
  events: Array<{ timestamp: string; duration: number }>;
  total_events?: number;
  [key: string]: unknown;
}

export interface ChargeHistory {
  charge_history: Array<{ charge_start_time: { seconds: number }; charge_duration: { seconds: number }; energy_added_wh: number }>;
  [key: string]: unknown;
}

/** What Tesla answers to an energy command: `{ code: 201, message: "Updated" }`. */
export interface EnergyCommandResult {
  code?: number;
  message?: string;
  [key: string]: unknown;
}

export interface GridImportExport {
  customer_preferred_export_rule?: ExportRule;
  disallow_charge_from_grid_with_solar_installed?: boolean;
}

/** `/api/1/products` entries that are energy sites. */
export function isEnergyProduct(p: unknown): p is EnergyProduct {
  return typeof p === 'object' && p !== null && typeof (p as { energy_site_id?: unknown }).energy_site_id === 'number';
}
