/**
 * The history queries over a store, shared by the bridge's HTTP endpoint and `fleetkit telemetry history`: the
 * shapes of core/messages/history.ts. Windows default to the last 24 h before the store's newest record.
 */
import type { HistoryAlerts, HistoryFields, HistoryNumberSeries, HistoryQuery, HistoryStateSeries, HistorySummaries } from '../../core/messages/history';
import { fieldByName } from '../../core/telemetry-catalog/index';
import { bucketAvg, chargingSessions, drives, MINUTE_MS, rollupBuckets } from '../../core/telemetry-history';
import type { HistoryStore } from './store';

const DAY_MS = 86_400_000;
/** Fields the summaries read. */
const SUMMARY_STATES = ['DetailedChargeState', 'Gear'];
const SUMMARY_NUMBERS = ['Soc', 'BatteryLevel', 'ACChargingEnergyIn', 'DCChargingEnergyIn', 'Odometer', 'VehicleSpeed'];
/** Chart steps, in minutes: the finest that keeps a series under maxPoints. */
const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 360, 720, 1440];

function window(store: HistoryStore, since?: number, until?: number): { since: number; until: number } {
  const end = until ?? store.newestTime();
  return { since: since ?? end - DAY_MS, until: end };
}

export function fieldsQuery(store: HistoryStore, vin?: string): HistoryFields {
  const vins = store.vins();
  const v = vin ?? vins[0] ?? '';
  return { type: 'fields', vins, vin: v, fields: v ? store.fields(v) : [], newest: store.newestTime() };
}

export function seriesQuery(store: HistoryStore, q: Extract<HistoryQuery, { query: 'series' }>): HistoryNumberSeries | HistoryStateSeries {
  const { since, until } = window(store, q.since, q.until);
  const buckets = store.buckets({ vin: q.vin, fields: [q.field], since, until });
  if (buckets.length || fieldByName(q.field)?.valueType === 'number') {
    const minutes = (until - since) / MINUTE_MS;
    const maxPoints = q.maxPoints ?? Number.POSITIVE_INFINITY;
    const step = STEPS.find((s) => minutes / s <= maxPoints) ?? STEPS[STEPS.length - 1]!;
    const points = rollupBuckets(buckets, step * MINUTE_MS).map((b) => ({
      t: b.minute,
      count: b.count,
      min: b.min,
      max: b.max,
      avg: bucketAvg(b),
      last: b.last,
    }));
    return { type: 'series', vin: q.vin, field: q.field, kind: 'number', unit: fieldByName(q.field)?.unit ?? '', stepMs: step * MINUTE_MS, points };
  }
  const changes = store.changes({ vin: q.vin, fields: [q.field], since, until }).map((c) => ({ t: c.at, value: c.value }));
  return { type: 'series', vin: q.vin, field: q.field, kind: 'state', changes };
}

export function summariesQuery(store: HistoryStore, q: Extract<HistoryQuery, { query: 'summaries' }>): HistorySummaries {
  const { since, until } = window(store, q.since, q.until);
  const input = {
    changes: store.changes({ vin: q.vin, fields: SUMMARY_STATES, since, until }),
    buckets: store.buckets({ vin: q.vin, fields: SUMMARY_NUMBERS, since, until }),
    until,
  };
  const clip = <T extends { start: number; end: number }>(spans: T[]): T[] => spans.filter((s) => s.end >= since);
  return { type: 'summaries', vin: q.vin, sessions: clip(chargingSessions(q.vin, input)), drives: clip(drives(q.vin, input)) };
}

export function alertsQuery(store: HistoryStore, q: Extract<HistoryQuery, { query: 'alerts' }>): HistoryAlerts {
  const { since, until } = window(store, q.since, q.until);
  return { type: 'alerts', alerts: store.alerts({ vin: q.vin, since, until }) };
}
