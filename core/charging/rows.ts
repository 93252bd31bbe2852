/** One flat row per charging session (the CLI's table and CSV, the editor's list), and CSV output. */
import type { ChargingHistoryItem, ChargingSession } from '../fleet-api/charging-types';
import { sessionCost, sessionEnergyKwh } from './totals';

export interface ChargingRow {
  sessionId: string;
  vin: string;
  site: string;
  start: string;
  stop: string;
  energyKwh: number;
  /** `12.34 USD`, or several joined with `; ` when a session was billed in more than one currency. */
  cost: string;
  /** contentId of the first invoice, '' when none. */
  invoiceId: string;
}

export function historyRow(item: ChargingHistoryItem): ChargingRow {
  const cost = Object.entries(sessionCost(item))
    .map(([currency, amount]) => `${amount.toFixed(2)} ${currency}`)
    .join('; ');
  return {
    sessionId: String(item.sessionId),
    vin: item.vin,
    site: item.siteLocationName ?? '',
    start: item.chargeStartDateTime ?? '',
    stop: item.chargeStopDateTime ?? '',
    energyKwh: Math.round(sessionEnergyKwh(item) * 1000) / 1000,
    cost,
    invoiceId: item.invoices?.[0]?.contentId ?? '',
  };
}

export function sessionRow(s: ChargingSession): ChargingRow {
  const currency = s.tariffs?.currency;
  const cost = s.total_cost ? `${s.total_cost.incl_vat.toFixed(2)}${currency ? ` ${currency}` : ''}` : '';
  return {
    sessionId: s.id,
    vin: s.vin,
    site: s.location?.name ?? '',
    start: s.start_date_time,
    stop: s.stop_date_time,
    energyKwh: s.total_energy,
    cost,
    invoiceId: '',
  };
}

export const CSV_COLUMNS: ReadonlyArray<keyof ChargingRow> = ['sessionId', 'vin', 'site', 'start', 'stop', 'energyKwh', 'cost', 'invoiceId'];

/** RFC 4180 CSV with a header line; fields with a comma, quote or line break are quoted. */
export function toCsv(rows: readonly ChargingRow[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of rows) lines.push(CSV_COLUMNS.map((c) => csvField(String(r[c]))).join(','));
  return lines.join('\r\n') + '\r\n';
}

function csvField(v: string): string {
  // A leading = + - @ would run as a formula in a spreadsheet: prefix it.
  const safe = /^[=+\-@]/.test(v) && !/^-?\d/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
