import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseCallbackParams, type CallbackResult } from './authorize';
import { CallbackError } from './errors';
import { safeEqual } from './random';

export interface LoopbackOptions {
  /**
   * The registered loopback redirect URI, e.g. `http://localhost:8085/callback`. Port 0 (or none) means
   * "any free port" (only for authorization servers that ignore the port, RFC 8252 §7.3; Tesla does not).
   */
  readonly redirectUri: string;
  readonly expectedState: string;
  /** How long to wait for the browser (default 5 minutes). */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface LoopbackServer {
  /** The redirect URI to send to the authorize endpoint (with the real port). */
  readonly redirectUri: string;
  /** Resolves with the code when the browser comes back with the right state; rejects on error/timeout/abort. */
  readonly result: Promise<CallbackResult>;
  close(): Promise<void>;
}

function page(title: string, body: string): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;line-height:1.5}</style></head>
<body><h1>${esc(title)}</h1><p>${esc(body)}</p></body></html>`;
}

/** The hosts a loopback redirect URI may name (RFC 8252 §7.3): the callback server listens there. */
const LOOPBACK_HOSTNAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** An `http://` URI on a loopback host: a redirect URI the loopback server can receive. */
export function isLoopbackRedirectUri(uri: string): boolean {
  try {
    const u = new URL(uri);
    return u.protocol === 'http:' && LOOPBACK_HOSTNAMES.includes(u.hostname);
  } catch {
    return false;
  }
}

function send(res: ServerResponse, status: number, title: string, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
  res.end(page(title, body));
}

/**
 * A one-shot HTTP server on 127.0.0.1 that receives the OAuth redirect. Requests with the wrong path or state are
 * answered (404 / 400) and ignored; the first callback with the right state settles the result, then the server closes.
 */
export async function startLoopbackServer(options: LoopbackOptions): Promise<LoopbackServer> {
  const configured = new URL(options.redirectUri);
  if (configured.protocol !== 'http:') throw new Error('a loopback redirect URI must use http://');
  if (!LOOPBACK_HOSTNAMES.includes(configured.hostname)) {
    throw new Error('a loopback redirect URI must point at 127.0.0.1 or localhost');
  }
  const path = configured.pathname || '/';
  let settle!: { resolve: (r: CallbackResult) => void; reject: (e: Error) => void };
  const result = new Promise<CallbackResult>((resolve, reject) => {
    settle = { resolve, reject };
  });
  let done = false;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (req.method !== 'GET' || url.pathname !== path) return send(res, 404, 'Not found', "This is Fleetkit's sign-in callback.");
      if (done) return send(res, 410, 'Sign-in already finished', 'You can close this tab.');
      if (!safeEqual(url.searchParams.get('state'), options.expectedState)) {
        return send(res, 400, 'Sign-in not recognised', 'This response does not belong to the sign-in Fleetkit started (state mismatch).');
      }
      try {
        const r = parseCallbackParams(url.searchParams, options.expectedState);
        done = true;
        send(res, 200, 'Signed in', 'Fleetkit received the sign-in. You can close this tab and return to Fleetkit (the editor or the terminal).');
        settle.resolve(r);
      } catch (err) {
        done = true;
        send(res, 400, 'Sign-in failed', err instanceof Error ? err.message : 'Unknown error');
        settle.reject(err instanceof Error ? err : new CallbackError(String(err)));
      }
    } catch {
      send(res, 400, 'Bad request', 'Malformed request.');
    }
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(configured.port || 0), '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const actual = new URL(configured.toString());
  actual.port = String(port);

  // Graceful: a response being written (the success page) is allowed to finish, stragglers are cut after 1 s.
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      // Closing before a callback came stops the wait too (and its 5-minute timer, which would keep the process up).
      fail(new CallbackError('Sign-in stopped.'));
      const force = setTimeout(() => server.closeAllConnections(), 1000);
      force.unref();
      server.close(() => {
        clearTimeout(force);
        resolve();
      });
      server.closeIdleConnections();
    }));
  const fail = (err: Error) => {
    if (done) return;
    done = true;
    settle.reject(err);
  };
  const timer = setTimeout(() => fail(new CallbackError('Timed out waiting for the browser sign-in (5 minutes).')), options.timeoutMs ?? 300_000);
  const onAbort = () => fail(new CallbackError('Sign-in cancelled.'));
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();
  void result
    .catch(() => undefined)
    .finally(() => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      // Let the success page reach the browser before the socket goes.
      setTimeout(() => void close(), 200).unref();
    });

  return { redirectUri: actual.toString(), result, close };
}
