import { envelopeFields, type Envelope } from './envelope';
import {
  AsleepError,
  FleetApiError,
  ForbiddenError,
  PreconditionFailedError,
  RateLimitedError,
  ReauthRequiredError,
  ServerError,
  WrongRegionError,
  type FleetApiErrorDetails,
} from './errors';
import { altSvcOrigin, baseUrlFromMessage, header, retryDelayMs, type HeaderBag } from './headers';

export interface FailedResponse {
  status: number;
  headers: HeaderBag;
  envelope: Envelope;
  method: string;
  /** Path + query, for messages. */
  path: string;
  /** The base URL the request went to (to resolve Alt-Svc). */
  baseUrl: string;
  region?: string;
  now: number;
  /** The body text as received. */
  raw?: string;
}

/** When Tesla sends 429 without any header we still back off this long. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 30_000;

const ASLEEP_TEXT = /vehicle (is )?(offline or asleep|unavailable|is offline|is asleep)|device not available/i;

export function detailsOf(res: FailedResponse): FleetApiErrorDetails {
  const fields = envelopeFields(res.envelope);
  return {
    status: res.status,
    error: fields.error,
    errorDescription: fields.errorDescription,
    txid: fields.txid ?? header(res.headers, 'x-txid'),
    method: res.method,
    path: res.path,
    messages: fields.messages,
    ...(res.raw !== undefined ? { answer: { raw: res.raw, headers: res.headers } } : {}),
  };
}

/** Where a 421 tells us to go: the message's "use base URL", else `Alt-Svc`. */
export function redirectTarget(res: FailedResponse): string | undefined {
  const d = detailsOf(res);
  return baseUrlFromMessage(d.error) ?? baseUrlFromMessage(d.errorDescription) ?? altSvcOrigin(header(res.headers, 'alt-svc'), new URL(res.baseUrl));
}

/** The VIN or id in `/api/1/vehicles/{tag}/…`, if the path has one. */
export function vehicleTagOf(path: string): string | undefined {
  const match = /^\/api\/1\/vehicles\/([^/?]+)/.exec(path);
  if (!match || match[1] === 'fleet_status' || match[1] === 'fleet_telemetry_config' || match[1] === 'fleet_telemetry_config_jws') return undefined;
  return decodeURIComponent(match[1]);
}

/** `signed_command` and `command/{name}`: the calls a car carries out. */
export function isVehicleCommandPath(path: string): boolean {
  return /^\/api\/1\/vehicles\/[^/?]+\/(signed_command|command\/[^/?]+)(\?|$)/.test(path);
}

/** Maps a non-2xx answer to the typed error a caller should see. Pure. */
export function mapError(res: FailedResponse): FleetApiError {
  const details = detailsOf(res);
  const text = `${details.error ?? ''} ${details.errorDescription ?? ''}`;
  if (res.status === 401) return new ReauthRequiredError(details);
  // vehicle-command (pkg/connector/inet/inet.go) reads 503 to a command as "vehicle is offline or asleep". A 503 to
  // wake_up stays a server error: the answer to waking cannot be "wake it".
  if (res.status === 408 || ASLEEP_TEXT.test(text) || (res.status === 503 && isVehicleCommandPath(res.path))) {
    return new AsleepError(details, vehicleTagOf(res.path));
  }
  if (res.status === 421) return new WrongRegionError(details, redirectTarget(res));
  if (res.status === 429) return new RateLimitedError(details, retryDelayMs(res.headers, res.now) ?? DEFAULT_RATE_LIMIT_WAIT_MS, res.now);
  if (res.status === 412) return new PreconditionFailedError(details, res.region);
  if (res.status === 403) return new ForbiddenError(details);
  if (res.status >= 500) return new ServerError(details);
  return new FleetApiError(details);
}
