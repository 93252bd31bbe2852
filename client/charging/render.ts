/**
 * The Charging History page body: the filter, the totals (sessions, kWh, cost per currency and fee type) and one row a
 * session with its Open Invoice button. Pure (no `vscode`): every value escaped.
 */
import { chargingTotals, historyRow } from '../../core/charging';
import type { ChargingHistoryItem } from '../../core/fleet-api/charging-types';
import { formatCount, formatCurrency, formatQuantity } from '../../core/format/quantity';
import { escapeHtml as esc } from '../ui/webview-html';

export const CHARGING_PAGE_TITLE = 'Charging History';

export const CHARGING_PAGE_STYLES = `
  table.sessions { min-width: 720px; }
  td.actions-cell button { padding: 1px 8px; }
  .totals td, .totals th { border-bottom: none; }
`;

export interface ChargingView {
  readonly account: string;
  /** "All vehicles · last 90 days". */
  readonly filter: string;
  readonly items?: readonly ChargingHistoryItem[];
  /** More pages than were read. */
  readonly incomplete?: boolean;
  readonly loading?: boolean;
  readonly error?: string;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** `invoice` + the row index in letters (a page action is letters only): 0 → invoiceA, 27 → invoiceBb. */
export function invoiceAction(index: number): string {
  let n = index;
  let code = '';
  do {
    code = LETTERS[n % 26] + code;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return `invoice${code[0].toUpperCase()}${code.slice(1)}`;
}

/** The row index an invoice action names, or undefined. */
export function invoiceIndex(action: string): number | undefined {
  const m = /^invoice([A-Z])([a-z]*)$/.exec(action);
  if (!m) return undefined;
  let n = 0;
  for (const c of (m[1].toLowerCase() + m[2]).split('')) n = n * 26 + LETTERS.indexOf(c) + 1;
  return n - 1;
}

function when(iso: string | undefined, locale?: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';
}

export function renderChargingBody(v: ChargingView, o: { locale?: string } = {}): string {
  const head = `<h1>Charging history</h1>
<p class="muted">${esc(v.account)} · <span id="filter">${esc(v.filter)}</span>. Supercharger sessions from <code>GET /api/1/dx/charging/history</code> (billed as data; never wakes a car).</p>
<div class="actions"><button data-action="filter">Filter…</button><button class="secondary" data-action="refresh">Refresh</button></div>`;
  if (v.error) return `${head}\n<p class="notice" id="error">${esc(v.error)}</p>`;
  if (v.loading || !v.items) return `${head}\n<p class="muted" id="loading">Loading sessions…</p>`;
  if (!v.items.length) return `${head}\n<p class="muted" id="no-sessions">No charging sessions in this window.</p>`;
  const t = chargingTotals(v.items);
  const costs = t.costs
    .map(
      (c) =>
        `<tr data-currency="${esc(c.currency)}"><th scope="row">${esc(c.currency)}</th><td class="num" data-field="total">${esc(formatCurrency(c.total, c.currency, o.locale))}</td><td>${Object.entries(
          c.byFeeType,
        )
          .map(([type, amount]) => `${esc(type.toLowerCase())} ${esc(formatCurrency(amount, c.currency, o.locale))}`)
          .join(' · ')}</td></tr>`,
    )
    .join('');
  const rows = v.items
    .map((item, i) => {
      const r = historyRow(item);
      const invoice = r.invoiceId
        ? `<button class="secondary" data-action="${invoiceAction(i)}" title="Save and open ${esc(item.invoices?.[0]?.fileName ?? 'the invoice')}">Open Invoice</button>`
        : '';
      return `<tr data-session="${esc(r.sessionId)}"><td>${esc(when(r.start, o.locale))}</td><td><code>${esc(r.vin)}</code></td><td>${esc(r.site)}</td><td class="num">${esc(formatQuantity(r.energyKwh, 'kWh', o.locale))}</td><td class="num">${esc(r.cost)}</td><td class="actions-cell">${invoice}</td></tr>`;
    })
    .join('');
  return `${head}
<h2>Totals</h2>
<table class="totals"><tbody>
<tr><th scope="row">Sessions</th><td class="num" id="total-sessions">${esc(formatCount(t.sessions, o.locale))}</td><td></td></tr>
<tr><th scope="row">Energy</th><td class="num" id="total-energy">${esc(formatQuantity(t.energyKwh, 'kWh', o.locale))}</td><td></td></tr>
${costs}
</tbody></table>
${v.incomplete ? '<p class="notice" id="incomplete">More sessions than Fleetkit read (each page is a billed call): narrow the filter.</p>' : ''}
<h2>Sessions</h2>
<table class="sessions"><thead><tr><th scope="col">Started</th><th scope="col">Vehicle</th><th scope="col">Site</th><th scope="col" class="num">Energy</th><th scope="col" class="num">Cost</th><th scope="col"></th></tr></thead>
<tbody>${rows}</tbody></table>`;
}
