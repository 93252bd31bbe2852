import { SimHttpError } from '../http/errors';
import type { Surface, SurfaceApi } from '../surface';
import { telemetryConfigsOf } from '../telemetry-config/store';
import { telemetryErrorsOf } from '../telemetry-errors/store';
import { worldVehicle } from '../vehicles/lookup';
import type { SimVehicle } from '../vehicles/vehicle';
import { ACTIVITIES, activityFromState, initialPhysics, step, type Activity, type Physics } from './physics';
import { VehicleCa } from './vehicle-ca';
import { VehicleStream } from './vehicle-stream';

/** The car's bucket length (fleet-telemetry batches changes into 500 ms buckets). */
export const BUCKET_MS = 500;
const TELEMETRY_AUD = 'com.tesla.fleet.TelemetryClient';

interface CarSim {
  physics: Physics;
  rand: () => number;
  activity?: Activity;
  lastAt: number;
}

/** Small seeded PRNG so each car's drive is repeatable. */
function seeded(seed: string): () => number {
  let a = 0;
  for (const ch of seed) a = (Math.imul(a, 31) + ch.charCodeAt(0)) | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface TelemetrySurfaceOptions {
  /** Reconnect backoff of the simulated cars (tests shorten it). Default 1 s doubling to 30 s. */
  reconnect?: { initialMs: number; maxMs: number };
}

/** What a car reports when a config is signed by a key other than the one Tesla holds for the app (fleet-telemetry issue #406). */
export const UNKNOWN_SIGNER_ERROR = 'error loading config file: crypto/ecdsa: verification error';

/**
 * Simulated cars stream Fleet Telemetry: every vehicle holding a telemetry config (pushed with
 * fleet_telemetry_config_jws, or set through POST /sim/telemetry/config) connects to the config's host over
 * mTLS with a client certificate from the simulator's vehicle CA and streams its drive, charge and climate.
 * What keeps a car from streaming is recorded per VIN and app in `telemetryErrorsOf(world)` (fleet_telemetry_errors).
 */
export function createTelemetrySurface(options: TelemetrySurfaceOptions = {}): Surface {
  return {
    name: 'telemetry',
    register(api: SurfaceApi) {
      const { router, world } = api;
      const log = api.log.child('telemetry');
      const store = telemetryConfigsOf(world);
      const errors = telemetryErrorsOf(world);
      const ca = new VehicleCa();
      const cars = new Map<string, CarSim>();
      const streams = new Map<string, VehicleStream>();
      const key = (vin: string, clientId: string) => `${vin}\n${clientId}`;

      const carOf = (v: SimVehicle): CarSim => {
        let car = cars.get(v.vin);
        if (!car) cars.set(v.vin, (car = { physics: initialPhysics(v.state), rand: seeded(v.vin), lastAt: world.clock.now() }));
        return car;
      };

      /**
       * A signed config whose signer is not the public key the app registered (POST partner_accounts) in the owner's
       * region: the car cannot verify it. Unsigned configs (/sim/telemetry/config) and apps with no registration are
       * not judged (the simulator knows no key to compare with).
       */
      const signerError = (config: Readonly<Record<string, unknown>>, clientId: string, v: SimVehicle): string | undefined => {
        if (typeof config.iss !== 'string') return undefined;
        const region = world.account(v.ownerId)?.region;
        const registered = region ? api.partners.ofClient(region, clientId) : undefined;
        if (!registered) return undefined;
        return Buffer.from(config.iss, 'base64').toString('hex') === registered.publicKeyHex.toLowerCase() ? undefined : UNKNOWN_SIGNER_ERROR;
      };

      const replace = (vin: string, clientId: string) => {
        const k = key(vin, clientId);
        const old = streams.get(k);
        streams.delete(k);
        if (old) void old.close();
        // Errors are "reported after receiving the config": a new (or no) config starts a clean list.
        errors.clear(vin, clientId);
        const entry = store.get(vin, clientId);
        const v = world.vehicleByVin(vin);
        if (!entry || !v) return;
        const configError = signerError(entry.config, clientId, v);
        const s = new VehicleStream(
          {
            vehicle: v,
            clientId,
            config: entry.config,
            cert: ca.certFor(vin),
            log,
            onSignals: (n) => api.meter.addSignals(v.ownerId, n),
            onError: (name, error) => void errors.record(vin, clientId, name, error, world.clock.now()),
            ...(configError ? { configError } : {}),
            ...(options.reconnect ? { reconnect: options.reconnect } : {}),
          },
          world.clock.now(),
        );
        if (s.error) log.info(`${vin} will not stream for ${clientId}: ${s.error}`);
        streams.set(k, s);
        carOf(v);
      };
      const unsubscribe = store.onChange((vin, clientId) => replace(vin, clientId));

      const tick = () => {
        const now = world.clock.now();
        const vins = new Set([...streams.keys()].map((k) => k.split('\n')[0]!));
        for (const [vin, car] of cars) if (car.activity) vins.add(vin);
        for (const vin of vins) {
          const v = world.vehicleByVin(vin);
          if (!v) continue;
          const car = carOf(v);
          const online = v.status === 'online';
          const dtS = Math.min(5, Math.max(0, (now - car.lastAt) / 1000));
          car.lastAt = now;
          if (online && dtS > 0) {
            const activity = car.activity ?? activityFromState(v.state);
            v.update(step(v.state, car.physics, activity, dtS, car.rand));
            if (activity !== 'park') v.touch();
          }
          for (const [k, s] of streams) {
            if (!k.startsWith(vin + '\n')) continue;
            if (!online) {
              if (s.active) void s.suspend();
              continue;
            }
            if (!s.active) {
              void s.start();
              const entry = store.get(vin, k.slice(vin.length + 1));
              if (entry && entry.syncedAt === undefined) entry.syncedAt = now;
            }
            s.tick(now, car.physics);
          }
        }
      };
      const timer = setInterval(() => {
        try {
          tick();
        } catch (err) {
          log.error('telemetry tick failed', err);
        }
      }, BUCKET_MS);

      const setActivity = (v: SimVehicle, activity: Activity, fastCharger: boolean) => {
        const car = carOf(v);
        car.activity = activity;
        car.lastAt = world.clock.now();
        if (activity === 'charge') {
          v.update({
            charge_state: {
              charging_state: 'Charging',
              fast_charger_present: fastCharger,
              fast_charger_type: fastCharger ? 'Tesla' : '<invalid>',
              charge_port_door_open: true,
              charge_energy_added: 0,
            },
            drive_state: { shift_state: 'P', speed: null },
          });
        } else if (activity === 'drive') v.update({ drive_state: { shift_state: 'D', speed: 0 } });
        else {
          v.update({
            drive_state: { shift_state: 'P', speed: null },
            charge_state: { charging_state: 'Disconnected', charger_power: 0, fast_charger_present: false },
          });
        }
      };

      const parseActivity = (raw: unknown, where: string): Activity => {
        if (typeof raw !== 'string' || !(ACTIVITIES as readonly string[]).includes(raw)) {
          throw new SimHttpError(400, 'invalid_field', `${where} must be one of ${ACTIVITIES.join(', ')}`);
        }
        return raw as Activity;
      };

      const hosts = ['auth' as const, 'fleet' as const];
      router.add({
        hosts,
        method: 'GET',
        path: '/sim/telemetry',
        handler: () => ({
          json: {
            response: {
              vehicle_ca: ca.certPem,
              streams: [...streams].map(([k, s]) => {
                const [vin, clientId] = k.split('\n') as [string, string];
                return {
                  vin,
                  client_id: clientId,
                  target: typeof s.target === 'string' ? null : { hostname: s.target.hostname, port: s.target.port },
                  connected: s.connected,
                  pending: s.pending,
                  error: s.error ?? null,
                  activity: cars.get(vin)?.activity ?? null,
                  ...s.counters,
                };
              }),
            },
          },
        }),
      });
      router.add({ hosts, method: 'GET', path: '/sim/telemetry/vehicle-ca', handler: () => ({ text: ca.certPem }) });
      router.add({
        hosts,
        method: 'POST',
        path: '/sim/telemetry/config',
        handler: async (ctx) => {
          const body = await ctx.json();
          const config = body.config;
          if (typeof config !== 'object' || config === null || Array.isArray(config)) {
            throw new SimHttpError(400, 'invalid_field', 'config must be a telemetry config object');
          }
          const c = config as Record<string, unknown>;
          if (typeof c.hostname !== 'string' || !c.hostname) throw new SimHttpError(400, 'invalid_field', 'config.hostname is required');
          if (typeof c.port !== 'number' || !Number.isInteger(c.port) || c.port < 1 || c.port > 65535) {
            throw new SimHttpError(400, 'invalid_field', 'config.port must be an integer 1-65535');
          }
          if (typeof c.ca !== 'string') throw new SimHttpError(400, 'invalid_field', 'config.ca must be the PEM of the server CA');
          if (typeof c.fields !== 'object' || c.fields === null || Array.isArray(c.fields)) {
            throw new SimHttpError(400, 'invalid_field', 'config.fields must be an object');
          }
          const clientId = typeof body.client_id === 'string' && body.client_id ? body.client_id : world.app.clientId;
          const vins = Array.isArray(body.vins) ? body.vins.map(String) : world.vehicles.map((v) => v.vin);
          const targets = vins.map((vin: string) => worldVehicle(world, vin));
          const activities = (typeof body.activities === 'object' && body.activities !== null ? body.activities : {}) as Record<string, unknown>;
          for (const [vin, raw] of Object.entries(activities)) {
            worldVehicle(world, vin);
            parseActivity(raw, `activities.${vin}`);
          }
          const now = world.clock.now();
          for (const v of targets) {
            store.set(v.vin, { clientId, config: { ...c, aud: TELEMETRY_AUD }, pushedAt: now, syncedAt: v.status === 'online' ? now : undefined });
          }
          for (const [vin, raw] of Object.entries(activities)) setActivity(world.vehicleByVin(vin)!, raw as Activity, body.fast_charger !== false);
          return { json: { response: { updated_vehicles: targets.length, vins: targets.map((v: SimVehicle) => v.vin), client_id: clientId } } };
        },
      });
      router.add({
        hosts,
        method: 'POST',
        path: '/sim/telemetry/vehicles/:vin/activity',
        handler: async (ctx) => {
          const v = worldVehicle(world, ctx.params.vin!);
          const body = await ctx.json();
          const activity = parseActivity(body.activity, 'activity');
          setActivity(v, activity, body.fast_charger !== false);
          return { json: { response: { vin: v.vin, activity } } };
        },
      });

      api.onClose(async () => {
        clearInterval(timer);
        unsubscribe();
        await Promise.all([...streams.values()].map((s) => s.close()));
        streams.clear();
      });
    },
  };
}

export const telemetrySurface: Surface = createTelemetrySurface();
