import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { CheckReport } from '../types';
import { fetchOnce, DEFAULT_MAX_BYTES, type FetchOptions } from './fetch';
import { analysePem } from './analyse';
import { classifyBody, looksLikePublicKeyPem } from './body-kind';
import type { PathProbe } from './analyse-path';
import type { KeyInfo } from './key-info';
import { parsePemTarget } from './target';
import { WRONG_PATH_VARIANTS } from './well-known';

export interface PemCheckOptions extends FetchOptions {
  /** The key Fleetkit signs with, to compare fingerprints. */
  localKey?: KeyInfo;
  /** Clock for certificate dates (tests). */
  now?: () => Date;
}

/**
 * Fetches the well-known PEM for a domain or URL and reports every check. When the exact path does not serve a
 * key, probes the common wrong paths (and the path the user typed) to say where the file actually is, and when the
 * answer is HTML, a path that cannot exist, to recognise a single-page-app fallback.
 */
export async function checkPemHosting(domainOrUrl: string, options: PemCheckOptions = {}): Promise<CheckReport> {
  const target = parsePemTarget(domainOrUrl);
  // The probes run in parallel, each listening for cancellation: one inner signal, sized for them.
  const inner = new AbortController();
  setMaxListeners(WRONG_PATH_VARIANTS.length + 8, inner.signal);
  const onAbort = (): void => inner.abort();
  if (options.signal?.aborted) inner.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await run(target, { ...options, signal: inner.signal, maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES }, options);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}

async function run(target: ReturnType<typeof parsePemTarget>, fetchOptions: FetchOptions, options: PemCheckOptions): Promise<CheckReport> {
  const main = await fetchOnce(target.url, fetchOptions);
  let probes: PathProbe[] = [];
  let spaProbe;
  const reachable = main.status !== undefined;
  if (reachable && !(main.status === 200 && looksLikePublicKeyPem(main.body))) {
    const variants = [...WRONG_PATH_VARIANTS];
    if (target.givenPath && !variants.some((v) => v.path === target.givenPath)) variants.unshift({ path: target.givenPath, mistake: 'the path you gave' });
    const base = `https://${target.host}`;
    const isHtml = main.status === 200 && classifyBody(main.body).kind === 'html';
    const [spa, ...outcomes] = await Promise.all([
      isHtml ? fetchOnce(`${base}/.well-known/appspecific/fleetkit-probe-${randomBytes(6).toString('hex')}.pem`, fetchOptions) : Promise.resolve(undefined),
      ...variants.map((v) => fetchOnce(`${base}${v.path}`, fetchOptions)),
    ]);
    spaProbe = spa;
    probes = variants.map((v, i) => ({ ...v, outcome: outcomes[i] }));
  }
  return analysePem({
    target,
    main,
    probes,
    spaProbe,
    localKey: options.localKey,
    maxBytes: fetchOptions.maxBytes!,
    now: (options.now ?? (() => new Date()))(),
  });
}
