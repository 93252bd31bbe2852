import { WELL_KNOWN_PEM_PATH } from './well-known';

/** What the user asked to check, normalised to what Tesla will fetch. */
export interface PemTarget {
  /** Host as Tesla sees it (lower case, no port). */
  readonly host: string;
  /** The exact URL Tesla fetches: https://<host>/.well-known/appspecific/com.tesla.3p.public-key.pem */
  readonly url: string;
  /** What the user typed, verbatim. */
  readonly input: string;
  /** The path the user typed when it was a URL with a path other than `/` or the canonical one. */
  readonly givenPath?: string;
  /** Port the user typed in a URL (Tesla only fetches on 443). */
  readonly givenPort?: number;
  /** Scheme the user typed when it was not https. */
  readonly givenScheme?: string;
  /** True when the host was typed with upper-case letters (Tesla's register endpoint wants it lower case). */
  readonly hostHadUpperCase: boolean;
}

const HOST_RE = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Accepts `example.com`, `Example.com`, `https://example.com`, `https://example.com/.well-known/…` and
 * similar. Throws an Error with a user-facing message for anything that has no usable host.
 */
export function parsePemTarget(input: string): PemTarget {
  const raw = input.trim();
  if (!raw) throw new Error('give a domain (example.com) or a URL (https://example.com/…)');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  let parsed: URL;
  try {
    parsed = new URL(withScheme);
  } catch {
    throw new Error(`'${input}' is neither a domain nor a URL`);
  }
  const typedHost = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(withScheme)?.[1] ?? parsed.hostname;
  const host = parsed.hostname;
  if (!host) throw new Error(`'${input}' has no host name`);
  const isIp = /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.startsWith('[');
  if (!isIp && !HOST_RE.test(host)) throw new Error(`'${host}' is not a valid domain name`);
  const scheme = parsed.protocol.slice(0, -1);
  const path = parsed.pathname;
  return {
    host,
    url: `https://${host}${WELL_KNOWN_PEM_PATH}`,
    input,
    givenPath: path !== '/' && path !== WELL_KNOWN_PEM_PATH ? path : undefined,
    givenPort: parsed.port && parsed.port !== '443' ? Number(parsed.port) : undefined,
    givenScheme: scheme !== 'https' ? scheme : undefined,
    hostHadUpperCase: typedHost !== typedHost.toLowerCase(),
  };
}
