/**
 * The alert rules engine (docs/alerts.md, "How rules are evaluated"): pure and deterministic, fed the bridge's records
 * in arrival order, no I/O and no wall clock. Time is each record's own `createdAt`; order is judged per vehicle and
 * record type, so the buffered V records a car uploads after it reconnects (older than the bridge's connectivity
 * records) still count, while a V record older than the last V record of its car (a resend) is left out.
 * Staleness and long disconnections need time to pass without records: they are judged at every later record of the
 * car (of any type) and at `advance(time)`, which the bridge calls from its clock.
 */
import { formatDuration, formatQuantity } from '../format/quantity';
import type { TelemetryRecord } from '../messages/live-feed';
import { fieldByName } from '../telemetry-catalog/index';
import type { Alert } from './alert';
import type { AlertRule, BecomesRule, Condition, DeltaRule, StaleRule, ThresholdRule } from './rules';
import { CONNECTIVITY_FIELD } from './rules';
import { recordTime, recordValues, type FieldValue } from './values';

export interface EngineOptions {
  /** Vehicles whose state is kept; the one updated longest ago is forgotten beyond this. Default 10,000. */
  maxVehicles?: number;
  /** Samples a delta rule keeps per vehicle (its window's extremes); default 1,024. */
  maxWindowSamples?: number;
}

export interface EngineStats {
  records: number;
  /** V records older than the last V record of their vehicle (resends), and connectivity records out of order. */
  late: number;
  /** Records without a time the engine can read. */
  untimed: number;
  alerts: number;
  /** Crossings that happened inside a rule's cooldown. */
  suppressed: number;
  /** Vehicles forgotten to stay within maxVehicles. */
  evicted: number;
}

interface RuleState {
  lastFired?: number;
  /** Threshold: ready to fire (re-armed after clearing). Stale: not fired since the field was last seen. */
  armed: boolean;
  /** Becomes: the previous value. */
  prev?: FieldValue;
  /** Delta: [time, value] pairs, a monotonic queue whose head is the window's highest (drop) or lowest (rise) value. */
  window?: Array<[number, number]>;
}

interface VehicleState {
  lastV: number;
  lastConnectivity: number;
  /** The latest time seen for this vehicle, from any record or advance(). */
  now: number;
  firstSeen: number;
  /** undefined until a connectivity record says. */
  connected?: boolean;
  changedAt: number;
  latest: Map<string, FieldValue>;
  seenAt: Map<string, number>;
  rules: Array<RuleState | undefined>;
}

const en = 'en';

function show(field: string, v: FieldValue): string {
  if (typeof v === 'number') return formatQuantity(v, fieldByName(field)?.unit ?? '', en);
  if (typeof v === 'object') return `${v.latitude}, ${v.longitude}`;
  return String(v);
}

/** Seconds to the second under an hour ("5 min 1 s": an alert that says "5 min (longer than 5 min)" reads wrong), else formatDuration's. */
function span(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60 || s >= 3600) return formatDuration(s, en);
  return s % 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s / 60} min`;
}

function holds(c: Condition, v: FieldValue | undefined): boolean {
  if (v === undefined) return false;
  if (c.in) return c.in.some((x) => x === v);
  if (typeof v !== 'number') return false;
  return (
    (c.above === undefined || v > c.above) &&
    (c.below === undefined || v < c.below) &&
    (c.atLeast === undefined || v >= c.atLeast) &&
    (c.atMost === undefined || v <= c.atMost)
  );
}

export class AlertEngine {
  readonly stats: EngineStats = { records: 0, late: 0, untimed: 0, alerts: 0, suppressed: 0, evicted: 0 };
  private readonly vehicles = new Map<string, VehicleState>();
  private readonly byField = new Map<string, number[]>();
  private readonly deadlineRules: number[] = [];
  private readonly tracked = new Set<string>();
  private readonly scopes: Array<Set<string> | undefined>;
  private readonly maxVehicles: number;
  private readonly maxWindow: number;

  constructor(
    readonly rules: readonly AlertRule[],
    options: EngineOptions = {},
  ) {
    this.maxVehicles = options.maxVehicles ?? 10_000;
    this.maxWindow = options.maxWindowSamples ?? 1024;
    this.scopes = rules.map((r) => (r.vins ? new Set(r.vins) : undefined));
    rules.forEach((rule, i) => {
      for (const c of rule.when) this.tracked.add(c.field);
      if (rule.kind === 'stale' || rule.kind === 'connectivity') this.deadlineRules.push(i);
      if (rule.kind === 'connectivity') return;
      this.tracked.add(rule.field);
      if (rule.kind === 'stale') return;
      const list = this.byField.get(rule.field) ?? [];
      list.push(i);
      this.byField.set(rule.field, list);
    });
  }

  /** Vehicles with state kept now. */
  get vehicleCount(): number {
    return this.vehicles.size;
  }

  /** The alerts one record fires, in rule order. Records of other types (Tesla's alerts, errors) only move time on. */
  process(rec: TelemetryRecord): Alert[] {
    this.stats.records++;
    const t = recordTime(rec.record) ?? rec.received_at;
    if (!Number.isFinite(t)) {
      this.stats.untimed++;
      return [];
    }
    const at = typeof rec.record.createdAt === 'string' ? rec.record.createdAt : new Date(t).toISOString();
    const vin = rec.vin;
    const s = this.vehicle(vin, t);
    const out: Alert[] = [];
    if (rec.txtype === 'V' && t < s.lastV) {
      this.stats.late++;
      return out;
    }
    if (rec.txtype === 'connectivity' && t < s.lastConnectivity) {
      this.stats.late++;
      return out;
    }
    if (t > s.now) s.now = t;
    this.deadlines(vin, s, s.now, out);
    if (rec.txtype === 'V') {
      s.lastV = t;
      this.applyValues(vin, s, t, at, recordValues(rec.record), out);
    } else if (rec.txtype === 'connectivity') {
      s.lastConnectivity = t;
      this.applyConnectivity(vin, s, t, at, rec.record.status, out);
    }
    return out;
  }

  /** Moves every vehicle's time on to `time` (epoch ms) and returns the staleness and disconnection alerts due. */
  advance(time: number): Alert[] {
    const out: Alert[] = [];
    for (const [vin, s] of this.vehicles) {
      if (time > s.now) s.now = time;
      this.deadlines(vin, s, s.now, out);
    }
    return out;
  }

  private vehicle(vin: string, t: number): VehicleState {
    let s = this.vehicles.get(vin);
    if (s) {
      // Most recently updated last: the first entry is the one to forget.
      this.vehicles.delete(vin);
      this.vehicles.set(vin, s);
      return s;
    }
    s = {
      lastV: -Infinity,
      lastConnectivity: -Infinity,
      now: t,
      firstSeen: t,
      changedAt: t,
      latest: new Map(),
      seenAt: new Map(),
      rules: [],
    };
    this.vehicles.set(vin, s);
    if (this.vehicles.size > this.maxVehicles) {
      const oldest = this.vehicles.keys().next().value as string;
      this.vehicles.delete(oldest);
      this.stats.evicted++;
    }
    return s;
  }

  private ruleState(s: VehicleState, i: number): RuleState {
    let r = s.rules[i];
    if (!r) {
      r = { armed: true };
      s.rules[i] = r;
    }
    return r;
  }

  private applies(i: number, vin: string, s: VehicleState): boolean {
    const scope = this.scopes[i];
    if (scope && !scope.has(vin)) return false;
    return this.rules[i].when.every((c) => holds(c, s.latest.get(c.field)));
  }

  private fire(out: Alert[], i: number, r: RuleState, vin: string, t: number, at: string, value: unknown, message: string): void {
    const rule = this.rules[i];
    if (r.lastFired !== undefined && t - r.lastFired < rule.cooldownSeconds * 1000) {
      this.stats.suppressed++;
      return;
    }
    r.lastFired = t;
    this.stats.alerts++;
    const field = rule.kind === 'connectivity' ? CONNECTIVITY_FIELD : rule.field;
    out.push({ rule: rule.name, vin, at, field, value, severity: rule.severity, kind: rule.kind, message });
  }

  private applyValues(vin: string, s: VehicleState, t: number, at: string, values: Map<string, FieldValue>, out: Alert[]): void {
    for (const [field, v] of values) {
      if (!this.tracked.has(field)) continue;
      s.latest.set(field, v);
      s.seenAt.set(field, t);
    }
    for (const [field, v] of values) {
      const list = this.byField.get(field);
      if (!list) continue;
      for (const i of list) {
        const rule = this.rules[i];
        if (rule.kind === 'threshold') this.threshold(rule, i, vin, s, t, at, v, out);
        else if (rule.kind === 'delta') this.delta(rule, i, vin, s, t, at, v, out);
        else if (rule.kind === 'becomes') this.becomes(rule, i, vin, s, t, at, v, out);
      }
    }
    // A stale rule whose field came back is ready to fire again.
    for (const i of this.deadlineRules) {
      const rule = this.rules[i];
      if (rule.kind === 'stale' && values.has(rule.field)) this.ruleState(s, i).armed = true;
    }
  }

  private threshold(rule: ThresholdRule, i: number, vin: string, s: VehicleState, t: number, at: string, v: FieldValue, out: Alert[]): void {
    if (typeof v !== 'number') return;
    const r = this.ruleState(s, i);
    const below = rule.direction === 'below';
    if (!r.armed) {
      if (below ? v > rule.clear : v < rule.clear) r.armed = true;
      return;
    }
    if (!(below ? v < rule.limit : v > rule.limit) || !this.applies(i, vin, s)) return;
    r.armed = false;
    const verb = below ? 'fell below' : 'rose above';
    this.fire(out, i, r, vin, t, at, v, `${rule.field} ${verb} ${show(rule.field, rule.limit)} (${show(rule.field, v)})`);
  }

  private delta(rule: DeltaRule, i: number, vin: string, s: VehicleState, t: number, at: string, v: FieldValue, out: Alert[]): void {
    if (typeof v !== 'number') return;
    const r = this.ruleState(s, i);
    const w = (r.window ??= []);
    const drop = rule.direction === 'drop';
    // Keep the head the window's extreme: drop a sample that can never be it again.
    while (w.length && (drop ? w[w.length - 1][1] <= v : w[w.length - 1][1] >= v)) w.pop();
    w.push([t, v]);
    const from = t - rule.withinSeconds * 1000;
    while (w.length && w[0][0] < from) w.shift();
    if (w.length > this.maxWindow) w.splice(0, w.length - this.maxWindow);
    const [since, extreme] = w[0];
    const change = drop ? extreme - v : v - extreme;
    if (change < rule.by || !this.applies(i, vin, s)) return;
    r.window = [[t, v]];
    const verb = drop ? 'dropped' : 'rose';
    const seconds = Math.max(0, (t - since) / 1000);
    this.fire(
      out,
      i,
      r,
      vin,
      t,
      at,
      v,
      `${rule.field} ${verb} by ${show(rule.field, change)} in ${span(seconds)} (${show(rule.field, extreme)} → ${show(rule.field, v)})`,
    );
  }

  private becomes(rule: BecomesRule, i: number, vin: string, s: VehicleState, t: number, at: string, v: FieldValue, out: Alert[]): void {
    const r = this.ruleState(s, i);
    const prev = r.prev;
    r.prev = v;
    if (prev === undefined || prev === v || v !== rule.becomes || !this.applies(i, vin, s)) return;
    this.fire(out, i, r, vin, t, at, v, `${rule.field} became ${String(v)} (was ${show(rule.field, prev)})`);
  }

  private applyConnectivity(vin: string, s: VehicleState, t: number, at: string, status: unknown, out: Alert[]): void {
    if (status === 'DISCONNECTED') {
      if (s.connected === false) return;
      s.connected = false;
      s.changedAt = t;
      for (const i of this.deadlineRules) if (this.rules[i].kind === 'connectivity') this.ruleState(s, i).armed = true;
      return;
    }
    if (status !== 'CONNECTED' || s.connected === true) return;
    // Back before a later record or advance() saw the deadline pass: judge the whole disconnection now.
    if (s.connected === false) this.disconnection(vin, s, t, at, out);
    s.connected = true;
    s.changedAt = t;
    for (const i of this.deadlineRules) if (this.rules[i].kind === 'stale') this.ruleState(s, i).armed = true;
  }

  private deadlines(vin: string, s: VehicleState, now: number, out: Alert[]): void {
    if (!this.deadlineRules.length) return;
    if (s.connected === false) {
      this.disconnection(vin, s, now, new Date(now).toISOString(), out);
      return;
    }
    for (const i of this.deadlineRules) {
      const rule = this.rules[i];
      if (rule.kind === 'stale') this.stale(rule, i, vin, s, now, out);
    }
  }

  /** Each connectivity rule fires once per disconnection longer than its disconnectedSeconds. */
  private disconnection(vin: string, s: VehicleState, now: number, at: string, out: Alert[]): void {
    const seconds = (now - s.changedAt) / 1000;
    for (const i of this.deadlineRules) {
      const rule = this.rules[i];
      if (rule.kind !== 'connectivity' || seconds <= rule.disconnectedSeconds) continue;
      const r = this.ruleState(s, i);
      if (!r.armed || !this.applies(i, vin, s)) continue;
      r.armed = false;
      const message = `Disconnected for ${span(seconds)} (longer than ${span(rule.disconnectedSeconds)})`;
      this.fire(out, i, r, vin, now, at, Math.round(seconds), message);
    }
  }

  private stale(rule: StaleRule, i: number, vin: string, s: VehicleState, now: number, out: Alert[]): void {
    const r = this.ruleState(s, i);
    if (!r.armed) return;
    const since = Math.max(s.seenAt.get(rule.field) ?? -Infinity, s.connected ? s.changedAt : -Infinity, s.firstSeen);
    const seconds = (now - since) / 1000;
    if (seconds <= rule.staleSeconds || !this.applies(i, vin, s)) return;
    r.armed = false;
    this.fire(
      out,
      i,
      r,
      vin,
      now,
      new Date(now).toISOString(),
      Math.round(seconds),
      `No ${rule.field} for ${span(seconds)} (longer than ${span(rule.staleSeconds)})`,
    );
  }
}
