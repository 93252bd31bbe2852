/**
 * Tesla's charging endpoints: `GET /api/1/dx/charging/history` (the caller's Supercharger sessions, filtered, sorted
 * and paged), `GET /api/1/dx/charging/invoice/:id` (a real one-page PDF) and `GET /api/1/dx/charging/sessions`
 * (business fleet accounts only; others get 403). Charging data never wakes a car.
 */
import { SimHttpError } from '../http/errors';
import type { RequestContext } from '../http/router';
import type { Surface, SurfaceApi } from '../surface';
import type { AccountConfig } from '../world/types';
import { textPdf } from './pdf';
import { parseHistoryQuery, selectHistory } from './query';
import { generateSessions, type SimChargingSession } from './sessions';

const CHARGING_SCOPES = ['vehicle_charging_cmds'];

function accountOf(ctx: RequestContext): AccountConfig {
  return ctx.auth!.account!;
}

/** Sessions of every car of an account, generated once per VIN (anchored at the first request). */
class ChargingHistoryStore {
  private readonly byVin = new Map<string, SimChargingSession[]>();

  constructor(private readonly api: SurfaceApi) {}

  of(account: AccountConfig): SimChargingSession[] {
    const out: SimChargingSession[] = [];
    for (const v of this.api.world.vehiclesOf(account.id)) {
      let list = this.byVin.get(v.vin);
      if (!list) {
        list = generateSessions(v.vin, account.region, this.api.world.clock.now());
        this.byVin.set(v.vin, list);
      }
      out.push(...list);
    }
    return out;
  }
}

function invoiceLines(s: SimChargingSession): string[] {
  const currency = s.fees[0]?.currencyCode ?? '';
  const total = s.fees.reduce((sum, f) => sum + f.totalDue, 0);
  return [
    'Tesla Supercharger invoice (Fleetkit simulator)',
    '',
    `Invoice: ${s.invoices[0]?.fileName ?? ''}`,
    `Session: ${s.sessionId}`,
    `Vehicle: ${s.vin}`,
    `Site: ${s.siteLocationName} (${s.countryCode})`,
    `Charging: ${s.chargeStartDateTime} to ${s.chargeStopDateTime}`,
    `Unlatched: ${s.unlatchDateTime}`,
    '',
    ...s.fees.map((f) => `${f.feeType}: ${f.usageBase} ${f.uom} x ${f.rateBase.toFixed(2)} = ${f.totalDue.toFixed(2)} ${f.currencyCode}`),
    '',
    `Total: ${total.toFixed(2)} ${currency} (paid)`,
  ];
}

function businessSession(s: SimChargingSession, model: string): Record<string, unknown> {
  const start = Date.parse(s.chargeStartDateTime);
  const stop = Date.parse(s.chargeStopDateTime);
  const charging = s.fees.find((f) => f.feeType === 'CHARGING');
  const total = Math.round(s.fees.reduce((sum, f) => sum + f.totalDue, 0) * 100) / 100;
  return {
    id: String(s.sessionId),
    vin: s.vin,
    model,
    start_date_time: s.chargeStartDateTime,
    stop_date_time: s.chargeStopDateTime,
    total_energy: charging?.usageBase ?? 0,
    total_time: Math.round(((stop - start) / 3_600_000) * 1000) / 1000,
    total_cost: { excl_vat: total, incl_vat: total, vat: 0 },
    location: { name: s.siteLocationName, country: s.countryCode },
    charging_periods: [{ start_date_time: s.chargeStartDateTime, dimensions: [{ type: 'ENERGY', volume: charging?.usageBase ?? 0 }] }],
    tariffs: {
      currency: s.fees[0]?.currencyCode,
      elements: [{ price_components: [{ price: charging?.rateBase ?? 0, step_size: 1, type: 'ENERGY' }], restrictions: {} }],
    },
  };
}

function intParam(ctx: RequestContext, name: string, fallback: number, max: number): number {
  const v = ctx.query.get(name);
  if (v === null || v === '') return fallback;
  if (!/^\d+$/.test(v) || Number(v) > max) throw new SimHttpError(400, 'invalid_field', `${name} must be an integer from 0 to ${max}`);
  return Number(v);
}

export const chargingSurface: Surface = {
  name: 'charging',
  register(api) {
    const store = new ChargingHistoryStore(api);

    api.router.add({
      method: 'GET',
      path: '/api/1/dx/charging/history',
      auth: { anyScope: CHARGING_SCOPES },
      billing: 'data',
      handler: (ctx) => {
        const q = parseHistoryQuery(ctx.query);
        return { json: { response: { data: selectHistory(store.of(accountOf(ctx)), q) } } };
      },
    });

    api.router.add({
      method: 'GET',
      path: '/api/1/dx/charging/invoice/:id',
      auth: { anyScope: CHARGING_SCOPES },
      billing: 'data',
      handler: (ctx) => {
        const session = store.of(accountOf(ctx)).find((s) => s.invoices.some((i) => i.contentId === ctx.params.id));
        if (!session) throw new SimHttpError(404, 'not_found', `no invoice ${ctx.params.id} for this account`);
        const file = session.invoices[0].fileName;
        return {
          headers: { 'content-disposition': `attachment; filename="${file}"` },
          bytes: { data: textPdf(invoiceLines(session), file), contentType: 'application/pdf' },
        };
      },
    });

    api.router.add({
      method: 'GET',
      path: '/api/1/dx/charging/sessions',
      auth: { anyScope: CHARGING_SCOPES },
      billing: 'data',
      handler: (ctx) => {
        const account = accountOf(ctx);
        if (!account.businessFleet) {
          throw new SimHttpError(403, 'not_business_account', 'charging sessions are only available to business accounts that own a fleet of vehicles');
        }
        const from = ctx.query.get('date_from');
        const to = ctx.query.get('date_to');
        const fromMs = from ? Date.parse(from) : undefined;
        const toMs = to ? Date.parse(to) : undefined;
        if (Number.isNaN(fromMs) || Number.isNaN(toMs)) throw new SimHttpError(400, 'invalid_field', 'date_from and date_to must be ISO 8601 date-times');
        const limit = intParam(ctx, 'limit', 50, 500);
        const offset = intParam(ctx, 'offset', 0, 1_000_000);
        const vin = ctx.query.get('vin');
        const models = new Map(api.world.vehiclesOf(account.id).map((v) => [v.vin, v.model]));
        const rows = store
          .of(account)
          .filter((s) => {
            const t = Date.parse(s.chargeStartDateTime);
            return (!vin || s.vin === vin) && (fromMs === undefined || t >= fromMs) && (toMs === undefined || t < toMs);
          })
          .sort((a, b) => Date.parse(b.chargeStartDateTime) - Date.parse(a.chargeStartDateTime) || a.sessionId - b.sessionId)
          .slice(offset, offset + limit)
          .map((s) => businessSession(s, String(models.get(s.vin) ?? '')));
        return { json: { response: { data: rows, status_code: 1000, status_message: 'Success' } } };
      },
    });
  },
};
