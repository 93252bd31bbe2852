/**
 * What Tesla's telemetry error endpoints answer, read into one shape. Pure.
 *
 * `GET /api/1/partner_accounts/fleet_telemetry_errors` (partner token) and `GET /api/1/vehicles/{vin}/fleet_telemetry_errors`
 * (user token) answer `{"response":{"fleet_telemetry_errors":[{"name":"<client id>","error":"…","vin":"…"}]}}`; real
 * answers also carry `created_at` (RFC 3339 with nanoseconds), `error_name` and `txID`.
 * `GET /api/1/partner_accounts/fleet_telemetry_error_vins` answers `{"response":{"fleet_telemetry_error_vins":["…"]}}`.
 */

/** One error a vehicle reported while trying to use a telemetry config. */
export interface TelemetryError {
  readonly vin: string;
  /** Tesla's `name`: the client id of the app whose config it is. */
  readonly name: string;
  /** What went wrong, in the vehicle's words (e.g. "error loading config file: crypto/ecdsa: verification error"). */
  readonly error: string;
  /** Tesla's `error_name` (e.g. `config_manager_error`), when sent. The full list is not public. */
  readonly errorName?: string;
  /** When the vehicle reported it: epoch ms, when `created_at` was sent and readable. */
  readonly createdAt?: number;
  readonly txid?: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function parseTime(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v < 1e12 ? v * 1000 : v;
  if (typeof v !== 'string') return undefined;
  // RFC 3339 with more than millisecond precision ("…25.11121814Z"): Date.parse wants at most 3 digits.
  const ms = Date.parse(v.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(ms) ? undefined : ms;
}

function parseOne(raw: unknown): TelemetryError | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const r = raw as Record<string, unknown>;
  const vin = str(r.vin);
  if (!vin) return undefined;
  const createdAt = parseTime(r.created_at);
  const errorName = str(r.error_name);
  const txid = str(r.txID) ?? str(r.txid);
  return {
    vin,
    name: str(r.name) ?? '',
    error: typeof r.error === 'string' ? r.error : r.error === undefined || r.error === null ? '' : JSON.stringify(r.error),
    ...(errorName ? { errorName } : {}),
    ...(createdAt !== undefined ? { createdAt } : {}),
    ...(txid ? { txid } : {}),
  };
}

/** The `response` of a fleet_telemetry_errors endpoint → its errors, newest first. Entries without a VIN are dropped. */
export function parseTelemetryErrors(response: unknown): TelemetryError[] {
  const list = Array.isArray(response)
    ? response
    : response && typeof response === 'object'
      ? (response as Record<string, unknown>).fleet_telemetry_errors
      : undefined;
  if (!Array.isArray(list)) return [];
  const errors = list.map(parseOne).filter((e): e is TelemetryError => e !== undefined);
  return errors.sort((a, b) => (b.createdAt ?? -Infinity) - (a.createdAt ?? -Infinity));
}

/** The `response` of fleet_telemetry_error_vins → the VINs (a bare array is accepted too). */
export function parseTelemetryErrorVins(response: unknown): string[] {
  const list = Array.isArray(response)
    ? response
    : response && typeof response === 'object'
      ? (response as Record<string, unknown>).fleet_telemetry_error_vins
      : undefined;
  if (!Array.isArray(list)) return [];
  return [...new Set(list.filter((v): v is string => typeof v === 'string' && v !== ''))];
}

/** Errors grouped per VIN (newest first within each), VINs in order of their newest error. */
export function telemetryErrorsByVin(errors: readonly TelemetryError[]): Map<string, TelemetryError[]> {
  const sorted = [...errors].sort((a, b) => (b.createdAt ?? -Infinity) - (a.createdAt ?? -Infinity));
  const out = new Map<string, TelemetryError[]>();
  for (const e of sorted) {
    let list = out.get(e.vin);
    if (!list) out.set(e.vin, (list = []));
    list.push(e);
  }
  return out;
}

/**
 * What to do about an error, from its name and text (Tesla's names are not public, so the text decides). Undefined
 * when nothing more useful than the error itself can be said.
 */
export function telemetryErrorFix(e: Pick<TelemetryError, 'error' | 'errorName'>): string | undefined {
  const text = `${e.errorName ?? ''} ${e.error}`.toLowerCase();
  if (/verification error|invalidsignature|unknown (signing )?key|mailbox public key/.test(text)) {
    return 'Sign the config with the private key whose public half is registered for your partner domain (and paired with the vehicle), then push it again.';
  }
  if (/client certificate|certificate required|bad certificate/.test(text)) {
    return "Make the telemetry server require and verify client certificates (mutual TLS) and trust Tesla's vehicle CAs.";
  }
  if (/x509|unknown authority|certificate|tls/.test(text)) {
    return "Put the CA chain that signed your server's certificate in the config's \"ca\" (the server must present a certificate for the config's hostname), then push it again.";
  }
  if (/no such host|lookup|connection refused|unreachable|timed? ?out|dial tcp|resolve/.test(text)) {
    return "Make the config's hostname resolve publicly and the server listen on the config's port (check firewalls), then check again.";
  }
  if (/expired|exp\b|nbf|not valid yet/.test(text)) return 'Push a config whose exp lies in the future.';
  return undefined;
}
