import { createHash } from 'node:crypto';
import { productEntry } from '../energy/json';
import { SimHttpError } from '../http/errors';
import type { RequestContext } from '../http/router';
import type { Surface } from '../surface';
import { nearbySites } from './charging-sites';
import { VEHICLE_DATA_ENDPOINTS } from '../../core/fleet-api/types';
import { parseEndpoints, vehicleData, vehicleSummary } from './json';
import { requireOnline, vehicleFor } from './lookup';
import { modelInfo } from './state';

const DATA = ['vehicle_device_data'];

export function numericUserId(accountId: string): number {
  const h = createHash('sha256').update(`user:${accountId}`).digest();
  return (h.readUInt32BE(0) % 2 ** 20) * 2 ** 32 + h.readUInt32BE(4);
}

function intParam(ctx: RequestContext, name: string, def: number | undefined, min: number, max: number): number | undefined {
  const raw = ctx.query.get(name);
  if (raw === null || raw === '') return def;
  if (!/^\d+$/.test(raw)) throw new SimHttpError(400, 'invalid_field', `${name} must be a whole number`);
  const n = Number(raw);
  if (n < min || n > max) throw new SimHttpError(400, 'invalid_field', `${name} must be between ${min} and ${max}`);
  return n;
}

/** The vehicle endpoints of the Fleet API (issue 5): list, vehicle, vehicle_data, wake_up, fleet_status, … */
export const vehiclesSurface: Surface = {
  name: 'vehicles',
  register(api) {
    const { router, world } = api;
    const uid = (ctx: RequestContext): number => numericUserId(ctx.auth!.account!.id);

    router.add({
      method: 'GET',
      path: '/api/1/vehicles',
      auth: { anyScope: DATA },
      billing: 'data',
      handler: (ctx) => {
        const page = intParam(ctx, 'page', 1, 1, 1_000_000)!;
        const perPage = intParam(ctx, 'per_page', 100, 1, 100)!;
        const all = world.vehiclesOf(ctx.auth!.account!.id);
        const pages = Math.max(1, Math.ceil(all.length / perPage));
        const slice = all.slice((page - 1) * perPage, page * perPage);
        return {
          json: {
            response: slice.map((v) => vehicleSummary(v, uid(ctx))),
            pagination: {
              previous: page > 1 ? page - 1 : null,
              next: page < pages ? page + 1 : null,
              current: page,
              per_page: perPage,
              count: all.length,
              pages,
            },
            count: all.length,
          },
        };
      },
    });

    router.add({
      method: 'GET',
      path: '/api/1/products',
      auth: { tokens: 'any', anyScope: ['vehicle_device_data', 'energy_device_data', 'user_data'] },
      billing: 'data',
      handler: (ctx) => {
        // Tesla answers an empty list to partner tokens (a common confusion, see the FAQ). Energy sites follow the vehicles.
        const account = ctx.auth!.kind === 'user' ? ctx.auth!.account!.id : undefined;
        const products = account
          ? [...world.vehiclesOf(account).map((v) => vehicleSummary(v, uid(ctx))), ...world.energySitesOf(account).map((s) => productEntry(s))]
          : [];
        return { json: { response: products, count: products.length } };
      },
    });

    router.add({
      method: 'POST',
      path: '/api/1/vehicles/fleet_status',
      auth: { anyScope: DATA },
      billing: 'data',
      handler: async (ctx) => {
        const body = await ctx.json();
        if (!Array.isArray(body.vins) || body.vins.length === 0 || body.vins.some((x) => typeof x !== 'string')) {
          throw new SimHttpError(400, 'invalid_field', 'vins must be a non-empty array of VIN strings');
        }
        if (body.vins.length > 100) throw new SimHttpError(400, 'invalid_field', 'at most 100 vins per call');
        const paired: string[] = [];
        const unpaired: string[] = [];
        const info: Record<string, unknown> = {};
        for (const vin of new Set(body.vins as string[])) {
          const v = world.vehicleByTag(vin, ctx.auth!.account!.id);
          if (!v || v.vin !== vin) {
            unpaired.push(vin);
            continue;
          }
          (v.keyPaired ? paired : unpaired).push(vin);
          info[vin] = {
            firmware_version: v.firmware,
            vehicle_command_protocol_required: v.commandProtocolRequired,
            discounted_device_data: false,
            fleet_telemetry_version: v.fleetTelemetryVersion ?? '',
            total_number_of_keys: v.totalNumberOfKeys,
            safety_screen_streaming_toggle_enabled: null,
          };
        }
        return { json: { response: { key_paired_vins: paired, unpaired_vins: unpaired, vehicle_info: info } } };
      },
    });

    router.add({
      method: 'GET',
      path: '/api/1/vehicles/:tag',
      auth: { anyScope: DATA },
      billing: 'data',
      handler: (ctx) => ({ json: { response: vehicleSummary(vehicleFor(api, ctx), uid(ctx)) } }),
    });

    router.add({
      method: 'GET',
      path: '/api/1/vehicles/:tag/vehicle_data',
      auth: { anyScope: DATA },
      billing: 'data',
      handler: (ctx) => {
        const v = vehicleFor(api, ctx);
        const { endpoints, unknown } = parseEndpoints(ctx.query.get('endpoints'));
        if (unknown.length) {
          throw new SimHttpError(400, 'invalid_field', `unknown endpoints: ${unknown.join(';')} (known: ${VEHICLE_DATA_ENDPOINTS.join(';')})`);
        }
        requireOnline(v);
        const withLocation = endpoints.includes('location_data') && ctx.auth!.scopes.has('vehicle_location');
        return { json: { response: vehicleData(v, uid(ctx), endpoints, withLocation, world.clock.now()) } };
      },
    });

    router.add({
      method: 'POST',
      path: '/api/1/vehicles/:tag/wake_up',
      auth: { anyScope: DATA },
      billing: 'wakes',
      handler: (ctx) => {
        const v = vehicleFor(api, ctx);
        v.requestWake();
        return { json: { response: vehicleSummary(v, uid(ctx)) } };
      },
    });

    router.add({
      method: 'GET',
      path: '/api/1/vehicles/:tag/nearby_charging_sites',
      auth: { anyScope: DATA },
      billing: 'data',
      handler: (ctx) => {
        const v = vehicleFor(api, ctx);
        const count = intParam(ctx, 'count', undefined, 1, 50);
        const radius = intParam(ctx, 'radius', undefined, 1, 1000);
        const detail = ctx.query.get('detail') === 'true';
        requireOnline(v);
        const d = v.state.drive_state;
        return {
          json: {
            response: nearbySites(
              d.latitude,
              d.longitude,
              { ...(count ? { count } : {}), ...(radius ? { radiusMiles: radius } : {}), detail },
              world.clock.now(),
            ),
          },
        };
      },
    });

    router.add({
      method: 'GET',
      path: '/api/1/dx/vehicles/options',
      auth: { anyScope: DATA },
      billing: 'data',
      handler: (ctx) => {
        const vin = ctx.query.get('vin');
        if (!vin) throw new SimHttpError(400, 'invalid_field', 'vin is required');
        const v = world.vehicleByTag(vin, ctx.auth!.account!.id);
        if (!v || v.vin !== vin) throw new SimHttpError(404, 'not_found', `vehicle ${vin} not found for this account`);
        api.limitVehicle(ctx, v, 'data');
        const names: Record<string, string> = {
          MDLS: 'Model S',
          MDL3: 'Model 3',
          MDLX: 'Model X',
          MDLY: 'Model Y',
          MDLC: 'Cybertruck',
          DV4W: 'All-Wheel Drive',
          BT85: '85 kWh Battery',
        };
        const codes = v.optionCodes.map((c) => {
          const code = c.startsWith('$') ? c : `$${c}`;
          return { code, displayName: names[code.slice(1)] ?? code.slice(1), isActive: true };
        });
        return { json: { response: { codes } } };
      },
    });

    router.add({
      method: 'GET',
      path: '/api/1/vehicles/:tag/drivers',
      auth: { anyScope: DATA },
      billing: 'data',
      handler: (ctx) => {
        const v = vehicleFor(api, ctx);
        return { json: { response: v.drivers, count: v.drivers.length } };
      },
    });

    router.add({
      method: 'DELETE',
      path: '/api/1/vehicles/:tag/drivers',
      auth: { anyScope: ['vehicle_cmds'] },
      billing: 'data',
      handler: (ctx) => {
        const v = vehicleFor(api, ctx);
        const id = ctx.query.get('share_user_id');
        if (!id) throw new SimHttpError(400, 'invalid_field', 'share_user_id is required');
        const i = v.drivers.findIndex((d) => String(d.user_id) === id || d.user_id_s === id);
        if (i < 0) throw new SimHttpError(404, 'not_found', `no driver ${id} on this vehicle`);
        v.drivers.splice(i, 1);
        return { json: { response: 'ok' } };
      },
    });

    router.add({
      method: 'GET',
      path: '/api/1/vehicles/:tag/mobile_enabled',
      auth: { anyScope: ['vehicle_cmds', 'vehicle_device_data'] },
      billing: 'data',
      handler: (ctx) => {
        const v = vehicleFor(api, ctx);
        requireOnline(v);
        return { json: { response: true } };
      },
    });

    router.add({
      method: 'GET',
      path: '/api/1/vehicles/:tag/release_notes',
      auth: { anyScope: DATA },
      billing: 'data',
      handler: (ctx) => {
        const v = vehicleFor(api, ctx);
        const staged = ctx.query.get('staged') === 'true';
        const version = staged ? v.state.vehicle_state.software_update.version.trim() : v.firmware;
        if (staged && !version) return { json: { response: { release_notes: [] } } };
        return {
          json: {
            response: {
              release_notes: [
                {
                  title: 'Simulated Release Notes',
                  subtitle: `Software ${version}`,
                  description: 'Minor fixes and improvements (simulated).',
                  customer_version: version,
                  icon: 'release_notes_icon_general',
                  image_url: '',
                  light_image_url: '',
                },
                {
                  title: 'Fleetkit Simulator',
                  subtitle: 'Local Tesla',
                  description: 'This vehicle lives in the Fleetkit simulator.',
                  customer_version: version,
                  icon: 'release_notes_icon_info',
                  image_url: '',
                  light_image_url: '',
                },
              ],
            },
          },
        };
      },
    });

    router.add({
      method: 'GET',
      path: '/api/1/vehicles/:tag/specs',
      auth: { anyScope: DATA },
      billing: 'data',
      handler: (ctx) => {
        const v = vehicleFor(api, ctx);
        const info = modelInfo(v.model);
        return {
          json: {
            response: {
              vin: v.vin,
              model: v.model,
              model_name: v.model === 'Cybertruck' ? 'Cybertruck' : `Model ${v.model}`,
              year: v.year,
              trim: info.trim,
              drive: 'AWD',
              epa_range_mi: info.rangeMi,
              car_type: info.carType,
              option_codes: v.optionCodes,
              firmware_version: v.firmware,
            },
          },
        };
      },
    });

    router.add({
      method: 'GET',
      path: '/api/1/vehicles/:tag/service_data',
      auth: { anyScope: DATA },
      billing: 'data',
      handler: (ctx) => {
        const v = vehicleFor(api, ctx);
        return {
          json: {
            response: {
              service_status: v.inService ? 'in_service' : 'not_in_service',
              service_etc: null,
              service_visit_number: null,
              status_id: v.inService ? 1 : 0,
            },
          },
        };
      },
    });

    router.add({
      method: 'GET',
      path: '/api/1/vehicles/:tag/recent_alerts',
      auth: { anyScope: DATA },
      billing: 'data',
      handler: (ctx) => {
        const v = vehicleFor(api, ctx);
        requireOnline(v);
        return { json: { response: { recent_alerts: [] } } };
      },
    });
  },
};
