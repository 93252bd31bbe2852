import { isVehicleDataEndpoint } from '../../core/fleet-api/types';
import type { SimVehicle } from './vehicle';

/** Fields of drive_state only present with `location_data` and the `vehicle_location` scope. */
export const LOCATION_FIELDS = [
  'latitude',
  'longitude',
  'heading',
  'gps_as_of',
  'native_latitude',
  'native_longitude',
  'native_location_supported',
  'native_type',
  'corrected_latitude',
  'corrected_longitude',
  'active_route_latitude',
  'active_route_longitude',
];

/** What `vehicle_data` returns without an `endpoints` parameter. */
export const DEFAULT_ENDPOINTS = ['charge_state', 'climate_state', 'closures_state', 'drive_state', 'gui_settings', 'vehicle_config', 'vehicle_state'];

const CLOSURE_FIELDS = [
  'df',
  'dr',
  'pf',
  'pr',
  'ft',
  'rt',
  'fd_window',
  'fp_window',
  'rd_window',
  'rp_window',
  'sun_roof_percent_open',
  'locked',
  'is_user_present',
];

/** The vehicle object of `GET /api/1/vehicles` and `GET /api/1/vehicles/{tag}`: never wakes, just reports. */
export function vehicleSummary(v: SimVehicle, userId: number): Record<string, unknown> {
  return {
    id: v.id,
    user_id: userId,
    vehicle_id: v.vehicleId,
    vin: v.vin,
    color: null,
    access_type: 'OWNER',
    display_name: v.displayName,
    option_codes: null,
    granular_access: { hide_private: false },
    tokens: [],
    state: v.status,
    in_service: v.inService,
    id_s: String(v.id),
    calendar_enabled: true,
    api_version: 73,
    backseat_token: null,
    backseat_token_updated_at: null,
    ble_autopair_enrolled: false,
  };
}

/** `vehicle_data` body for the requested endpoints. Location appears only when `withLocation`. */
export function vehicleData(v: SimVehicle, userId: number, endpoints: string[], withLocation: boolean, nowMs: number): Record<string, unknown> {
  const want = new Set(endpoints.includes('vehicle_data_combo') ? DEFAULT_ENDPOINTS : endpoints);
  if (want.has('location_data')) want.add('drive_state');
  const out = vehicleSummary(v, userId);
  const ts = { timestamp: nowMs };
  if (want.has('charge_state')) out.charge_state = { ...structuredClone(v.state.charge_state), ...ts };
  if (want.has('climate_state')) out.climate_state = { ...structuredClone(v.state.climate_state), ...ts };
  if (want.has('drive_state')) {
    const drive: Record<string, unknown> = { ...structuredClone(v.state.drive_state), ...ts };
    if (!withLocation) for (const f of LOCATION_FIELDS) delete drive[f];
    out.drive_state = drive;
  }
  if (want.has('vehicle_state')) out.vehicle_state = { ...structuredClone(v.state.vehicle_state), ...ts };
  if (want.has('closures_state')) {
    const closures: Record<string, unknown> = {};
    for (const f of CLOSURE_FIELDS) closures[f] = v.state.vehicle_state[f] ?? null;
    out.closures_state = { ...closures, ...ts };
  }
  if (want.has('gui_settings')) out.gui_settings = { ...structuredClone(v.state.gui_settings), ...ts };
  if (want.has('vehicle_config')) out.vehicle_config = { ...structuredClone(v.state.vehicle_config), ...ts };
  if (want.has('charge_schedule_data')) {
    out.charge_schedule_data = { charge_schedules: [], charge_buffer: 0, max_num_charge_schedules: 10, next_schedule: false };
  }
  if (want.has('preconditioning_schedule_data')) {
    out.preconditioning_schedule_data = { precondition_schedules: [], max_num_precondition_schedules: 10, next_schedule: false };
  }
  return out;
}

/** Parses `endpoints` (`;`-separated, commas tolerated); returns unknown names separately. */
export function parseEndpoints(param: string | null): { endpoints: string[]; unknown: string[] } {
  if (param === null || !param.trim()) return { endpoints: [...DEFAULT_ENDPOINTS], unknown: [] };
  const names = [
    ...new Set(
      param
        .split(/[;,]/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  return { endpoints: names.filter(isVehicleDataEndpoint), unknown: names.filter((n) => !isVehicleDataEndpoint(n)) };
}
