/** Totals over charging history: energy, cost per currency and per fee type (no currency conversion, ever). */
import type { ChargingFee, ChargingHistoryItem } from '../fleet-api/charging-types';

export interface CurrencyTotal {
  currency: string;
  total: number;
  /** feeType → amount (CHARGING, PARKING, CONGESTION, …). */
  byFeeType: Record<string, number>;
}

export interface ChargingTotals {
  sessions: number;
  energyKwh: number;
  /** One entry per currency, sorted by currency code. */
  costs: CurrencyTotal[];
}

/**
 * kWh of a fee billed per kWh, else 0: its `usageBase`. The tier usages are not added: in Tesla's example a CHARGING
 * fee of usageBase 40 and usageTier2 24 at rateBase 0.46 has totalDue 18.4 = 40 × 0.46.
 */
export function feeEnergyKwh(fee: ChargingFee): number {
  if ((fee.uom ?? '').toLowerCase() !== 'kwh') return 0;
  return typeof fee.usageBase === 'number' ? fee.usageBase : 0;
}

/** Energy of one session: the kWh of its per-kWh fees. */
export function sessionEnergyKwh(item: ChargingHistoryItem): number {
  return (item.fees ?? []).reduce((sum, f) => sum + feeEnergyKwh(f), 0);
}

/** What one session cost, per currency. */
export function sessionCost(item: ChargingHistoryItem): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of item.fees ?? []) out[f.currencyCode] = round2((out[f.currencyCode] ?? 0) + (f.totalDue ?? 0));
  return out;
}

export function chargingTotals(items: readonly ChargingHistoryItem[]): ChargingTotals {
  let energy = 0;
  const costs = new Map<string, CurrencyTotal>();
  for (const item of items) {
    energy += sessionEnergyKwh(item);
    for (const f of item.fees ?? []) {
      const c = costs.get(f.currencyCode) ?? { currency: f.currencyCode, total: 0, byFeeType: {} };
      c.total = round2(c.total + (f.totalDue ?? 0));
      c.byFeeType[f.feeType] = round2((c.byFeeType[f.feeType] ?? 0) + (f.totalDue ?? 0));
      costs.set(f.currencyCode, c);
    }
  }
  return {
    sessions: items.length,
    energyKwh: Math.round(energy * 1000) / 1000,
    costs: [...costs.values()].sort((a, b) => a.currency.localeCompare(b.currency)),
  };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
