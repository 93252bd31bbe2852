/**
 * Tesla's pay-per-use categories (developer.tesla.com pricing): every Fleet API request is one of
 * data, commands or wakes; Fleet Telemetry is billed per streamed signal. Authentication, `/status`
 * and anything outside `/api/1` are not billed.
 */
export type BillingCategory = 'data' | 'commands' | 'wakes' | 'streaming';

export const BILLING_CATEGORIES: readonly BillingCategory[] = ['data', 'commands', 'wakes', 'streaming'];

import { matchEndpoint } from '../fleet-api/endpoints/match';

const ENERGY_COMMANDS = new Set(['backup', 'operation', 'storm_mode', 'grid_import_export', 'off_grid_vehicle_charging_reserve', 'time_of_use_settings']);

/**
 * The category a request is billed in, or undefined if Tesla does not bill it: the endpoint table's category
 * (core/fleet-api/endpoints), and for a path the table does not know, the shape of the path.
 */
export function classifyRequest(method: string, pathWithQuery: string): BillingCategory | undefined {
  if (!pathWithQuery.startsWith('/api/1/')) return undefined;
  const known = matchEndpoint(method, pathWithQuery);
  if (known) return known.endpoint.billing ?? undefined;
  const path = pathWithQuery.split('?')[0].replace(/\/+$/, '');
  const m = method.toUpperCase();
  if (!path.startsWith('/api/1/')) return undefined;
  const parts = path.split('/').slice(3); // after '', 'api', '1'
  if (parts[0] === 'vehicles' && parts.length >= 3) {
    const action = parts[2];
    if (action === 'wake_up' && m === 'POST') return 'wakes';
    if (action === 'command' || action === 'signed_command') return 'commands';
  }
  if (parts[0] === 'vehicles' && parts[1]?.startsWith('fleet_telemetry_config') && m !== 'GET') return 'commands';
  if (parts[0] === 'energy_sites' && parts.length >= 3 && m === 'POST' && ENERGY_COMMANDS.has(parts[2])) return 'commands';
  return 'data';
}

/** Tesla bills every answer below 500 (so 4xx such as 408 and 429 cost money); 5xx and transport failures are free. */
export function isBillableStatus(status: number): boolean {
  return status > 0 && status < 500;
}

/**
 * A stable, tag-free label for an endpoint, for cost breakdowns:
 * `GET /api/1/vehicles/5YJ…/vehicle_data?endpoints=…` → `GET /vehicles/{tag}/vehicle_data`.
 */
export function endpointLabel(method: string, pathWithQuery: string): string {
  const known = matchEndpoint(method, pathWithQuery);
  if (known) {
    const template = known.endpoint.path
      .replace(/^\/api\/1/, '')
      .replace('{vehicle_tag}', '{tag}')
      .replace('{energy_site_id}', '{id}');
    return `${known.endpoint.method} ${template}`;
  }
  const path = pathWithQuery.split('?')[0].replace(/^\/api\/1/, '');
  const parts = path.split('/');
  if (parts[1] === 'vehicles' && parts[2] && !/^fleet_(status|telemetry_config(_jws)?)$/.test(parts[2])) parts[2] = '{tag}';
  if (parts[1] === 'energy_sites' && parts[2]) parts[2] = '{id}';
  if (parts[1] === 'vehicles' && parts[3] === 'invitations' && parts[4]) parts[4] = '{id}';
  if (parts[1] === 'dx' && parts[2] === 'charging' && parts[3] === 'invoice' && parts[4]) parts[4] = '{id}';
  return `${method.toUpperCase()} ${parts.join('/') || '/'}`;
}
