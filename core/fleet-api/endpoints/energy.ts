import { body, ENERGY_SITE_ID, query, rowsOf } from './row';
import type { Scope } from './types';

const E = '/api/1/energy_sites/{energy_site_id}';
const READ: Scope[] = ['energy_device_data'];
const WRITE: Scope[] = ['energy_cmds'];
const CODE = '{ code: number, message: string }';
const TIME_WINDOW = [
  query('start_date', 'string', 'From this time (RFC 3339, with its offset)'),
  query('end_date', 'string', 'Until this time (RFC 3339, with its offset)'),
  query('time_zone', 'string', 'IANA time zone of the site, e.g. America/Los_Angeles'),
];

/** Energy endpoints (…/endpoints/energy; reference §2.3): Powerwall, solar and Wall Connector sites. */
export const ENERGY_ENDPOINTS = rowsOf('energy', [
  {
    name: 'products',
    method: 'GET',
    path: '/api/1/products',
    tokens: ['user'],
    scopes: ['vehicle_device_data', 'energy_device_data', 'user_data'],
    billing: 'data',
    vehicleState: 'none',
    params: [],
    response:
      '[ vehicle summary | { energy_site_id, resource_type: "battery" | "solar", site_name, id, gateway_id, energy_left, total_pack_energy, percentage_charged, battery_power, components: { battery, solar, grid, wall_connectors, … } } ], count',
    summary: "The account's products: vehicles and energy sites. Empty with the wrong token type.",
  },
  {
    name: 'live_status',
    method: 'GET',
    path: `${E}/live_status`,
    tokens: ['user'],
    scopes: READ,
    billing: 'data',
    vehicleState: 'none',
    params: [ENERGY_SITE_ID],
    response:
      '{ solar_power, battery_power, load_power, grid_power (W; battery < 0 charging, grid < 0 exporting), percentage_charged, energy_left, total_pack_energy (Wh), grid_status: "Active" | "Inactive", island_status, storm_mode_active, backup_capable, timestamp, wall_connectors }',
    summary: "The site's power flow now: solar, battery, house and grid in watts, and the battery's charge.",
  },
  {
    name: 'site_info',
    method: 'GET',
    path: `${E}/site_info`,
    tokens: ['user'],
    scopes: READ,
    billing: 'data',
    vehicleState: 'none',
    params: [ENERGY_SITE_ID],
    response:
      '{ id, site_name, backup_reserve_percent, default_real_mode: "self_consumption" | "autonomous" | "backup", installation_date, user_settings: { storm_mode_enabled, … }, components: { solar, battery, grid, wall_connectors, customer_preferred_export_rule, disallow_charge_from_grid_with_solar_installed, … }, version, battery_count, nameplate_power, nameplate_energy, installation_time_zone, off_grid_vehicle_charging_reserve_percent, tou_settings }',
    summary: "The site's configuration and settings (backup reserve, operation mode, storm mode, export rule).",
  },
  {
    name: 'calendar_history',
    method: 'GET',
    path: `${E}/calendar_history`,
    tokens: ['user'],
    scopes: READ,
    billing: 'data',
    vehicleState: 'none',
    params: [
      ENERGY_SITE_ID,
      query('kind', 'string', 'energy (backup_history on the page is kind=backup, energy_history kind=energy)', {
        required: true,
        values: ['energy', 'backup'],
      }),
      query('period', 'string', 'Aggregation period (energy)', { values: ['day', 'week', 'month', 'year', 'lifetime'] }),
      ...TIME_WINDOW,
    ],
    response:
      'kind=energy: { period, time_series: [ { timestamp, solar_energy_exported, grid_energy_imported, battery_energy_exported, consumer_energy_imported_from_grid, … (Wh) } ] }; kind=backup: { events: [ { timestamp, duration (ms) } ], total_events }',
    summary: "The site's energy per period, or its backup events (outages).",
  },
  {
    name: 'telemetry_history',
    method: 'GET',
    path: `${E}/telemetry_history`,
    tokens: ['user'],
    scopes: READ,
    billing: 'data',
    vehicleState: 'none',
    params: [ENERGY_SITE_ID, query('kind', 'string', 'charge (charge_history on the page)', { required: true, values: ['charge'] }), ...TIME_WINDOW],
    response: '{ charge_history: [ { charge_start_time: { seconds }, charge_duration: { seconds }, energy_added_wh } ] }',
    summary: "The site's Wall Connector charging history.",
  },
  {
    name: 'backup',
    method: 'POST',
    path: `${E}/backup`,
    tokens: ['user'],
    scopes: WRITE,
    billing: 'commands',
    vehicleState: 'none',
    params: [ENERGY_SITE_ID, body('backup_reserve_percent', 'integer', 'Battery share kept for outages, 0–100 %', { required: true })],
    response: CODE,
    summary: 'Sets the backup reserve: the battery share kept for an outage.',
  },
  {
    name: 'operation',
    method: 'POST',
    path: `${E}/operation`,
    tokens: ['user'],
    scopes: WRITE,
    billing: 'commands',
    vehicleState: 'none',
    params: [
      ENERGY_SITE_ID,
      body('default_real_mode', 'string', 'self_consumption (self-powered), autonomous (time-based control) or backup', {
        required: true,
        values: ['self_consumption', 'autonomous', 'backup'],
      }),
    ],
    response: CODE,
    summary: "Sets the site's operation mode.",
  },
  {
    name: 'storm_mode',
    method: 'POST',
    path: `${E}/storm_mode`,
    tokens: ['user'],
    scopes: WRITE,
    billing: 'commands',
    vehicleState: 'none',
    params: [ENERGY_SITE_ID, body('enabled', 'boolean', 'Storm Watch on or off', { required: true })],
    response: CODE,
    summary: 'Turns Storm Watch on or off (charge to full before severe weather).',
  },
  {
    name: 'grid_import_export',
    method: 'POST',
    path: `${E}/grid_import_export`,
    tokens: ['user'],
    scopes: WRITE,
    billing: 'commands',
    vehicleState: 'none',
    params: [
      ENERGY_SITE_ID,
      body('disallow_charge_from_grid_with_solar_installed', 'boolean', 'Never charge the battery from the grid'),
      body('customer_preferred_export_rule', 'string', 'What may be exported', { values: ['battery_ok', 'pv_only', 'never'] }),
    ],
    response: CODE,
    summary: 'Sets grid charging and the export rule.',
  },
  {
    name: 'off_grid_vehicle_charging_reserve',
    method: 'POST',
    path: `${E}/off_grid_vehicle_charging_reserve`,
    tokens: ['user'],
    scopes: WRITE,
    billing: 'commands',
    vehicleState: 'none',
    params: [
      ENERGY_SITE_ID,
      body('off_grid_vehicle_charging_reserve_percent', 'integer', 'Battery share kept when charging a car off grid, 0–100 %', { required: true }),
    ],
    response: CODE,
    summary: 'Sets the battery share kept when a car charges during an outage.',
  },
  {
    name: 'time_of_use_settings',
    method: 'POST',
    path: `${E}/time_of_use_settings`,
    tokens: ['user'],
    scopes: WRITE,
    billing: 'commands',
    vehicleState: 'none',
    params: [ENERGY_SITE_ID, body('tou_settings', 'object', '{ tariff_content_v2: { … } }: the utility tariff', { required: true })],
    response: CODE,
    summary: "Sets the site's time-of-use tariff.",
  },
]);
