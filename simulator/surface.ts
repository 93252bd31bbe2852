import type { Logger } from '../core/log/logger';
import type { TokenService } from './auth/token-service';
import type { PartnerRegistry } from './partner/registry';
import type { RequestContext, Router } from './http/router';
import type { RateLimiter } from './ratelimit/limiter';
import type { UsageMeter } from './usage/meter';
import type { SimVehicle } from './vehicles/vehicle';
import type { BillingCategory } from './world/types';
import type { SimWorld } from './world/world';

/** Runtime switches of a running simulator (from CLI flags / startSimulator options). */
export interface SimRuntimeOptions {
  /** Skip the consent page: /authorize redirects straight back with a code. */
  autoConsent: boolean;
}

/** Everything a surface module gets to plug into the one simulator server. */
export interface SurfaceApi {
  router: Router;
  world: SimWorld;
  tokens: TokenService;
  meter: UsageMeter;
  limiter: RateLimiter;
  /**
   * Partner registrations per region. The pipeline's 412 gate reads it; the partner surface writes it (a surface
   * built with its own registry replaces this one when it registers).
   */
  partners: PartnerRegistry;
  options: SimRuntimeOptions;
  log: Logger;
  /** Per-vehicle rate limit for `category`; throws the 429 when exhausted. Call after resolving the vehicle. */
  limitVehicle(ctx: RequestContext, vehicle: SimVehicle, category: BillingCategory): void;
  /** Runs when the simulator stops (close sockets, timers). */
  onClose(fn: () => void | Promise<void>): void;
}

/** One Tesla surface (auth, users, vehicles, partner, telemetry …): registers its routes. */
export interface Surface {
  name: string;
  register(api: SurfaceApi): void | Promise<void>;
}
