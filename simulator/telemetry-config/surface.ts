import { fieldByName } from '../../core/telemetry-catalog/index';
import { SimHttpError } from '../http/errors';
import type { Surface } from '../surface';
import { vehicleFor } from '../vehicles/lookup';
import type { SimVehicle } from '../vehicles/vehicle';
import { telemetryConfigsOf, type VehicleTelemetryConfig } from './store';
import { JwsError, verifyTelemetryJws } from './verify-jws';

/** Firmware below which vehicles skip JWS-signed configs (reference §4.1). */
const MIN_JWS_FIRMWARE = [2024, 26];

export interface TelemetryConfigSurfaceOptions {
  /** Simulated processing time of a create call; a second call meanwhile gets 429 (Tesla's concurrency of 1). */
  processingMs?: number;
}

function firmwareBelow(firmware: string, minimum: number[]): boolean {
  const parts = (/^\d+(?:\.\d+)*/.exec(firmware)?.[0] ?? '0').split('.').map(Number);
  for (let i = 0; i < minimum.length; i++) {
    const d = (parts[i] ?? 0) - minimum[i];
    if (d !== 0) return d < 0;
  }
  return false;
}

function legacyHardware(v: SimVehicle): boolean {
  return (v.model === 'S' || v.model === 'X') && v.year < 2021;
}

/** Tesla's "Unknown field X": only the first offending field is reported. */
function firstUnknownField(fields: unknown): string | undefined {
  if (!fields || typeof fields !== 'object' || Array.isArray(fields)) return undefined;
  for (const name of Object.keys(fields)) {
    const info = fieldByName(name);
    if (!info || info.placeholder) return name;
  }
  return undefined;
}

/** A vehicle adopts a pushed config the first time it is seen online. */
function syncState(v: SimVehicle, entry: VehicleTelemetryConfig | undefined, now: number): boolean {
  if (!entry) return true;
  if (entry.syncedAt === undefined && v.status === 'online') entry.syncedAt = now;
  return entry.syncedAt !== undefined;
}

/**
 * Fleet Telemetry configuration endpoints: POST fleet_telemetry_config_jws (Schnorr-verified, one call at a time
 * per account), GET and DELETE /api/1/vehicles/{tag}/fleet_telemetry_config. Configs are recorded per vehicle in
 * `telemetryConfigsOf(world)`.
 */
export function createTelemetryConfigSurface(options: TelemetryConfigSurfaceOptions = {}): Surface {
  return {
    name: 'telemetry-config',
    register(api) {
      const store = telemetryConfigsOf(api.world);
      const busy = new Set<string>();
      const processingMs = options.processingMs ?? 150;

      api.router.add({
        method: 'POST',
        path: '/api/1/vehicles/fleet_telemetry_config_jws',
        auth: { anyScope: ['vehicle_device_data'] },
        billing: 'commands',
        handler: async (ctx) => {
          const account = ctx.auth!.account!;
          if (busy.has(account.id)) {
            throw new SimHttpError(429, 'Too Many Requests', 'another fleet_telemetry_config call is in progress; retry when it finishes');
          }
          busy.add(account.id);
          try {
            const body = await ctx.json();
            if (!Array.isArray(body.vins) || body.vins.length === 0 || !body.vins.every((v) => typeof v === 'string')) {
              throw new SimHttpError(400, 'invalid_field', 'vins must be a non-empty array of VINs');
            }
            if (typeof body.token !== 'string') throw new SimHttpError(400, 'invalid_field', 'token is required');
            await new Promise((resolve) => setTimeout(resolve, processingMs));
            let verified;
            try {
              verified = verifyTelemetryJws(body.token);
            } catch (err) {
              if (err instanceof JwsError) throw new SimHttpError(400, 'invalid_token', `invalid config token: ${err.message}`);
              throw err;
            }
            const { claims } = verified;
            const unknown = firstUnknownField(claims.fields);
            if (unknown !== undefined) throw new SimHttpError(400, `Unknown field ${unknown}`, '');
            if (typeof claims.hostname !== 'string' || !claims.hostname) throw new SimHttpError(400, 'invalid_field', 'config.hostname is required');
            const skipped = {
              missing_key: [] as string[],
              unsupported_hardware: [] as string[],
              unsupported_firmware: [] as string[],
              max_configs: [] as string[],
            };
            let updated = 0;
            const now = api.world.clock.now();
            for (const vin of new Set(body.vins as string[])) {
              const v = api.world.vehicleByTag(vin, account.id);
              if (!v || v.vin !== vin || !v.keyPaired) skipped.missing_key.push(vin);
              else if (legacyHardware(v)) skipped.unsupported_hardware.push(vin);
              else if (firmwareBelow(v.firmware, MIN_JWS_FIRMWARE)) skipped.unsupported_firmware.push(vin);
              else if (store.full(vin, ctx.auth!.clientId)) skipped.max_configs.push(vin);
              else {
                store.set(vin, { clientId: ctx.auth!.clientId, config: claims, pushedAt: now, syncedAt: v.status === 'online' ? now : undefined });
                updated++;
              }
            }
            api.log.info(`telemetry config for ${updated} vehicle(s) of ${account.id}`);
            return { json: { response: { updated_vehicles: updated, skipped_vehicles: skipped } } };
          } finally {
            busy.delete(account.id);
          }
        },
      });

      api.router.add({
        method: 'GET',
        path: '/api/1/vehicles/:tag/fleet_telemetry_config',
        auth: { anyScope: ['vehicle_device_data'] },
        billing: 'data',
        handler: (ctx) => {
          const v = vehicleFor(api, ctx);
          const entry = store.get(v.vin, ctx.auth!.clientId);
          const synced = syncState(v, entry, api.world.clock.now());
          return {
            json: {
              response: { synced, config: entry ? entry.config : null, limit_reached: store.full(v.vin, ctx.auth!.clientId), key_paired: v.keyPaired },
            },
          };
        },
      });

      api.router.add({
        method: 'DELETE',
        path: '/api/1/vehicles/:tag/fleet_telemetry_config',
        auth: { anyScope: ['vehicle_device_data'] },
        billing: 'commands',
        handler: (ctx) => {
          const v = vehicleFor(api, ctx);
          const removed = store.delete(v.vin, ctx.auth!.clientId);
          return { json: { response: { updated_vehicles: removed ? 1 : 0 } } };
        },
      });
    },
  };
}

export const telemetryConfigSurface: Surface = createTelemetryConfigSurface();
