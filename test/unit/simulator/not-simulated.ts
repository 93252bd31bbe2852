/**
 * Endpoints of the table (core/fleet-api/endpoints) the simulator does not serve, each with the reason. The routing
 * test (endpoint-routing.test.ts) fails when a listed endpoint becomes routed: then remove its line here.
 */
const SHARING = 'driver sharing (invites) is not simulated';
const ACCOUNT_EXTRAS = 'subscription, upgrade and warranty data of the account is not simulated';
const PUSH = 'push-notification device subscriptions are for the Tesla app, not simulated';
const ENTERPRISE = 'enterprise (business fleet) roles are not simulated';
const REST_ONLY = 'a REST-only command the simulated cars do not implement (the command catalogue does not send it)';

export const NOT_SIMULATED: Readonly<Record<string, string>> = {
  'vehicle.fleet_telemetry_config_create':
    'Tesla wants the config signed: the simulator serves fleet_telemetry_config_jws, what Fleetkit and tesla-http-proxy send',
  'vehicle.share_invites': SHARING,
  'vehicle.share_invites_create': SHARING,
  'vehicle.share_invites_redeem': SHARING,
  'vehicle.share_invites_revoke': SHARING,
  'vehicle.eligible_subscriptions': ACCOUNT_EXTRAS,
  'vehicle.eligible_upgrades': ACCOUNT_EXTRAS,
  'vehicle.warranty_details': ACCOUNT_EXTRAS,
  'vehicle.subscriptions': PUSH,
  'vehicle.subscriptions_set': PUSH,
  'vehicle.vehicle_subscriptions': PUSH,
  'vehicle.vehicle_subscriptions_set': PUSH,
  'vehicle.enterprise_payer': ENTERPRISE,
  'vehicle.enterprise_roles': ENTERPRISE,
  'command.remote_boombox': 'tesla-http-proxy does not implement it either (pkg/proxy/command.go: ErrCommandNotImplemented)',
  'command.take_drivenote': REST_ONLY,
  'command.upcoming_calendar_entries': REST_ONLY,
  'command.sun_roof_control': REST_ONLY,
  'command.navigation_gps_request': REST_ONLY,
  'command.navigation_sc_request': REST_ONLY,
  'command.navigation_waypoints_request': REST_ONLY,
  'command.remote_auto_steering_wheel_heat_climate_request': REST_ONLY,
  'command.remote_steering_wheel_heat_level_request': REST_ONLY,
  'command.batch_remove_charge_schedules': REST_ONLY,
  'command.batch_remove_precondition_schedules': REST_ONLY,
  'user.backup_key': 'not on Tesla’s endpoint pages; the simulated accounts have no backup key',
};
