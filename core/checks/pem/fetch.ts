import * as https from 'node:https';
import * as tls from 'node:tls';
import type { LookupFunction } from 'node:net';

/** hostname → where to connect instead of DNS (`--resolve fleet.example.test=127.0.0.1:8443`). */
export type ResolveMap = Readonly<Record<string, { address: string; port: number }>>;

export interface FetchOptions {
  /** Extra trust anchors (PEM), added to Node's bundled roots. Tests pass their fixture CA here. */
  ca?: string | readonly string[];
  resolve?: ResolveMap;
  /** Whole-request budget in ms (connect + TLS + headers + body). */
  timeoutMs?: number;
  /** Bytes of body kept; reading stops and the connection is dropped beyond it. */
  maxBytes?: number;
  signal?: AbortSignal;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
/** Tesla rejects oversized files ("Public key download failed … too large"); a P-256 PEM is 178 bytes. */
export const DEFAULT_MAX_BYTES = 64 * 1024;

export type FetchPhase = 'connect' | 'tls' | 'response' | 'body';

export interface FetchError {
  readonly kind: 'dns' | 'refused' | 'timeout' | 'reset' | 'tls' | 'aborted' | 'other';
  /** Node/OpenSSL error code when there is one (ENOTFOUND, ECONNREFUSED, ERR_SSL_WRONG_VERSION_NUMBER…). */
  readonly code?: string;
  readonly message: string;
  /** How far the request got. */
  readonly phase: FetchPhase;
}

/** What the TLS handshake showed; verification is done here by OpenSSL but judged by the analyser. */
export interface TlsFacts {
  readonly protocol: string | null;
  /** Whether OpenSSL verified the chain against the trust store (hostname is checked separately). */
  readonly authorized: boolean;
  /** OpenSSL's verification error code (CERT_HAS_EXPIRED, DEPTH_ZERO_SELF_SIGNED_CERT…). */
  readonly authorizationError?: string;
  /** DER certificates, leaf first, as Node reports the chain (the server's certificates, plus the root when found). */
  readonly chain: readonly Buffer[];
}

export interface FetchOutcome {
  readonly url: string;
  readonly error?: FetchError;
  readonly tls?: TlsFacts;
  readonly status?: number;
  /** Response headers, lower-case names, repeated values joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** True when the body exceeded `maxBytes` and was cut off. */
  readonly truncated: boolean;
}

// Building a context parses every bundled root certificate; do it once per distinct extra-CA set.
const contexts = new Map<string, tls.SecureContext>();
function secureContextFor(extraCa: readonly string[]): tls.SecureContext | undefined {
  if (!extraCa.length) return undefined;
  const key = extraCa.join('\n');
  let ctx = contexts.get(key);
  if (!ctx) {
    ctx = tls.createSecureContext({ ca: [...tls.rootCertificates, ...extraCa] });
    if (contexts.size > 16) contexts.clear();
    contexts.set(key, ctx);
  }
  return ctx;
}

function tlsFactsOf(s: tls.TLSSocket): TlsFacts | undefined {
  if (typeof s.getPeerCertificate !== 'function') return undefined;
  const chain: Buffer[] = [];
  const seen = new Set<string>();
  let cert: tls.DetailedPeerCertificate | undefined = s.getPeerCertificate(true);
  while (cert && cert.raw && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    chain.push(cert.raw);
    cert = cert.issuerCertificate;
  }
  const authError = s.authorizationError as unknown;
  return {
    protocol: s.getProtocol(),
    authorized: s.authorized,
    authorizationError: authError ? String((authError as NodeJS.ErrnoException).code ?? authError) : undefined,
    chain,
  };
}

/**
 * A bare TLS handshake (no HTTP, never a resumed session) to read the certificate chain. Used when the HTTP
 * request's socket could not show it: agents that resume TLS sessions (VS Code's) get no peer chain on resumption.
 */
function handshakeFacts(
  hostname: string,
  port: number,
  options: FetchOptions,
  secureContext: tls.SecureContext | undefined,
  timeoutMs: number,
): Promise<TlsFacts | undefined> {
  return new Promise((resolve) => {
    const socket = tls.connect({
      host: hostname,
      port,
      servername: /^[\d.]+$|:/.test(hostname) ? undefined : hostname,
      lookup: lookupFor(options.resolve),
      secureContext,
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
    });
    const done = (facts: TlsFacts | undefined): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(facts);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    socket.once('secureConnect', () => done(tlsFactsOf(socket)));
    socket.once('error', () => done(undefined));
  });
}

function lookupFor(resolve: ResolveMap | undefined): LookupFunction | undefined {
  if (!resolve) return undefined;
  return (hostname, options, callback) => {
    const target = resolve[hostname.toLowerCase()];
    if (!target) {
      const err: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname} (not in the resolve map)`);
      err.code = 'ENOTFOUND';
      callback(err, '', 0);
      return;
    }
    const family = target.address.includes(':') ? 6 : 4;
    if (options.all) callback(null, [{ address: target.address, family }]);
    else callback(null, target.address, family);
  };
}

export function classifyError(err: unknown, phase: FetchPhase): FetchError {
  const e = err as NodeJS.ErrnoException;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const message = e instanceof Error ? e.message : String(err);
  let kind: FetchError['kind'] = 'other';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') kind = 'dns';
  else if (code === 'ECONNREFUSED') kind = 'refused';
  else if (code === 'ETIMEDOUT' || code === 'FLEETKIT_TIMEOUT') kind = 'timeout';
  else if (code === 'ABORT_ERR') kind = 'aborted';
  else if (code === 'ECONNRESET' || code === 'EPIPE' || (phase === 'tls' && /socket disconnected/i.test(message))) kind = phase === 'tls' ? 'tls' : 'reset';
  else if ((code && (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || code === 'EPROTO')) || phase === 'tls') kind = 'tls';
  return { kind, code, message, phase };
}

/**
 * One anonymous GET over HTTPS, the way Tesla's key download works: no redirects followed, no cookies or
 * credentials, a time budget and a size cap. Never throws; failures come back in `error`.
 * Certificate problems do not stop the request (rejectUnauthorized is off): the chain is judged by the analyser,
 * and the body is still read so the report can say everything that is wrong at once. Nothing secret is sent.
 */
export function fetchOnce(url: string, options: FetchOptions = {}): Promise<FetchOutcome> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const parsed = new URL(url);
  const hostname = parsed.hostname.replace(/^\[|\]$/g, '');
  const override = options.resolve?.[hostname.toLowerCase()];
  const extraCa = options.ca === undefined ? [] : typeof options.ca === 'string' ? [options.ca] : [...options.ca];
  const port = override?.port ?? (parsed.port ? Number(parsed.port) : 443);

  return new Promise<FetchOutcome>((resolve) => {
    let phase: FetchPhase = 'connect';
    let tlsFacts: TlsFacts | undefined;
    let status: number | undefined;
    let headers: Record<string, string> = {};
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    let settled = false;

    const finish = (error?: FetchError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      const outcome = (t: TlsFacts | undefined): FetchOutcome => ({ url, error, tls: t, status, headers, body: Buffer.concat(chunks), truncated });
      if (tlsFacts && tlsFacts.chain.length === 0 && status !== undefined) {
        const known = tlsFacts;
        void handshakeFacts(hostname, port, options, secureContextFor(extraCa), Math.min(timeoutMs, 5000)).then((t) =>
          resolve(outcome(t && t.chain.length ? t : known)),
        );
      } else resolve(outcome(tlsFacts));
    };

    const requestOptions: https.RequestOptions & Pick<tls.ConnectionOptions, 'secureContext'> = {
      protocol: 'https:',
      hostname,
      port,
      path: `${parsed.pathname}${parsed.search}`,
      method: 'GET',
      // SNI carries names only, never IP literals.
      servername: /^[\d.]+$|:/.test(hostname) ? undefined : hostname,
      lookup: lookupFor(options.resolve),
      secureContext: secureContextFor(extraCa),
      rejectUnauthorized: false,
      agent: false,
      headers: { host: parsed.host, 'user-agent': 'fleetkit-check', accept: '*/*', connection: 'close' },
    };
    const req = https.request(requestOptions);

    const timer = setTimeout(() => {
      const err: NodeJS.ErrnoException = new Error(`no answer within ${timeoutMs} ms (while waiting for ${phase})`);
      err.code = 'FLEETKIT_TIMEOUT';
      finish(classifyError(err, phase));
      req.destroy();
    }, timeoutMs);
    const onAbort = (): void => {
      const err: NodeJS.ErrnoException = new Error('the check was cancelled');
      err.code = 'ABORT_ERR';
      finish(classifyError(err, phase));
      req.destroy();
    };
    if (options.signal?.aborted) {
      onAbort();
      return;
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });

    // Editors may route requests through their own agent (VS Code's proxy support), which can hand over a socket
    // whose handshake already finished: read the TLS facts when the handshake completes, or at once if it has, and
    // again from the response's socket if the chain was not readable yet.
    const readTls = (s: tls.TLSSocket): void => {
      const facts = tlsFactsOf(s);
      if (facts && !(tlsFacts && tlsFacts.chain.length >= facts.chain.length)) tlsFacts = facts;
    };
    req.on('socket', (socket) => {
      const s = socket as tls.TLSSocket;
      if (s.encrypted && !s.connecting && typeof s.getPeerCertificate === 'function' && s.getProtocol()) {
        readTls(s);
        phase = 'response';
        return;
      }
      socket.once('connect', () => {
        if (phase === 'connect') phase = 'tls';
      });
      socket.once('secureConnect', () => {
        readTls(s);
        phase = 'response';
      });
    });

    req.on('response', (res) => {
      phase = 'body';
      if (res.socket) readTls(res.socket as tls.TLSSocket);
      status = res.statusCode;
      headers = {};
      for (const [name, value] of Object.entries(res.headers)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      res.on('data', (chunk: Buffer) => {
        if (settled) return;
        const room = maxBytes - size;
        if (chunk.length > room) {
          chunks.push(chunk.subarray(0, room));
          size = maxBytes;
          truncated = true;
          finish();
          req.destroy();
          return;
        }
        chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () => finish());
      res.on('close', () => {
        if (res.complete) return finish();
        const err: NodeJS.ErrnoException = new Error('the server closed the connection before the body was complete');
        err.code = 'ECONNRESET';
        finish(classifyError(err, 'body'));
      });
      res.on('error', (err) => finish(classifyError(err, phase)));
    });
    req.on('error', (err) => {
      finish(classifyError(err, phase));
      req.destroy();
    });
    req.end();
  });
}
