import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { sessionChanges } from '../../../../client/auth/session-diff';
import { SecretSessionStore, SESSIONS_KEY } from '../../../../client/auth/session-store';
import { createLogger, memorySink } from '../../../../core/log/logger';
import type { StoredSession } from '../../../../core/oauth/session';

function session(id: string, accessToken: string, accountId = 'ada'): StoredSession {
  return {
    id,
    accountId,
    label: `${accountId}@example.com`,
    environment: 'simulator',
    tokenUrl: 'https://127.0.0.1:8440/oauth2/v3/token',
    clientId: 'fleetkit-sim-client',
    scopes: ['openid', 'offline_access'],
    requestedScopes: ['openid', 'offline_access'],
    region: 'na',
    fleetBaseUrl: 'https://127.0.0.1:8441',
    audiences: ['https://127.0.0.1:8441'],
    accessToken,
    refreshToken: `rt-${id}`,
    expiresAt: 2_000_000_000_000,
    createdAt: 1_700_000_000_000,
    refreshedAt: 1_700_000_000_000,
  };
}

/** VS Code's SecretStorage as the store uses it: get/store/delete of one key, counting writes. */
class FakeSecrets {
  readonly values = new Map<string, string>();
  writes = 0;
  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    this.writes++;
    this.values.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.writes++;
    this.values.delete(key);
  }
}

const byId = (list: StoredSession[]) => new Map(list.map((s) => [s.id, s]));

describe('sign in again: the old session is removed, the new one added', () => {
  it('sessionChanges: a replaced session (new id, same account) is removed + added; a refresh is changed', () => {
    const old = session('s1', 'at-1');
    const replaced = sessionChanges(byId([old]), byId([session('s2', 'at-2')]));
    assert.deepEqual(
      replaced.removed.map((s) => s.id),
      ['s1'],
      'VS Code (Accounts menu, extensions) must hear the old session go',
    );
    assert.deepEqual(
      replaced.added.map((s) => s.id),
      ['s2'],
    );
    assert.deepEqual(replaced.changed, []);

    const refreshed = sessionChanges(byId([old]), byId([session('s1', 'at-refreshed')]));
    assert.deepEqual([refreshed.added, refreshed.removed, refreshed.changed.map((s) => s.id)], [[], [], ['s1']]);

    const revoked = sessionChanges(byId([old, session('e1', 'at-e', 'emil')]), byId([session('e1', 'at-e', 'emil')]));
    assert.deepEqual([revoked.added, revoked.removed.map((s) => s.id), revoked.changed], [[], ['s1'], []]);
  });

  it('SecretSessionStore.replace swaps the sessions in one write, leaving the other accounts alone', async () => {
    const secrets = new FakeSecrets();
    const store = new SecretSessionStore(secrets as unknown as vscode.SecretStorage, createLogger({ sink: memorySink() }));
    await store.put(session('s1', 'at-1'));
    await store.put(session('e1', 'at-e', 'emil'));
    const writes = secrets.writes;
    await store.replace('s1', session('s2', 'at-2'));
    assert.equal(secrets.writes - writes, 1, 'one write: no moment with both sessions or neither');
    assert.deepEqual((await store.all()).map((s) => s.id).sort(), ['e1', 's2']);
    assert.ok(!(secrets.values.get(SESSIONS_KEY) ?? '').includes('rt-s1'), 'the replaced refresh token is gone from storage');
  });
});
