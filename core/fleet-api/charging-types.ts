/**
 * Shapes of Tesla's charging endpoints (developer.tesla.com/docs/fleet-api/endpoints/charging-endpoints):
 * `charging_history` is camelCase, the business `charging_sessions` snake_case, both inside the `response` envelope.
 */

/** One fee of a Supercharger session: `CHARGING` (per kWh), `PARKING` (idle fee, per minute), `CONGESTION` (per minute). */
export interface ChargingFee {
  sessionFeeId: number;
  feeType: string;
  currencyCode: string;
  pricingType?: string;
  rateBase?: number;
  rateTier1?: number | null;
  rateTier2?: number | null;
  rateTier3?: number | null;
  rateTier4?: number | null;
  usageBase?: number;
  usageTier1?: number | null;
  usageTier2?: number | null;
  usageTier3?: number | null;
  usageTier4?: number | null;
  totalBase?: number;
  totalTier1?: number;
  totalTier2?: number;
  totalTier3?: number;
  totalTier4?: number;
  totalDue: number;
  netDue?: number;
  /** Unit of the usage fields: `kwh` or `min`. */
  uom?: string;
  isPaid?: boolean;
  status?: string;
}

export interface ChargingInvoice {
  fileName: string;
  /** The id `GET /api/1/dx/charging/invoice/{id}` takes. */
  contentId: string;
  invoiceType?: string;
}

export interface ChargingHistoryItem {
  sessionId: number;
  vin: string;
  siteLocationName?: string;
  chargeStartDateTime?: string;
  chargeStopDateTime?: string;
  unlatchDateTime?: string;
  countryCode?: string;
  fees?: ChargingFee[];
  billingType?: string;
  invoices?: ChargingInvoice[];
  vehicleMakeType?: string;
}

export interface ChargingHistoryPage {
  data: ChargingHistoryItem[];
}

export type SortOrder = 'ASC' | 'DESC';

export interface ChargingHistoryQuery {
  vin?: string;
  /** ISO 8601 date-time; sessions that started at or after it. */
  startTime?: string;
  /** ISO 8601 date-time; sessions that started before it. */
  endTime?: string;
  /** Counted from 0 (the endpoint table's reading; Tesla's page says only "current page number"). */
  pageNo?: number;
  pageSize?: number;
  sortBy?: string;
  sortOrder?: SortOrder;
}

/** Business fleets' `charging_sessions` (OCPI-like, snake_case). */
export interface ChargingSession {
  id: string;
  vin: string;
  model?: string;
  start_date_time: string;
  stop_date_time: string;
  /** kWh. */
  total_energy: number;
  /** Hours. */
  total_time?: number;
  total_cost?: { excl_vat: number; incl_vat: number; vat?: number };
  location?: { name?: string; country?: string };
  charging_periods?: Array<{ start_date_time?: string; dimensions?: Array<{ type: string; volume: number }> }>;
  tariffs?: { currency?: string; elements?: Array<{ price_components?: Array<{ price: number; step_size?: number; type: string }>; restrictions?: unknown }> };
}

export interface ChargingSessionsPage {
  data: ChargingSession[];
  status_code?: number;
  status_message?: string;
}

export interface ChargingSessionsQuery {
  vin?: string;
  /** ISO 8601 date-time. */
  date_from?: string;
  date_to?: string;
  limit?: number;
  offset?: number;
}
