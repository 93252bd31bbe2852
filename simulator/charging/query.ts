/** The charging_history query: filter by VIN and time window, sort, page (pageNo counts from 0, as the endpoint table reads it). Pure. */
import { SimHttpError } from '../http/errors';
import type { SimChargingSession } from './sessions';

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;
export const SORT_FIELDS = ['chargeStartDateTime', 'chargeStopDateTime', 'sessionId', 'siteLocationName'] as const;
type SortField = (typeof SORT_FIELDS)[number];

export interface HistoryQuery {
  vin?: string;
  startTime?: number;
  endTime?: number;
  pageNo: number;
  pageSize: number;
  sortBy: SortField;
  sortOrder: 'ASC' | 'DESC';
}

function time(params: URLSearchParams, name: string): number | undefined {
  const v = params.get(name);
  if (v === null || v === '') return undefined;
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new SimHttpError(400, 'invalid_field', `${name} must be an ISO 8601 date-time (e.g. 2026-11-01T00:00:00Z)`);
  return t;
}

function int(params: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const v = params.get(name);
  if (v === null || v === '') return fallback;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new SimHttpError(400, 'invalid_field', `${name} must be an integer from ${min} to ${max}`);
  return Number(v);
}

export function parseHistoryQuery(params: URLSearchParams): HistoryQuery {
  const sortBy = params.get('sortBy') || 'chargeStartDateTime';
  if (!(SORT_FIELDS as readonly string[]).includes(sortBy)) throw new SimHttpError(400, 'invalid_field', `sortBy must be one of ${SORT_FIELDS.join(', ')}`);
  const sortOrder = (params.get('sortOrder') || 'DESC').toUpperCase();
  if (sortOrder !== 'ASC' && sortOrder !== 'DESC') throw new SimHttpError(400, 'invalid_field', 'sortOrder must be ASC or DESC');
  const q: HistoryQuery = {
    startTime: time(params, 'startTime'),
    endTime: time(params, 'endTime'),
    pageNo: int(params, 'pageNo', 0, 0, 1_000_000),
    pageSize: int(params, 'pageSize', DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE),
    sortBy: sortBy as SortField,
    sortOrder,
  };
  const vin = params.get('vin');
  if (vin) q.vin = vin;
  if (q.startTime !== undefined && q.endTime !== undefined && q.endTime < q.startTime) {
    throw new SimHttpError(400, 'invalid_field', 'endTime is before startTime');
  }
  return q;
}

/** Sessions that started in [startTime, endTime), sorted (ties by sessionId), the requested page. */
export function selectHistory(all: readonly SimChargingSession[], q: HistoryQuery): SimChargingSession[] {
  const inWindow = all.filter((s) => {
    const start = Date.parse(s.chargeStartDateTime);
    return (!q.vin || s.vin === q.vin) && (q.startTime === undefined || start >= q.startTime) && (q.endTime === undefined || start < q.endTime);
  });
  const sign = q.sortOrder === 'ASC' ? 1 : -1;
  const key = (s: SimChargingSession): string | number =>
    q.sortBy === 'sessionId' ? s.sessionId : q.sortBy === 'siteLocationName' ? s.siteLocationName : Date.parse(s[q.sortBy]);
  const sorted = [...inWindow].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    const c = typeof ka === 'number' && typeof kb === 'number' ? ka - kb : String(ka).localeCompare(String(kb));
    return sign * (c || a.sessionId - b.sessionId);
  });
  const from = q.pageNo * q.pageSize;
  return sorted.slice(from, from + q.pageSize);
}
