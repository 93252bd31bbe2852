import { SimHttpError } from '../http/errors';
import type { Surface } from '../surface';
import { worldVehicle } from '../vehicles/lookup';
import type { SimVehicle } from '../vehicles/vehicle';

const CONNECTIVITY = ['online', 'asleep', 'offline'] as const;
const SECTIONS = ['charge_state', 'climate_state', 'drive_state', 'vehicle_state', 'gui_settings', 'vehicle_config'];

function describe(v: SimVehicle): Record<string, unknown> {
  return {
    vin: v.vin,
    id: v.id,
    owner: v.ownerId,
    display_name: v.displayName,
    model: v.model,
    year: v.year,
    firmware: v.firmware,
    connectivity: v.status,
    waking: v.isWaking,
    key_paired: v.keyPaired,
    command_protocol_required: v.commandProtocolRequired,
    fleet_telemetry_version: v.fleetTelemetryVersion,
    in_service: v.inService,
    wake_seconds: v.wakeMs / 1000,
    sleep_after_seconds: v.sleepAfterMs / 1000,
    state: v.state,
  };
}

/**
 * Simulator-only control endpoints (not Tesla's): inspect and steer the world from tests and demos.
 * Served on every host, unauthenticated (the simulator only listens on loopback).
 */
export const controlSurface: Surface = {
  name: 'control',
  register(api) {
    const hosts = ['auth' as const, 'fleet' as const];
    const { router, world } = api;

    router.add({
      hosts,
      method: 'GET',
      path: '/sim/world',
      handler: () => ({
        json: {
          response: {
            app: { name: world.app.name, client_id: world.app.clientId, redirect_uris: world.app.redirectUris },
            urls: world.urls,
            accounts: world.accounts,
            vehicles: world.vehicles.map((v) => ({
              vin: v.vin,
              owner: v.ownerId,
              display_name: v.displayName,
              connectivity: v.status,
              key_paired: v.keyPaired,
            })),
          },
        },
      }),
    });

    router.add({
      hosts,
      method: 'GET',
      path: '/sim/vehicles/:vin',
      handler: (ctx) => ({ json: { response: describe(worldVehicle(api.world, ctx.params.vin)) } }),
    });

    router.add({
      hosts,
      method: 'POST',
      path: '/sim/vehicles/:vin/state',
      handler: async (ctx) => {
        const v = worldVehicle(api.world, ctx.params.vin);
        const b = await ctx.json();
        const bad = (f: string, why: string): never => {
          throw new SimHttpError(400, 'invalid_field', `${f} ${why}`);
        };
        if (b.connectivity !== undefined && !CONNECTIVITY.includes(b.connectivity as never)) bad('connectivity', 'must be online, asleep or offline');
        for (const f of ['keyPaired', 'commandProtocolRequired', 'inService']) if (b[f] !== undefined && typeof b[f] !== 'boolean') bad(f, 'must be a boolean');
        for (const f of ['firmware', 'displayName', 'fleetTelemetryVersion']) if (b[f] !== undefined && typeof b[f] !== 'string') bad(f, 'must be a string');
        for (const f of ['wakeSeconds', 'sleepAfterSeconds']) {
          if (b[f] !== undefined && !(typeof b[f] === 'number' && (b[f] as number) >= 0)) bad(f, 'must be a number ≥ 0');
        }
        const patch = b.patch;
        if (patch !== undefined) {
          if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) bad('patch', 'must be an object of state sections');
          for (const [k, s] of Object.entries(patch as object)) {
            if (!SECTIONS.includes(k)) bad(`patch.${k}`, `is not a state section (${SECTIONS.join(', ')})`);
            if (typeof s !== 'object' || s === null || Array.isArray(s)) bad(`patch.${k}`, 'must be an object');
          }
        }
        if (typeof b.keyPaired === 'boolean') v.keyPaired = b.keyPaired;
        if (typeof b.commandProtocolRequired === 'boolean') v.commandProtocolRequired = b.commandProtocolRequired;
        if (typeof b.inService === 'boolean') v.inService = b.inService;
        if (typeof b.firmware === 'string') v.firmware = b.firmware;
        if (typeof b.displayName === 'string') v.displayName = b.displayName;
        if (typeof b.fleetTelemetryVersion === 'string') v.fleetTelemetryVersion = b.fleetTelemetryVersion;
        if (typeof b.wakeSeconds === 'number') v.wakeMs = b.wakeSeconds * 1000;
        if (typeof b.sleepAfterSeconds === 'number') v.sleepAfterMs = b.sleepAfterSeconds * 1000;
        if (patch) v.update(patch as Record<string, Record<string, unknown>>);
        if (b.connectivity !== undefined) v.setConnectivity(b.connectivity as (typeof CONNECTIVITY)[number]);
        return { json: { response: describe(v) } };
      },
    });

    for (const [verb, to] of [
      ['sleep', 'asleep'],
      ['wake', 'online'],
      ['offline', 'offline'],
    ] as const) {
      router.add({
        hosts,
        method: 'POST',
        path: `/sim/vehicles/:vin/${verb}`,
        handler: (ctx) => {
          const v = worldVehicle(api.world, ctx.params.vin);
          v.setConnectivity(to);
          return { json: { response: describe(v) } };
        },
      });
    }

    router.add({
      hosts,
      method: 'GET',
      path: '/sim/clock',
      handler: () => ({ json: { response: { now: new Date(world.clock.now()).toISOString(), offset_ms: world.clock.offset } } }),
    });
    router.add({
      hosts,
      method: 'POST',
      path: '/sim/clock',
      handler: async (ctx) => {
        const b = await ctx.json();
        const s = b.advanceSeconds;
        if (typeof s !== 'number' || !Number.isFinite(s) || s < 0 || s > 10 * 365 * 86400) {
          throw new SimHttpError(400, 'invalid_field', 'advanceSeconds must be a number of seconds ≥ 0');
        }
        world.clock.advance(s * 1000);
        return { json: { response: { now: new Date(world.clock.now()).toISOString(), offset_ms: world.clock.offset } } };
      },
    });

    router.add({
      hosts,
      method: 'POST',
      path: '/sim/accounts/:id/revoke',
      handler: (ctx) => {
        const a = world.accounts.find((x) => x.id === ctx.params.id || x.email === ctx.params.id);
        if (!a) throw new SimHttpError(404, 'not_found', `no account ${ctx.params.id}`);
        return { json: { response: { revoked_grants: api.tokens.revokeAccount(a.id) } } };
      },
    });

    router.add({
      hosts,
      method: 'POST',
      path: '/sim/ratelimit/reset',
      handler: () => {
        api.limiter.reset();
        return { json: { response: { reset: true } } };
      },
    });

    router.add({ hosts, method: 'GET', path: '/sim/routes', handler: () => ({ json: { response: router.list() } }) });
  },
};
