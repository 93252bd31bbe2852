import {
  BILLING_CATEGORIES,
  DEFAULT_RATE_LIMITS,
  DEFAULT_SETTINGS,
  KNOWN_SCOPES,
  REGIONS,
  REPLY_COUNTERS,
  type AccountConfig,
  type AppConfig,
  type EnergySiteConfig,
  type RateLimitTable,
  type VehicleConfig,
  type WorldConfig,
  type WorldSettings,
} from './types';

/** All problems found in a world file, each prefixed with its JSON path. */
export class WorldValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid world file:\n  ${problems.join('\n  ')}`);
    this.name = 'WorldValidationError';
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const VIN_RE = /^[A-HJ-NPR-Z0-9]{17}$/;
const MODELS = ['S', '3', 'X', 'Y', 'Cybertruck'];
const STATES = ['online', 'asleep', 'offline'];
const STATE_SECTIONS = ['charge_state', 'climate_state', 'drive_state', 'vehicle_state', 'gui_settings', 'vehicle_config'];

class Checker {
  readonly problems: string[] = [];
  fail(path: string, message: string): void {
    this.problems.push(`${path}: ${message}`);
  }
  str(o: Obj, key: string, path: string, required = true): string | undefined {
    const v = o[key];
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'string' || v.length === 0) {
      this.fail(`${path}.${key}`, 'must be a non-empty string');
      return undefined;
    }
    return v;
  }
  num(o: Obj, key: string, path: string, opts: { min?: number; integer?: boolean; required?: boolean } = {}): number | undefined {
    const v = o[key];
    if (v === undefined && !opts.required) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || (opts.integer && !Number.isInteger(v)) || (opts.min !== undefined && v < opts.min)) {
      this.fail(`${path}.${key}`, `must be a${opts.integer ? 'n integer' : ' number'}${opts.min !== undefined ? ` ≥ ${opts.min}` : ''}`);
      return undefined;
    }
    return v;
  }
  bool(o: Obj, key: string, path: string, required: boolean): boolean | undefined {
    const v = o[key];
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'boolean') {
      this.fail(`${path}.${key}`, 'must be true or false');
      return undefined;
    }
    return v;
  }
  unknownKeys(o: Obj, allowed: string[], path: string): void {
    for (const k of Object.keys(o)) if (!allowed.includes(k)) this.fail(`${path}.${k}`, 'is not a known property');
  }
}

function checkApp(c: Checker, v: unknown): AppConfig | undefined {
  if (!isObj(v)) {
    c.fail('app', 'must be an object');
    return undefined;
  }
  c.unknownKeys(v, ['name', 'clientId', 'clientSecret', 'redirectUris', 'scopes', 'allowedOrigins', 'requirePartnerRegistration'], 'app');
  const name = c.str(v, 'name', 'app');
  const clientId = c.str(v, 'clientId', 'app');
  const clientSecret = c.str(v, 'clientSecret', 'app');
  const redirectUris: string[] = [];
  if (!Array.isArray(v.redirectUris) || v.redirectUris.length === 0) c.fail('app.redirectUris', 'must be a non-empty array of URLs');
  else {
    v.redirectUris.forEach((u, i) => {
      const path = `app.redirectUris[${i}]`;
      if (typeof u !== 'string') return c.fail(path, 'must be a string');
      try {
        new URL(u.replace('${auth}', 'https://127.0.0.1:1').replace('${browser}', 'http://127.0.0.1:1'));
        redirectUris.push(u);
      } catch {
        c.fail(path, `is not an absolute URL: ${u}`);
      }
    });
  }
  let scopes: string[] | undefined;
  if (v.scopes !== undefined) {
    if (!Array.isArray(v.scopes)) c.fail('app.scopes', 'must be an array of scope names');
    else {
      scopes = [];
      v.scopes.forEach((s, i) => {
        if (typeof s !== 'string' || !(KNOWN_SCOPES as readonly string[]).includes(s)) c.fail(`app.scopes[${i}]`, `unknown scope ${JSON.stringify(s)}`);
        else scopes!.push(s);
      });
    }
  }
  let allowedOrigins: string[] | undefined;
  if (v.allowedOrigins !== undefined) {
    if (!Array.isArray(v.allowedOrigins) || v.allowedOrigins.some((o) => typeof o !== 'string')) c.fail('app.allowedOrigins', 'must be an array of strings');
    else allowedOrigins = v.allowedOrigins as string[];
  }
  if (!name || !clientId || !clientSecret) return undefined;
  const requirePartnerRegistration = c.bool(v, 'requirePartnerRegistration', 'app', false);
  return {
    name,
    clientId,
    clientSecret,
    redirectUris,
    ...(scopes ? { scopes } : {}),
    ...(allowedOrigins ? { allowedOrigins } : {}),
    ...(requirePartnerRegistration !== undefined ? { requirePartnerRegistration } : {}),
  };
}

function checkAccounts(c: Checker, v: unknown): AccountConfig[] {
  if (!Array.isArray(v) || v.length === 0) {
    c.fail('accounts', 'must be a non-empty array');
    return [];
  }
  const out: AccountConfig[] = [];
  v.forEach((a, i) => {
    const path = `accounts[${i}]`;
    if (!isObj(a)) return c.fail(path, 'must be an object');
    c.unknownKeys(a, ['id', 'email', 'fullName', 'region', 'vaultUuid', 'businessFleet'], path);
    const id = c.str(a, 'id', path);
    const email = c.str(a, 'email', path);
    const fullName = c.str(a, 'fullName', path);
    const vaultUuid = c.str(a, 'vaultUuid', path, false);
    const businessFleet = c.bool(a, 'businessFleet', path, false);
    const region = a.region;
    if (!REGIONS.includes(region as never)) c.fail(`${path}.region`, `must be one of ${REGIONS.join(', ')}`);
    if (id && out.some((x) => x.id === id)) c.fail(`${path}.id`, `duplicate account id ${id}`);
    if (id && email && fullName && REGIONS.includes(region as never)) {
      out.push({
        id,
        email,
        fullName,
        region: region as AccountConfig['region'],
        ...(vaultUuid ? { vaultUuid } : {}),
        ...(businessFleet ? { businessFleet } : {}),
      });
    }
  });
  return out;
}

function checkVehicles(c: Checker, v: unknown, accounts: AccountConfig[]): VehicleConfig[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    c.fail('vehicles', 'must be an array');
    return [];
  }
  const out: VehicleConfig[] = [];
  v.forEach((raw, i) => {
    const path = `vehicles[${i}]`;
    if (!isObj(raw)) return c.fail(path, 'must be an object');
    c.unknownKeys(
      raw,
      [
        'vin',
        'id',
        'vehicleId',
        'owner',
        'displayName',
        'model',
        'year',
        'color',
        'firmware',
        'state',
        'keyPaired',
        'commandProtocolRequired',
        'replyCounters',
        'fleetTelemetryVersion',
        'optionCodes',
        'location',
        'wakeSeconds',
        'sleepAfterSeconds',
        'overrides',
      ],
      path,
    );
    const before = c.problems.length;
    const vin = c.str(raw, 'vin', path);
    if (vin && !VIN_RE.test(vin)) c.fail(`${path}.vin`, 'must be 17 characters A-Z/0-9 without I, O, Q');
    if (vin && out.some((x) => x.vin === vin)) c.fail(`${path}.vin`, `duplicate VIN ${vin}`);
    const owner = c.str(raw, 'owner', path);
    if (owner && !accounts.some((a) => a.id === owner)) c.fail(`${path}.owner`, `unknown account id ${owner}`);
    c.str(raw, 'displayName', path);
    if (!MODELS.includes(raw.model as string)) c.fail(`${path}.model`, `must be one of ${MODELS.join(', ')}`);
    c.num(raw, 'year', path, { min: 2008, integer: true, required: true });
    c.str(raw, 'color', path, false);
    const fw = c.str(raw, 'firmware', path);
    if (fw && !/^\d{4}\.\d+(\.\d+)*$/.test(fw)) c.fail(`${path}.firmware`, 'must look like 2024.44.25');
    if (!STATES.includes(raw.state as string)) c.fail(`${path}.state`, `must be one of ${STATES.join(', ')}`);
    c.bool(raw, 'keyPaired', path, true);
    c.bool(raw, 'commandProtocolRequired', path, false);
    if (raw.replyCounters !== undefined && !REPLY_COUNTERS.includes(raw.replyCounters as never)) {
      c.fail(`${path}.replyCounters`, `must be one of ${REPLY_COUNTERS.join(', ')}`);
    }
    c.str(raw, 'fleetTelemetryVersion', path, false);
    c.num(raw, 'id', path, { min: 1, integer: true });
    c.num(raw, 'vehicleId', path, { min: 1, integer: true });
    c.num(raw, 'wakeSeconds', path, { min: 0 });
    c.num(raw, 'sleepAfterSeconds', path, { min: 0 });
    if (raw.optionCodes !== undefined && (!Array.isArray(raw.optionCodes) || raw.optionCodes.some((x) => typeof x !== 'string'))) {
      c.fail(`${path}.optionCodes`, 'must be an array of strings');
    }
    if (raw.location !== undefined) {
      if (!isObj(raw.location)) c.fail(`${path}.location`, 'must be an object');
      else {
        const lat = c.num(raw.location, 'latitude', `${path}.location`, { required: true });
        const lon = c.num(raw.location, 'longitude', `${path}.location`, { required: true });
        c.num(raw.location, 'heading', `${path}.location`, { min: 0 });
        if (lat !== undefined && Math.abs(lat) > 90) c.fail(`${path}.location.latitude`, 'must be within ±90');
        if (lon !== undefined && Math.abs(lon) > 180) c.fail(`${path}.location.longitude`, 'must be within ±180');
      }
    }
    if (raw.overrides !== undefined) {
      if (!isObj(raw.overrides)) c.fail(`${path}.overrides`, 'must be an object');
      else {
        for (const [k, sec] of Object.entries(raw.overrides)) {
          if (!STATE_SECTIONS.includes(k)) c.fail(`${path}.overrides.${k}`, `is not a state section (${STATE_SECTIONS.join(', ')})`);
          else if (!isObj(sec)) c.fail(`${path}.overrides.${k}`, 'must be an object');
        }
      }
    }
    if (c.problems.length === before) out.push(raw as unknown as VehicleConfig);
  });
  return out;
}

function checkSettings(c: Checker, v: unknown): WorldSettings {
  const out = { ...DEFAULT_SETTINGS };
  if (v === undefined) return out;
  if (!isObj(v)) {
    c.fail('settings', 'must be an object');
    return out;
  }
  c.unknownKeys(v, Object.keys(DEFAULT_SETTINGS), 'settings');
  for (const key of Object.keys(DEFAULT_SETTINGS) as Array<keyof WorldSettings>) {
    const min = key === 'sleepAfterSeconds' || key === 'wakeSeconds' ? 0 : 1;
    const n = c.num(v, key, 'settings', { min });
    if (n !== undefined) out[key] = n;
  }
  return out;
}

function checkTable(c: Checker, v: unknown, path: string, defaults: RateLimitTable): RateLimitTable {
  const out: RateLimitTable = structuredClone(defaults);
  if (v === undefined) return out;
  if (!isObj(v)) {
    c.fail(path, 'must be an object');
    return out;
  }
  c.unknownKeys(v, [...BILLING_CATEGORIES], path);
  for (const cat of BILLING_CATEGORIES) {
    const rule = v[cat];
    if (rule === undefined) continue;
    if (rule === null) {
      delete out[cat];
      continue;
    }
    if (!isObj(rule)) {
      c.fail(`${path}.${cat}`, 'must be {limit, windowSeconds} or null (no limit)');
      continue;
    }
    c.unknownKeys(rule, ['limit', 'windowSeconds'], `${path}.${cat}`);
    const limit = c.num(rule, 'limit', `${path}.${cat}`, { min: 1, integer: true, required: true });
    const windowSeconds = c.num(rule, 'windowSeconds', `${path}.${cat}`, { min: 1, required: true });
    if (limit !== undefined && windowSeconds !== undefined) out[cat] = { limit, windowSeconds };
  }
  return out;
}

const SITE_KEYS = [
  'id',
  'energySiteId',
  'owner',
  'siteName',
  'timeZone',
  'powerwalls',
  'powerwallModel',
  'solarKw',
  'homeKw',
  'wallConnector',
  'backupReservePercent',
  'mode',
  'stormModeEnabled',
  'exportRule',
  'seed',
];
const SITE_ENUMS: Record<string, readonly string[]> = {
  powerwallModel: ['powerwall2', 'powerwall3'],
  mode: ['self_consumption', 'autonomous', 'backup'],
  exportRule: ['pv_only', 'battery_ok', 'never'],
};

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function checkEnergySites(c: Checker, v: unknown, accounts: AccountConfig[]): EnergySiteConfig[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    c.fail('energySites', 'must be an array');
    return [];
  }
  const out: EnergySiteConfig[] = [];
  v.forEach((raw, i) => {
    const path = `energySites[${i}]`;
    if (!isObj(raw)) return c.fail(path, 'must be an object');
    c.unknownKeys(raw, SITE_KEYS, path);
    const before = c.problems.length;
    const id = c.str(raw, 'id', path);
    if (id && out.some((x) => x.id === id)) c.fail(`${path}.id`, `duplicate site id ${id}`);
    const owner = c.str(raw, 'owner', path);
    if (owner && !accounts.some((a) => a.id === owner)) c.fail(`${path}.owner`, `unknown account id ${owner}`);
    c.str(raw, 'siteName', path);
    const tz = c.str(raw, 'timeZone', path);
    if (tz && !validTimeZone(tz)) c.fail(`${path}.timeZone`, 'must be an IANA time zone such as America/Los_Angeles');
    c.num(raw, 'energySiteId', path, { min: 1, integer: true });
    c.num(raw, 'powerwalls', path, { min: 1, integer: true, required: true });
    c.num(raw, 'solarKw', path, { min: 0, required: true });
    c.num(raw, 'homeKw', path, { min: 0 });
    c.num(raw, 'seed', path, { min: 0, integer: true });
    const reserve = c.num(raw, 'backupReservePercent', path, { min: 0, integer: true });
    if (reserve !== undefined && reserve > 100) c.fail(`${path}.backupReservePercent`, 'must be at most 100');
    c.bool(raw, 'wallConnector', path, false);
    c.bool(raw, 'stormModeEnabled', path, false);
    for (const [key, allowed] of Object.entries(SITE_ENUMS)) {
      if (raw[key] !== undefined && !allowed.includes(raw[key] as string)) c.fail(`${path}.${key}`, `must be one of ${allowed.join(', ')}`);
    }
    if (c.problems.length === before) out.push(raw as unknown as EnergySiteConfig);
  });
  return out;
}

/** Validates a parsed world file and fills in defaults. Throws WorldValidationError listing every problem. */
export function validateWorld(raw: unknown): WorldConfig {
  const c = new Checker();
  if (!isObj(raw)) throw new WorldValidationError(['(root): must be a JSON object']);
  c.unknownKeys(raw, ['$schema', 'app', 'accounts', 'vehicles', 'energySites', 'settings', 'rateLimits'], '(root)');
  const app = checkApp(c, raw.app);
  const accounts = checkAccounts(c, raw.accounts);
  const vehicles = checkVehicles(c, raw.vehicles, accounts);
  const energySites = checkEnergySites(c, raw.energySites, accounts);
  const settings = checkSettings(c, raw.settings);
  let rateLimits = structuredClone(DEFAULT_RATE_LIMITS);
  if (raw.rateLimits !== undefined) {
    if (!isObj(raw.rateLimits)) c.fail('rateLimits', 'must be an object');
    else {
      c.unknownKeys(raw.rateLimits, ['perAccount', 'perVehicle'], 'rateLimits');
      rateLimits = {
        perAccount: checkTable(c, raw.rateLimits.perAccount, 'rateLimits.perAccount', DEFAULT_RATE_LIMITS.perAccount),
        perVehicle: checkTable(c, raw.rateLimits.perVehicle, 'rateLimits.perVehicle', DEFAULT_RATE_LIMITS.perVehicle),
      };
    }
  }
  if (c.problems.length || !app) throw new WorldValidationError(c.problems.length ? c.problems : ['app: invalid']);
  return { app, accounts, vehicles, energySites, settings, rateLimits };
}
