import type { TelemetryRecord } from '../../../core/messages/live-feed';
import { unitOf } from './units';
import { displayValue } from './value';

/**
 * A record in the store: as the bridge's live feed delivers it (TelemetryRecord, core/messages/live-feed.ts), or one
 * the extension makes up for a vehicle the feed's hello lists (helloRecord: no txid, message_id or seq).
 */
export type FeedRecord = Pick<TelemetryRecord, 'txtype' | 'vin' | 'received_at'> &
  Partial<Omit<TelemetryRecord, 'txtype' | 'vin' | 'received_at' | 'record'>> & { record: TelemetryRecord['record'] | null };

export interface FieldState {
  key: string;
  text: string;
  num?: number;
  loc?: { latitude: number; longitude: number };
  unit: string;
  /** Vehicle time of the value (createdAt), ms. */
  at: number;
  receivedAt: number;
}

export interface TimelineEntry {
  at: number;
  status: string;
  networkInterface?: string;
}

export interface AlertEntry {
  name: string;
  audiences: string[];
  startedAt?: number;
  endedAt?: number;
  receivedAt: number;
}

export interface ErrorEntry {
  name: string;
  body: string;
  tags: Record<string, string>;
  at: number;
}

export interface VehicleView {
  vin: string;
  fields: Map<string, FieldState>;
  /** Numeric fields: [vehicle time ms, value] within the history window. */
  series: Map<string, Array<[number, number]>>;
  connectivity: TimelineEntry[];
  alerts: AlertEntry[];
  errors: ErrorEntry[];
  records: number;
  connected: boolean;
  lastReceivedAt: number;
}

export interface StoreOptions {
  /** How long numeric history is kept (ms). */
  historyMs: number;
  /** Bound per series, per event list, and on the raw records kept for export. */
  maxPoints?: number;
  maxEvents?: number;
  maxRecords?: number;
}

function ms(value: unknown, fallback: number): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const n = Date.parse(value);
    if (!Number.isNaN(n)) return n;
  }
  return fallback;
}

/** Appends and trims in amortised O(1): the list may briefly hold up to 25 % more than `max`. */
function pushBounded<T>(list: T[], item: T, max: number): void {
  list.push(item);
  if (list.length > max + Math.max(1, max >> 2)) list.splice(0, list.length - max);
}

/** `max` most recent items of a bounded list (pushBounded may keep a few more). */
function lastOf<T>(list: readonly T[], max: number): T[] {
  return list.length > max ? list.slice(list.length - max) : [...list];
}

/**
 * Everything the panel knows about the stream, per vehicle: the latest value of every field, numeric history for
 * sparklines, the connectivity timeline, alerts and errors, plus the raw records for export. Pure (no DOM, no
 * vscode): the extension host and the webview each keep one.
 */
export class TelemetryStore {
  private readonly byVin = new Map<string, VehicleView>();
  private readonly raw: FeedRecord[] = [];
  private readonly arrivals: number[] = [];
  private readonly maxPoints: number;
  private readonly maxEvents: number;
  private readonly maxRecords: number;
  total = 0;

  get historyMs(): number {
    return this.options.historyMs;
  }

  constructor(private readonly options: StoreOptions) {
    this.maxPoints = options.maxPoints ?? 2000;
    this.maxEvents = options.maxEvents ?? 200;
    this.maxRecords = options.maxRecords ?? 50_000;
  }

  private view(vin: string): VehicleView {
    let v = this.byVin.get(vin);
    if (!v) {
      this.byVin.set(
        vin,
        (v = { vin, fields: new Map(), series: new Map(), connectivity: [], alerts: [], errors: [], records: 0, connected: false, lastReceivedAt: 0 }),
      );
    }
    return v;
  }

  /** Adds one feed record; malformed records are ignored (returns false). */
  add(r: FeedRecord): boolean {
    if (!r || typeof r !== 'object' || typeof r.vin !== 'string' || typeof r.txtype !== 'string') return false;
    const rec = (r.record && typeof r.record === 'object' ? r.record : {}) as Record<string, unknown>;
    const received = typeof r.received_at === 'number' ? r.received_at : Date.now();
    const v = this.view(r.vin);
    v.records++;
    v.lastReceivedAt = Math.max(v.lastReceivedAt, received);
    this.total++;
    pushBounded(this.raw, r, this.maxRecords);
    pushBounded(this.arrivals, received, 20_000);
    const at = ms(rec.createdAt, received);
    switch (r.txtype) {
      case 'V': {
        const data = Array.isArray(rec.data) ? (rec.data as Array<{ key?: unknown; value?: unknown }>) : [];
        for (const d of data) {
          if (typeof d?.key !== 'string') continue;
          const shown = displayValue(d.value);
          const prev = v.fields.get(d.key);
          // An older value (a resend) does not replace a newer one, but still belongs in the history.
          if (!prev || prev.at <= at) {
            v.fields.set(d.key, {
              key: d.key,
              text: shown.text,
              ...(shown.num !== undefined ? { num: shown.num } : {}),
              ...(shown.loc ? { loc: shown.loc } : {}),
              unit: unitOf(d.key),
              at,
              receivedAt: received,
            });
          }
          if (shown.num !== undefined) {
            let s = v.series.get(d.key);
            if (!s) v.series.set(d.key, (s = []));
            if (s.length === 0 || s[s.length - 1]![0] <= at) s.push([at, shown.num]);
            else {
              s.splice(
                s.findIndex(([t]) => t > at),
                0,
                [at, shown.num],
              );
            }
            // Trim old points in batches (amortised), not on every record.
            const cutoff = at - this.options.historyMs;
            if (s.length > this.maxPoints + (this.maxPoints >> 2) || s[0]![0] < cutoff - this.options.historyMs / 4) {
              let drop = 0;
              while (drop < s.length && s[drop]![0] < cutoff) drop++;
              drop = Math.max(drop, s.length - this.maxPoints);
              if (drop > 0) s.splice(0, drop);
            }
          }
        }
        break;
      }
      case 'connectivity': {
        const status = String(rec.status ?? 'UNKNOWN');
        v.connected = status === 'CONNECTED';
        pushBounded(
          v.connectivity,
          { at, status, ...(typeof rec.networkInterface === 'string' ? { networkInterface: rec.networkInterface } : {}) },
          this.maxEvents,
        );
        break;
      }
      case 'alerts': {
        for (const a of Array.isArray(rec.alerts) ? (rec.alerts as Array<Record<string, unknown>>) : []) {
          const entry: AlertEntry = { name: String(a.name ?? ''), audiences: Array.isArray(a.audiences) ? a.audiences.map(String) : [], receivedAt: received };
          if (a.startedAt) entry.startedAt = ms(a.startedAt, received);
          if (a.endedAt) entry.endedAt = ms(a.endedAt, received);
          const open = v.alerts.find((x) => x.name === entry.name && x.endedAt === undefined && x.startedAt === entry.startedAt);
          if (open && entry.endedAt !== undefined) open.endedAt = entry.endedAt;
          else pushBounded(v.alerts, entry, this.maxEvents);
        }
        break;
      }
      case 'errors': {
        for (const e of Array.isArray(rec.errors) ? (rec.errors as Array<Record<string, unknown>>) : []) {
          const tags: Record<string, string> = {};
          if (e.tags && typeof e.tags === 'object') for (const [k, val] of Object.entries(e.tags)) tags[k] = String(val);
          pushBounded(v.errors, { name: String(e.name ?? ''), body: String(e.body ?? ''), tags, at: ms(e.createdAt, at) }, this.maxEvents);
        }
        break;
      }
      default:
        break;
    }
    return true;
  }

  /** Records received in the last `windowMs` per second (arrival time). */
  rate(now: number, windowMs = 5000): number {
    let n = 0;
    for (let i = this.arrivals.length - 1; i >= 0 && this.arrivals[i]! > now - windowMs; i--) n++;
    return n / (windowMs / 1000);
  }

  vehicles(): VehicleView[] {
    return [...this.byVin.values()].sort((a, b) => a.vin.localeCompare(b.vin));
  }

  vehicle(vin: string): VehicleView | undefined {
    return this.byVin.get(vin);
  }

  /** The raw records kept (oldest first), optionally only those matching `filter`. */
  records(filter?: (r: FeedRecord) => boolean): FeedRecord[] {
    const kept = lastOf(this.raw, this.maxRecords);
    return filter ? kept.filter(filter) : kept;
  }

  clear(): void {
    this.byVin.clear();
    this.raw.length = 0;
    this.arrivals.length = 0;
    this.total = 0;
  }
}
