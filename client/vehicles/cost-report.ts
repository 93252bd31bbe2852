import { BILLING_CATEGORIES } from '../../core/billing/categories';
import type { UsageSummary } from '../../core/billing/ledger';
import { MONTHLY_DISCOUNT_USD, UNITS_PER_DOLLAR, formatUsd } from '../../core/billing/prices';

/** Markdown cost breakdown for one account and month. Pure. */
export function costReport(label: string, region: string, s: UsageSummary): string {
  const lines = [
    `# Fleet API cost estimate — ${label} (${region.toUpperCase()}), ${s.month}`,
    '',
    'Counted by Fleetkit from the calls it made (every answer below 500 is billed, 4xx included). Calls made by other apps are not included.',
    '',
    '| Category | Calls | Rate | Estimate |',
    '|---|---:|---|---:|',
  ];
  for (const c of BILLING_CATEGORIES) {
    lines.push(`| ${c} | ${s.counts[c]} | ${UNITS_PER_DOLLAR[c].toLocaleString('en-US')} per $1 | ${formatUsd(s.estimate.byCategory[c])} |`);
  }
  lines.push(`| **total** | | | **${formatUsd(s.estimate.grossUsd)}** |`);
  lines.push('', `After Tesla's $${MONTHLY_DISCOUNT_USD} monthly discount: **${formatUsd(s.estimate.netUsd)}**.`, '');
  const endpoints = Object.entries(s.byEndpoint).sort((a, b) => b[1].count - a[1].count);
  if (endpoints.length) {
    lines.push('## By endpoint', '', '| Endpoint | Category | Calls | of which 4xx |', '|---|---|---:|---:|');
    for (const [label2, e] of endpoints) lines.push(`| \`${label2}\` | ${e.category} | ${e.count} | ${e.errors} |`);
  } else {
    lines.push('No billable calls this month.');
  }
  return lines.join('\n') + '\n';
}
