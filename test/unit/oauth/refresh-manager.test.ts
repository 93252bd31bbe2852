import assert from 'node:assert/strict';
import { LoginRequiredError } from '../../../core/oauth/errors';
import { RefreshManager, SessionNotFoundError } from '../../../core/oauth/refresh-manager';
import type { StoredSession } from '../../../core/oauth/session';
import { TokenClient } from '../../../core/oauth/token-client';
import { sessionTokenProvider } from '../../../core/oauth/token-provider';
import { FakeAuthServer } from './fake-auth-server';
import { MemoryStore } from './memory-store';

describe('oauth/RefreshManager against a loopback token server', () => {
  let server: FakeAuthServer;
  let store: MemoryStore;
  let loginRequired: StoredSession[];

  beforeEach(async () => {
    server = await new FakeAuthServer({ refreshDelayMs: 50 }).start();
    store = new MemoryStore();
    loginRequired = [];
  });
  afterEach(() => server.stop());

  function manager(now = Date.now): RefreshManager {
    const client = new TokenClient({ tokenUrl: server.endpoints.tokenUrl, clientId: server.clientId });
    return new RefreshManager({
      store,
      refresh: (s) => client.refresh(s.refreshToken),
      fleetUrls: () => server.fleetUrls,
      now,
      onLoginRequired: (s) => loginRequired.push(s),
    });
  }

  function seed(expiresAt: number, refreshToken = server.issueRefreshToken('user-eu-1')): StoredSession {
    const s: StoredSession = {
      id: 'sess-1',
      accountId: 'user-eu-1',
      label: 'eu.owner@example.test',
      environment: 'test',
      tokenUrl: server.endpoints.tokenUrl,
      clientId: server.clientId,
      scopes: ['openid'],
      requestedScopes: ['openid', 'offline_access'],
      region: 'eu',
      fleetBaseUrl: server.fleetUrls.eu,
      audiences: [server.fleetUrls.eu],
      accessToken: server.mintAccessToken('user-eu-1', 'openid', -10),
      refreshToken,
      expiresAt,
      createdAt: 0,
      refreshedAt: 0,
    };
    store.sessions.set(s.id, s);
    return s;
  }

  it('50 concurrent callers on an expired token cause exactly one refresh, and all get the new token', async () => {
    const old = seed(Date.now() - 1000);
    const m = manager();
    const tokens = await Promise.all(Array.from({ length: 50 }, () => m.getAccessToken('sess-1')));
    assert.equal(server.refreshCalls, 1);
    assert.equal(new Set(tokens).size, 1);
    assert.notEqual(tokens[0], old.accessToken);
    const stored = store.sessions.get('sess-1')!;
    assert.equal(stored.accessToken, tokens[0]);
    assert.notEqual(stored.refreshToken, old.refreshToken);
    // The stored refresh token is the newest the server issued (the successor of the one we had).
    const lastRefresh = server.tokenCalls.filter((c) => c.grant_type === 'refresh_token');
    assert.deepEqual(
      lastRefresh.map((c) => c.refresh_token),
      [old.refreshToken],
    );
    assert.equal(store.writes.length, 1);
    assert.ok(stored.expiresAt > Date.now() + 7 * 3600_000);
    assert.deepEqual(stored.scopes, ['openid', 'offline_access', 'user_data', 'vehicle_device_data']);
  });

  it('stores the new refresh token before handing out the new access token', async () => {
    seed(Date.now() - 1000);
    const m = manager();
    const token = await m.getAccessToken('sess-1');
    // When the caller got the token, the store already held it: the write happened first.
    assert.equal(store.writes.length, 1);
    assert.equal(store.writes[0]!.accessToken, token);
  });

  it('does not refresh a token with more than a minute left, but does with less', async () => {
    const fresh = seed(Date.now() + 5 * 60_000);
    assert.equal(await manager().getAccessToken('sess-1'), fresh.accessToken);
    assert.equal(server.refreshCalls, 0);
    seed(Date.now() + 59_000);
    await manager().getAccessToken('sess-1');
    assert.equal(server.refreshCalls, 1);
  });

  it('refreshes after a 401 once for many concurrent callers, and not again for the replaced token', async () => {
    const s = seed(Date.now() + 3600_000);
    const m = manager();
    const provider = sessionTokenProvider(m, 'sess-1');
    const fresh = await Promise.all(Array.from({ length: 20 }, () => provider.refreshAccessToken(s.accessToken)));
    assert.equal(server.refreshCalls, 1);
    assert.equal(new Set(fresh).size, 1);
    // A late caller holding the old token gets the already-refreshed one without another grant.
    assert.equal(await provider.refreshAccessToken(s.accessToken), fresh[0]);
    assert.equal(server.refreshCalls, 1);
  });

  it('sequential refreshes rotate: each stores the newest refresh token', async () => {
    const s = seed(Date.now() + 3600_000);
    const m = manager();
    const a = await m.refreshNow('sess-1');
    const b = await m.refreshNow('sess-1');
    assert.equal(server.refreshCalls, 2);
    assert.deepEqual(
      server.tokenCalls.map((c) => c.refresh_token),
      [s.refreshToken, a.refreshToken],
    );
    assert.equal(store.sessions.get('sess-1')!.refreshToken, b.refreshToken);
  });

  it('reusing a cycled-out refresh token leads to login_required: session removed, caller told to sign in again', async () => {
    const s = seed(Date.now() + 3600_000);
    const m = manager();
    await m.refreshNow('sess-1'); // old → A
    await m.refreshNow('sess-1'); // A → B (A used, so the original is dead now)
    // Simulate a stale copy (e.g. a backup or another process) that still holds the original token.
    store.sessions.set('sess-1', { ...store.sessions.get('sess-1')!, refreshToken: s.refreshToken, expiresAt: 0 });
    await assert.rejects(m.getAccessToken('sess-1'), (e: unknown) => e instanceof LoginRequiredError && e.accountId === 'user-eu-1' && e.status === 401);
    assert.equal(store.sessions.has('sess-1'), false);
    assert.deepEqual(store.removed, ['sess-1']);
    assert.equal(loginRequired.length, 1);
    await assert.rejects(m.getAccessToken('sess-1'), SessionNotFoundError);
  });

  it('keeps the session when another writer stored a newer refresh token while ours failed', async () => {
    const s = seed(Date.now() - 1000, 'NA_unknown_refresh_token_00000000');
    const client = new TokenClient({ tokenUrl: server.endpoints.tokenUrl, clientId: server.clientId });
    const newer = {
      ...s,
      refreshToken: server.issueRefreshToken('user-eu-1'),
      accessToken: server.mintAccessToken('user-eu-1', 'openid'),
      expiresAt: Date.now() + 3600_000,
    };
    const m = new RefreshManager({
      store,
      fleetUrls: () => server.fleetUrls,
      refresh: async (x) => {
        store.sessions.set('sess-1', newer); // another window refreshed meanwhile
        return client.refresh(x.refreshToken);
      },
    });
    const session = await m.getFreshSession('sess-1');
    assert.equal(session.refreshToken, newer.refreshToken);
    assert.equal(store.sessions.get('sess-1')!.refreshToken, newer.refreshToken);
  });
});
