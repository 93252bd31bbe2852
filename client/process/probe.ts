/**
 * "Is it still there?" before Fleetkit claims a service runs: a TCP connect to an announced port, or one GET of a
 * health URL. Never throws; a failure carries a short reason for the user ("connection refused").
 */
import { connect } from 'node:net';
import { request, type Dispatcher } from 'undici';

export type ProbeResult = { readonly ok: true } | { readonly ok: false; readonly at: string; readonly why: string };

export const PROBE_TIMEOUT_MS = 3000;

/** The reason a connection failed, in words (pure). */
export function probeFailureReason(err: unknown, timeoutMs = PROBE_TIMEOUT_MS): string {
  const e = err as { code?: string; message?: string; cause?: unknown } | undefined;
  const code = e?.code ?? (e?.cause as { code?: string } | undefined)?.code ?? '';
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'the connection was closed';
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return `no answer within ${Math.round(timeoutMs / 1000)} s`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'unknown host';
    default:
      if (/^(ERR_TLS|ERR_SSL|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO)/.test(code)) return `TLS: ${e?.message ?? code}`;
      return e?.message || code || String(err);
  }
}

/** Connects to host:port and closes at once. */
export function probeTcp(host: string, port: number, timeoutMs = PROBE_TIMEOUT_MS): Promise<ProbeResult> {
  const at = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  return new Promise((resolve) => {
    const socket = connect({ host: host.replace(/^\[|\]$/g, ''), port });
    const done = (result: ProbeResult) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done({ ok: false, at, why: probeFailureReason({ code: 'ETIMEDOUT' }, timeoutMs) }), timeoutMs);
    socket.once('connect', () => done({ ok: true }));
    socket.once('error', (err) => done({ ok: false, at, why: probeFailureReason(err, timeoutMs) }));
  });
}

/** The host and port a URL connects to (default ports filled in). */
export function endpointOf(url: string): { host: string; port: number } {
  const u = new URL(url);
  const port = u.port ? Number(u.port) : u.protocol === 'https:' || u.protocol === 'wss:' ? 443 : 80;
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port };
}

/**
 * One GET; ok when `check` accepts the answer (default: any 2xx). `check` returns the reason it does not, e.g.
 * "answered 404".
 */
export async function probeHttp(
  url: string,
  options: { dispatcher?: Dispatcher; timeoutMs?: number; check?: (status: number, body: string) => string | undefined } = {},
): Promise<ProbeResult> {
  const timeoutMs = options.timeoutMs ?? PROBE_TIMEOUT_MS;
  const check = options.check ?? ((status: number) => (status >= 200 && status < 300 ? undefined : `answered ${status}`));
  try {
    const res = await request(url, {
      method: 'GET',
      signal: AbortSignal.timeout(timeoutMs),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
    const body = (await res.body.text()).slice(0, 200);
    const why = check(res.statusCode, body);
    return why ? { ok: false, at: url, why } : { ok: true };
  } catch (err) {
    const timedOut = (err as { name?: string }).name === 'TimeoutError' || (err as { name?: string }).name === 'AbortError';
    return { ok: false, at: url, why: timedOut ? probeFailureReason({ code: 'ETIMEDOUT' }, timeoutMs) : probeFailureReason(err, timeoutMs) };
  }
}

/** Runs the probes together; the first failure (in the given order) or ok. */
export async function firstFailure(probes: readonly Promise<ProbeResult>[]): Promise<ProbeResult> {
  const results = await Promise.all(probes);
  return results.find((r) => !r.ok) ?? { ok: true };
}
