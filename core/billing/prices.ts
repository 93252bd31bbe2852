import type { BillingCategory } from './categories';

/**
 * Published rates (developer.tesla.com, USD): units per dollar. Streaming is per signal,
 * the others per request.
 */
export const UNITS_PER_DOLLAR: Readonly<Record<BillingCategory, number>> = {
  streaming: 150_000,
  commands: 1_000,
  data: 500,
  wakes: 50,
};

/** The monthly discount every account receives ($10). */
export const MONTHLY_DISCOUNT_USD = 10;

export type CategoryCounts = Record<BillingCategory, number>;

export function emptyCounts(): CategoryCounts {
  return { data: 0, commands: 0, wakes: 0, streaming: 0 };
}

/** Price of one unit in a category, in dollars. */
export function unitPrice(category: BillingCategory): number {
  return 1 / UNITS_PER_DOLLAR[category];
}

export interface CostEstimate {
  /** Per category, in dollars (unrounded). */
  byCategory: Record<BillingCategory, number>;
  /** Sum of the categories, rounded to the cent as Tesla does. */
  grossUsd: number;
  /** After the monthly discount, never below zero. */
  netUsd: number;
}

const cents = (usd: number): number => Math.round(usd * 100) / 100;

export function estimateCost(counts: CategoryCounts, discountUsd = MONTHLY_DISCOUNT_USD): CostEstimate {
  const byCategory = {
    data: counts.data * unitPrice('data'),
    commands: counts.commands * unitPrice('commands'),
    wakes: counts.wakes * unitPrice('wakes'),
    streaming: counts.streaming * unitPrice('streaming'),
  };
  const gross = byCategory.data + byCategory.commands + byCategory.wakes + byCategory.streaming;
  return { byCategory, grossUsd: cents(gross), netUsd: cents(Math.max(0, gross - discountUsd)) };
}

/** "$0.02", "$1.50", "<$0.01" for a tiny non-zero amount. */
export function formatUsd(usd: number): string {
  if (usd > 0 && usd < 0.005) return '<$0.01';
  return `$${cents(usd).toFixed(2)}`;
}

/** The price of one call, to the tenth of a cent (`$0.002` for a data request, `$0.02` for a wake). */
export function formatCallPrice(usd: number): string {
  return usd > 0 && usd < 0.01 ? `$${usd.toFixed(3)}` : `$${usd.toFixed(2)}`;
}
