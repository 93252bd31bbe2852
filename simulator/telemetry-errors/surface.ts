import type { Surface } from '../surface';
import { vehicleFor } from '../vehicles/lookup';
import { errorJson, telemetryErrorsOf } from './store';

/**
 * Where Tesla lets a developer see why cars do not stream: the errors the simulated cars record (simulator/telemetry:
 * server unreachable, TLS refused, config signed by an unknown key), per app.
 *
 * - `GET /api/1/partner_accounts/fleet_telemetry_errors` (partner token): the app's errors on every vehicle of the
 *   host's region, newest first.
 * - `GET /api/1/partner_accounts/fleet_telemetry_error_vins` (partner token): the VINs among them.
 * - `GET /api/1/vehicles/{vin}/fleet_telemetry_errors` (user token, vehicle_device_data): one vehicle's, for the
 *   token's app; billed as a data call.
 */
export const telemetryErrorsSurface: Surface = {
  name: 'telemetry-errors',
  register(api) {
    const { router, world } = api;
    const errors = telemetryErrorsOf(world);
    const inRegion = (region: string | undefined) => (vin: string) => {
      const v = world.vehicleByVin(vin);
      return Boolean(v && world.account(v.ownerId)?.region === region);
    };

    router.add({
      method: 'GET',
      path: '/api/1/partner_accounts/fleet_telemetry_errors',
      auth: { tokens: 'partner' },
      handler: (ctx) => ({
        json: { response: { fleet_telemetry_errors: errors.forClient(ctx.auth!.clientId, inRegion(ctx.host.region)).map(errorJson) } },
      }),
    });
    router.add({
      method: 'GET',
      path: '/api/1/partner_accounts/fleet_telemetry_error_vins',
      auth: { tokens: 'partner' },
      handler: (ctx) => ({
        json: { response: { fleet_telemetry_error_vins: [...new Set(errors.forClient(ctx.auth!.clientId, inRegion(ctx.host.region)).map((e) => e.vin))] } },
      }),
    });
    router.add({
      method: 'GET',
      path: '/api/1/vehicles/:tag/fleet_telemetry_errors',
      auth: { anyScope: ['vehicle_device_data'] },
      billing: 'data',
      handler: (ctx) => {
        const v = vehicleFor(api, ctx);
        return { json: { response: { fleet_telemetry_errors: errors.of(v.vin, ctx.auth!.clientId).map(errorJson) } } };
      },
    });
  },
};
