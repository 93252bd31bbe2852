import { request as undiciRequest, type Dispatcher } from 'undici';
import type { Logger } from '../log/logger';
import type { CallRecord } from '../billing/ledger';
import { abortReason, jitteredDelay, sleep } from './backoff';
import { parseEnvelope } from './envelope';
import { mapError, redirectTarget, type FailedResponse } from './error-mapping';
import { BadResponseError, RateLimitedError, ReauthRequiredError, TransportError, isAbortError, type FleetApiErrorDetails } from './errors';
import { header, rateLimitInfo, retryDelayMs, type HeaderBag, type RateLimitInfo } from './headers';
import { RegionDirectory } from './region';
import type { TokenProvider } from './token-provider';
import { createFleetDispatcher } from './transport';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type QueryValue = string | number | boolean | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue | QueryValue[]>;
  /** JSON body (POST/PUT). */
  body?: unknown;
  signal?: AbortSignal;
  /** Per-attempt timeout; defaults to the client's. */
  timeoutMs?: number;
  /** No Authorization header (GET /status). */
  anonymous?: boolean;
  /** Accept a non-JSON 2xx body as a plain string response (GET /status answers `ok`). */
  allowText?: boolean;
  /** Extra request headers (the request workbench's); never replace authorization, accept or user-agent. */
  headers?: Readonly<Record<string, string>>;
  /** A 2xx body is bytes (a charging invoice PDF): `response` is a Buffer and `raw` is empty; errors are still read as the envelope. */
  binary?: { accept: string };
}

/** A successful answer: the envelope's `response`, plus what a developer may want to inspect. */
export interface ApiResponse<T> {
  response: T;
  status: number;
  txid?: string;
  /** The raw body text, exactly as received ("Open as JSON"). */
  raw: string;
  headers: HeaderBag;
  rateLimit?: RateLimitInfo;
  /** The base URL that answered (after any region switch). */
  baseUrl: string;
  receivedAt: number;
}

/** Every attempt that reached the network, for billing and logs. */
export interface CallEvent extends CallRecord {
  baseUrl: string;
  region?: string;
  txid?: string;
  error?: string;
}

export interface FleetApiClientOptions {
  /** e.g. https://fleet-api.prd.na.vn.cloud.tesla.com or the simulator's NA origin. */
  baseUrl: string;
  /** The account whose calls these are (billing, rate-limit memory). */
  accountId: string;
  tokens: TokenProvider;
  /** Injected connection pool (shared, owned by the caller). */
  dispatcher?: Dispatcher;
  /** Trust exactly this CA (the simulator's); creates and owns a pool. Ignored when `dispatcher` is set. */
  ca?: string | Buffer;
  /** Hosts a 421 may send us to; defaults to Tesla's regional hosts only. */
  regions?: RegionDirectory;
  /** Per-attempt timeout (headers + body). Default 30 s. */
  timeoutMs?: number;
  /** Extra attempts for idempotent GETs after a 5xx or a connection failure. Default 2. */
  maxServerRetries?: number;
  retryBaseMs?: number;
  retryCapMs?: number;
  userAgent?: string;
  logger?: Logger;
  onCall?: (event: CallEvent) => void;
  /** Fired after a 421 moved the client to another region; persist it so the next session starts there. */
  onRegionChange?: (region: string, baseUrl: string) => void;
  now?: () => number;
  random?: () => number;
}

/** Headers the client sets itself: a caller's value never replaces them (the token above all). */
const RESERVED_HEADERS = new Set(['authorization', 'accept', 'user-agent', 'host', 'content-length']);

const USER_AGENT = 'fleetkit/0.1 (+https://github.com/fleetkit/fleetkit)';
/** Refuse to buffer absurd bodies (vehicle_data is a few KB). */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

/**
 * The one place Tesla's HTTP behaviours are handled: envelope errors, 401 refresh, 408 asleep,
 * 421 region switch, 429 back-off memory, 5xx retries for GETs.
 */
export class FleetApiClient {
  readonly accountId: string;
  private base: string;
  private readonly tokens: TokenProvider;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly regions: RegionDirectory;
  private readonly timeoutMs: number;
  private readonly maxServerRetries: number;
  private readonly retryBaseMs: number;
  private readonly retryCapMs: number;
  private readonly userAgent: string;
  private readonly log?: Logger;
  private readonly onCall?: (event: CallEvent) => void;
  private readonly onRegionChange?: (region: string, baseUrl: string) => void;
  private readonly now: () => number;
  private readonly random: () => number;
  private blockedUntil = 0;
  private lastRateLimit?: RateLimitedError;
  private refreshing?: { rejected: string; promise: Promise<string> };

  constructor(options: FleetApiClientOptions) {
    this.accountId = options.accountId;
    this.base = new URL(options.baseUrl).origin;
    this.tokens = options.tokens;
    this.ownsDispatcher = !options.dispatcher;
    this.dispatcher = options.dispatcher ?? createFleetDispatcher({ ca: options.ca });
    this.regions = options.regions ?? new RegionDirectory();
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxServerRetries = options.maxServerRetries ?? 2;
    this.retryBaseMs = options.retryBaseMs ?? 300;
    this.retryCapMs = options.retryCapMs ?? 5_000;
    this.userAgent = options.userAgent ?? USER_AGENT;
    this.log = options.logger;
    this.onCall = options.onCall;
    this.onRegionChange = options.onRegionChange;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  get baseUrl(): string {
    return this.base;
  }

  /** The region of the current base URL (`na`, `eu`, …), if known. */
  get region(): string | undefined {
    return this.regions.regionOf(this.base);
  }

  /** Epoch ms until which calls are refused locally after a 429 (0 when not limited). */
  get rateLimitedUntil(): number {
    return this.blockedUntil > this.now() ? this.blockedUntil : 0;
  }

  async get<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path, options);
  }

  async post<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    return this.request<T>('POST', path, { ...options, body: body ?? options.body });
  }

  async request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const pathWithQuery = withQuery(path, options.query);
    const blocked = this.refuseWhileRateLimited(method, pathWithQuery);
    if (blocked) throw blocked;
    options.signal?.throwIfAborted();

    let token = options.anonymous ? undefined : await this.tokens.getAccessToken(options.signal);
    let refreshed = false;
    let switchedRegion = false;
    let retries = 0;

    for (;;) {
      let res: RawResponse;
      try {
        res = await this.send(method, pathWithQuery, token, options);
      } catch (err) {
        if (err instanceof TransportError && !err.timedOut && method === 'GET' && retries < this.maxServerRetries) {
          await sleep(jitteredDelay(retries++, this.retryBaseMs, this.retryCapMs, this.random), options.signal);
          continue;
        }
        throw err;
      }

      const ok = res.status >= 200 && res.status < 300;
      if (ok && options.binary) {
        const txid = header(res.headers, 'x-txid');
        this.report(method, pathWithQuery, res.status, txid);
        return {
          response: res.bytes as T,
          status: res.status,
          txid,
          raw: '',
          headers: res.headers,
          rateLimit: rateLimitInfo(res.headers, this.now()),
          baseUrl: this.base,
          receivedAt: this.now(),
        };
      }
      const { envelope, json } = parseEnvelope(res.text);
      const txid = envelope.txid ?? header(res.headers, 'x-txid');
      this.report(method, pathWithQuery, res.status, txid, envelope.error);

      if (ok) {
        if (!json && !options.allowText) {
          throw new BadResponseError(this.details(method, pathWithQuery, res.status, txid), 'body is not JSON');
        }
        return {
          response: (json ? envelope.response : res.text) as T,
          status: res.status,
          txid,
          raw: res.text,
          headers: res.headers,
          rateLimit: rateLimitInfo(res.headers, this.now()),
          baseUrl: this.base,
          receivedAt: this.now(),
        };
      }

      const failed: FailedResponse = {
        status: res.status,
        headers: res.headers,
        envelope,
        method,
        path: pathWithQuery,
        baseUrl: this.base,
        region: this.region,
        now: this.now(),
        raw: res.text,
      };

      if (res.status === 401 && token !== undefined && !refreshed) {
        refreshed = true;
        token = await this.refreshOnce(token, failed, options.signal);
        continue;
      }
      if (res.status === 421 && !switchedRegion) {
        const target = redirectTarget(failed);
        if (target && target !== this.base && this.regions.isTrusted(target)) {
          switchedRegion = true;
          this.switchRegion(target);
          continue;
        }
        if (target && !this.regions.isTrusted(target)) {
          this.log?.warn(`421 pointed to an untrusted host ${target}; not following`);
        }
      }
      if (res.status >= 500 && method === 'GET' && retries < this.maxServerRetries) {
        const asked = retryDelayMs(res.headers, this.now());
        const delay = asked !== undefined && asked <= this.retryCapMs ? asked : jitteredDelay(retries, this.retryBaseMs, this.retryCapMs, this.random);
        retries++;
        this.log?.debug(`${method} ${pathWithQuery} → ${res.status}; retry ${retries}/${this.maxServerRetries} in ${delay} ms`);
        await sleep(delay, options.signal);
        continue;
      }

      const error = mapError(failed);
      if (error instanceof RateLimitedError) {
        this.blockedUntil = Math.max(this.blockedUntil, error.retryAt);
        this.lastRateLimit = error;
      }
      this.log?.warn(
        `${method} ${pathWithQuery} failed: ${res.status} ${error.error ?? ''} ${error.errorDescription ?? ''} txid=${error.txid ?? '-'}`.replace(/\s+/g, ' '),
      );
      throw error;
    }
  }

  /** Closes the connection pool if this client created it. */
  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  private refuseWhileRateLimited(method: string, path: string): RateLimitedError | undefined {
    const now = this.now();
    if (this.blockedUntil <= now) return undefined;
    const details: FleetApiErrorDetails = { ...this.details(method, path, 429, this.lastRateLimit?.txid), error: this.lastRateLimit?.error };
    return new RateLimitedError(details, this.blockedUntil - now, now, true);
  }

  private switchRegion(target: string): void {
    const from = this.base;
    this.base = target;
    const region = this.regions.regionOf(target) ?? 'unknown';
    this.log?.info(`421 from ${from}: switching to ${target} (region ${region})`);
    this.onRegionChange?.(region, target);
  }

  private async refreshOnce(rejected: string, failed: FailedResponse, signal?: AbortSignal): Promise<string> {
    // Requests that were rejected with the same token share one refresh (in flight or just finished).
    if (!this.refreshing || this.refreshing.rejected !== rejected) {
      const promise = this.tokens.refreshAccessToken(rejected, signal);
      const entry = { rejected, promise };
      this.refreshing = entry;
      promise.catch(() => {
        if (this.refreshing === entry) this.refreshing = undefined;
      });
    }
    try {
      return await this.refreshing.promise;
    } catch (err) {
      if (isAbortError(err)) throw err;
      const error = mapError(failed);
      this.log?.warn(`token refresh after 401 failed: ${err instanceof Error ? err.message : String(err)}`);
      throw new ReauthRequiredError({
        status: 401,
        error: error.error,
        errorDescription: error.errorDescription,
        txid: error.txid,
        method: failed.method,
        path: failed.path,
      });
    }
  }

  private report(method: string, path: string, status: number, txid?: string, error?: unknown): void {
    if (!this.onCall) return;
    try {
      this.onCall({
        accountId: this.accountId,
        method,
        path,
        status,
        at: this.now(),
        baseUrl: this.base,
        region: this.region,
        txid,
        error: typeof error === 'string' ? error : undefined,
      });
    } catch (err) {
      this.log?.error('onCall listener failed', err);
    }
  }

  private details(method: string, path: string, status: number, txid?: string): FleetApiErrorDetails {
    return { status, method, path, txid };
  }

  private async send(method: string, pathWithQuery: string, token: string | undefined, options: RequestOptions): Promise<RawResponse> {
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      if (!RESERVED_HEADERS.has(name.toLowerCase())) headers[name.toLowerCase()] = value;
    }
    headers.accept = options.binary?.accept ?? 'application/json';
    headers['user-agent'] = this.userAgent;
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (options.body !== undefined && method !== 'GET') {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    try {
      const res = await undiciRequest(this.base + pathWithQuery, {
        method: method as Dispatcher.HttpMethod,
        headers,
        body,
        signal,
        dispatcher: this.dispatcher,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const bytes = await readCapped(res.body, MAX_BODY_BYTES);
      return { status: res.statusCode, headers: res.headers as HeaderBag, text: bytes.toString('utf8'), bytes };
    } catch (err) {
      if (options.signal?.aborted) throw abortReason(options.signal);
      const timedOut = timeout.aborted || isUndiciTimeout(err);
      const reason = timedOut ? `timed out after ${timeoutMs} ms` : err instanceof Error ? err.message : String(err);
      this.report(method, pathWithQuery, 0);
      throw new TransportError(`${method} ${pathWithQuery}: ${reason}`, method, pathWithQuery, timedOut, { cause: err });
    }
  }
}

interface RawResponse {
  status: number;
  headers: HeaderBag;
  text: string;
  bytes: Buffer;
}

function isUndiciTimeout(err: unknown): boolean {
  const code = (err as { code?: string } | undefined)?.code;
  return code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT';
}

async function readCapped(body: Dispatcher.ResponseData['body'], max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > max) {
      body.destroy();
      throw new Error(`response body larger than ${max} bytes`);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** Appends a query string; arrays are joined with `;` (Tesla's `endpoints` convention) unless already strings. */
export function withQuery(path: string, query?: Record<string, QueryValue | QueryValue[]>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      const items = value.filter((v) => v !== undefined).map(String);
      if (items.length) params.set(key, items.join(';'));
    } else {
      params.set(key, String(value));
    }
  }
  const qs = params.toString();
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path;
}
