/**
 * Talks to the real simulator the way the product talks to Tesla: an authorization_code + PKCE sign-in over
 * HTTPS (auto-consent), a refresh-token grant for 401s, and the simulator's /sim/ control endpoints.
 */
import { randomBytes } from 'node:crypto';
import { request, type Dispatcher } from 'undici';
import { createFleetDispatcher } from '../../../core/fleet-api/transport';
import type { TokenProvider } from '../../../core/fleet-api/token-provider';
import { startSimulator, defaultWorld, type Surface, type WorldConfig } from '../../../simulator/index';
import { pkcePair } from '../simulator/helpers';

export type Sim = Awaited<ReturnType<typeof startSimulator>>;

export const NA_EMAIL = 'ada@example.com';
export const EU_EMAIL = 'emil@example.eu';
export const SCOPES = 'openid offline_access user_data vehicle_device_data vehicle_location vehicle_cmds';

export interface SimHandle {
  sim: Sim;
  dispatcher: Dispatcher;
  close(): Promise<void>;
}

/** The default world with 0.3 s wakes, changed by `mutate`; `surfaces` in place of the default ones when given. */
export async function startSim(mutate?: (world: WorldConfig) => void, surfaces?: Surface[]): Promise<SimHandle> {
  const world = defaultWorld();
  world.settings.wakeSeconds = 0.3;
  mutate?.(world);
  return startSimOn(world, surfaces);
}

/** The simulator on `world` as it is (auto-consent), with a dispatcher that trusts its CA. */
export async function startSimOn(world: WorldConfig, surfaces?: Surface[]): Promise<SimHandle> {
  const sim = await startSimulator({ world, autoConsent: true, ...(surfaces ? { surfaces } : {}) });
  const dispatcher = createFleetDispatcher({ ca: sim.caPem ?? undefined });
  return {
    sim,
    dispatcher,
    close: async () => {
      await dispatcher.close();
      await sim.close();
    },
  };
}

async function json(
  dispatcher: Dispatcher,
  url: string,
  init: { method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Record<string, unknown> }> {
  const res = await request(url, { method: (init.method ?? 'GET') as Dispatcher.HttpMethod, body: init.body, headers: init.headers, dispatcher });
  const text = await res.body.text();
  return { status: res.statusCode, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
}

export interface SignedIn {
  accountId: string;
  accessToken: string;
  refreshToken: string;
  /** A TokenProvider doing real refresh_token grants against the simulator; counts them. */
  tokens: TokenProvider & { refreshes: number; current(): string };
}

/** Signs in as `email` through /oauth2/v3/authorize (auto-consent) and the token endpoint. */
export async function signIn(h: SimHandle, email: string, scopes = SCOPES): Promise<SignedIn> {
  const { sim, dispatcher } = h;
  const { verifier, challenge } = pkcePair();
  const redirect = sim.ready.redirectUris[0];
  const authorize = new URL(`${sim.urls.auth}/oauth2/v3/authorize`);
  const state = randomBytes(8).toString('hex');
  for (const [k, v] of Object.entries({
    response_type: 'code',
    client_id: sim.ready.clientId,
    redirect_uri: redirect,
    scope: scopes,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    login_hint: email,
  })) {
    authorize.searchParams.set(k, v);
  }
  const res = await request(authorize, { dispatcher });
  await res.body.dump();
  const location = new URL(String(res.headers.location));
  const code = location.searchParams.get('code');
  if (res.statusCode !== 302 || !code || location.searchParams.get('state') !== state) {
    throw new Error(`authorize did not redirect with a code (${res.statusCode} ${String(res.headers.location)})`);
  }
  const audience = email === EU_EMAIL ? sim.urls.fleet.eu : sim.urls.fleet.na;
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    client_id: sim.ready.clientId,
    client_secret: sim.ready.clientSecret,
    code,
    redirect_uri: redirect,
    code_verifier: verifier,
    audience,
  });
  const tok = await json(dispatcher, `${sim.urls.auth}/oauth2/v3/token`, {
    method: 'POST',
    body: form.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  if (tok.status !== 200) throw new Error(`token exchange failed: ${tok.status} ${JSON.stringify(tok.body)}`);
  let access = String(tok.body.access_token);
  let refresh = String(tok.body.refresh_token);
  const sub = (JSON.parse(Buffer.from(access.split('.')[1], 'base64url').toString('utf8')) as { sub: string }).sub;
  const tokens = {
    refreshes: 0,
    current: () => access,
    getAccessToken: async () => access,
    refreshAccessToken: async (rejected: string) => {
      if (rejected !== access) return access;
      tokens.refreshes++;
      const body = new URLSearchParams({ grant_type: 'refresh_token', client_id: sim.ready.clientId, refresh_token: refresh });
      const r = await json(dispatcher, `${sim.urls.auth}/oauth2/v3/token`, {
        method: 'POST',
        body: body.toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      if (r.status !== 200) throw new Error(`refresh failed: ${r.status} ${String(r.body.error)}`);
      access = String(r.body.access_token);
      refresh = String(r.body.refresh_token);
      return access;
    },
  };
  return { accountId: sub, accessToken: access, refreshToken: refresh, tokens };
}

export interface SimUsage {
  data: number;
  commands: number;
  wakes: number;
  errors4xx: number;
  byStatus: Record<string, number>;
}

export async function usage(h: SimHandle, accountId: string): Promise<SimUsage> {
  const r = await json(h.dispatcher, `${h.sim.urls.fleet.na}/sim/usage?account=${encodeURIComponent(accountId)}`);
  return r.body.response as SimUsage;
}

export async function control(h: SimHandle, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const r = await json(h.dispatcher, `${h.sim.urls.fleet.na}${path}`, {
    method: 'POST',
    body: JSON.stringify(body ?? {}),
    headers: { 'content-type': 'application/json' },
  });
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.response as Record<string, unknown>;
}
