/**
 * Which OAuth server and Fleet API hosts a CLI command talks to, and with which app credentials: Tesla's (the
 * default), a local simulator (`--simulator READY_FILE_OR_URL`), or the environment the signed-in account came from.
 * Shared by `fleetkit auth login` and `fleetkit partner …`.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { request } from 'undici';
import { applyOverrides, endpointsForAuthHost, TESLA_ENDPOINTS, type Endpoints, type FleetRegionName } from '../../core/config/environments';
import { parseSimulatorReady, simulatorEndpoints } from '../../core/messages/simulator-ready';
import { createFleetDispatcher } from '../../core/fleet-api/transport';
import { UsageError } from '../command';
import { fleetkitConfigDir, type AuthRecord } from './store';

export interface EnvironmentFlags {
  /** The simulator's ready file (the JSON line `fleetkit sim` prints), or its URL (any of its hosts). */
  simulator?: string;
  /** Another auth host for Tesla (e.g. https://auth.tesla.cn). */
  authUrl?: string;
  /** A CA certificate file to trust for these hosts (instead of the system roots). */
  ca?: string;
  clientId?: string;
  clientSecret?: string;
}

export interface AppEnvironment {
  readonly endpoints: Endpoints;
  /** PEM of the CA the hosts' certificates chain to (the simulator's), else the system roots. */
  readonly caPem?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** The app's registered redirect URIs, when known (the simulator says). */
  readonly redirectUris?: readonly string[];
  /** For messages: where the environment came from. */
  readonly source: 'tesla' | 'simulator' | 'store';
}

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(resolve(file), 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** The simulator from its ready file: the first line `fleetkit sim` printed. */
async function simulatorFromFile(file: string): Promise<Omit<AppEnvironment, 'source'>> {
  const text = await readText(file, 'simulator ready file');
  let ready;
  try {
    ready = parseSimulatorReady(text.trim().split('\n')[0] ?? '');
  } catch (err) {
    throw new UsageError(`${file}: ${(err as Error).message} (write it with: fleetkit sim --auto-consent > ${file})`);
  }
  const endpoints = { ...simulatorEndpoints(ready), caPath: ready.ca ? resolve(ready.ca) : null };
  return {
    endpoints,
    ...(ready.ca ? { caPem: await readText(ready.ca, 'simulator CA') } : {}),
    clientId: ready.clientId,
    clientSecret: ready.clientSecret,
    redirectUris: ready.redirectUris,
  };
}

/**
 * The simulator from one of its URLs: `GET /sim/world` names its hosts, client id and redirect URIs (never the
 * secret: pass --client-secret). HTTPS is checked against --ca, else the simulator's stored CA.
 */
async function simulatorFromUrl(url: string, caFile: string | undefined, env: NodeJS.ProcessEnv): Promise<Omit<AppEnvironment, 'source'>> {
  const base = url.replace(/\/+$/, '');
  let caPath: string | null = null;
  if (base.startsWith('https:')) {
    const stored = join(fleetkitConfigDir(env), 'simulator', 'ca.pem');
    caPath = caFile ? resolve(caFile) : existsSync(stored) ? stored : null;
    if (!caPath) throw new UsageError(`no CA to check ${base} with: pass --ca FILE (the "ca" of the simulator's ready line), or --simulator READY_FILE`);
  }
  const caPem = caPath ? await readText(caPath, 'CA file') : undefined;
  const dispatcher = createFleetDispatcher(caPem ? { ca: caPem } : {});
  let body: unknown;
  try {
    const res = await request(`${base}/sim/world`, { dispatcher, headersTimeout: 10_000, bodyTimeout: 10_000 });
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`GET /sim/world answered HTTP ${res.statusCode}`);
    body = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${base} does not answer like a Fleetkit simulator (${(err as Error).message}); is \`fleetkit sim\` running there?`);
  } finally {
    await dispatcher.close();
  }
  const world = (body as { response?: { app?: { client_id?: unknown; redirect_uris?: unknown }; urls?: { auth?: unknown; fleet?: Record<string, unknown> } } })
    .response;
  const fleet: Partial<Record<FleetRegionName, string>> = {};
  for (const [region, u] of Object.entries(world?.urls?.fleet ?? {})) {
    const r = region.toLowerCase();
    if ((r === 'na' || r === 'eu') && typeof u === 'string') fleet[r] = u;
  }
  if (typeof world?.urls?.auth !== 'string' || !Object.keys(fleet).length || typeof world.app?.client_id !== 'string') {
    throw new UsageError(`${base}/sim/world lacks the simulator's URLs or client id`);
  }
  const redirects = Array.isArray(world.app.redirect_uris) ? world.app.redirect_uris.filter((u): u is string => typeof u === 'string') : undefined;
  return {
    endpoints: { ...endpointsForAuthHost('simulator', world.urls.auth, fleet, caPath), caPath },
    ...(caPem ? { caPem } : {}),
    clientId: world.app.client_id,
    ...(redirects ? { redirectUris: redirects } : {}),
  };
}

/**
 * Resolves the environment: `--simulator` wins; then `--auth-url` (Tesla's paths on another host); then the
 * signed-in account's environment when `useStored` (commands that act for the signed-in app); else Tesla's.
 * Credentials: --client-id/--client-secret, then FLEETKIT_CLIENT_ID/FLEETKIT_CLIENT_SECRET, then the simulator's,
 * then the store's (the secret only when it was saved with --save-secret, and only for the same client id).
 */
export async function resolveAppEnvironment(
  env: NodeJS.ProcessEnv,
  flags: EnvironmentFlags,
  stored: AuthRecord | undefined,
  useStored: boolean,
): Promise<AppEnvironment> {
  let base: Omit<AppEnvironment, 'source'>;
  let source: AppEnvironment['source'];
  if (flags.simulator) {
    base = /^https?:\/\//i.test(flags.simulator) ? await simulatorFromUrl(flags.simulator, flags.ca, env) : await simulatorFromFile(flags.simulator);
    source = 'simulator';
  } else if (useStored && stored && !flags.authUrl) {
    const caPem = stored.endpoints.caPath ? await readText(stored.endpoints.caPath, 'CA file of the signed-in environment') : undefined;
    base = { endpoints: stored.endpoints, ...(caPem ? { caPem } : {}) };
    source = 'store';
  } else {
    let endpoints: Endpoints;
    try {
      endpoints = applyOverrides(TESLA_ENDPOINTS, { authBaseUrl: flags.authUrl });
    } catch (err) {
      throw new UsageError(`--auth-url: ${(err as Error).message}`);
    }
    base = { endpoints };
    source = 'tesla';
  }
  if (flags.ca && !(flags.simulator && /^https?:/i.test(flags.simulator))) {
    base = { ...base, endpoints: { ...base.endpoints, caPath: resolve(flags.ca) }, caPem: await readText(flags.ca, 'CA file') };
  }
  const clientId = flags.clientId ?? env.FLEETKIT_CLIENT_ID ?? base.clientId ?? stored?.clientId;
  const storedSecret = stored?.clientSecret && stored.clientId === clientId ? stored.clientSecret : undefined;
  const clientSecret = flags.clientSecret ?? env.FLEETKIT_CLIENT_SECRET ?? base.clientSecret ?? storedSecret;
  return { ...base, clientId, clientSecret, source };
}

/** The Fleet API base URL for `--region` / `--audience` (the token's audience; NA by default). */
export function pickAudience(endpoints: Endpoints, flags: { region?: string; audience?: string }): string {
  if (flags.audience) {
    let url: URL;
    try {
      url = new URL(flags.audience);
    } catch {
      throw new UsageError(`--audience must be a Fleet API base URL, got '${flags.audience}'`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`--audience must be an http(s) URL, got '${flags.audience}'`);
    return flags.audience.replace(/\/+$/, '');
  }
  const region = (flags.region ?? 'na').toLowerCase();
  if (region !== 'na' && region !== 'eu' && region !== 'cn') throw new UsageError(`--region must be na, eu or cn, got '${flags.region}'`);
  const url = endpoints.fleetUrls[region];
  if (!url) {
    throw new UsageError(
      `this environment has no Fleet API host for ${region.toUpperCase()} (it has: ${Object.keys(endpoints.fleetUrls).join(', ').toUpperCase()})`,
    );
  }
  return url;
}
