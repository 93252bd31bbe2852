import type { HeaderBag } from './headers';

/**
 * Typed errors for everything the Fleet API can answer with. Each carries what Tesla sent
 * (status, `error`, `error_description`, `txid`) so callers can show it and log the txid.
 */

export interface FleetApiErrorDetails {
  status: number;
  /** Tesla's short error enum (`error` field), when present. */
  error?: string;
  /** Tesla's long description (`error_description`), when present. */
  errorDescription?: string;
  /** Transaction id from the body or the `x-txid` header: quote it when contacting Tesla. */
  txid?: string;
  method: string;
  /** Path and query of the request (never the host, never a token). */
  path: string;
  /** Field messages (mostly on 422). */
  messages?: Record<string, string[]>;
  /** The answer as received (body text and headers), for tools that show it whole (`fleetkit api`, the request workbench). */
  answer?: { raw: string; headers: HeaderBag };
}

export class FleetApiError extends Error {
  readonly status: number;
  readonly error?: string;
  readonly errorDescription?: string;
  readonly txid?: string;
  readonly method: string;
  readonly path: string;
  readonly messages?: Record<string, string[]>;
  readonly answer?: { raw: string; headers: HeaderBag };

  constructor(details: FleetApiErrorDetails, message?: string) {
    super(message ?? describe(details));
    this.name = 'FleetApiError';
    this.status = details.status;
    this.error = details.error;
    this.errorDescription = details.errorDescription;
    this.txid = details.txid;
    this.method = details.method;
    this.path = details.path;
    this.messages = details.messages;
    if (details.answer) this.answer = details.answer;
  }

  /** Tesla bills every answer below 500. */
  get billable(): boolean {
    return this.status > 0 && this.status < 500;
  }

  /**
   * Worth trying again later (the car or Tesla's edge was busy, asleep or in the wrong region), as vehicle-command's
   * `HTTPError.Temporary` (pkg/connector/inet/inet.go): 408, 421, 503 and 504.
   */
  get temporary(): boolean {
    return TEMPORARY_STATUSES.has(this.status);
  }

  /**
   * The request changed something and the answer does not say whether it happened: a 5xx other than 503 to a POST,
   * as vehicle-command's `HTTPError.MayHaveSucceeded` (pkg/connector/inet/inet.go: 4xx and 503 never did). Such a
   * command is not retried blindly: the car's state says whether it ran.
   */
  get mayHaveSucceeded(): boolean {
    return this.method !== 'GET' && this.status >= 500 && this.status !== 503;
  }
}

const TEMPORARY_STATUSES = new Set([408, 421, 503, 504]);

function describe(d: FleetApiErrorDetails): string {
  const what = d.errorDescription || d.error || `HTTP ${d.status}`;
  return `${d.method} ${d.path} failed (${d.status}): ${what}`;
}

/** 401 that a token refresh did not fix (or no refresh was possible): the user must sign in again. */
export class ReauthRequiredError extends FleetApiError {
  constructor(details: FleetApiErrorDetails) {
    super(details, `Tesla rejected the sign-in (${details.error || details.errorDescription || 'token expired'}); sign in again.`);
    this.name = 'ReauthRequiredError';
  }
}

/**
 * 408 / "vehicle is offline or asleep", and 503 to a command (vehicle-command pkg/connector/inet/inet.go maps both to
 * ErrVehicleNotAwake): the car did not answer. Never woken automatically.
 */
export class AsleepError extends FleetApiError {
  constructor(
    details: FleetApiErrorDetails,
    readonly vehicleTag?: string,
  ) {
    super(details, `The vehicle${vehicleTag ? ` ${vehicleTag}` : ''} is offline or asleep (${details.status}); wake it to reach it.`);
    this.name = 'AsleepError';
  }
}

/** 421 that could not be resolved by switching region once. */
export class WrongRegionError extends FleetApiError {
  constructor(
    details: FleetApiErrorDetails,
    readonly suggestedBaseUrl?: string,
  ) {
    super(
      details,
      `This account lives in another region${suggestedBaseUrl ? ` (${suggestedBaseUrl})` : ''}: ${details.errorDescription || details.error || '421'}`,
    );
    this.name = 'WrongRegionError';
  }
}

/** 429: rate limited. `retryAfterMs` is how long Tesla asked us to wait. */
export class RateLimitedError extends FleetApiError {
  /** Epoch ms before which calls for this account are refused locally. */
  readonly retryAt: number;

  constructor(
    details: FleetApiErrorDetails,
    readonly retryAfterMs: number,
    now: number,
    readonly local = false,
  ) {
    super(details, `Rate limited by Tesla${local ? ' (not sent: still waiting)' : ''}; retry in ${Math.ceil(retryAfterMs / 1000)} s.`);
    this.name = 'RateLimitedError';
    this.retryAt = now + retryAfterMs;
  }
}

/** 412: typically "Account must be registered in the current region" (partner register missing). */
export class PreconditionFailedError extends FleetApiError {
  constructor(
    details: FleetApiErrorDetails,
    readonly region?: string,
  ) {
    super(details);
    this.name = 'PreconditionFailedError';
  }

  /** True when Tesla says the partner domain is not registered in this region. */
  get needsPartnerRegistration(): boolean {
    const text = `${this.error ?? ''} ${this.errorDescription ?? ''}`.toLowerCase();
    return this.status === 412 && (text.includes('regist') || text.includes('partner'));
  }
}

/** 403: missing scopes, or the vehicle requires the Vehicle Command Protocol. */
export class ForbiddenError extends FleetApiError {
  constructor(details: FleetApiErrorDetails) {
    super(details);
    this.name = 'ForbiddenError';
  }
}

/** 5xx (and 540): Tesla's or the vehicle's side failed; not billed. */
export class ServerError extends FleetApiError {
  constructor(details: FleetApiErrorDetails) {
    super(details);
    this.name = 'ServerError';
  }
}

/** The request never got an HTTP answer (connection refused, TLS failure, timeout). */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly method: string,
    readonly path: string,
    readonly timedOut: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TransportError';
  }

  /** The request never left this machine (no connection, DNS, TLS refused): safe to send again. */
  get notSent(): boolean {
    const code = (this.cause as { code?: string } | undefined)?.code ?? '';
    return CONNECT_FAILURES.has(code) || /^(ERR_TLS|ERR_SSL|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO)/.test(code);
  }

  /** Every transport failure is worth a later try. */
  get temporary(): boolean {
    return true;
  }

  /**
   * A POST that left this machine and got no answer may have reached the car. vehicle-command counts only a failed
   * body read as possible success (pkg/connector/inet/inet.go); a timeout after sending can hide a command that ran
   * just as well, so only a request that never left counts as not run.
   */
  get mayHaveSucceeded(): boolean {
    return this.method !== 'GET' && !this.notSent;
  }
}

const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** A response arrived but it is not the JSON envelope we expected. */
export class BadResponseError extends FleetApiError {
  constructor(details: FleetApiErrorDetails, reason: string) {
    super(details, `${details.method} ${details.path}: unexpected response (${reason})`);
    this.name = 'BadResponseError';
  }
}

export function isAbortError(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || (err as { code?: string }).code === 'ABORT_ERR');
}
