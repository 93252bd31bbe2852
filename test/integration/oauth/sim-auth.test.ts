/**
 * Fleetkit's OAuth client (core/oauth) against the real simulator over HTTPS with its own CA, exactly as the
 * extension talks to Tesla: authorize (auto-consent) → redirect → code exchange with PKCE → refresh rotation.
 */
import assert from 'node:assert/strict';
import { Agent, request, type Dispatcher } from 'undici';
import { parseCallbackParams } from '../../../core/oauth/authorize';
import { LoginRequiredError, OAuthError } from '../../../core/oauth/errors';
import { createForwardState } from '../../../core/oauth/forward-state';
import { readAccessTokenClaims } from '../../../core/oauth/jwt';
import { startLoopbackServer } from '../../../core/oauth/loopback-server';
import { PartnerTokenCache } from '../../../core/oauth/partner-token-cache';
import { RefreshManager } from '../../../core/oauth/refresh-manager';
import { completeAuthorization, prepareAuthorization, type AuthEndpoints } from '../../../core/oauth/sign-in';
import type { StoredSession } from '../../../core/oauth/session';
import { TokenClient } from '../../../core/oauth/token-client';
import { simulatorEndpoints } from '../../../core/messages/simulator-ready';
import { startSimulator } from '../../../simulator/index';
import { MemoryStore } from '../../unit/oauth/memory-store';
import { worldWithLoopbackRedirect } from '../../support/simulator';

type Sim = Awaited<ReturnType<typeof startSimulator>>;
const SCOPES = ['openid', 'offline_access', 'user_data', 'vehicle_device_data', 'vehicle_cmds'];

/** The browser: GET with the simulator's CA, return the redirect target. */
async function follow(url: string, dispatcher: Dispatcher): Promise<{ status: number; location?: string; body: string }> {
  const res = await request(url, { dispatcher });
  const body = await res.body.text();
  const location = res.headers.location;
  return { status: res.statusCode, body, ...(typeof location === 'string' ? { location } : {}) };
}

describe('oauth against the simulator (HTTPS)', function () {
  this.timeout(60_000);
  let sim: Sim;
  let dispatcher: Agent;
  let endpoints: AuthEndpoints;
  let loopbackUri: string;

  before(async () => {
    const loopback = await worldWithLoopbackRedirect();
    loopbackUri = loopback.redirectUri;
    sim = await startSimulator({ world: loopback.world, autoConsent: true });
    assert.ok(sim.caPem, 'the simulator runs HTTPS by default');
    dispatcher = new Agent({ connect: { ca: sim.caPem } });
    endpoints = simulatorEndpoints(sim.ready);
  });
  after(async () => {
    await dispatcher?.close();
    await sim?.close();
  });

  const ctx = () => ({ endpoints, environment: 'simulator', clientId: sim.ready.clientId, clientSecret: sim.ready.clientSecret, dispatcher });

  async function signInLoopback(loginHint?: string): Promise<StoredSession> {
    const state = `st-${Math.random().toString(36).slice(2)}-0123456789`;
    const server = await startLoopbackServer({ redirectUri: loopbackUri, expectedState: state });
    try {
      const pending = prepareAuthorization({
        endpoints,
        clientId: sim.ready.clientId,
        redirectUri: server.redirectUri,
        scopes: SCOPES,
        state,
        ...(loginHint ? { loginHint } : {}),
      });
      const hop = await follow(pending.url, dispatcher);
      assert.equal(hop.status, 302, hop.body);
      const back = await request(hop.location!);
      await back.body.text();
      assert.equal(back.statusCode, 200);
      const callback = await server.result;
      return await completeAuthorization({ ...ctx(), pending, callback });
    } finally {
      await server.close();
    }
  }

  it('signs in through the loopback redirect: PKCE, issuer tolerated, region from claims confirmed by users/region', async () => {
    const s = await signInLoopback();
    assert.equal(s.label, 'ada@example.com');
    assert.equal(s.region, 'na');
    assert.equal(s.fleetBaseUrl, sim.ready.fleet.na);
    for (const scope of ['user_data', 'vehicle_device_data', 'vehicle_cmds']) assert.ok(s.scopes.includes(scope), scope);
    assert.ok(s.refreshToken.startsWith('NA_'));
    assert.ok(s.expiresAt > Date.now() + 7 * 3600_000);
  });

  it('signs in the EU account (login_hint) and lands on the EU fleet host', async () => {
    const s = await signInLoopback('emil@example.eu');
    assert.equal(s.label, 'emil@example.eu');
    assert.equal(s.region, 'eu');
    assert.equal(s.fleetBaseUrl, sim.ready.fleet.eu);
    assert.equal(readAccessTokenClaims(s.accessToken).ouCode, 'EU');
  });

  it("URI-handler path: the simulator's forwarding page sends code and state on to the editor URL carried in state", async () => {
    const bounce = sim.ready.redirectUris.find((u) => u.endsWith('/fleetkit/callback'))!;
    assert.ok(bounce, 'the simulator registers its forwarding page');
    const editorCallback =
      'http://127.0.0.1:9/stable-x/callback?vscode-reqid=7&vscode-scheme=code-oss&vscode-authority=fleetkit.fleetkit&vscode-path=%2Fdid-authenticate';
    const state = createForwardState(editorCallback);
    const pending = prepareAuthorization({ endpoints, clientId: sim.ready.clientId, redirectUri: bounce, scopes: SCOPES, state });
    const toBounce = await follow(pending.url, dispatcher);
    assert.equal(toBounce.status, 302);
    assert.ok(toBounce.location!.startsWith(bounce));
    const toEditor = await follow(toBounce.location!, dispatcher);
    assert.equal(toEditor.status, 302, toEditor.body);
    const target = new URL(toEditor.location!);
    assert.equal(target.origin + target.pathname, 'http://127.0.0.1:9/stable-x/callback');
    assert.equal(target.searchParams.get('vscode-authority'), 'fleetkit.fleetkit');
    const callback = parseCallbackParams(target.searchParams, state);
    assert.ok(callback.issuer?.startsWith(sim.ready.auth));
    const s = await completeAuthorization({ ...ctx(), pending, callback });
    assert.equal(s.region, 'na');
  });

  async function freshCode() {
    const pending = prepareAuthorization({ endpoints, clientId: sim.ready.clientId, redirectUri: loopbackUri, scopes: SCOPES });
    const hop = await follow(pending.url, dispatcher);
    const params = new URL(hop.location!).searchParams;
    return { pending, params, callback: parseCallbackParams(params, pending.state) };
  }
  const isErr = (code: string) => (e: unknown) => e instanceof OAuthError && e.code === code;

  it('refuses a forged state at the callback', async () => {
    const { params } = await freshCode();
    assert.throws(() => parseCallbackParams(params, 'some-other-state-value'), /state mismatch/);
  });

  it('the token endpoint refuses a wrong secret, a wrong verifier, another redirect URI and a replayed code', async () => {
    const a = await freshCode();
    await assert.rejects(
      completeAuthorization({ ...ctx(), clientSecret: 'wrong-secret-value', pending: a.pending, callback: a.callback }),
      isErr('unauthorized_client'),
    );
    const b = await freshCode();
    const other = prepareAuthorization({ endpoints, clientId: sim.ready.clientId, redirectUri: loopbackUri, scopes: SCOPES });
    await assert.rejects(completeAuthorization({ ...ctx(), pending: { ...b.pending, pkce: other.pkce }, callback: b.callback }), isErr('invalid_grant'));
    const c = await freshCode();
    await assert.rejects(
      completeAuthorization({ ...ctx(), pending: { ...c.pending, redirectUri: sim.ready.redirectUris[1]! }, callback: c.callback }),
      isErr('invalid_redirect_url'),
    );
    const d = await freshCode();
    await completeAuthorization({ ...ctx(), pending: d.pending, callback: d.callback });
    await assert.rejects(completeAuthorization({ ...ctx(), pending: d.pending, callback: d.callback }), isErr('invalid_auth_code'));
  });

  it('authorize refuses an unknown client and a redirect URI that does not match exactly (no redirect)', async () => {
    const bad = prepareAuthorization({ endpoints, clientId: 'nobody', redirectUri: loopbackUri, scopes: SCOPES });
    const r1 = await follow(bad.url, dispatcher);
    assert.equal(r1.status, 400);
    assert.equal(r1.location, undefined);
    assert.match(r1.body, /client_id/);
    const wrong = prepareAuthorization({ endpoints, clientId: sim.ready.clientId, redirectUri: `${loopbackUri}/extra`, scopes: SCOPES });
    const r2 = await follow(wrong.url, dispatcher);
    assert.equal(r2.status, 400);
    assert.match(r2.body, /invalid_redirect_url/);
  });

  it('50 concurrent requests on an expired token → exactly one refresh at the simulator; the newest refresh token is stored', async () => {
    const s = await signInLoopback();
    const store = new MemoryStore();
    store.sessions.set(s.id, { ...s, expiresAt: Date.now() - 1000 });
    const client = new TokenClient({ tokenUrl: endpoints.tokenUrl, clientId: sim.ready.clientId, dispatcher });
    const manager = new RefreshManager({ store, refresh: (x) => client.refresh(x.refreshToken), fleetUrls: () => endpoints.fleetUrls });
    sim.tokens.resetGrantStats();
    const tokens = await Promise.all(Array.from({ length: 50 }, () => manager.getAccessToken(s.id)));
    assert.equal(sim.tokens.grantStats.refresh_token.requests, 1);
    assert.equal(new Set(tokens).size, 1);
    const stored = store.sessions.get(s.id)!;
    assert.notEqual(stored.refreshToken, s.refreshToken);
    assert.equal(stored.accessToken, tokens[0]);
    // The new access token works; the one minted before the refresh no longer does (Tesla invalidates it).
    const me = (t: string) =>
      request(`${s.fleetBaseUrl}/api/1/users/me`, { headers: { authorization: `Bearer ${t}` }, dispatcher }).then(
        async (r) => (await r.body.text(), r.statusCode),
      );
    assert.equal(await me(tokens[0]!), 200);
    assert.equal(await me(s.accessToken), 401);
    // The stored token is the newest: refreshing with it works.
    await manager.refreshNow(s.id);
    assert.equal(sim.tokens.grantStats.refresh_token.requests, 2);
  });

  it('reusing a cycled-out refresh token → 401 login_required → session removed (the re-sign-in path)', async () => {
    const s = await signInLoopback();
    const store = new MemoryStore();
    store.sessions.set(s.id, s);
    const client = new TokenClient({ tokenUrl: endpoints.tokenUrl, clientId: sim.ready.clientId, dispatcher });
    const ended: StoredSession[] = [];
    const manager = new RefreshManager({
      store,
      refresh: (x) => client.refresh(x.refreshToken),
      fleetUrls: () => endpoints.fleetUrls,
      onLoginRequired: (x) => ended.push(x),
    });
    await manager.refreshNow(s.id); // original → A
    await manager.refreshNow(s.id); // A → B: the original is now cycled out
    // The original is within its 24 h grace only until its successor was used: now it must be refused.
    await assert.rejects(client.refresh(s.refreshToken), (e: unknown) => e instanceof LoginRequiredError && e.status === 401);
    store.sessions.set(s.id, { ...store.sessions.get(s.id)!, refreshToken: s.refreshToken, expiresAt: 0 });
    await assert.rejects(manager.getAccessToken(s.id), LoginRequiredError);
    assert.equal(store.sessions.has(s.id), false);
    assert.equal(ended.length, 1);
  });

  it('a lost refresh response can be retried with the same refresh token (24 h grace)', async () => {
    const s = await signInLoopback();
    const client = new TokenClient({ tokenUrl: endpoints.tokenUrl, clientId: sim.ready.clientId, dispatcher });
    const first = await client.refresh(s.refreshToken);
    const retry = await client.refresh(s.refreshToken);
    assert.ok(first.refreshToken && retry.refreshToken);
    assert.notEqual(retry.accessToken, first.accessToken);
  });

  it('partner tokens: one client_credentials grant per region, cached, wrong secret refused', async () => {
    const client = new TokenClient({ tokenUrl: endpoints.tokenUrl, clientId: sim.ready.clientId, dispatcher });
    sim.tokens.resetGrantStats();
    const cache = new PartnerTokenCache((audience) => client.clientCredentials({ clientSecret: sim.ready.clientSecret, audience }));
    const [a, b] = await Promise.all([cache.get(sim.ready.fleet.na), cache.get(sim.ready.fleet.na)]);
    const eu = await cache.get(sim.ready.fleet.eu);
    assert.equal(a, b);
    assert.notEqual(a, eu);
    assert.equal(sim.tokens.grantStats.client_credentials.requests, 2);
    assert.equal(readAccessTokenClaims(a!).audiences.includes(sim.ready.fleet.na), true);
    await assert.rejects(
      client.clientCredentials({ clientSecret: 'nope-nope-nope', audience: sim.ready.fleet.na }),
      (e: unknown) => e instanceof OAuthError && e.code === 'unauthorized_client',
    );
  });
});
