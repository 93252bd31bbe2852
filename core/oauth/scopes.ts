/** Tesla Fleet API scopes and which Fleetkit features need them. */

/** Every scope Tesla's authorize endpoint knows (the simulator accepts the same). */
export const KNOWN_SCOPES = [
  'openid',
  'offline_access',
  'user_data',
  'vehicle_device_data',
  'vehicle_location',
  'vehicle_cmds',
  'vehicle_charging_cmds',
  'energy_device_data',
  'energy_cmds',
] as const;

export type TeslaScope = (typeof KNOWN_SCOPES)[number];

export interface ScopeNeed {
  readonly scope: TeslaScope;
  /** What stops working without it, in the words a user sees. */
  readonly features: string;
}

/** What Fleetkit's features need. `openid offline_access` make sign-in itself work (refresh token). */
export const FEATURE_SCOPES: readonly ScopeNeed[] = [
  { scope: 'openid', features: 'sign-in (OpenID identity)' },
  { scope: 'offline_access', features: 'staying signed in (refresh token)' },
  { scope: 'user_data', features: 'account profile and region lookup' },
  { scope: 'vehicle_device_data', features: 'vehicle list, vehicle data, telemetry configuration' },
  { scope: 'vehicle_location', features: 'vehicle location and location telemetry fields' },
  { scope: 'vehicle_cmds', features: 'vehicle commands' },
  { scope: 'vehicle_charging_cmds', features: 'charging commands' },
];

/** The scopes Fleetkit asks for when the user has not configured `fleetkit.auth.scopes`. */
export const DEFAULT_SCOPES: readonly string[] = FEATURE_SCOPES.map((s) => s.scope);

/** Scopes that must always be requested, whatever the user configured. */
export const MANDATORY_SCOPES: readonly TeslaScope[] = ['openid', 'offline_access'];

/** Normalises a scope list: trims, drops empties and duplicates, adds the mandatory ones, sorts. */
export function normalizeScopes(scopes: Iterable<string>): string[] {
  const set = new Set<string>(MANDATORY_SCOPES);
  for (const s of scopes) {
    const t = s.trim();
    if (t) set.add(t);
  }
  return [...set].sort();
}

/** Scopes in `wanted` that `granted` lacks. */
export function missingScopes(granted: Iterable<string>, wanted: Iterable<string>): string[] {
  const have = new Set(granted);
  return [...new Set(wanted)].filter((s) => !have.has(s));
}

export interface ScopeFinding {
  readonly scope: string;
  readonly granted: boolean;
  readonly features: string;
}

/**
 * For each scope a Fleetkit feature needs: granted or not, and what it is for.
 * `openid`/`offline_access` are not reflected in Tesla's `scp` claim reliably, so callers may pass
 * `ignore` to leave them out of the report.
 */
export function scopeReport(granted: Iterable<string>, ignore: Iterable<string> = []): ScopeFinding[] {
  const have = new Set(granted);
  const skip = new Set(ignore);
  return FEATURE_SCOPES.filter((n) => !skip.has(n.scope)).map((n) => ({ scope: n.scope, granted: have.has(n.scope), features: n.features }));
}

/** True when every scope in `scopes` is a scope Tesla documents. */
export function unknownScopes(scopes: Iterable<string>): string[] {
  const known = new Set<string>(KNOWN_SCOPES);
  return [...scopes].filter((s) => !known.has(s));
}
