/**
 * The network side of the telemetry server check: three short connections to where a vehicle would connect.
 *  1. TCP: does the port answer?
 *  2. A hand-made TLS 1.2 hello (tls12.ts): the certificates the server sends and its CertificateRequest, in clear.
 *  3. Node's TLS client trusting exactly the config's `ca`, without a client certificate, then a WebSocket upgrade
 *     request: does the server refuse a client that has no certificate, as Tesla's server does?
 * Never throws; every failure comes back as a fact for analyse.ts.
 */
import { randomBytes } from 'node:crypto';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { classifyError, type FetchError, type ResolveMap } from '../pem/fetch';
import { buildClientHello, ServerFlightReader, type ServerFlight } from './tls12';

export interface ProbeOptions {
  /** host → address:port to connect to instead of DNS (the host is still used for SNI and the Host header). */
  resolve?: ResolveMap;
  /** Budget for each connection, ms. */
  timeoutMs?: number;
  /** How long a connection without a client certificate is watched after its handshake for a refusal, ms. */
  settleMs?: number;
  signal?: AbortSignal;
}

export const DEFAULT_PROBE_TIMEOUT_MS = 10_000;
export const DEFAULT_SETTLE_MS = 2_000;

export interface TcpFacts {
  /** Where the probe connected (after --resolve). */
  readonly host: string;
  readonly port: number;
  readonly error?: FetchError;
}

export interface Tls12Facts {
  /** The server's first flight; partial when the connection ended early. */
  readonly flight?: ServerFlight;
  /** Why the flight could not be read (connection closed, not TLS, timeout). */
  readonly error?: string;
}

export interface AnonymousClientFacts {
  /** Whether Node's TLS handshake completed. */
  readonly handshake: boolean;
  readonly protocol?: string;
  /** Node/OpenSSL verification of the server chain against exactly the config's `ca` (only with a handshake). */
  readonly authorized?: boolean;
  readonly authorizationError?: string;
  /** DER, leaf first, as Node reports the peer chain (only with a handshake). */
  readonly chain: readonly Buffer[];
  /**
   * refused: a TLS alert, reset or close before any answer (what Tesla's server does to a client without a
   * certificate); answered: the server answered the WebSocket upgrade request; silent: handshake done, no answer,
   * connection still open after settleMs.
   */
  readonly outcome: 'refused' | 'answered' | 'silent';
  /** The error code that ended the connection (ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED, ECONNRESET…). */
  readonly errorCode?: string;
  readonly errorMessage?: string;
  /** HTTP status line of the answer. */
  readonly statusLine?: string;
  readonly status?: number;
  /** How long a silent connection was watched, ms. */
  readonly watchedMs?: number;
}

export interface ProbeFacts {
  readonly tcp: TcpFacts;
  /** Absent when TCP failed. */
  readonly tls12?: Tls12Facts;
  readonly anonymous?: AnonymousClientFacts;
}

function aborted(): FetchError {
  return { kind: 'aborted', code: 'ABORT_ERR', message: 'the check was cancelled', phase: 'connect' };
}

/** Runs `body` with a socket-owning cleanup that fires once on timeout or cancellation. */
function guarded<T>(options: ProbeOptions, onStop: (why: 'timeout' | 'aborted') => T, body: (finish: (v: T) => void) => () => void): Promise<T> {
  return new Promise<T>((resolve) => {
    let done = false;
    let cleanup: () => void = () => undefined;
    const finish = (v: T): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      cleanup();
      resolve(v);
    };
    const timer = setTimeout(() => finish(onStop('timeout')), options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS);
    const onAbort = (): void => finish(onStop('aborted'));
    if (options.signal?.aborted) return finish(onStop('aborted'));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    cleanup = body(finish);
  });
}

/** Where a vehicle would connect for `hostname:port`, after the resolve map. */
export function connectTarget(hostname: string, port: number, resolve: ResolveMap | undefined): { host: string; port: number } {
  const over = resolve?.[hostname.toLowerCase()];
  return over ? { host: over.address, port: over.port } : { host: hostname, port };
}

export function probeTcp(host: string, port: number, options: ProbeOptions = {}): Promise<TcpFacts> {
  return guarded<TcpFacts>(
    options,
    (why) => ({
      host,
      port,
      error:
        why === 'aborted'
          ? aborted()
          : classifyError(
              Object.assign(new Error(`no TCP connection within ${options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS} ms`), { code: 'FLEETKIT_TIMEOUT' }),
              'connect',
            ),
    }),
    (finish) => {
      const socket = net.connect({ host, port });
      socket.once('connect', () => finish({ host, port }));
      socket.once('error', (err) => finish({ host, port, error: classifyError(err, 'connect') }));
      return () => socket.destroy();
    },
  );
}

/** Sends a TLS 1.2-only ClientHello and reads the server's flight up to ServerHelloDone (or an alert). */
export function probeTls12(host: string, port: number, serverName: string, options: ProbeOptions = {}): Promise<Tls12Facts> {
  const reader = new ServerFlightReader();
  return guarded<Tls12Facts>(
    options,
    (why) => ({
      flight: reader.partial(),
      error:
        why === 'aborted'
          ? 'the check was cancelled'
          : `the server did not finish its TLS 1.2 hello within ${options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS} ms`,
    }),
    (finish) => {
      const socket = net.connect({ host, port });
      socket.once('connect', () => socket.write(buildClientHello(serverName)));
      socket.on('data', (chunk: Buffer) => {
        try {
          const flight = reader.push(chunk);
          if (flight) finish({ flight });
        } catch (err) {
          finish({ flight: reader.partial(), error: (err as Error).message });
        }
      });
      socket.once('end', () => finish({ flight: reader.partial(), error: 'the server closed the connection during the TLS 1.2 hello' }));
      socket.once('error', (err) => finish({ flight: reader.partial(), error: `${(err as NodeJS.ErrnoException).code ?? 'error'}: ${err.message}` }));
      return () => socket.destroy();
    },
  );
}

function peerChain(s: tls.TLSSocket): Buffer[] {
  const chain: Buffer[] = [];
  const seen = new Set<string>();
  let cert: tls.DetailedPeerCertificate | undefined = s.getPeerCertificate(true);
  while (cert?.raw && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    chain.push(cert.raw);
    cert = cert.issuerCertificate;
  }
  return chain;
}

/**
 * Connects like a vehicle without a client certificate: Node's TLS client trusting exactly `ca` (no system roots),
 * then a WebSocket upgrade request as vehicles send. Tesla's server refuses such a client in the handshake.
 */
export function probeWithoutClientCert(
  host: string,
  port: number,
  serverName: string,
  ca: readonly string[],
  options: ProbeOptions = {},
): Promise<AnonymousClientFacts> {
  const settleMs = options.settleMs ?? DEFAULT_SETTLE_MS;
  let base: Omit<AnonymousClientFacts, 'outcome'> = { handshake: false, chain: [] };
  return guarded<AnonymousClientFacts>(
    options,
    (why) =>
      why === 'aborted'
        ? { ...base, outcome: 'refused', errorCode: 'ABORT_ERR', errorMessage: 'the check was cancelled' }
        : base.handshake
          ? { ...base, outcome: 'silent', watchedMs: options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS }
          : {
              ...base,
              outcome: 'refused',
              errorCode: 'FLEETKIT_TIMEOUT',
              errorMessage: `no TLS handshake within ${options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS} ms`,
            },
    (finish) => {
      const socket = tls.connect({
        host,
        port,
        servername: net.isIP(serverName) ? undefined : serverName,
        // Without a usable ca Node would trust its bundled roots, so its verdict is then not reported.
        ...(ca.length ? { ca: [...ca] } : {}),
        rejectUnauthorized: false,
        checkServerIdentity: () => undefined,
        ALPNProtocols: ['http/1.1'],
      });
      let settle: NodeJS.Timeout | undefined;
      let head = '';
      socket.once('secureConnect', () => {
        const authError = socket.authorizationError as unknown;
        base = {
          handshake: true,
          protocol: socket.getProtocol() ?? undefined,
          authorized: ca.length ? socket.authorized : undefined,
          authorizationError: ca.length && authError ? String((authError as NodeJS.ErrnoException).code ?? authError) : undefined,
          chain: peerChain(socket),
        };
        const hostHeader = port === 443 ? serverName : `${net.isIPv6(serverName) ? `[${serverName}]` : serverName}:${port}`;
        socket.write(
          `GET / HTTP/1.1\r\nHost: ${hostHeader}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
            `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\nUser-Agent: fleetkit-check\r\n\r\n`,
        );
        settle = setTimeout(() => finish({ ...base, outcome: 'silent', watchedMs: settleMs }), settleMs);
      });
      socket.on('data', (chunk: Buffer) => {
        head += chunk.toString('latin1');
        const line = head.split('\r\n')[0];
        if (head.includes('\r\n') || head.length > 256) {
          const m = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(line);
          finish({ ...base, outcome: 'answered', statusLine: line.slice(0, 120), ...(m ? { status: Number(m[1]) } : {}) });
        }
      });
      socket.once('error', (err: NodeJS.ErrnoException) => finish({ ...base, outcome: 'refused', errorCode: err.code, errorMessage: err.message }));
      socket.once('close', () => finish({ ...base, outcome: 'refused', errorMessage: 'the server closed the connection' }));
      return () => {
        clearTimeout(settle);
        socket.destroy();
      };
    },
  );
}

/** All three probes; the TLS ones only when the port answers. */
export async function probeServer(hostname: string, port: number, ca: readonly string[], options: ProbeOptions = {}): Promise<ProbeFacts> {
  const to = connectTarget(hostname, port, options.resolve);
  const tcp = await probeTcp(to.host, to.port, options);
  if (tcp.error) return { tcp };
  const [tls12, anonymous] = await Promise.all([
    probeTls12(to.host, to.port, hostname, options),
    probeWithoutClientCert(to.host, to.port, hostname, ca, options),
  ]);
  return { tcp, tls12, anonymous };
}
