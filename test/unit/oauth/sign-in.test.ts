import assert from 'node:assert/strict';
import { request } from 'undici';
import { OAuthError } from '../../../core/oauth/errors';
import { startLoopbackServer } from '../../../core/oauth/loopback-server';
import { PartnerTokenCache } from '../../../core/oauth/partner-token-cache';
import { completeAuthorization, prepareAuthorization } from '../../../core/oauth/sign-in';
import { TokenClient } from '../../../core/oauth/token-client';
import { FakeAuthServer } from './fake-auth-server';

/** Plays the browser: follows the authorize redirect to wherever it points. */
async function browse(url: string): Promise<string> {
  const res = await request(url, { method: 'GET' });
  await res.body.text();
  assert.equal(res.statusCode, 302, 'authorize should redirect');
  const location = String(res.headers.location);
  const back = await request(location);
  await back.body.text();
  return location;
}

describe('oauth/sign-in flow (loopback) against a loopback auth server', () => {
  let server: FakeAuthServer;
  beforeEach(async () => {
    server = await new FakeAuthServer().start();
  });
  afterEach(() => server.stop());

  it('authorize → loopback callback → code exchange with PKCE → session with region and label', async () => {
    const scopes = ['openid', 'offline_access', 'user_data', 'vehicle_device_data'];
    const state = 'caller-chosen-state-0123456789abcdef';
    const loop = await startLoopbackServer({ redirectUri: 'http://127.0.0.1:0/callback', expectedState: state });
    const pending = prepareAuthorization({ endpoints: server.endpoints, clientId: server.clientId, redirectUri: loop.redirectUri, scopes, state });
    const location = await browse(pending.url);
    assert.match(location, /issuer=/);
    const callback = await loop.result;
    const session = await completeAuthorization({
      pending,
      callback,
      endpoints: server.endpoints,
      environment: 'test',
      clientId: server.clientId,
      clientSecret: server.clientSecret,
      sessionId: 's1',
    });
    assert.equal(session.accountId, 'user-eu-1');
    assert.equal(session.label, 'eu.owner@example.test');
    assert.equal(session.region, 'eu');
    assert.equal(session.fleetBaseUrl, server.fleetUrls.eu);
    assert.deepEqual([...session.scopes].sort(), [...scopes].sort());
    const exchange = server.tokenCalls.find((c) => c.grant_type === 'authorization_code')!;
    assert.equal(exchange.code_verifier, pending.pkce.verifier);
    assert.equal(exchange.redirect_uri, loop.redirectUri);
    assert.equal(exchange.audience, server.fleetUrls.na);
    assert.equal(exchange.client_secret, server.clientSecret);
  });

  it('a code is single-use and a wrong verifier is refused', async () => {
    const redirectUri = 'http://127.0.0.1:9/cb';
    const pending = prepareAuthorization({ endpoints: server.endpoints, clientId: server.clientId, redirectUri, scopes: ['openid', 'offline_access'] });
    const res = await request(pending.url);
    await res.body.text();
    const code = new URL(String(res.headers.location)).searchParams.get('code')!;
    const other = prepareAuthorization({ endpoints: server.endpoints, clientId: server.clientId, redirectUri, scopes: ['openid'] });
    const common = {
      callback: { code, issuer: undefined },
      endpoints: server.endpoints,
      environment: 't',
      clientId: server.clientId,
      clientSecret: server.clientSecret,
      confirmRegion: false,
    };
    await assert.rejects(completeAuthorization({ ...common, pending: other }), (e: unknown) => e instanceof OAuthError && e.code === 'invalid_grant');
    await assert.rejects(completeAuthorization({ ...common, pending }), (e: unknown) => e instanceof OAuthError && e.code === 'invalid_grant');
  });
});

describe('oauth/PartnerTokenCache', () => {
  let server: FakeAuthServer;
  beforeEach(async () => {
    server = await new FakeAuthServer().start();
  });
  afterEach(() => server.stop());

  it('mints once per audience for concurrent callers, caches until near expiry, and can be invalidated', async () => {
    const client = new TokenClient({ tokenUrl: server.endpoints.tokenUrl, clientId: server.clientId });
    let now = Date.now();
    const cache = new PartnerTokenCache(
      (audience) => client.clientCredentials({ clientSecret: server.clientSecret, audience }),
      () => now,
    );
    const na = await Promise.all(Array.from({ length: 10 }, () => cache.get(server.fleetUrls.na)));
    const eu = await cache.get(server.fleetUrls.eu);
    const mints = () => server.tokenCalls.filter((c) => c.grant_type === 'client_credentials');
    assert.equal(mints().length, 2);
    assert.equal(new Set(na).size, 1);
    assert.notEqual(na[0], eu);
    assert.deepEqual(
      mints().map((c) => c.audience),
      [server.fleetUrls.na, server.fleetUrls.eu],
    );
    assert.equal(await cache.get(server.fleetUrls.na), na[0]);
    now += 28800_000 - 30_000; // inside the one-minute margin
    await cache.get(server.fleetUrls.na);
    assert.equal(mints().length, 3);
    cache.invalidate();
    assert.equal(cache.size, 0);
  });

  it('does not cache a failed mint', async () => {
    const client = new TokenClient({ tokenUrl: server.endpoints.tokenUrl, clientId: server.clientId });
    const cache = new PartnerTokenCache((audience) => client.clientCredentials({ clientSecret: 'wrong', audience }));
    await assert.rejects(cache.get(server.fleetUrls.na), (e: unknown) => e instanceof OAuthError && e.code === 'invalid_client');
    assert.equal(cache.size, 0);
  });
});
