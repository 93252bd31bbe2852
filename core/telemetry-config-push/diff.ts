/**
 * What a telemetry config push changes on one car: the car's current config (GET fleet_telemetry_config → `config`)
 * against the config about to be pushed. Pure: the editor's push confirmation shows it before anything is sent.
 */

/** Claims Tesla adds to the config it returns (fleet-telemetry issue #212: the returned config contains iss and aud). */
const SIGNER_CLAIMS = new Set(['iss', 'aud']);

export interface ConfigChange {
  /** Dotted path: `hostname`, `fields.Soc`, `fields.Soc.interval_seconds`. */
  readonly path: string;
  readonly kind: 'added' | 'removed' | 'changed';
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface ConfigDiff {
  /** The car has no config from this app (GET answered `config: null`). */
  readonly isNew: boolean;
  /** Empty when the car already has exactly this config. */
  readonly changes: readonly ConfigChange[];
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

/** Arrays of plain values (alert_types) are sets: only membership counts, not order. */
function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b) && [...a, ...b].every((x) => x === null || typeof x !== 'object')) {
    const as = new Set(a.map((x) => JSON.stringify(x)));
    const bs = new Set(b.map((x) => JSON.stringify(x)));
    return as.size === bs.size && [...as].every((x) => bs.has(x));
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

function diffObjects(before: Json, after: Json, prefix: string, out: ConfigChange[]): void {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  for (const key of keys) {
    if (!prefix && SIGNER_CLAIMS.has(key)) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    // null is "not set" (a pushed `ca: null` and a returned config without `ca` mean the same: the system roots).
    const hasBefore = before[key] !== undefined && before[key] !== null;
    const hasAfter = after[key] !== undefined && after[key] !== null;
    if (!hasBefore && !hasAfter) continue;
    if (hasBefore && !hasAfter) out.push({ path, kind: 'removed', before: before[key] });
    else if (!hasBefore && hasAfter) out.push({ path, kind: 'added', after: after[key] });
    else if (isObject(before[key]) && isObject(after[key])) diffObjects(before[key], after[key], path, out);
    else if (!sameValue(before[key], after[key])) out.push({ path, kind: 'changed', before: before[key], after: after[key] });
  }
}

/** `current`: the car's config as GET returned it (null when it has none from this app); `next`: the config to push. */
export function diffTelemetryConfig(current: Readonly<Json> | null | undefined, next: Readonly<Json>): ConfigDiff {
  const changes: ConfigChange[] = [];
  diffObjects(current ?? {}, next, '', changes);
  return { isNew: !current, changes };
}

const SHORT = 40;

function valueText(v: unknown): string {
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > SHORT ? `${text.slice(0, SHORT - 1)}…` : text;
}

/**
 * The changes as short phrases for a dialog: field additions and removals grouped (`fields +Soc +Odometer −Gear`),
 * interval changes with their unit, a long value such as a CA bundle only named (`ca changed`).
 */
export function describeChanges(diff: ConfigDiff): string[] {
  const out: string[] = [];
  const fieldEdits: string[] = [];
  for (const c of diff.changes) {
    const fieldMatch = /^fields\.([^.]+)(?:\.(.+))?$/.exec(c.path);
    if (fieldMatch) {
      const [, field, sub] = fieldMatch;
      if (!sub && c.kind === 'added') fieldEdits.push(`+${field}`);
      else if (!sub && c.kind === 'removed') fieldEdits.push(`−${field}`);
      else if (sub === 'interval_seconds' && c.kind === 'changed') fieldEdits.push(`${field} every ${valueText(c.before)} → ${valueText(c.after)} s`);
      else fieldEdits.push(`${field}${sub ? ` ${sub}` : ''} ${phrase(c)}`);
      continue;
    }
    out.push(`${c.path} ${phrase(c)}`);
  }
  if (fieldEdits.length) out.push(`fields ${fieldEdits.join(' ')}`);
  return out;
}

const isLong = (v: unknown): boolean => (typeof v === 'string' ? v : (JSON.stringify(v) ?? '')).length > SHORT;

function phrase(c: ConfigChange): string {
  if (c.kind === 'added') return isLong(c.after) ? 'set' : `set to ${valueText(c.after)}`;
  if (c.kind === 'removed') return isLong(c.before) ? 'removed' : `removed (was ${valueText(c.before)})`;
  return isLong(c.before) || isLong(c.after) ? 'changed' : `${valueText(c.before)} → ${valueText(c.after)}`;
}

/** localhost, *.localhost, 127.0.0.0/8, ::1 (with or without brackets), 0.0.0.0: where the local bridge listens. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(h) || h === '::1' || h === '0:0:0:0:0:0:0:1' || h === '0.0.0.0';
}

function target(config: Readonly<Json>): string {
  const host = typeof config.hostname === 'string' ? config.hostname : '(no hostname)';
  return config.port !== undefined ? `${host}:${String(config.port)}` : host;
}

/**
 * Whether the push moves a car between the local bridge (a loopback hostname) and another server: `leaves-local`
 * when the car streams to this machine now and will stream elsewhere, `joins-local` the other way round. A car
 * without a config, or one that stays on the same side, is not re-pointed.
 */
export function streamRepoint(
  current: Readonly<Json> | null | undefined,
  next: Readonly<Json>,
): { direction: 'leaves-local' | 'joins-local'; from: string; to: string } | undefined {
  if (!current || typeof current.hostname !== 'string' || typeof next.hostname !== 'string') return undefined;
  const wasLocal = isLoopbackHost(current.hostname);
  const willBeLocal = isLoopbackHost(next.hostname);
  if (wasLocal === willBeLocal) return undefined;
  return { direction: wasLocal ? 'leaves-local' : 'joins-local', from: target(current), to: target(next) };
}
