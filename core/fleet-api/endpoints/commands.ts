import { COMMAND_CATALOGUE } from '../../command-protocol/catalogue/catalogue';
import type { CommandGroup, ParamSpec } from '../../command-protocol/catalogue/types';
import { body, rowsOf, VEHICLE_TAG } from './row';
import type { EndpointParam, EndpointParamType, Scope } from './types';

/**
 * Commands tesla-http-proxy knows (pkg/proxy/command.go) that Tesla's vehicle-commands page does not list: Fleetkit
 * has them from the proxy.
 */
const PROXY_ONLY = new Set([
  'open_tonneau',
  'close_tonneau',
  'stop_tonneau',
  'set_low_power_mode',
  'keep_accessory_power_mode',
  'parental_controls_activate',
  'parental_controls_deactivate',
  'parental_controls_enable_setting',
  'parental_controls_set_speed_limit',
  'parental_controls_clear_pin_admin',
  'set_managed_charge_current_request',
  'set_managed_charger_location',
  'set_managed_scheduled_charging_time',
]);

/** Charging commands also take the narrower vehicle_charging_cmds scope (reference §2.2 †). */
function scopesFor(group: CommandGroup): Scope[] {
  return group === 'Charging' ? ['vehicle_cmds', 'vehicle_charging_cmds'] : ['vehicle_cmds'];
}

function paramType(p: ParamSpec): EndpointParamType {
  return p.type === 'enum' ? (p.values?.every((v) => typeof v === 'number') ? 'integer' : 'string') : p.type;
}

function fromCatalogue(p: ParamSpec): EndpointParam {
  return body(p.name, paramType(p), p.description, {
    required: !p.optional && !p.requiredWhen && !p.onlyWhen,
    ...(p.values ? { values: p.values.map(String) } : {}),
  });
}

const RESULT = '{ result: boolean, reason: string }';

/** Commands on Tesla's vehicle-commands page that Fleetkit's catalogue does not send (yet): REST only, from the 2024-07 docs tables. */
const DOCUMENTED_ELSEWHERE: Array<{ name: string; summary: string; group: CommandGroup; params: EndpointParam[] }> = [
  {
    name: 'remote_boombox',
    summary: 'Plays a sound through the external speaker.',
    group: 'Media',
    params: [body('sound', 'integer', '0 (random fart) or 2000 (locate ping)', { required: true, values: ['0', '2000'] })],
  },
  { name: 'take_drivenote', summary: 'Records a drive note.', group: 'Controls', params: [body('note', 'string', 'The note', { required: true })] },
  {
    name: 'upcoming_calendar_entries',
    summary: 'Sends upcoming calendar entries to the car.',
    group: 'Controls',
    params: [body('calendar_data', 'string', 'Calendar data', { required: true })],
  },
  {
    name: 'sun_roof_control',
    summary: 'Controls the panoramic sunroof.',
    group: 'Controls',
    params: [body('state', 'string', 'stop, close or vent', { required: true, values: ['stop', 'close', 'vent'] })],
  },
  {
    name: 'navigation_gps_request',
    summary: 'Starts navigation to coordinates.',
    group: 'Navigation',
    params: [body('lat', 'number', 'Latitude', { required: true }), body('lon', 'number', 'Longitude', { required: true }), body('order', 'integer', 'Order')],
  },
  {
    name: 'navigation_sc_request',
    summary: 'Starts navigation to a Supercharger.',
    group: 'Navigation',
    params: [body('id', 'integer', 'Supercharger id', { required: true }), body('order', 'integer', 'Order')],
  },
  {
    name: 'navigation_waypoints_request',
    summary: 'Sends a route with waypoints.',
    group: 'Navigation',
    params: [body('waypoints', 'string', 'Comma-separated refId:<place id> list', { required: true })],
  },
  {
    name: 'remote_auto_steering_wheel_heat_climate_request',
    summary: 'Sets automatic steering wheel heating.',
    group: 'Climate',
    params: [body('on', 'boolean', 'On or off', { required: true })],
  },
  {
    name: 'remote_steering_wheel_heat_level_request',
    summary: 'Sets the steering wheel heat level.',
    group: 'Climate',
    params: [body('level', 'integer', '0 (off), 1 (low), 3 (high)', { required: true })],
  },
  {
    name: 'batch_remove_charge_schedules',
    summary: 'Removes charge schedules by location.',
    group: 'Charging',
    params: [body('home', 'boolean', 'At home'), body('work', 'boolean', 'At work'), body('other', 'boolean', 'Elsewhere')],
  },
  {
    name: 'batch_remove_precondition_schedules',
    summary: 'Removes precondition schedules by location.',
    group: 'Climate',
    params: [body('home', 'boolean', 'At home'), body('work', 'boolean', 'At work'), body('other', 'boolean', 'Elsewhere')],
  },
];

const path = (name: string): string => `/api/1/vehicles/{vehicle_tag}/command/${name}`;

/**
 * Every vehicle command as its REST endpoint (`POST /api/1/vehicles/{vehicle_tag}/command/<name>`): the command
 * catalogue's (core/command-protocol/catalogue; `wake_up` has its own path and is a vehicle endpoint) and the
 * documented ones Fleetkit does not sign. On a car that requires the Vehicle Command Protocol, the plain REST call is
 * refused: Fleetkit sends `signedCommand` ones through signed_command instead.
 */
export const COMMAND_ENDPOINTS = rowsOf('command', [
  ...COMMAND_CATALOGUE.filter((c) => c.name !== 'wake_up').map((c) => ({
    name: c.name,
    method: 'POST' as const,
    path: path(c.name),
    tokens: ['user', 'partner'] as const,
    scopes: scopesFor(c.group),
    billing: 'commands' as const,
    vehicleState: 'online' as const,
    params: [VEHICLE_TAG, ...c.params.map(fromCatalogue)],
    response: RESULT,
    summary: `${c.title}: ${c.description}`,
    documented: !PROXY_ONLY.has(c.name),
    ...(c.signing === 'signed' ? { signedCommand: c.name } : {}),
  })),
  ...DOCUMENTED_ELSEWHERE.map((c) => ({
    name: c.name,
    method: 'POST' as const,
    path: path(c.name),
    tokens: ['user', 'partner'] as const,
    scopes: scopesFor(c.group),
    billing: 'commands' as const,
    vehicleState: 'online' as const,
    params: [VEHICLE_TAG, ...c.params],
    response: RESULT,
    summary: `${c.summary} Plain REST: cars that require the Vehicle Command Protocol refuse it.`,
  })),
]);
