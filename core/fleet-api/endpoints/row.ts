import type { EndpointGroup, EndpointParam, EndpointParamType, EndpointSpec } from './types';

const PAGES: Record<EndpointGroup, string> = {
  vehicle: 'vehicle-endpoints',
  command: 'vehicle-commands',
  user: 'user-endpoints',
  partner: 'partner-endpoints',
  charging: 'charging-endpoints',
  energy: 'energy',
};

/** Tesla's page for an endpoint: its group's page, anchored at the name (`vehicle_data` → `#vehicle-data`). */
export function docsUrl(group: EndpointGroup, name: string): string {
  return `https://developer.tesla.com/docs/fleet-api/endpoints/${PAGES[group]}#${name.replace(/_/g, '-')}`;
}

type RowInput = Omit<EndpointSpec, 'id' | 'docs' | 'documented' | 'group'> & { docs?: string; documented?: boolean };

/** One row of a group's table: the id and doc link follow from the group and name. */
export function rowsOf(group: EndpointGroup, rows: readonly RowInput[]): EndpointSpec[] {
  return rows.map((r) => ({ ...r, group, id: `${group}.${r.name}`, docs: r.docs ?? docsUrl(group, r.name), documented: r.documented ?? true }));
}

const param =
  (where: EndpointParam['in']) =>
  (name: string, type: EndpointParamType, description: string, extra: Partial<EndpointParam> = {}): EndpointParam => ({
    name,
    in: where,
    type,
    required: where === 'path',
    description,
    ...extra,
  });

export const pathParam = param('path');
export const query = param('query');
export const body = param('body');

export const VEHICLE_TAG = pathParam('vehicle_tag', 'string', 'The vehicle: its VIN (or numeric id; tesla-http-proxy needs the VIN)');
export const ENERGY_SITE_ID = pathParam('energy_site_id', 'integer', 'The energy site id (`energy_site_id` in /api/1/products)');
export const VIN_QUERY = query('vin', 'string', 'The vehicle identification number', { required: true });
