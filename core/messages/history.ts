/**
 * The bridge's history over HTTP (docs/history.md): `GET /history/<query>?…` on the live feed's port, with the feed
 * token (`Authorization: Bearer <token>`). The bridge answers with these (telemetry-bridge/history/http.ts); the
 * extension reads them with parseHistoryResponse (client/telemetry/history-client.ts). `fleetkit telemetry history`
 * prints the same shapes (times as ISO 8601 there).
 */
import { isAlert, type Alert } from '../alerts/alert';
import type { ChargingSession, Drive } from '../telemetry-history/summaries';

/** One point of a numeric series: a minute (or a wider step) of aggregates. */
export interface HistoryPoint {
  /** Start of the step, epoch ms. */
  t: number;
  count: number;
  min: number;
  max: number;
  avg: number;
  last: number;
}

export interface HistoryNumberSeries {
  type: 'series';
  vin: string;
  field: string;
  kind: 'number';
  /** The catalogue's unit, '' when it has none. */
  unit: string;
  /** Width of a point (ms): 60,000 or wider when the window is long. */
  stepMs: number;
  points: HistoryPoint[];
}

export interface HistoryStateSeries {
  type: 'series';
  vin: string;
  field: string;
  kind: 'state';
  /** The state in force at the window's start first (when known), then each change. */
  changes: Array<{ t: number; value: string }>;
}

export interface HistoryFields {
  type: 'fields';
  /** Every VIN with history. */
  vins: string[];
  vin: string;
  fields: Array<{ field: string; kind: 'number' | 'state'; lastAt: number }>;
  /** The newest record time of the store (epoch ms): the history's "now". */
  newest: number;
}

export interface HistorySummaries {
  type: 'summaries';
  vin: string;
  sessions: ChargingSession[];
  drives: Drive[];
}

export interface HistoryAlerts {
  type: 'alerts';
  alerts: Alert[];
}

export interface HistoryError {
  type: 'error';
  message: string;
}

export type HistoryResponse = HistoryNumberSeries | HistoryStateSeries | HistoryFields | HistorySummaries | HistoryAlerts | HistoryError;

/** The queries, as path and parameters (times epoch ms). */
export type HistoryQuery =
  | { query: 'fields'; vin?: string }
  | { query: 'series'; vin: string; field: string; since?: number; until?: number; maxPoints?: number }
  | { query: 'summaries'; vin: string; since?: number; until?: number }
  | { query: 'alerts'; vin?: string; since?: number; until?: number };

/** The path and query string of a history request. */
export function historyRequestPath(q: HistoryQuery): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (k !== 'query' && v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return `/history/${q.query}${s ? `?${s}` : ''}`;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isPoint = (p: unknown): p is HistoryPoint => isObject(p) && ['t', 'count', 'min', 'max', 'avg', 'last'].every((k) => num(p[k]));
const isSpan = (s: unknown): boolean =>
  isObject(s) && typeof s.vin === 'string' && num(s.start) && num(s.end) && num(s.durationS) && typeof s.ongoing === 'boolean';

/** Reads a history response body; throws a readable Error for anything that is not one. Bad items of a list are left out. */
export function parseHistoryResponse(text: string): HistoryResponse {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new Error('a history response is not JSON');
  }
  if (!isObject(v) || typeof v.type !== 'string') throw new Error('a history response is not a JSON object with a "type"');
  switch (v.type) {
    case 'series':
      if (typeof v.vin !== 'string' || typeof v.field !== 'string') throw new Error('a history series needs a vin and a field');
      if (v.kind === 'number' && Array.isArray(v.points) && num(v.stepMs)) {
        return {
          type: 'series',
          vin: v.vin,
          field: v.field,
          kind: 'number',
          unit: typeof v.unit === 'string' ? v.unit : '',
          stepMs: v.stepMs,
          points: v.points.filter(isPoint),
        };
      }
      if (v.kind === 'state' && Array.isArray(v.changes)) {
        const changes = v.changes.filter((c): c is { t: number; value: string } => isObject(c) && num(c.t) && typeof c.value === 'string');
        return { type: 'series', vin: v.vin, field: v.field, kind: 'state', changes };
      }
      throw new Error('a history series needs kind "number" with points and stepMs, or kind "state" with changes');
    case 'fields':
      if (!Array.isArray(v.vins) || !Array.isArray(v.fields) || typeof v.vin !== 'string' || !num(v.newest)) {
        throw new Error('a history "fields" answer needs vins, vin, fields and newest');
      }
      return {
        type: 'fields',
        vins: v.vins.filter((x): x is string => typeof x === 'string'),
        vin: v.vin,
        fields: v.fields.filter(
          (f): f is HistoryFields['fields'][number] =>
            isObject(f) && typeof f.field === 'string' && (f.kind === 'number' || f.kind === 'state') && num(f.lastAt),
        ),
        newest: v.newest,
      };
    case 'summaries':
      if (typeof v.vin !== 'string' || !Array.isArray(v.sessions) || !Array.isArray(v.drives)) {
        throw new Error('a history "summaries" answer needs vin, sessions and drives');
      }
      return { type: 'summaries', vin: v.vin, sessions: v.sessions.filter(isSpan) as ChargingSession[], drives: v.drives.filter(isSpan) as Drive[] };
    case 'alerts':
      if (!Array.isArray(v.alerts)) throw new Error('a history "alerts" answer needs an alerts list');
      return { type: 'alerts', alerts: v.alerts.filter(isAlert) };
    case 'error':
      return { type: 'error', message: typeof v.message === 'string' ? v.message : 'the bridge could not answer' };
    default:
      throw new Error(`a history response of unknown type "${v.type}"`);
  }
}
