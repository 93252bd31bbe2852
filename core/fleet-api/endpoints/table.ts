import { PARTNER_ENDPOINTS, USER_ENDPOINTS } from './account';
import { CHARGING_ENDPOINTS } from './charging';
import { COMMAND_ENDPOINTS } from './commands';
import { ENERGY_ENDPOINTS } from './energy';
import { fillPath } from './path';
import type { EndpointSpec } from './types';
import { VEHICLE_ENDPOINTS } from './vehicle';

/**
 * Every Fleet API endpoint Fleetkit knows, one row per method and path. The client's calls, the cost meter, the
 * simulator's routing check, the CLI (`fleetkit api`) and the request workbench all read it.
 */
export const ENDPOINTS: readonly EndpointSpec[] = [
  ...VEHICLE_ENDPOINTS,
  ...COMMAND_ENDPOINTS,
  ...USER_ENDPOINTS,
  ...PARTNER_ENDPOINTS,
  ...CHARGING_ENDPOINTS,
  ...ENERGY_ENDPOINTS,
];

const BY_ID = new Map(ENDPOINTS.map((e) => [e.id, e]));

/** The row of `id` (`vehicle.vehicle_data`, `command.door_lock`, `energy.backup`); throws for an unknown id (a programming error). */
export function endpoint(id: string): EndpointSpec {
  const found = BY_ID.get(id);
  if (!found) throw new Error(`no Fleet API endpoint ${id} in core/fleet-api/endpoints`);
  return found;
}

export function findEndpoint(id: string): EndpointSpec | undefined {
  return BY_ID.get(id);
}

/** The path of row `id` with its parameters filled in: `endpointPath('vehicle.wake_up', { vehicle_tag: vin })`. */
export function endpointPath(id: string, params: Readonly<Record<string, string | number>> = {}): string {
  return fillPath(endpoint(id), params);
}
