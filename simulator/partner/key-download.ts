import * as https from 'node:https';
import * as tls from 'node:tls';
import { createPublicKey } from 'node:crypto';
import type { LookupFunction } from 'node:net';

/**
 * Tesla's side of partner registration: download https://<domain>/.well-known/appspecific/com.tesla.3p.public-key.pem
 * as a strict HTTPS client (public-CA chain, matching name, no redirects, small size limit) and read one EC P-256
 * public key from it. Written independently of Fleetkit's validators (core/checks) on purpose: the simulator is the
 * peer those validators are tested against.
 */

export const KEY_PATH = '/.well-known/appspecific/com.tesla.3p.public-key.pem';

export interface KeyDownloadOptions {
  /** host name → local address (`--resolve fleet.example.test=127.0.0.1:8443`): how test domains become reachable. */
  resolve?: Readonly<Record<string, { address: string; port: number }>>;
  /** Extra CAs trusted in addition to the public roots (a test CA). */
  ca?: readonly string[];
  timeoutMs?: number;
  maxBytes?: number;
}

export const DEFAULT_DOWNLOAD_TIMEOUT_MS = 5000;
export const DEFAULT_DOWNLOAD_MAX_BYTES = 4096;

export type KeyDownload = { ok: true; url: string; point: Buffer } | { ok: false; url: string; error: string };

function lookup(resolve: KeyDownloadOptions['resolve']): LookupFunction {
  return (hostname, options, cb) => {
    const hit = resolve?.[hostname.toLowerCase()];
    if (!hit) {
      // The simulator never leaves the machine: unknown names do not resolve.
      const err: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
      err.code = 'ENOTFOUND';
      cb(err, '', 0);
      return;
    }
    const family = hit.address.includes(':') ? 6 : 4;
    if (options.all) cb(null, [{ address: hit.address, family }]);
    else cb(null, hit.address, family);
  };
}

/** Reads the first PUBLIC KEY block as Tesla's parser would; returns the 65-byte point or a reason. */
export function readP256Point(text: string): { point: Buffer } | { error: string } {
  const m = /-----BEGIN PUBLIC KEY-----([\s\S]*?)-----END PUBLIC KEY-----/.exec(text);
  if (!m) return { error: 'no PEM PUBLIC KEY block found' };
  const b64 = m[1].replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return { error: 'PEM body is not base64' };
  let key;
  try {
    key = createPublicKey({ key: Buffer.from(b64, 'base64'), format: 'der', type: 'spki' });
  } catch {
    return { error: 'failed to parse public key' };
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    return {
      error: `public key must be EC prime256v1, got ${key.asymmetricKeyType}${key.asymmetricKeyDetails?.namedCurve ? ` ${key.asymmetricKeyDetails.namedCurve}` : ''}`,
    };
  }
  const jwk = key.export({ format: 'jwk' });
  return { point: Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]) };
}

const contexts = new Map<string, tls.SecureContext>();
function contextFor(ca: readonly string[] | undefined): tls.SecureContext | undefined {
  if (!ca?.length) return undefined;
  const key = ca.join('\n');
  let ctx = contexts.get(key);
  if (!ctx) {
    ctx = tls.createSecureContext({ ca: [...tls.rootCertificates, ...ca] });
    contexts.set(key, ctx);
  }
  return ctx;
}

export function downloadPublicKey(domain: string, options: KeyDownloadOptions = {}): Promise<KeyDownload> {
  const url = `https://${domain}${KEY_PATH}`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_DOWNLOAD_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_DOWNLOAD_MAX_BYTES;
  const port = options.resolve?.[domain]?.port ?? 443;
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: KeyDownload): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.destroy();
      resolve(r);
    };
    const fail = (error: string): void => finish({ ok: false, url, error });
    const opts: https.RequestOptions & Pick<tls.ConnectionOptions, 'secureContext'> = {
      hostname: domain,
      port,
      path: KEY_PATH,
      method: 'GET',
      servername: domain,
      lookup: lookup(options.resolve),
      secureContext: contextFor(options.ca),
      rejectUnauthorized: true,
      agent: false,
      headers: { host: domain, 'user-agent': 'Tesla-Fleet-Sim/1.0', connection: 'close' },
    };
    const req = https.request(opts, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        fail(`unexpected status code ${res.statusCode}${res.headers.location ? ` (redirect to ${res.headers.location} not followed)` : ''}`);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBytes) return fail('too large');
        chunks.push(c);
      });
      res.on('error', (e) => fail(e.message));
      res.on('end', () => {
        const parsed = readP256Point(Buffer.concat(chunks).toString('utf8'));
        if ('error' in parsed) fail(parsed.error);
        else finish({ ok: true, url, point: parsed.point });
      });
    });
    const timer = setTimeout(() => fail(`timeout after ${timeoutMs} ms`), timeoutMs);
    req.on('error', (e: NodeJS.ErrnoException) => fail(e.code === 'ENOTFOUND' ? `no such host ${domain}` : `${e.code ?? 'error'}: ${e.message}`));
    req.end();
  });
}
