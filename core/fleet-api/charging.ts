import type { ApiResponse, FleetApiClient } from './client';
import type { ChargingHistoryItem, ChargingHistoryPage, ChargingHistoryQuery, ChargingSessionsPage, ChargingSessionsQuery } from './charging-types';
import { endpointPath } from './endpoints/table';
import { FleetApiError } from './errors';

interface Call {
  signal?: AbortSignal;
}

/** The charging endpoints' paths, from the endpoint table. */
export const CHARGING_PATHS = {
  history: endpointPath('charging.charging_history'),
  invoice: (id: string) => endpointPath('charging.charging_invoice', { id }),
  sessions: endpointPath('charging.charging_sessions'),
} as const;

/** `charging_sessions` answered for an account that is not a business fleet owner. */
export class NotBusinessFleetError extends FleetApiError {
  constructor(cause: FleetApiError) {
    super(
      { status: cause.status, error: cause.error, errorDescription: cause.errorDescription, txid: cause.txid, method: cause.method, path: cause.path },
      `charging sessions are only for business fleet accounts (Tesla answered ${cause.status}${cause.error ? ` ${cause.error}` : ''}): ` +
        'use the charging history for a personal account, or sign in with the business fleet account',
    );
    this.name = 'NotBusinessFleetError';
  }
}

/** Charging history, invoices and business sessions (§2.3, scope vehicle_charging_cmds). Never wakes a car. */
export class ChargingEndpoints {
  constructor(private readonly client: FleetApiClient) {}

  /** One page of Supercharger sessions. */
  history(query: ChargingHistoryQuery = {}, call: Call = {}): Promise<ApiResponse<ChargingHistoryPage>> {
    return this.client.get(CHARGING_PATHS.history, { ...call, query: { ...query } });
  }

  /** Every page of `query` (from its pageNo, default 0) until a short page; `maxPages` bounds the calls (each is billed). */
  async historyAll(
    query: ChargingHistoryQuery = {},
    options: Call & { maxPages?: number } = {},
  ): Promise<{ items: ChargingHistoryItem[]; pages: number; complete: boolean }> {
    const pageSize = query.pageSize ?? 50;
    const maxPages = options.maxPages ?? 20;
    const items: ChargingHistoryItem[] = [];
    let pageNo = query.pageNo ?? 0;
    for (let pages = 1; ; pages++, pageNo++) {
      const res = await this.history({ ...query, pageNo, pageSize }, options);
      const data = res.response?.data ?? [];
      items.push(...data);
      if (data.length < pageSize) return { items, pages, complete: true };
      if (pages >= maxPages) return { items, pages, complete: false };
    }
  }

  /** The invoice PDF of a session (`contentId` of one of its `invoices`). */
  async invoice(contentId: string, call: Call = {}): Promise<ApiResponse<Buffer>> {
    if (!contentId.trim()) throw new Error('an invoice id is required: the contentId of one of a session’s invoices');
    return this.client.get<Buffer>(CHARGING_PATHS.invoice(contentId), { ...call, binary: { accept: 'application/pdf' } });
  }

  /** Business fleets only: sessions with energy and cost. Other accounts get a `NotBusinessFleetError`. */
  async sessions(query: ChargingSessionsQuery = {}, call: Call = {}): Promise<ApiResponse<ChargingSessionsPage>> {
    try {
      return await this.client.get(CHARGING_PATHS.sessions, { ...call, query: { ...query } });
    } catch (err) {
      if (err instanceof FleetApiError && (err.status === 403 || err.status === 404) && /business/i.test(`${err.error ?? ''} ${err.errorDescription ?? ''}`)) {
        throw new NotBusinessFleetError(err);
      }
      throw err;
    }
  }
}
