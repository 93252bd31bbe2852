/**
 * Removes secrets from text before it reaches a log, a notification or a webview.
 * Conservative by design: a false positive costs a few characters of log, a miss leaks a credential.
 */

const REDACTED = '«redacted»';

const SECRET_KEYS = [
  'access_token',
  'refresh_token',
  'id_token',
  'client_secret',
  'code_verifier',
  'password',
  'private_key',
  'privateKey',
  'accessToken',
  'refreshToken',
  'clientSecret',
  'token',
];

const keyAlternation = SECRET_KEYS.join('|');
// In query strings and form bodies an OAuth `code` is a one-time credential too.
const formKeyAlternation = [...SECRET_KEYS, 'code'].join('|');

const PATTERNS: Array<[RegExp, string | ((...m: string[]) => string)]> = [
  // PEM private keys of any flavour (EC, RSA, PKCS#8, encrypted), even when truncated.
  [/-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\s\S]*?(-----END \1PRIVATE KEY-----|$)/g, `-----BEGIN $1PRIVATE KEY-----${REDACTED}-----END $1PRIVATE KEY-----`],
  // JSON: "refresh_token": "value"
  [new RegExp(`("(?:${keyAlternation})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'g'), `$1"${REDACTED}"`],
  // form / query: refresh_token=value
  [new RegExp(`(\\b(?:${formKeyAlternation})=)[^&\\s"']+`, 'g'), `$1${REDACTED}`],
  // HTTP authorization headers
  [/(\b(?:Bearer|Basic)\s+)[A-Za-z0-9._~+/=-]+/gi, `$1${REDACTED}`],
  // Bare JWTs (header.payload.signature, base64url, header starts with {" → "eyJ")
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // Tesla refresh tokens and auth codes carry a region prefix: NA_…, EU_…, CN_…
  [/\b(?:NA|EU|CN)_[A-Za-z0-9_-]{16,}/g, REDACTED],
];

/** Returns `text` with every recognisable secret replaced by a marker. */
export function redact(text: string): string {
  let out = text;
  for (const [re, replacement] of PATTERNS) {
    out = out.replace(re, replacement as string);
  }
  return out;
}

/** Extra exact strings (e.g. a token just received) to scrub besides the patterns above. */
export class SecretScrubber {
  private readonly known = new Set<string>();

  add(secret: string | undefined): void {
    if (secret && secret.length >= 8) this.known.add(secret);
  }

  scrub(text: string): string {
    let out = redact(text);
    for (const s of this.known) out = out.split(s).join(REDACTED);
    return out;
  }
}

export const REDACTION_MARKER = REDACTED;
