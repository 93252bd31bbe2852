import { BILLING_CATEGORIES, type BillingCategory } from '../../core/billing/categories';
import type { UsageSummary } from '../../core/billing/ledger';
import { MONTHLY_DISCOUNT_USD, UNITS_PER_DOLLAR } from '../../core/billing/prices';
import type { AccountInfo } from '../../core/vehicle-model/tree-model';

export interface CostCategoryRow {
  readonly category: BillingCategory;
  /** Requests (data, commands, wakes) or streamed signals (streaming). */
  readonly count: number;
  /** Tesla's published price: this many units per dollar. */
  readonly unitsPerDollar: number;
  /** Unrounded dollars. */
  readonly estimateUsd: number;
}

export interface CostEndpointRow {
  /** Tag-free: `GET /vehicles/{tag}/vehicle_data`. */
  readonly endpoint: string;
  readonly category: BillingCategory;
  readonly count: number;
  /** Of `count`, answers 400–499 (billed too). */
  readonly errors: number;
}

/** One account's month to date, as the cost page shows it. */
export interface CostAccountReport {
  readonly accountId: string;
  readonly label: string;
  readonly region: string;
  readonly environment: string;
  /** `2026-11` (UTC, Tesla bills per calendar month). */
  readonly month: string;
  readonly categories: readonly CostCategoryRow[];
  /** Rounded to the cent, as Tesla does. */
  readonly grossUsd: number;
  readonly discountUsd: number;
  readonly netUsd: number;
  /** Most called first. */
  readonly endpoints: readonly CostEndpointRow[];
}

/** Pure: the report of one account from the ledger's summary. */
export function costAccountReport(account: Pick<AccountInfo, 'id' | 'label' | 'region' | 'environment'>, s: UsageSummary): CostAccountReport {
  return {
    accountId: account.id,
    label: account.label,
    region: account.region,
    environment: account.environment,
    month: s.month,
    categories: BILLING_CATEGORIES.map((category) => ({
      category,
      count: s.counts[category],
      unitsPerDollar: UNITS_PER_DOLLAR[category],
      estimateUsd: s.estimate.byCategory[category],
    })),
    grossUsd: s.estimate.grossUsd,
    discountUsd: MONTHLY_DISCOUNT_USD,
    netUsd: s.estimate.netUsd,
    endpoints: Object.entries(s.byEndpoint)
      .map(([endpoint, e]) => ({ endpoint, category: e.category, count: e.count, errors: e.errors }))
      .sort((a, b) => b.count - a.count || a.endpoint.localeCompare(b.endpoint)),
  };
}
