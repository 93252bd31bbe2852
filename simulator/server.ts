import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../core/log/logger';
import { SimHttpError } from './http/errors';
import { parseFormOrJson, parseJsonObject, readBody, DEFAULT_BODY_LIMIT } from './http/body';
import { errorResponse, writeResponse } from './http/respond';
import type { HostInfo, RequestContext, RouteDef, SimResponse } from './http/router';
import type { SurfaceApi } from './surface';
import type { Region } from './world/types';

export interface ListenerSpec {
  kind: HostInfo['kind'];
  region?: Region;
}

export interface BoundListener {
  spec: ListenerSpec;
  server: http.Server;
  url: string;
}

/** Opens one listener per spec on `host`: ports `firstPort`, +1, +2 … or any free ones when `firstPort` is 0. */
export async function openListeners(
  specs: ListenerSpec[],
  host: string,
  firstPort: number,
  tls: { certPem: string; keyPem: string } | null,
): Promise<BoundListener[]> {
  const bound: BoundListener[] = [];
  try {
    for (let i = 0; i < specs.length; i++) {
      const server = tls ? https.createServer({ cert: tls.certPem, key: tls.keyPem }) : http.createServer();
      server.keepAliveTimeout = 5000;
      server.on('clientError', (_err, socket) => {
        if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        else socket.destroy();
      });
      await new Promise<void>((resolve, reject) => {
        const onError = (err: Error): void => reject(err);
        server.once('error', onError);
        server.listen(firstPort === 0 ? 0 : firstPort + i, host, () => {
          server.off('error', onError);
          resolve();
        });
      });
      const port = (server.address() as AddressInfo).port;
      const hostPart = host.includes(':') ? `[${host}]` : host;
      bound.push({ spec: specs[i], server, url: `${tls ? 'https' : 'http'}://${hostPart}:${port}` });
    }
  } catch (err) {
    await Promise.all(bound.map((b) => closeServer(b.server)));
    throw err;
  }
  return bound;
}

export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function newTxid(): string {
  return randomBytes(16).toString('hex');
}

/**
 * The request pipeline shared by every listener: route → bearer auth → token type → scopes → region (421) →
 * partner registration (412) → per-account rate limit (429) → handler → usage metering. Any failure becomes Tesla's error envelope;
 * nothing a client sends can crash the process.
 */
export function createDispatcher(api: SurfaceApi, log: Logger): (host: HostInfo, req: http.IncomingMessage, res: http.ServerResponse) => void {
  return (host, req, res) => {
    const txid = newTxid();
    const headOnly = req.method === 'HEAD';
    const started = Date.now();
    handle(api, host, req, txid).then(
      (r) => {
        writeResponse(res, r, txid, headOnly);
        // Path only: query strings can carry codes and tokens.
        log.debug(
          `${host.kind}${host.region ? `/${host.region}` : ''} ${req.method} ${(req.url ?? '').split('?')[0]} → ${r.status ?? (r.redirect ? 302 : 200)} ${Date.now() - started} ms txid=${txid}`,
        );
      },
      (err: unknown) => {
        log.error(`unhandled error on ${req.method} ${(req.url ?? '').split('?')[0]} txid=${txid}`, err);
        writeResponse(res, errorResponse(500, 'internal_error', 'the simulator hit an unexpected error', txid), txid, headOnly);
      },
    );
  };
}

async function handle(api: SurfaceApi, host: HostInfo, req: http.IncomingMessage, txid: string): Promise<SimResponse> {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://sim.invalid');
  } catch {
    return errorResponse(400, 'invalid_request', 'malformed request target', txid);
  }
  const method = (req.method ?? 'GET').toUpperCase();
  const match = api.router.match(method, url.pathname, host.kind);
  if (!match.route) {
    if (match.allowed.length) {
      return errorResponse(405, 'method_not_allowed', `${method} is not allowed here`, txid, { allow: [...new Set(match.allowed)].join(', ') });
    }
    return errorResponse(404, 'not_found', `no such endpoint: ${method} ${url.pathname}`, txid);
  }
  const route: RouteDef = match.route;
  let bodyPromise: Promise<Buffer> | undefined;
  const body = (): Promise<Buffer> => (bodyPromise ??= readBody(req, route.bodyLimit ?? DEFAULT_BODY_LIMIT));
  const ctx: RequestContext = {
    req,
    method,
    path: url.pathname,
    query: url.searchParams,
    params: match.params,
    host,
    txid,
    billing: route.billing ?? null,
    body,
    json: async () => parseJsonObject(await body(), req.headers['content-type']),
    form: async () => parseFormOrJson(await body(), req.headers['content-type']),
  };
  let response: SimResponse;
  try {
    response = await runRoute(api, route, ctx);
  } catch (err) {
    if (!(err instanceof SimHttpError)) throw err;
    response = errorResponse(err.status, err.error, err.description, txid, err.headers);
  }
  if (ctx.billing && ctx.usageKey) api.meter.record(ctx.usageKey, ctx.billing, response.status ?? 200);
  // Drain an unread body so keep-alive connections stay usable.
  if (!bodyPromise && !req.complete) req.resume();
  return response;
}

async function runRoute(api: SurfaceApi, route: RouteDef, ctx: RequestContext): Promise<SimResponse> {
  if (route.auth) {
    const header = ctx.req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) throw new SimHttpError(401, 'invalid_token', 'missing or malformed Authorization: Bearer header', { 'www-authenticate': 'Bearer' });
    const auth = api.tokens.authenticate(m[1], ctx.host.baseUrl, ctx.host.region);
    ctx.auth = auth;
    ctx.usageKey = auth.kind === 'user' && auth.account ? auth.account.id : `partner:${auth.clientId}`;
    const allowed = route.auth.tokens ?? 'user';
    if (allowed !== 'any' && allowed !== auth.kind) {
      throw new SimHttpError(
        403,
        'unauthorized',
        allowed === 'user' ? 'this endpoint needs a third-party (user) token, not a partner token' : 'this endpoint needs a partner token (client_credentials)',
      );
    }
    const need = route.auth.anyScope ?? [];
    if (need.length && !need.some((s) => auth.scopes.has(s))) {
      throw new SimHttpError(
        403,
        'Unauthorized missing scopes',
        `this endpoint needs ${need.length > 1 ? 'one of the scopes' : 'the scope'} ${need.join(', ')}`,
      );
    }
    if (auth.kind === 'user' && route.auth.regionCheck !== false && ctx.host.region && auth.region !== ctx.host.region) {
      const right = api.world.fleetUrl(auth.region);
      throw new SimHttpError(421, `user out of region, use base URL: ${right}`, 'This user is not present in the current region', {
        'alt-svc': `h2="${new URL(right).host}"; ma=86400`,
      });
    }
    const partnerCheck = route.auth.partnerCheck ?? route.auth.regionCheck !== false;
    if (
      auth.kind === 'user' &&
      partnerCheck &&
      ctx.host.region &&
      api.world.config.app.requirePartnerRegistration &&
      !api.partners.isRegistered(ctx.host.region, auth.clientId)
    ) {
      // Tesla's wording; the account is named the way Tesla names it (its id).
      throw new SimHttpError(
        412,
        `Account ${auth.account?.id ?? auth.clientId} must be registered in the current region`,
        `The application ${auth.clientId} has no partner account in ${ctx.host.region}: call POST /api/1/partner_accounts with a partner token for this region first`,
      );
    }
    if (ctx.billing) {
      const rule = api.world.config.rateLimits.perAccount[ctx.billing];
      if (rule) {
        const d = api.limiter.take(`account:${ctx.usageKey}:${ctx.billing}`, rule);
        if (!d.ok) throw rateLimited(d.limit, d.resetSeconds, `account limit of ${d.limit} ${ctx.billing} calls per ${rule.windowSeconds} s reached`);
      }
    }
  }
  return route.handler(ctx);
}

export function rateLimited(limit: number, resetSeconds: number, description: string): SimHttpError {
  return new SimHttpError(429, 'too_many_requests', description, {
    'retry-after': String(resetSeconds),
    'ratelimit-limit': String(limit),
    'ratelimit-remaining': '0',
    'ratelimit-reset': String(resetSeconds),
  });
}
