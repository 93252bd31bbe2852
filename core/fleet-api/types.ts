/** Response shapes of the Fleet API endpoints Fleetkit uses. Only what we read is typed; the rest is kept. */

export type VehicleState = 'online' | 'asleep' | 'offline' | (string & {});

export interface VehicleSummary {
  id: number;
  vehicle_id?: number;
  vin: string;
  display_name?: string | null;
  state: VehicleState;
  access_type?: string;
  in_service?: boolean;
  api_version?: number | null;
  color?: string | null;
  tokens?: string[] | null;
  [key: string]: unknown;
}

/** `GET /api/1/vehicles` also carries `pagination` and `count` next to `response`. */
export interface VehiclePage {
  vehicles: VehicleSummary[];
  count?: number;
  pagination?: { previous?: number | null; next?: number | null; current?: number; per_page?: number; count?: number; pages?: number };
  raw: string;
}

/** Every name `vehicle_data` accepts in its `endpoints` parameter. */
export const VEHICLE_DATA_ENDPOINTS = [
  'charge_state',
  'climate_state',
  'closures_state',
  'drive_state',
  'gui_settings',
  'location_data',
  'vehicle_config',
  'vehicle_state',
  'vehicle_data_combo',
  'charge_schedule_data',
  'preconditioning_schedule_data',
] as const;

export type VehicleDataEndpoint = (typeof VEHICLE_DATA_ENDPOINTS)[number];

export function isVehicleDataEndpoint(name: unknown): name is VehicleDataEndpoint {
  return (VEHICLE_DATA_ENDPOINTS as readonly unknown[]).includes(name);
}

export const DEFAULT_VEHICLE_DATA_ENDPOINTS: readonly VehicleDataEndpoint[] = [
  'charge_state',
  'climate_state',
  'closures_state',
  'drive_state',
  'gui_settings',
  'vehicle_config',
  'vehicle_state',
];

type Section = Record<string, unknown>;

export interface VehicleData extends VehicleSummary {
  charge_state?: Section;
  climate_state?: Section;
  closures_state?: Section;
  drive_state?: Section;
  gui_settings?: Section;
  vehicle_config?: Section;
  vehicle_state?: Section;
}

export interface FleetStatusVehicleInfo {
  firmware_version?: string;
  vehicle_command_protocol_required?: boolean;
  fleet_telemetry_version?: string;
  safety_screen_streaming_toggle_enabled?: boolean | null;
  discounted_device_data?: boolean;
  total_number_of_keys?: number | null;
  [key: string]: unknown;
}

export interface FleetStatus {
  key_paired_vins: string[];
  unpaired_vins: string[];
  vehicle_info: Record<string, FleetStatusVehicleInfo>;
}

export type WakeUpResponse = VehicleSummary;

export interface NearbyChargingSites {
  congestion_sync_time_utc_secs?: number;
  destination_charging?: Array<Record<string, unknown>>;
  superchargers?: Array<Record<string, unknown>>;
  timestamp?: number;
  [key: string]: unknown;
}

export interface VehicleOptions {
  codes?: Array<{ code: string; displayName?: string; isActive?: boolean; colorCode?: string }>;
  [key: string]: unknown;
}

export interface Driver {
  my_tesla_unique_id?: number;
  user_id?: number;
  user_id_s?: string;
  driver_first_name?: string;
  driver_last_name?: string;
  [key: string]: unknown;
}

export interface ReleaseNotes {
  release_notes?: Array<{
    title?: string;
    subtitle?: string;
    description?: string;
    customer_version?: string;
    icon?: string;
    image_url?: string;
    light_image_url?: string;
  }>;
  [key: string]: unknown;
}

export interface UserMe {
  email?: string;
  full_name?: string;
  profile_image_url?: string;
  vault_uuid?: string;
  [key: string]: unknown;
}

export interface UserRegion {
  region: string;
  fleet_api_base_url: string;
}

export interface PartnerPublicKey {
  public_key: string;
  [key: string]: unknown;
}
