import { createHash, randomBytes } from 'node:crypto';
import { Agent, request } from 'undici';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../../simulator/index';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A started simulator plus an HTTPS client that trusts exactly its CA. */
export interface Harness {
  sim: RunningSimulator;
  agent: Agent;
  call(
    method: string,
    url: string,
    opts?: { token?: string; json?: unknown; form?: Record<string, string>; body?: string; headers?: Record<string, string> },
  ): Promise<Reply>;
  close(): Promise<void>;
}

export async function startHarness(options: SimulatorOptions = {}): Promise<Harness> {
  const sim = await startSimulator({ autoConsent: true, ...options });
  const agent = new Agent({ connect: sim.caPem ? { ca: sim.caPem } : {} });
  const call: Harness['call'] = async (method, url, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    let body: string | undefined = opts.body;
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      headers['content-type'] ??= 'application/json';
    }
    if (opts.form) {
      body = new URLSearchParams(opts.form).toString();
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
    }
    const res = await request(url, { method: method as 'GET', headers, body, dispatcher: agent });
    const text = await res.body.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.statusCode, headers: res.headers, text, json };
  };
  return {
    sim,
    agent,
    call,
    close: async () => {
      await agent.close();
      await sim.close();
    },
  };
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export const LOOPBACK = 'http://127.0.0.1:48123/callback';
export const ALL_SCOPES = 'openid offline_access user_data vehicle_device_data vehicle_location vehicle_cmds vehicle_charging_cmds';
export const NA_ACCOUNT = '8b2f4d0e-1111-4c2a-9f00-00000000aa01';
export const EU_ACCOUNT = '8b2f4d0e-2222-4c2a-9f00-00000000eu02';

export function authorizeUrl(h: Harness, params: Record<string, string | undefined>): string {
  const u = new URL(`${h.sim.urls.auth}/oauth2/v3/authorize`);
  const defaults: Record<string, string> = {
    response_type: 'code',
    client_id: h.sim.ready.clientId,
    redirect_uri: LOOPBACK,
    scope: ALL_SCOPES,
    state: 'st-123',
  };
  for (const [k, v] of Object.entries({ ...defaults, ...params })) if (v !== undefined) u.searchParams.set(k, v);
  return u.toString();
}

/** Runs authorize (auto-consent) and returns the callback URL's parameters. */
export async function authorize(h: Harness, params: Record<string, string | undefined> = {}): Promise<URLSearchParams> {
  const r = await h.call('GET', authorizeUrl(h, params));
  if (r.status !== 302) throw new Error(`authorize answered ${r.status}: ${r.text}`);
  return new URL(String(r.headers.location)).searchParams;
}

/** Full sign-in: authorize + code exchange; returns the token response. */
export async function signIn(
  h: Harness,
  opts: { loginHint?: string; scope?: string; audience?: string } = {},
): Promise<{ access_token: string; refresh_token: string; id_token?: string; expires_in: number }> {
  const { verifier, challenge } = pkcePair();
  const cb = await authorize(h, {
    code_challenge: challenge,
    code_challenge_method: 'S256',
    login_hint: opts.loginHint,
    ...(opts.scope ? { scope: opts.scope } : {}),
  });
  const r = await h.call('POST', `${h.sim.urls.auth}/oauth2/v3/token`, {
    form: {
      grant_type: 'authorization_code',
      client_id: h.sim.ready.clientId,
      client_secret: h.sim.ready.clientSecret,
      code: cb.get('code')!,
      redirect_uri: LOOPBACK,
      code_verifier: verifier,
      audience: opts.audience ?? h.sim.urls.fleet.na,
    },
  });
  if (r.status !== 200) throw new Error(`token exchange answered ${r.status}: ${r.text}`);
  return r.json;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test helpers read loosely typed JSON
export function decodeJwt(token: string): Record<string, any> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

export async function advance(h: Harness, seconds: number): Promise<void> {
  const r = await h.call('POST', `${h.sim.urls.auth}/sim/clock`, { json: { advanceSeconds: seconds } });
  if (r.status !== 200) throw new Error(`clock advance failed: ${r.text}`);
}
