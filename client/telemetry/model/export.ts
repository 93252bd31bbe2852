import type { FeedRecord } from './store';
import { displayValue } from './value';

/** JSON export: the records exactly as the feed delivered them (fleet-telemetry's decoded shape + metadata). */
export function recordsToJson(records: readonly FeedRecord[]): string {
  return JSON.stringify(records, null, 2) + '\n';
}

const CSV_HEADER = ['received_at', 'created_at', 'vin', 'topic', 'txid', 'key', 'value', 'numeric_value', 'is_resend'];

/** One CSV cell (RFC 4180); cells starting with = + - @ are prefixed with ' so spreadsheets do not run them. */
export function csvCell(value: unknown): string {
  let s = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : '';
}

/**
 * CSV export, one row per signal: V records give a row per datum; alerts a row per alert (value = started/ended);
 * errors a row per error (value = body); connectivity one row (value = status).
 */
export function recordsToCsv(records: readonly FeedRecord[]): string {
  const rows: unknown[][] = [CSV_HEADER];
  for (const r of records) {
    const rec = (r.record ?? {}) as Record<string, unknown>;
    const base = [iso(r.received_at), typeof rec.createdAt === 'string' ? rec.createdAt : '', r.vin, r.txtype, r.txid ?? ''];
    if (r.txtype === 'V' && Array.isArray(rec.data)) {
      for (const d of rec.data as Array<{ key?: unknown; value?: unknown }>) {
        const v = displayValue(d.value);
        rows.push([...base, d.key, v.text, v.num ?? '', rec.isResend === true]);
      }
    } else if (r.txtype === 'alerts' && Array.isArray(rec.alerts)) {
      for (const a of rec.alerts as Array<Record<string, unknown>>) {
        rows.push([...base, a.name, a.endedAt ? `ended ${String(a.endedAt)}` : `started ${String(a.startedAt ?? '')}`, '', '']);
      }
    } else if (r.txtype === 'errors' && Array.isArray(rec.errors)) {
      for (const e of rec.errors as Array<Record<string, unknown>>) rows.push([...base, e.name, e.body ?? JSON.stringify(e.tags ?? {}), '', '']);
    } else {
      rows.push([...base, 'status', rec.status ?? '', '', '']);
    }
  }
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
