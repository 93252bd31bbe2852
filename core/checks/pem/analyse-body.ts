import { createPublicKey } from 'node:crypto';
import { check, type Check } from '../types';
import type { FetchOutcome } from './fetch';
import { classifyBody, hasUtf8Bom, bodyText, type BodyKind } from './body-kind';
import { isPrivateKeyLabel, isPublicKeyLabel, type PemBlock } from './pem-blocks';
import { describePublicKey, describeKeyObject, sameKey, type KeyInfo } from './key-info';

const T = {
  contentType: 'Content-Type',
  size: 'Size within limits',
  format: 'Body is a PEM public key',
  privateKey: 'No private key published',
  count: 'Exactly one key',
  garbage: 'Nothing around the PEM block',
  encoding: 'Encoding and whitespace',
  keyType: 'Key is EC prime256v1',
  match: "Matches Fleetkit's command key",
};

export const GENERATE_FIX =
  "Generate an EC prime256v1 key pair (Fleetkit's key command, or `openssl ecparam -name prime256v1 -genkey -noout -out private-key.pem && openssl ec -in private-key.pem -pubout -out public-key.pem`) and host public-key.pem.";

const GOOD_TYPES = [
  'text/plain',
  'application/x-pem-file',
  'application/octet-stream',
  'application/x-pem',
  'application/pkcs8',
  'application/pem-certificate-chain',
];

export interface BodyInput {
  readonly outcome: FetchOutcome;
  readonly maxBytes: number;
  /** A GET of a path that cannot exist on the same host, to tell an SPA index.html fallback from an error page. */
  readonly spaProbe?: FetchOutcome;
  readonly localKey?: KeyInfo;
}

export interface BodyAnalysis {
  readonly checks: Check[];
  /** The hosted key, when exactly one parseable public key was found (or the first of several). */
  readonly hostedKey?: KeyInfo;
}

const ALL_IDS: ReadonlyArray<[string, string]> = [
  ['http.content-type', T.contentType],
  ['body.size', T.size],
  ['body.format', T.format],
  ['body.private-key', T.privateKey],
  ['key.count', T.count],
  ['body.garbage', T.garbage],
  ['body.encoding', T.encoding],
  ['key.type', T.keyType],
  ['key.match', T.match],
];

function skipRest(checks: Check[], reason: string): Check[] {
  const have = new Set(checks.map((c) => c.id));
  const out = [...checks];
  for (const [id, title] of ALL_IDS) if (!have.has(id)) out.push(check.skip(id, title, reason));
  return ALL_IDS.map(([id]) => out.find((c) => c.id === id)!);
}

const preview = (s: string): string => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);

function sameBody(a: FetchOutcome, b: FetchOutcome): boolean {
  return a.body.equals(b.body);
}

function formatFailure(kind: BodyKind, input: BodyInput): Check | undefined {
  const fail = (detail: string, fix: string): Check => check.fail('body.format', T.format, detail, fix);
  switch (kind.kind) {
    case 'empty':
      return fail('The body is empty.', 'Upload public-key.pem with its contents (-----BEGIN PUBLIC KEY----- …).');
    case 'utf16':
      return fail(
        'The file is UTF-16 encoded (saved as "Unicode" by an editor).',
        'Save it as plain ASCII/UTF-8 text, e.g. regenerate with openssl, which writes ASCII.',
      );
    case 'der':
      return fail(
        'The body is binary DER, not PEM text.',
        'Convert it: `openssl pkey -pubin -inform DER -in key.der -outform PEM -out public-key.pem`, and host the PEM.',
      );
    case 'binary':
      return fail('The body is binary data, not PEM text.', 'Host the PEM text file produced by `openssl ec -pubout`.');
    case 'html': {
      const spa =
        input.spaProbe && input.spaProbe.status === 200 && (sameBody(input.outcome, input.spaProbe) || classifyBody(input.spaProbe.body).kind === 'html');
      if (kind.challenge) {
        return fail(
          'The body is an HTML bot-protection challenge page, not the key.',
          'Exempt /.well-known/ from bot protection / "under attack" modes on your CDN so non-browser clients get the file.',
        );
      }
      if (spa) {
        return fail(
          'The body is HTML: the site answers every unknown path with its index.html (single-page-app fallback), so the key file is not deployed at this path.',
          'Deploy the file so it exists at that exact path in the built output (e.g. public/.well-known/appspecific/ for most frameworks), and make sure the SPA rewrite does not apply to /.well-known/.',
        );
      }
      return fail('The body is an HTML page, not the key.', 'Serve the raw PEM file at this path (not a page that shows it; not an error page).');
    }
    case 'json':
      return fail('The body is JSON (an API or error response), not the key.', 'Serve the raw PEM file at this path, not through an API route.');
    case 'openssh':
      return fail(
        'The body is an OpenSSH public key, not PEM.',
        'Convert it: `ssh-keygen -e -m PKCS8 -f key.pub > public-key.pem`, or generate a PEM key pair with openssl.',
      );
    case 'bare-base64':
      return fail(
        'The body is base64 without the -----BEGIN PUBLIC KEY----- / -----END PUBLIC KEY----- lines.',
        'Host the complete PEM file, including its BEGIN and END lines.',
      );
    case 'text':
      return fail(`The body is not a PEM file (it starts ${preview(bodyText(input.outcome.body).trim())}).`, 'Host the PEM public key file.');
    case 'pem':
      return undefined;
  }
}

function contentTypeCheck(outcome: FetchOutcome): Check {
  const raw = outcome.headers['content-type'];
  const enc = outcome.headers['content-encoding'];
  if (enc && enc.toLowerCase() !== 'identity') {
    return check.warn(
      'http.content-type',
      T.contentType,
      `Content-Encoding: ${enc} although the request did not accept compression.`,
      'Serve the file uncompressed to clients that do not send Accept-Encoding.',
    );
  }
  if (!raw) return check.warn('http.content-type', T.contentType, 'No Content-Type header.', 'Serve .pem files as text/plain or application/x-pem-file.');
  const type = raw.split(';')[0].trim().toLowerCase();
  if (GOOD_TYPES.includes(type)) return check.pass('http.content-type', T.contentType, raw);
  return check.warn(
    'http.content-type',
    T.contentType,
    `${raw} is unusual for a key file.`,
    'Serve .pem files as text/plain or application/x-pem-file (a MIME type mapping in the web server or hosting config).',
  );
}

function encodingCheck(body: Buffer): Check {
  const odd: string[] = [];
  if (hasUtf8Bom(body)) odd.push('a UTF-8 byte-order mark (BOM) at the start');
  const text = bodyText(body);
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/(?<!\r)\n/g) ?? []).length;
  if (crlf && lf) odd.push('mixed CRLF and LF line endings');
  else if (crlf) odd.push('Windows CRLF line endings');
  if (/\r(?!\n)/.test(text)) odd.push('bare CR characters');
  if (/^\s+-----BEGIN/.test(text)) odd.push('whitespace before the BEGIN line');
  if (/[ \t]+\r?$/m.test(text)) odd.push('trailing spaces or tabs on lines');
  if (/^[ \t]+\S/m.test(text)) odd.push('indented lines');
  if (/(\r?\n){2,}\s*$/.test(text)) odd.push('blank lines after the END line');
  if ([...text].some((ch) => !/[\t\n\r -~]/.test(ch))) odd.push('non-ASCII characters');
  if (!odd.length) return check.pass('body.encoding', T.encoding, 'Plain ASCII, LF line endings, no stray whitespace.');
  return check.warn(
    'body.encoding',
    T.encoding,
    `The file has ${odd.join(', ')}.`,
    'Strict PEM parsers can reject this: save it as plain ASCII with LF line endings and no BOM (e.g. regenerate with `openssl ec -pubout`, or `dos2unix`).',
  );
}

function parseBlock(block: PemBlock): KeyInfo | Error {
  if (!block.der) return new Error('its base64 is malformed');
  try {
    if (block.label === 'RSA PUBLIC KEY') return describeKeyObject(createPublicKey({ key: block.der, format: 'der', type: 'pkcs1' }));
    return describePublicKey(block.der);
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

/** Body, key and match verdicts for a 200 response. Pure. */
export function analyseBody(input: BodyInput): BodyAnalysis {
  const { outcome } = input;
  if (outcome.status !== 200) {
    return {
      checks: skipRest([], outcome.status === undefined ? 'Not checked: no response.' : `Not checked: the server answered ${outcome.status}, not 200.`),
    };
  }
  const checks: Check[] = [contentTypeCheck(outcome)];
  if (outcome.truncated) {
    checks.push(
      check.fail(
        'body.size',
        T.size,
        `The body is larger than ${input.maxBytes} bytes${outcome.headers['content-length'] ? ` (Content-Length: ${outcome.headers['content-length']})` : ''}; reading stopped there. Tesla rejects it ("Public key download failed … too large").`,
        'Host only the PEM public key (about 178 bytes) at this path.',
      ),
    );
  } else if (outcome.error) {
    checks.push(
      check.fail(
        'body.size',
        T.size,
        `The body was cut off: ${outcome.error.message}.`,
        'Check the server sends the whole file (Content-Length, upstream timeouts).',
      ),
    );
  } else if (outcome.body.length > 4096) {
    checks.push(
      check.warn('body.size', T.size, `${outcome.body.length} bytes; a P-256 public key PEM is about 178 bytes.`, 'Host only the PEM public key at this path.'),
    );
  } else {
    checks.push(check.pass('body.size', T.size, `${outcome.body.length} bytes.`));
  }

  const kind = classifyBody(outcome.body);
  const failure = formatFailure(kind, input);
  if (failure || kind.kind !== 'pem') {
    checks.push(failure!, check.pass('body.private-key', T.privateKey, 'No PEM private key in the body.'));
    return { checks: skipRest(checks, 'Not checked: the body is not a PEM file.') };
  }

  const { scan } = kind;
  const privates = scan.blocks.filter((b) => isPrivateKeyLabel(b.label));
  const publics = scan.blocks.filter((b) => isPublicKeyLabel(b.label));
  const others = scan.blocks.filter((b) => !isPrivateKeyLabel(b.label) && !isPublicKeyLabel(b.label));

  // Format.
  if (publics.length > 0) {
    checks.push(check.pass('body.format', T.format, `PEM ${publics.map((b) => b.label).join(', ')} block${publics.length > 1 ? 's' : ''}.`));
  } else if (privates.length > 0) {
    checks.push(
      check.fail(
        'body.format',
        T.format,
        `The body is a PEM ${privates[0].label}, not a PUBLIC KEY.`,
        `Host only the public half: \`openssl ec -in private-key.pem -pubout -out public-key.pem\`.`,
      ),
    );
  } else if (others.some((b) => b.label === 'CERTIFICATE')) {
    checks.push(
      check.fail(
        'body.format',
        T.format,
        'The body is a CERTIFICATE, not a PUBLIC KEY.',
        'Host the bare public key: `openssl x509 -in cert.pem -pubkey -noout > public-key.pem` (and make sure it is your prime256v1 command key).',
      ),
    );
  } else if (others.some((b) => b.label === 'CERTIFICATE REQUEST' || b.label === 'NEW CERTIFICATE REQUEST')) {
    checks.push(
      check.fail(
        'body.format',
        T.format,
        'The body is a certificate signing request (CSR), not a PUBLIC KEY.',
        'Host the public key: `openssl req -in request.csr -pubkey -noout > public-key.pem`.',
      ),
    );
  } else {
    const label = others[0]?.label ?? scan.unterminatedLabel ?? '?';
    checks.push(
      check.fail(
        'body.format',
        T.format,
        `The body is a PEM ${label} block${scan.unterminatedLabel && !others.length ? ' without its END line' : ''}, not a PUBLIC KEY.`,
        'Host the PEM public key (-----BEGIN PUBLIC KEY-----).',
      ),
    );
  }

  // Private key (critical).
  if (privates.length > 0) {
    checks.push({
      ...check.fail(
        'body.private-key',
        T.privateKey,
        `CRITICAL: the file publishes a private key (${privates.map((b) => b.label).join(', ')}). Anyone who downloaded it can sign vehicle commands as your application.`,
        'Rotate now: take the file down, generate a new prime256v1 key pair, host only the new public key, re-register the domain (POST /api/1/partner_accounts) in every region, and have drivers pair the new key. Treat the old key as compromised.',
      ),
      critical: true,
    });
  } else {
    checks.push(check.pass('body.private-key', T.privateKey, 'No private key in the body.'));
  }

  // Count.
  const parsed = publics.map(parseBlock);
  const keys = parsed.filter((p): p is KeyInfo => !(p instanceof Error));
  if (publics.length === 0) checks.push(check.fail('key.count', T.count, 'No PUBLIC KEY block.', GENERATE_FIX));
  else if (publics.length === 1) checks.push(check.pass('key.count', T.count, 'One PUBLIC KEY block.'));
  else {
    const list = parsed.map((p, i) => (p instanceof Error ? `#${i + 1} unreadable` : `#${i + 1} ${p.name} sha256:${p.spkiSha256.slice(0, 16)}…`)).join('; ');
    checks.push(
      check.fail('key.count', T.count, `${publics.length} PUBLIC KEY blocks (${list}); Tesla expects exactly one.`, 'Keep only your command key in the file.'),
    );
  }

  // Garbage around blocks.
  const junk: string[] = [];
  if (scan.leading) junk.push(`text before the first block: ${preview(scan.leading)}`);
  for (const b of scan.between) junk.push(`text between blocks: ${preview(b)}`);
  if (scan.trailing) junk.push(`trailing text after the END line: ${preview(scan.trailing)}`);
  if (scan.unterminatedLabel && scan.blocks.length) junk.push(`a ${scan.unterminatedLabel} block without its END line`);
  if (privates.length && publics.length) junk.push(`a ${privates.map((b) => b.label).join(', ')} block next to the public key`);
  if (others.length && publics.length) junk.push(`extra ${others.map((b) => b.label).join(', ')} block(s)`);
  if (publics.some((b) => b.hasHeaders)) junk.push('header lines inside the key block');
  checks.push(
    junk.length
      ? check.fail('body.garbage', T.garbage, `Found ${junk.join('; ')}.`, 'The file must contain only the PUBLIC KEY block (a trailing newline is fine).')
      : check.pass('body.garbage', T.garbage, 'Only the PEM block(s).'),
  );

  // Encoding.
  const enc = encodingCheck(outcome.body);
  if (publics.some((b) => b.longLines) && enc.status === 'pass') {
    checks.push(
      check.warn(
        'body.encoding',
        T.encoding,
        'Base64 lines are longer than 64 characters (the key was re-wrapped).',
        'Host the file exactly as openssl wrote it.',
      ),
    );
  } else checks.push(enc);

  // Key type.
  const first = parsed[0];
  let hostedKey: KeyInfo | undefined;
  if (first === undefined) {
    checks.push(check.skip('key.type', T.keyType, 'No public key to inspect.'));
  } else if (first instanceof Error) {
    checks.push(
      check.fail(
        'key.type',
        T.keyType,
        `The PUBLIC KEY block does not decode to a key: ${first.message}.`,
        'Re-upload the file unmodified (copy-paste can break base64), or regenerate it.',
      ),
    );
  } else {
    hostedKey = first;
    if (!first.isP256) {
      checks.push(check.fail('key.type', T.keyType, `The key is ${first.name}; Tesla accepts only EC P-256 (prime256v1).`, GENERATE_FIX));
    } else if (first.compressedPoint) {
      checks.push(
        check.warn(
          'key.type',
          T.keyType,
          'EC P-256, but the point is stored compressed.',
          'Host the uncompressed form: `openssl ec -pubin -in public-key.pem -conv_form uncompressed -pubout`.',
        ),
      );
    } else {
      checks.push(check.pass('key.type', T.keyType, `${first.name}.`));
    }
  }

  // Match with the local key.
  if (!input.localKey) {
    checks.push(check.skip('key.match', T.match, 'No local key given (use --key, or create a key in Fleetkit).'));
  } else if (keys.length === 0) {
    checks.push(check.skip('key.match', T.match, 'No hosted key to compare.'));
  } else {
    const local = input.localKey;
    const hit = keys.find((k) => sameKey(k, local));
    const fp = (k: KeyInfo): string => `sha256:${k.spkiSha256}${k.pointHex ? `, point ${k.pointHex.slice(0, 18)}…` : ''}`;
    if (hit && hit === keys[0]) checks.push(check.pass('key.match', T.match, `Hosted and local key are the same (${fp(local)}).`));
    else if (hit) {
      checks.push(check.fail('key.match', T.match, `The local key is in the file but not first (${fp(local)}).`, 'Keep only your command key in the file.'));
    } else {
      checks.push(
        check.fail(
          'key.match',
          T.match,
          `The hosted key (${fp(keys[0])}) is not the local key (${fp(local)}).`,
          'Host the public key of the key Fleetkit signs commands with; if you rotated keys, upload the new public key and re-register the domain in every region.',
        ),
      );
    }
  }
  return { checks: skipRest(checks, 'Not checked.'), hostedKey };
}
