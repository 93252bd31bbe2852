/** The caller's vehicle behind `:tag` and Tesla's 408 for one that is not online (every vehicle route); any car by VIN (/sim routes). */
import { SimHttpError } from '../http/errors';
import type { RequestContext } from '../http/router';
import type { SurfaceApi } from '../surface';
import type { SimWorld } from '../world/world';
import type { SimVehicle } from './vehicle';

/** Tesla's 408 body for a car that is not online. */
export function vehicleUnavailable(v: SimVehicle): SimHttpError {
  return new SimHttpError(
    408,
    'vehicle unavailable: vehicle is offline or asleep',
    `vehicle ${v.vin} is ${v.status}; wake it up first (wake_up is billed as a wake)`,
  );
}

/** Resolves `:tag` (VIN or id) among the caller's vehicles (404 otherwise) and applies the per-vehicle rate limit. */
export function vehicleFor(api: SurfaceApi, ctx: RequestContext): SimVehicle {
  const account = ctx.auth?.account;
  const v = account ? api.world.vehicleByTag(ctx.params.tag, account.id) : undefined;
  if (!v) throw new SimHttpError(404, 'not_found', `vehicle ${ctx.params.tag} not found for this account`);
  if (ctx.billing) api.limitVehicle(ctx, v, ctx.billing);
  return v;
}

/** The 408 unless the car is online; an online car counts the call as activity (it stays awake). */
export function requireOnline(v: SimVehicle): void {
  if (v.status !== 'online') throw vehicleUnavailable(v);
  v.touch();
}

/** Any vehicle of the world by VIN, whoever owns it (the /sim control routes); 404 otherwise. */
export function worldVehicle(world: SimWorld, vin: string): SimVehicle {
  const v = world.vehicleByVin(vin);
  if (!v) throw new SimHttpError(404, 'not_found', `no vehicle ${vin} in this world`);
  return v;
}
