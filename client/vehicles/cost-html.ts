import type { BillingCategory } from '../../core/billing/categories';
import { formatCount, formatCurrency } from '../../core/format/quantity';
import { escapeHtml as esc } from '../ui/webview-html';
import type { CostAccountReport } from './cost-report';

export const COST_PAGE_TITLE = 'Fleet API Cost';

export const COST_PAGE_STYLES = `
  section.account { margin-top: 18px; }
  section.account h2 .muted { font-weight: normal; }
  table.categories { min-width: 520px; }
  tr.net th, tr.net td { color: var(--vscode-descriptionForeground); font-weight: normal; }
`;

const CATEGORY_NAMES: Readonly<Record<BillingCategory, string>> = { data: 'Data', commands: 'Commands', wakes: 'Wakes', streaming: 'Streaming' };
/** What Tesla's price list counts in each category (developer.tesla.com pricing: "500 requests / $1"…). */
const UNIT_NAMES: Readonly<Record<BillingCategory, string>> = { data: 'requests', commands: 'commands', wakes: 'wakes', streaming: 'signals' };

function accountSection(r: CostAccountReport, locale: string | undefined): string {
  const usd = (v: number): string => esc(formatCurrency(v, 'USD', locale));
  const rows = r.categories
    .map(
      (c) =>
        `<tr data-category="${c.category}"><th scope="row">${CATEGORY_NAMES[c.category]}</th><td class="num" data-field="count">${esc(formatCount(c.count, locale))}</td>` +
        `<td>${esc(formatCount(c.unitsPerDollar, locale))} ${UNIT_NAMES[c.category]} per ${usd(1)}</td><td class="num" data-field="estimate">${usd(c.estimateUsd)}</td></tr>`,
    )
    .join('');
  const endpoints = r.endpoints.length
    ? `<table class="endpoints"><thead><tr><th scope="col">Endpoint</th><th scope="col">Category</th><th scope="col" class="num">Calls</th><th scope="col" class="num">of which 4xx</th></tr></thead><tbody>${r.endpoints
        .map(
          (e) =>
            `<tr data-endpoint="${esc(e.endpoint)}"><th scope="row"><code>${esc(e.endpoint)}</code></th><td>${CATEGORY_NAMES[e.category]}</td><td class="num" data-field="count">${esc(formatCount(e.count, locale))}</td><td class="num">${esc(formatCount(e.errors, locale))}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p class="muted no-calls">No billable calls this month.</p>';
  return `<section class="account" data-account="${esc(r.accountId)}">
<h2>${esc(r.label)} <span class="muted">· ${esc(r.region.toUpperCase())} · ${esc(r.environment)} · ${esc(r.month)}</span></h2>
<table class="categories"><thead><tr><th scope="col">Category</th><th scope="col" class="num">Count</th><th scope="col">Tesla's price</th><th scope="col" class="num">Estimate</th></tr></thead>
<tbody>${rows}</tbody>
<tfoot><tr class="total"><th scope="row">Total</th><td></td><td></td><td class="num" data-field="gross">${usd(r.grossUsd)}</td></tr>
<tr class="net"><th scope="row">After Tesla's ${usd(r.discountUsd)} monthly discount</th><td></td><td></td><td class="num" data-field="net">${usd(r.netUsd)}</td></tr></tfoot></table>
<h3>By endpoint</h3>
${endpoints}
</section>`;
}

/**
 * The cost breakdown page body: per account (the active one first) the month-to-date estimate per category with
 * Tesla's prices, the total before and after the monthly discount, and the calls per endpoint. Pure.
 */
export function renderCostBody(reports: readonly CostAccountReport[], o: { locale?: string } = {}): string {
  const intro = `<h1>Fleet API cost estimate</h1>
<p class="muted">Month to date (UTC), counted by Fleetkit from the calls it made; it updates as calls happen. Every answer below 500 is billed, 4xx included. Calls made by other apps are not included.</p>`;
  if (!reports.length) return `${intro}\n<p class="notice" id="no-accounts">Sign in (or start the simulator) to see Fleet API costs.</p>`;
  return `${intro}\n${reports.map((r) => accountSection(r, o.locale)).join('\n')}`;
}
