/** The world file (`--config world.json`): what exists in the simulated Tesla. Schema: schemas/sim-world.schema.json. */

export type Region = 'NA' | 'EU';
export const REGIONS: readonly Region[] = ['NA', 'EU'];

export { KNOWN_SCOPES } from '../../core/oauth/scopes';

export type BillingCategory = 'data' | 'commands' | 'wakes';
export const BILLING_CATEGORIES: readonly BillingCategory[] = ['data', 'commands', 'wakes'];

export interface AppConfig {
  name: string;
  clientId: string;
  clientSecret: string;
  /** Exact-match allowed redirect URIs. `${auth}` expands to the simulator's auth base URL at start. */
  redirectUris: string[];
  /** Scopes the app may request (default: all known scopes). */
  scopes?: string[];
  allowedOrigins?: string[];
  /**
   * Tesla's rule: Fleet API calls with a user token answer 412 "must be registered in the current region" until the
   * app has called POST /api/1/partner_accounts in that region. Default false (a playground that works out of the box).
   */
  requirePartnerRegistration?: boolean;
}

export interface AccountConfig {
  /** Stable id, used as the JWT `sub`. */
  id: string;
  email: string;
  fullName: string;
  region: Region;
  vaultUuid?: string;
  /** A Tesla for Business fleet owner: only such accounts get `GET /api/1/dx/charging/sessions` (default false). */
  businessFleet?: boolean;
}

export type VehicleConnectivity = 'online' | 'asleep' | 'offline';
/**
 * How a simulated car numbers the response counter of its encrypted replies: one count per session epoch
 * (1, 2, 3, … across requests) or per request (each request's reply is its first: counter 1 every time).
 */
export type ReplyCounters = 'per-session' | 'per-request';
export const REPLY_COUNTERS: readonly ReplyCounters[] = ['per-session', 'per-request'];
export type VehicleModel = 'S' | '3' | 'X' | 'Y' | 'Cybertruck';

export interface VehicleConfig {
  vin: string;
  /** Fleet API `id` (a large integer); default derived from the VIN. */
  id?: number;
  vehicleId?: number;
  owner: string;
  displayName: string;
  model: VehicleModel;
  year: number;
  color?: string;
  firmware: string;
  state: VehicleConnectivity;
  keyPaired: boolean;
  /** Default: true unless a pre-2021 Model S/X. */
  commandProtocolRequired?: boolean;
  /** Numbering of encrypted replies' response counters, both domains (default 'per-session'). */
  replyCounters?: ReplyCounters;
  fleetTelemetryVersion?: string;
  optionCodes?: string[];
  location?: { latitude: number; longitude: number; heading?: number };
  /** Seconds from wake_up to online (overrides settings.wakeSeconds). */
  wakeSeconds?: number;
  /** Idle seconds before an online car falls asleep (overrides settings.sleepAfterSeconds; 0 = never). */
  sleepAfterSeconds?: number;
  /** Partial Tesla-shaped state merged over the model's defaults: `{ "charge_state": { "battery_level": 42 } }`. */
  overrides?: Record<string, Record<string, unknown>>;
}

/** A Tesla energy site (Powerwall + solar, optionally a Wall Connector) owned by an account. */
export interface EnergySiteConfig {
  /** Tesla's site id, e.g. `STE20240315-00123`. */
  id: string;
  /** The Fleet API `energy_site_id` (a large integer); default derived from `id`. */
  energySiteId?: number;
  owner: string;
  siteName: string;
  /** IANA zone of the installation: the sun and the house follow its clock. */
  timeZone: string;
  powerwalls: number;
  powerwallModel?: 'powerwall2' | 'powerwall3';
  /** Peak solar output (kW); 0 = battery only. */
  solarKw: number;
  /** Average house load (kW), default 1. */
  homeKw?: number;
  wallConnector?: boolean;
  backupReservePercent?: number;
  mode?: 'self_consumption' | 'autonomous' | 'backup';
  stormModeEnabled?: boolean;
  exportRule?: 'pv_only' | 'battery_ok' | 'never';
  /** Seed of the simulated weather and load noise. */
  seed?: number;
}

export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
}
export type RateLimitTable = Partial<Record<BillingCategory, RateLimitRule>>;

export interface WorldSettings {
  /** Access-token lifetime (default 28800 = 8 h). */
  tokenTtlSeconds: number;
  /** Authorization-code lifetime (default 600). */
  codeTtlSeconds: number;
  /** How long a used refresh token keeps working (default 86400 = 24 h). */
  refreshGraceSeconds: number;
  /** Refresh-token lifetime (default 7776000 = 90 days). */
  refreshTtlSeconds: number;
  /** Default wake time (default 3 s). */
  wakeSeconds: number;
  /** Default idle time before sleep (default 900 s; 0 = never). */
  sleepAfterSeconds: number;
}

export interface WorldConfig {
  app: AppConfig;
  accounts: AccountConfig[];
  vehicles: VehicleConfig[];
  /** Energy sites; none when absent. */
  energySites?: EnergySiteConfig[];
  settings: WorldSettings;
  rateLimits: { perAccount: RateLimitTable; perVehicle: RateLimitTable };
}

export const DEFAULT_SETTINGS: WorldSettings = {
  tokenTtlSeconds: 8 * 3600,
  codeTtlSeconds: 600,
  refreshGraceSeconds: 24 * 3600,
  refreshTtlSeconds: 90 * 24 * 3600,
  wakeSeconds: 3,
  sleepAfterSeconds: 900,
};

/** Per-vehicle caps in the spirit of Tesla's published per-device limits; per-account caps are generous. */
export const DEFAULT_RATE_LIMITS: WorldConfig['rateLimits'] = {
  perVehicle: {
    data: { limit: 60, windowSeconds: 60 },
    commands: { limit: 30, windowSeconds: 60 },
    wakes: { limit: 3, windowSeconds: 60 },
  },
  perAccount: {
    data: { limit: 600, windowSeconds: 60 },
    commands: { limit: 300, windowSeconds: 60 },
    wakes: { limit: 30, windowSeconds: 60 },
  },
};
