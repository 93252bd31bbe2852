import { DiagnosticSeverity } from 'vscode-json-languageservice';

/** One stable diagnostic code. Codes never change meaning; the README table is generated from this list. */
export interface DiagnosticCodeInfo {
  readonly code: string;
  readonly severity: DiagnosticSeverity;
  readonly summary: string;
}

const E = DiagnosticSeverity.Error;
const W = DiagnosticSeverity.Warning;
const I = DiagnosticSeverity.Information;
const H = DiagnosticSeverity.Hint;

export const CODES = {
  internal: { code: 'FT000', severity: E, summary: 'Internal error in one rule (a bug; please report it). The other rules still run.' },
  syntax: { code: 'FT001', severity: E, summary: 'JSON syntax error (Tesla takes strict JSON).' },
  comment: { code: 'FT002', severity: W, summary: 'Comment: tolerated here, but Tesla takes strict JSON; strip before sending.' },
  duplicateKey: { code: 'FT003', severity: E, summary: 'Duplicate key in an object (the last one wins).' },
  unknownKey: { code: 'FT004', severity: E, summary: 'Unknown key for this object.' },
  wrongType: { code: 'FT005', severity: E, summary: 'Value has the wrong JSON type.' },
  missingKey: { code: 'FT006', severity: E, summary: 'Required key missing (config: hostname, port, ca, fields; request: vins, config).' },
  signerClaim: { code: 'FT007', severity: W, summary: '`iss`/`aud` are set by the signer and overwritten; do not send them.' },
  unknownField: {
    code: 'FT101',
    severity: E,
    summary: 'Unknown telemetry field name (Tesla rejects the whole config: "Unknown field X"); offers did-you-mean fixes.',
  },
  placeholderField: { code: 'FT102', severity: E, summary: '`Unknown`, `Deprecated_*` or `Experimental_*` field: not configurable.' },
  semiOnlyField: { code: 'FT103', severity: I, summary: 'Field is only sent by the Semi truck.' },
  intervalMissing: { code: 'FT110', severity: E, summary: '`interval_seconds` missing from a field entry.' },
  intervalInvalid: { code: 'FT111', severity: E, summary: '`interval_seconds` is not a positive integer.' },
  deltaInvalid: { code: 'FT112', severity: E, summary: '`minimum_delta` is not a positive number.' },
  deltaNonNumeric: { code: 'FT113', severity: W, summary: '`minimum_delta` on a non-numeric field (boolean, enum, string…).' },
  deltaLocation: { code: 'FT114', severity: I, summary: '`minimum_delta` on a location is in meters and needs newer firmware.' },
  resendInvalid: { code: 'FT115', severity: E, summary: '`resend_interval_seconds` is not a positive integer.' },
  firmwareTooOld: { code: 'FT120', severity: W, summary: "Field or option needs newer firmware than the config's vehicles report." },
  portInvalid: { code: 'FT201', severity: E, summary: '`port` is not an integer in 1–65535.' },
  portString: { code: 'FT202', severity: E, summary: '`port` is a string (silently breaks streaming); offers "convert to a number".' },
  hostnameInvalid: { code: 'FT210', severity: E, summary: '`hostname` has a scheme, path or port, or is not a valid DNS name.' },
  hostnameNotFqdn: { code: 'FT211', severity: W, summary: '`hostname` is an IP address or a single label; vehicles need a public DNS name.' },
  caUnparsable: { code: 'FT220', severity: E, summary: '`ca` has no parsable PEM certificate (or a block fails to parse).' },
  certExpired: { code: 'FT221', severity: E, summary: 'A certificate in `ca` has expired.' },
  certNotYetValid: { code: 'FT222', severity: E, summary: 'A certificate in `ca` is not valid yet.' },
  chainOrder: { code: 'FT223', severity: W, summary: '`ca` chain out of order (each certificate must be issued by the next).' },
  leafHostMismatch: { code: 'FT224', severity: W, summary: 'The leaf certificate in `ca` does not cover `hostname`.' },
  caNull: { code: 'FT225', severity: W, summary: "`ca` is null: only works if Tesla trusts your server's public CA (unconfirmed)." },
  caPrivateKey: { code: 'FT226', severity: E, summary: '`ca` contains a private key; remove it and rotate the key.' },
  expPast: { code: 'FT230', severity: E, summary: '`exp` is not in the future.' },
  expFar: { code: 'FT231', severity: W, summary: '`exp` is more than a year ahead.' },
  expInvalid: { code: 'FT232', severity: E, summary: '`exp` is not an integer of epoch seconds (e.g. milliseconds).' },
  claimInvalid: { code: 'FT233', severity: E, summary: '`nbf` or `iat` is not an integer of epoch seconds (e.g. milliseconds).' },
  claimFuture: { code: 'FT234', severity: W, summary: '`nbf` or `iat` is in the future: the config is not valid (or not issued) yet.' },
  nbfAfterExp: { code: 'FT235', severity: E, summary: '`nbf` is not before `exp`: the config is never valid.' },
  vinsEmpty: { code: 'FT240', severity: E, summary: '`vins` is empty.' },
  vinLength: { code: 'FT241', severity: E, summary: 'VIN is not 17 characters.' },
  vinCharacters: { code: 'FT242', severity: E, summary: 'VIN has illegal characters (I, O, Q, or not A–Z/0–9).' },
  vinCheckDigit: { code: 'FT243', severity: W, summary: 'VIN check digit (position 9) does not match.' },
  alertType: { code: 'FT250', severity: W, summary: '`alert_types` value outside service, customer, service-fix.' },
  deliveryPolicy: { code: 'FT251', severity: W, summary: '`delivery_policy` other than "latest" (the only known value).' },
  preferTyped: { code: 'FT260', severity: H, summary: '`prefer_typed` missing; offers "add prefer_typed".' },
  cost: { code: 'FT270', severity: I, summary: 'Cost estimate: signals per vehicle per day and dollars per month (at most).' },
} as const satisfies Record<string, DiagnosticCodeInfo>;

export type CodeKey = keyof typeof CODES;

export const ALL_CODES: readonly DiagnosticCodeInfo[] = Object.values(CODES);
