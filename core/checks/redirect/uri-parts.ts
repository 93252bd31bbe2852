/** A URI split into its RFC 3986 components without any normalisation (case, default ports and dots kept). */
export interface UriParts {
  readonly raw: string;
  readonly scheme?: string;
  /** Present (possibly empty) when the URI has `//`. */
  readonly authority?: string;
  readonly userinfo?: string;
  /** As written: `Example.COM`, `127.0.0.1`, `[::1]`. */
  readonly host?: string;
  /** As written, without the colon; '' for `host:`. */
  readonly port?: string;
  readonly path: string;
  readonly query?: string;
  readonly fragment?: string;
}

// RFC 3986 appendix B.
const URI_RE = /^(?:([^:/?#]+):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/s;

export function splitUri(raw: string): UriParts {
  const m = URI_RE.exec(raw)!;
  const [, scheme, authority, path, query, fragment] = m;
  let userinfo: string | undefined;
  let host: string | undefined;
  let port: string | undefined;
  if (authority !== undefined) {
    const at = authority.lastIndexOf('@');
    userinfo = at >= 0 ? authority.slice(0, at) : undefined;
    const hostPort = at >= 0 ? authority.slice(at + 1) : authority;
    const hp = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(hostPort)!;
    host = hp[1];
    port = hp[2];
  }
  return { raw, scheme, authority, userinfo, host, port, path, query, fragment };
}

const DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443' };

export function defaultPort(scheme: string | undefined): string | undefined {
  return scheme ? DEFAULT_PORTS[scheme.toLowerCase()] : undefined;
}

/** Port actually used: explicit, or the scheme's default. */
export function effectivePort(u: UriParts): string | undefined {
  return u.port || defaultPort(u.scheme);
}

const LOOPBACK_NAMES = new Set(['localhost', '[::1]']);

export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const h = host.toLowerCase();
  return LOOPBACK_NAMES.has(h) || /^127(?:\.\d{1,3}){3}$/.test(h);
}
