import type { IncomingMessage } from 'node:http';
import type { AuthContext, AuthRequirement } from '../auth/context';
import type { BillingCategory, Region } from '../world/types';

/**
 * `browser`: the plain-HTTP loopback listener for the pages a person opens in a browser (authorize, consent, the
 * bounce page, the pairing page); a loopback http:// origin needs no certificate, so no browser shows an interstitial.
 */
export type HostKind = 'auth' | 'fleet' | 'browser';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The listener a request arrived on. */
export interface HostInfo {
  kind: HostKind;
  /** Fleet hosts only. */
  region?: Region;
  baseUrl: string;
}

export interface SimResponse {
  status?: number;
  headers?: Record<string, string>;
  /** Serialised as JSON (application/json). */
  json?: unknown;
  /** text/plain */
  text?: string;
  /** text/html */
  html?: string;
  /** 302 to this URL. */
  redirect?: string;
  /** Bytes with their content type (a charging invoice PDF). */
  bytes?: { data: Buffer; contentType: string };
}

export interface RequestContext {
  readonly req: IncomingMessage;
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly params: Record<string, string>;
  readonly host: HostInfo;
  readonly txid: string;
  /** Set when the route declares `auth`. */
  auth?: AuthContext;
  /** Usage/rate-limit key of the caller (account id, `partner:<client_id>`); set with `auth`. */
  usageKey?: string;
  /** The billing category of this call; a handler may change it (e.g. by outcome). */
  billing: BillingCategory | null;
  /** Raw body (size-limited). */
  body(): Promise<Buffer>;
  /** JSON object body (`{}` when empty); 400/406/413 on bad input. */
  json(): Promise<Record<string, unknown>>;
  /** OAuth-style body (form-urlencoded or JSON of strings). */
  form(): Promise<Record<string, string>>;
}

export interface RouteDef {
  method: HttpMethod;
  /** `/api/1/vehicles/:tag/vehicle_data`; `:name` segments bind `ctx.params.name`. */
  path: string;
  /** Which listeners serve it (default: fleet hosts). */
  hosts?: HostKind[];
  auth?: AuthRequirement;
  /** Billing category counted in /sim/usage (status < 500) and rate-limited per account. */
  billing?: BillingCategory;
  /** Max body bytes (default 64 KiB). */
  bodyLimit?: number;
  handler(ctx: RequestContext): Promise<SimResponse> | SimResponse;
}

interface CompiledRoute {
  def: RouteDef;
  segments: string[];
}

export type RouteMatch = { route: RouteDef; params: Record<string, string> } | { route: undefined; allowed: string[] };

/** A tiny method+path router; each surface adds its routes. Duplicate method+path+host is an error. */
export class Router {
  private readonly routes: CompiledRoute[] = [];

  add(def: RouteDef): void {
    const segments = def.path.split('/').filter(Boolean);
    const hosts = def.hosts ?? ['fleet'];
    for (const r of this.routes) {
      const rHosts = r.def.hosts ?? ['fleet'];
      if (r.def.method === def.method && shape(r.segments) === shape(segments) && rHosts.some((h) => hosts.includes(h))) {
        throw new Error(`duplicate route ${def.method} ${def.path}`);
      }
    }
    this.routes.push({ def, segments });
  }

  match(method: string, path: string, host: HostKind): RouteMatch {
    const parts = path.split('/').filter(Boolean);
    const allowed: string[] = [];
    let best: { route: RouteDef; params: Record<string, string>; literals: number } | undefined;
    for (const r of this.routes) {
      if (!(r.def.hosts ?? ['fleet']).includes(host)) continue;
      const params = matchSegments(r.segments, parts);
      if (!params) continue;
      if (r.def.method === method || (method === 'HEAD' && r.def.method === 'GET')) {
        // The most literal route wins, whatever the registration order: `/vehicles/fleet_status` beats `/vehicles/:tag`.
        const literals = r.segments.filter((s) => !s.startsWith(':')).length;
        if (!best || literals > best.literals) best = { route: r.def, params, literals };
      } else {
        allowed.push(r.def.method);
      }
    }
    return best ? { route: best.route, params: best.params } : { route: undefined, allowed };
  }

  list(): Array<{ method: string; path: string; hosts: HostKind[] }> {
    return this.routes.map((r) => ({ method: r.def.method, path: r.def.path, hosts: r.def.hosts ?? ['fleet'] }));
  }
}

/** `/a/:x/b` and `/a/:y/b` are the same route shape. */
function shape(segments: string[]): string {
  return segments.map((s) => (s.startsWith(':') ? ':' : s)).join('/');
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    let part: string;
    try {
      part = decodeURIComponent(parts[i]);
    } catch {
      return undefined;
    }
    if (p.startsWith(':')) params[p.slice(1)] = part;
    else if (p !== part) return undefined;
  }
  return params;
}
