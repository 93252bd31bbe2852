import { SimEnergySite } from '../energy/site';
import { SimVehicle } from '../vehicles/vehicle';
import { SimClock } from './clock';
import type { AccountConfig, AppConfig, Region, WorldConfig } from './types';

export interface HostUrls {
  auth: string;
  fleet: Record<Region, string>;
  /** The plain-HTTP listener for browser pages; without one, `${browser}` expands to the auth URL. */
  browser?: string;
}

/** Expands `${auth}` and `${browser}` in the app's redirect URIs (duplicates dropped, order kept). */
export function expandRedirectUris(uris: readonly string[], urls: HostUrls): string[] {
  const expanded = uris.map((u) =>
    u
      .split('${auth}')
      .join(urls.auth)
      .split('${browser}')
      .join(urls.browser ?? urls.auth),
  );
  return [...new Set(expanded)];
}

/** The live world: configuration plus mutable vehicles, shared by every surface. */
export class SimWorld {
  readonly clock: SimClock;
  readonly app: AppConfig;
  readonly accounts: AccountConfig[];
  readonly vehicles: SimVehicle[];
  readonly energySites: SimEnergySite[];

  constructor(
    readonly config: WorldConfig,
    readonly urls: HostUrls,
    clock = new SimClock(),
  ) {
    this.clock = clock;
    this.app = { ...config.app, redirectUris: expandRedirectUris(config.app.redirectUris, urls) };
    this.accounts = config.accounts.map((a) => ({ ...a }));
    this.vehicles = config.vehicles.map((v) => new SimVehicle(v, config.settings, this.clock));
    this.energySites = (config.energySites ?? []).map((s) => new SimEnergySite(s, this.clock));
  }

  energySitesOf(accountId: string): SimEnergySite[] {
    return this.energySites.filter((s) => s.ownerId === accountId);
  }

  /** `{energy_site_id}` of the account's sites (or Tesla's `STE…` id). */
  energySiteById(id: string, accountId: string): SimEnergySite | undefined {
    return this.energySitesOf(accountId).find((s) => String(s.energySiteId) === id || s.id === id);
  }

  get settings(): WorldConfig['settings'] {
    return this.config.settings;
  }

  account(id: string): AccountConfig | undefined {
    return this.accounts.find((a) => a.id === id);
  }

  vehiclesOf(accountId: string): SimVehicle[] {
    return this.vehicles.filter((v) => v.ownerId === accountId);
  }

  vehicleByVin(vin: string): SimVehicle | undefined {
    return this.vehicles.find((v) => v.vin === vin);
  }

  /** `{vehicle_tag}`: a VIN or the numeric `id`, restricted to the account's vehicles. */
  vehicleByTag(tag: string, accountId: string): SimVehicle | undefined {
    return this.vehiclesOf(accountId).find((v) => v.vin === tag || String(v.id) === tag);
  }

  fleetUrl(region: Region): string {
    return this.urls.fleet[region];
  }
}
