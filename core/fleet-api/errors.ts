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
}

export class FleetApiError extends Error {
  readonly status: number;
  readonly error?: string;
  readonly errorDescription?: string;
  readonly txid?: string;
  readonly method: string;
  readonly path: string;
  readonly messages?: Record<string, string[]>;

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
  }

  /** Tesla bills every answer below 500. */
  get billable(): boolean {
    return this.status > 0 && this.status < 500;
  }
}

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

/** 408 / "vehicle is offline or asleep": the car did not answer. Never woken automatically. */
export class AsleepError extends FleetApiError {
  constructor(details: FleetApiErrorDetails, readonly vehicleTag?: string) {
    super(details, `The vehicle${vehicleTag ? ` ${vehicleTag}` : ''} is offline or asleep (${details.status}); wake it explicitly to fetch live data.`);
    this.name = 'AsleepError';
  }
}

/** 421 that could not be resolved by switching region once. */
export class WrongRegionError extends FleetApiError {
  constructor(details: FleetApiErrorDetails, readonly suggestedBaseUrl?: string) {
    super(details, `This account lives in another region${suggestedBaseUrl ? ` (${suggestedBaseUrl})` : ''}: ${details.errorDescription || details.error || '421'}`);
    this.name = 'WrongRegionError';
  }
}

/** 429: rate limited. `retryAfterMs` is how long Tesla asked us to wait. */
export class RateLimitedError extends FleetApiError {
  /** Epoch ms before which calls for this account are refused locally. */
  readonly retryAt: number;

  constructor(details: FleetApiErrorDetails, readonly retryAfterMs: number, now: number, readonly local = false) {
    super(details, `Rate limited by Tesla${local ? ' (not sent: still waiting)' : ''}; retry in ${Math.ceil(retryAfterMs / 1000)} s.`);
    this.name = 'RateLimitedError';
    this.retryAt = now + retryAfterMs;
  }
}

/** 412: typically "Account must be registered in the current region" (partner register missing). */
export class PreconditionFailedError extends FleetApiError {
  constructor(details: FleetApiErrorDetails, readonly region?: string) {
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
  constructor(message: string, readonly method: string, readonly path: string, readonly timedOut: boolean, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransportError';
  }
}

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
