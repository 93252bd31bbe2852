import { strict as assert } from 'node:assert';
import { BILLING_CATEGORIES } from '../../../../core/billing/categories';
import { COMMAND_CATALOGUE } from '../../../../core/command-protocol/catalogue';
import {
  ENDPOINTS,
  ENDPOINT_GROUPS,
  endpoint,
  endpointsForPath,
  fillPath,
  findEndpoint,
  matchEndpoint,
  pathParamNames,
  type EndpointGroup,
} from '../../../../core/fleet-api/endpoints';

/**
 * The `case` names of tesla-http-proxy's command switch (teslamotors/vehicle-command pkg/proxy/command.go,
 * extractCommandAction), without `wake_up` (its own endpoint) and the nested values (front, rear, vent, close).
 */
const PROXY_COMMANDS =
  `actuate_trunk add_charge_schedule add_precondition_schedule adjust_volume auto_conditioning_start auto_conditioning_stop cancel_software_update
charge_max_range charge_port_door_close charge_port_door_open charge_standard charge_start charge_stop clear_pin_to_drive_admin close_tonneau
door_lock door_unlock erase_user_data flash_lights guest_mode honk_horn keep_accessory_power_mode media_next_fav media_next_track media_prev_fav
media_prev_track media_toggle_playback media_volume_down media_volume_up navigation_request open_tonneau parental_controls_activate
parental_controls_clear_pin_admin parental_controls_deactivate parental_controls_enable_setting parental_controls_set_speed_limit
remote_auto_seat_climate_request remote_boombox remote_seat_cooler_request remote_seat_heater_request remote_start_drive
remote_steering_wheel_heater_request remove_charge_schedule remove_precondition_schedule reset_pin_to_drive_pin reset_valet_pin
schedule_software_update set_bioweapon_mode set_cabin_overheat_protection set_charge_limit set_charging_amps set_climate_keeper_mode set_cop_temp
set_low_power_mode set_managed_charge_current_request set_managed_charger_location set_managed_scheduled_charging_time set_pin_to_drive
set_preconditioning_max set_scheduled_charging set_scheduled_departure set_sentry_mode set_temps set_valet_mode set_vehicle_name speed_limit_activate
speed_limit_clear_pin speed_limit_clear_pin_admin speed_limit_deactivate speed_limit_set_limit stop_tonneau trigger_homelink window_control`.split(/\s+/);

const count = (group: EndpointGroup, documented?: boolean): number =>
  ENDPOINTS.filter((e) => e.group === group && (documented === undefined || e.documented === documented)).length;

describe('the Fleet API endpoint table', () => {
  it('has 139 endpoints: 33 vehicle, 83 command, 5 user, 4 partner, 3 charging, 11 energy (124 of them on Tesla’s endpoint pages)', () => {
    assert.equal(ENDPOINTS.length, 139);
    assert.deepEqual(
      ENDPOINT_GROUPS.map((g) => [g, count(g)]),
      [
        ['vehicle', 33],
        ['command', 83],
        ['user', 5],
        ['partner', 4],
        ['charging', 3],
        ['energy', 11],
      ],
    );
    assert.equal(ENDPOINTS.filter((e) => e.documented).length, 124);
  });

  it('every row is complete: id, method, /api/1 path, tokens, scopes, billing, vehicle state, params, response, summary, doc link', () => {
    for (const e of ENDPOINTS) {
      const where = `${e.id} (${e.method} ${e.path})`;
      assert.match(e.id, /^[a-z]+\.[a-z0-9_]+$/, where);
      assert.equal(e.id, `${e.group}.${e.name}`, where);
      assert.ok(['GET', 'POST', 'DELETE'].includes(e.method), where);
      assert.match(e.path, /^\/api\/1\/[a-z0-9_/{}]+$/, where);
      assert.ok(e.tokens.length > 0 && e.tokens.every((t) => t === 'user' || t === 'partner'), where);
      if (!e.tokens.includes('partner') || e.tokens.includes('user')) assert.ok(e.scopes.length > 0, `${where} names its scopes`);
      assert.ok(e.billing === null || BILLING_CATEGORIES.includes(e.billing), where);
      assert.ok(['none', 'online', 'wakes'].includes(e.vehicleState), where);
      assert.ok(e.response.length > 0 && e.summary.length > 10, where);
      assert.match(e.docs, /^https:\/\/developer\.tesla\.com\/docs\/fleet-api\/endpoints\/[a-z-]+#[a-z0-9-]+$/, where);
      for (const p of e.params) assert.ok(p.name && p.description && p.type, `${where} param ${p.name}`);
      // Every {name} in the path is a declared path parameter, and every path parameter is in the path.
      assert.deepEqual(
        pathParamNames(e),
        e.params.filter((p) => p.in === 'path').map((p) => p.name),
        where,
      );
    }
  });

  it('has one row per method and path, and unique ids', () => {
    const keys = ENDPOINTS.map((e) => `${e.method} ${e.path}`);
    assert.equal(new Set(keys).size, keys.length, keys.filter((k, i) => keys.indexOf(k) !== i).join(', '));
    assert.equal(new Set(ENDPOINTS.map((e) => e.id)).size, ENDPOINTS.length);
  });

  it('has a command row for every command tesla-http-proxy knows and every catalogue command, signed where the catalogue signs', () => {
    const names = new Set(ENDPOINTS.filter((e) => e.group === 'command').map((e) => e.name));
    assert.equal(PROXY_COMMANDS.length, 73);
    for (const name of PROXY_COMMANDS) assert.ok(names.has(name), name);
    for (const c of COMMAND_CATALOGUE.filter((c) => c.name !== 'wake_up')) {
      const row = endpoint(`command.${c.name}`);
      assert.equal(row.path, `/api/1/vehicles/{vehicle_tag}/command/${c.name}`);
      assert.equal(row.signedCommand, c.signing === 'signed' ? c.name : undefined, c.name);
      assert.equal(row.billing, 'commands');
      assert.equal(row.vehicleState, 'online');
    }
    assert.deepEqual(endpoint('command.set_charge_limit').scopes, ['vehicle_cmds', 'vehicle_charging_cmds']);
    assert.deepEqual(endpoint('command.door_lock').scopes, ['vehicle_cmds']);
  });

  it('bills as Tesla prices: wake_up a wake, commands and energy writes commands, reads data', () => {
    assert.equal(endpoint('vehicle.wake_up').billing, 'wakes');
    assert.equal(endpoint('vehicle.wake_up').vehicleState, 'wakes');
    assert.equal(endpoint('vehicle.vehicle_data').vehicleState, 'online');
    assert.equal(endpoint('vehicle.list').vehicleState, 'none');
    for (const e of ENDPOINTS.filter((e) => e.group === 'energy')) assert.equal(e.billing, e.method === 'POST' ? 'commands' : 'data', e.id);
    assert.deepEqual(endpoint('energy.backup').scopes, ['energy_cmds']);
    assert.deepEqual(endpoint('energy.live_status').scopes, ['energy_device_data']);
    assert.equal(endpoint('charging.charging_invoice').binary, true);
    assert.deepEqual(endpoint('partner.register').tokens, ['partner']);
  });

  it('matches requests to rows, the most literal path first, with the path parameters', () => {
    assert.equal(matchEndpoint('POST', '/api/1/vehicles/fleet_status')?.endpoint.id, 'vehicle.fleet_status');
    assert.equal(matchEndpoint('GET', '/api/1/vehicles/5YJ3E1EA8KF000001')?.endpoint.id, 'vehicle.vehicle');
    const data = matchEndpoint('get', '/api/1/vehicles/5YJ3E1EA8KF000001/vehicle_data?endpoints=charge_state');
    assert.equal(data?.endpoint.id, 'vehicle.vehicle_data');
    assert.deepEqual(data?.params, { vehicle_tag: '5YJ3E1EA8KF000001' });
    assert.deepEqual(matchEndpoint('POST', '/api/1/energy_sites/42/backup')?.params, { energy_site_id: '42' });
    assert.equal(matchEndpoint('DELETE', '/api/1/vehicles/5YJ3E1EA8KF000001/fleet_telemetry_config')?.endpoint.id, 'vehicle.fleet_telemetry_config_delete');
    assert.equal(matchEndpoint('GET', '/api/1/vehicles/X/wake_up'), undefined, 'wrong method');
    assert.deepEqual(
      endpointsForPath('/api/1/vehicles/X/wake_up').map((m) => m.endpoint.method),
      ['POST'],
    );
    assert.equal(matchEndpoint('GET', '/api/1/nope'), undefined);
    assert.equal(findEndpoint('vehicle.nope'), undefined);
    assert.throws(() => endpoint('vehicle.nope'), /no Fleet API endpoint vehicle\.nope/);
  });

  it('fills path parameters, encoded, and names a missing one', () => {
    assert.equal(fillPath(endpoint('vehicle.vehicle_data'), { vehicle_tag: '5YJ3E1EA8KF000001' }), '/api/1/vehicles/5YJ3E1EA8KF000001/vehicle_data');
    assert.equal(fillPath(endpoint('vehicle.share_invites_revoke'), { vehicle_tag: 'a b', id: 7 }), '/api/1/vehicles/a%20b/invitations/7/revoke');
    assert.throws(() => fillPath(endpoint('energy.site_info'), {}), /GET \/api\/1\/energy_sites\/\{energy_site_id\}\/site_info needs \{energy_site_id\}/);
  });
});
