import type { RequestContext } from '../http/router';
import type { Surface } from '../surface';
import type { AccountConfig } from '../world/types';
import { modelInfo } from '../vehicles/state';

const USER_OR_VEHICLE_SCOPES = ['user_data', 'vehicle_device_data', 'vehicle_cmds', 'vehicle_charging_cmds', 'energy_device_data', 'energy_cmds'];

function accountOf(ctx: RequestContext): AccountConfig {
  // Routes below require a user token, so the pipeline has set ctx.auth.account.
  return ctx.auth!.account!;
}

/** /api/1/users/*: me, region (answered in any region), orders, feature_config. */
export const usersSurface: Surface = {
  name: 'users',
  register(api) {
    api.router.add({
      method: 'GET',
      path: '/api/1/users/me',
      auth: { anyScope: ['user_data'] },
      billing: 'data',
      handler: (ctx) => {
        const a = accountOf(ctx);
        return {
          json: {
            response: {
              email: a.email,
              full_name: a.fullName,
              profile_image_url: `${api.world.urls.auth}/static/profile/${encodeURIComponent(a.id)}.png`,
              vault_uuid: a.vaultUuid ?? a.id,
            },
          },
        };
      },
    });
    api.router.add({
      method: 'GET',
      path: '/api/1/users/region',
      auth: { anyScope: USER_OR_VEHICLE_SCOPES, regionCheck: false },
      billing: 'data',
      handler: (ctx) => {
        const region = accountOf(ctx).region;
        return { json: { response: { region: region.toLowerCase(), fleet_api_base_url: api.world.fleetUrl(region) } } };
      },
    });
    api.router.add({
      method: 'GET',
      path: '/api/1/users/orders',
      auth: { anyScope: ['vehicle_device_data'] },
      billing: 'data',
      handler: (ctx) => {
        const a = accountOf(ctx);
        const orders = api.world.vehiclesOf(a.id).map((v, i) => ({
          vehicleMapId: v.vehicleId,
          referenceNumber: `RN${String(100000000 + i + 1)}`,
          vin: v.vin,
          orderStatus: 'DELIVERED',
          orderSubstatus: '_Z',
          modelCode: modelInfo(v.model).carType.replace('model', 'm'),
          countryCode: a.region === 'EU' ? 'DE' : 'US',
          locale: a.region === 'EU' ? 'de_DE' : 'en_US',
          mktOptions: v.optionCodes.map((c) => c.replace(/^\$/, '')).join(','),
          isB2b: false,
        }));
        return { json: { response: orders, count: orders.length } };
      },
    });
    api.router.add({
      method: 'GET',
      path: '/api/1/users/feature_config',
      auth: { anyScope: ['user_data'] },
      billing: 'data',
      handler: () => ({ json: { response: { signaling: { enabled: true, subscribe_connectivity: false, use_auth_token: false } } } }),
    });
  },
};
