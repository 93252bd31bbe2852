/** What the response viewer shows for one sent request, from a REST exchange or a signed command's outcome. Pure. */
import type { ApiExchange } from '../../core/api-request/send';
import { billingOf } from '../../core/api-request/send';
import type { BillingCategory } from '../../core/billing/categories';
import { isBillableStatus } from '../../core/billing/categories';
import type { CommandOutcome } from '../../core/command-protocol/outcome';
import { describeError } from '../../core/errors/describe-error';

export interface WorkbenchResult {
  readonly id: number;
  /** When it was sent (epoch ms). */
  readonly at: number;
  readonly method: string;
  /** Path and query as sent (VIN filled in; never a token). */
  readonly path: string;
  readonly account: string;
  readonly baseUrl: string;
  /** The HTTP status, when one REST call answered (signed commands may take several). */
  readonly status?: number;
  readonly ok: boolean;
  /** `200 OK`, `408 vehicle asleep`, `signed: done`… */
  readonly summary: string;
  readonly txid?: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** The body, pretty-printed when it is JSON. */
  readonly body: string;
  readonly durationMs: number;
  /** What Tesla bills for it: category and price, when billed (status below 500). */
  readonly billed?: { readonly category: BillingCategory; readonly usd: number };
  readonly via: 'rest' | 'signed' | 'proxy';
  /** Tesla's error explained (describeError), for a failure. */
  readonly explanation?: string;
}

const pretty = (text: string, json: unknown): string => (json !== undefined ? JSON.stringify(json, null, 2) : text);

function headerRows(headers: ApiExchange['headers']): Array<[string, string]> {
  return Object.entries(headers)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]): [string, string] => [k, Array.isArray(v) ? v.join(', ') : String(v)])
    .sort((a, b) => a[0].localeCompare(b[0]));
}

export function resultOfExchange(id: number, at: number, account: string, x: ApiExchange): WorkbenchResult {
  const billed = isBillableStatus(x.status) ? billingOf(x.request.method, x.request.path) : undefined;
  const explanation = x.error ? describeError(x.error).message : undefined;
  return {
    id,
    at,
    method: x.request.method,
    path: x.request.path,
    account,
    baseUrl: x.baseUrl,
    status: x.status,
    ok: x.ok,
    summary: x.ok ? `${x.status} OK` : `${x.status} ${x.error?.error ?? x.error?.name ?? 'error'}`,
    ...(x.txid ? { txid: x.txid } : {}),
    headers: headerRows(x.headers),
    body: pretty(x.raw, x.json),
    durationMs: x.durationMs,
    ...(billed ? { billed } : {}),
    via: 'rest',
    ...(explanation ? { explanation } : {}),
  };
}

export function resultOfOutcome(
  id: number,
  at: number,
  request: { method: string; path: string; account: string; baseUrl: string },
  outcome: CommandOutcome,
  durationMs: number,
): WorkbenchResult {
  const billed = billingOf(request.method, request.path);
  const how =
    outcome.via === 'signed' ? `signed (${outcome.domain ?? 'vehicle'}), ${outcome.handshakes} handshake(s), ${outcome.attempts} attempt(s)` : outcome.via;
  return {
    ...request,
    id,
    at,
    ok: outcome.ok,
    summary: `${outcome.ok ? 'done' : 'refused'}: ${how}${outcome.reason ? ` — ${outcome.reason}` : ''}`,
    ...(outcome.txid ? { txid: outcome.txid } : {}),
    headers: [],
    body: JSON.stringify({ result: outcome.ok, reason: outcome.reason }, null, 2),
    durationMs,
    ...(billed ? { billed } : {}),
    via: outcome.via,
  };
}
