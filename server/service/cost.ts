import { UNITS_PER_DOLLAR } from '../../core/billing/prices';

/** Fleet API pay-per-use price of streaming signals (150,000 per $1), from the shared billing table. */
export const SIGNALS_PER_DOLLAR = UNITS_PER_DOLLAR.streaming;
export const SECONDS_PER_DAY = 86_400;
export const DAYS_PER_MONTH = 30;

export interface FieldRate {
  readonly intervalSeconds: number;
}

export interface CostEstimate {
  /** Upper bound: every field changes at least once per interval, all day. */
  readonly signalsPerVehiclePerDay: number;
  readonly dollarsPerVehiclePerMonth: number;
}

/** The most a vehicle can send: a field is emitted at most once per `interval_seconds`. */
export function estimateCost(rates: readonly FieldRate[]): CostEstimate {
  let perDay = 0;
  for (const r of rates) {
    if (r.intervalSeconds > 0) perDay += SECONDS_PER_DAY / Math.max(1, r.intervalSeconds);
  }
  const signalsPerVehiclePerDay = Math.round(perDay);
  return { signalsPerVehiclePerDay, dollarsPerVehiclePerMonth: (signalsPerVehiclePerDay * DAYS_PER_MONTH) / SIGNALS_PER_DOLLAR };
}

export function formatDollars(value: number): string {
  return value >= 100 ? `$${Math.round(value).toLocaleString('en-US')}` : `$${value.toFixed(2)}`;
}
