import type { BillingCategory } from '../billing/categories';
import { classifyRequest } from '../billing/categories';
import { unitPrice } from '../billing/prices';
import type { FleetApiClient, HttpMethod } from '../fleet-api/client';
import { matchEndpoint } from '../fleet-api/endpoints/match';
import type { EndpointSpec } from '../fleet-api/endpoints/types';
import { FleetApiError } from '../fleet-api/errors';
import { header, type HeaderBag } from '../fleet-api/headers';

/** A request as a person writes it: `GET /api/1/vehicles/{vin}/vehicle_data?endpoints=…`, with its headers and JSON body. */
export interface ApiRequest {
  method: HttpMethod;
  /** Path and query, parameters already filled in. */
  path: string;
  headers?: Readonly<Record<string, string>>;
  /** The JSON body (POST/DELETE). */
  body?: unknown;
}

/** What came back, 2xx or not, as the CLI and the workbench show it. */
export interface ApiExchange {
  request: ApiRequest;
  status: number;
  ok: boolean;
  txid?: string;
  headers: HeaderBag;
  /** The body text as received. */
  raw: string;
  /** The body parsed as JSON, when it is JSON. */
  json?: unknown;
  /** Time from sending to the whole answer, ms (one figure for the viewer; never asserted). */
  durationMs: number;
  baseUrl: string;
  endpoint?: EndpointSpec;
  /** Tesla's pricing category of the call (billed only when the status is below 500). */
  billing?: BillingCategory;
  /** For a non-2xx answer: the typed error (describeError words it). */
  error?: FleetApiError;
}

export const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'DELETE'];

export function isMethod(text: string): text is HttpMethod {
  return (METHODS as readonly string[]).includes(text);
}

/** The category and price of one call (what the cost preview and the CLI's stderr say). */
export function billingOf(method: string, path: string): { category: BillingCategory; usd: number } | undefined {
  const category = classifyRequest(method, path);
  return category ? { category, usd: unitPrice(category) } : undefined;
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Sends one request through the client (its token, region, refresh and rate-limit memory), never retrying a
 * non-GET. A Tesla error answer resolves (with `error`); only a failure to get any answer rejects.
 */
export async function sendApiRequest(
  client: FleetApiClient,
  request: ApiRequest,
  options: { signal?: AbortSignal; now?: () => number } = {},
): Promise<ApiExchange> {
  const now = options.now ?? Date.now;
  const started = now();
  const endpoint = matchEndpoint(request.method, request.path)?.endpoint;
  const billing = classifyRequest(request.method, request.path);
  const common = { request, baseUrl: client.baseUrl, ...(endpoint ? { endpoint } : {}), ...(billing ? { billing } : {}) };
  try {
    const res = await client.request<unknown>(request.method, request.path, {
      body: request.body,
      allowText: true,
      ...(request.headers ? { headers: request.headers } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return {
      ...common,
      baseUrl: res.baseUrl,
      status: res.status,
      ok: true,
      txid: res.txid,
      headers: res.headers,
      raw: res.raw,
      json: parseJson(res.raw),
      durationMs: now() - started,
    };
  } catch (err) {
    if (!(err instanceof FleetApiError) || err.status <= 0) throw err;
    const headers = err.answer?.headers ?? {};
    const raw = err.answer?.raw ?? '';
    return {
      ...common,
      status: err.status,
      ok: false,
      txid: err.txid ?? header(headers, 'x-txid'),
      headers,
      raw,
      json: parseJson(raw),
      durationMs: now() - started,
      error: err,
    };
  }
}
