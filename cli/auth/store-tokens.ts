/**
 * Access tokens from the CLI's sign-in store, refreshed with the refresh token through core/oauth's RefreshManager
 * (the same single-flight and store-before-use rules as the editor). Several `fleetkit` processes may share the
 * store, so every refresh runs under a lock file and re-reads the store first: a refresh token another process
 * already rotated is never used again.
 */
import { readFile } from 'node:fs/promises';
import { withLock } from '../../core/certs/store';
import { createFleetDispatcher } from '../../core/fleet-api/transport';
import type { TokenProvider } from '../../core/fleet-api/token-provider';
import { RefreshManager, type SessionStore } from '../../core/oauth/refresh-manager';
import type { StoredSession } from '../../core/oauth/session';
import { TokenClient } from '../../core/oauth/token-client';
import type { TokenResponse } from '../../core/oauth/token-response';
import type { AuthRecord, AuthStore } from './store';

/** The signed-in account's session, seen through the store file (the RefreshManager's storage). */
class FileSessionStore implements SessionStore {
  constructor(private readonly store: AuthStore) {}

  async get(id: string): Promise<StoredSession | undefined> {
    const record = await this.store.read();
    return record?.session?.id === id ? record.session : undefined;
  }

  async put(session: StoredSession): Promise<void> {
    const record = await this.store.read();
    if (!record) throw new Error('the sign-in store disappeared during a refresh (signed out meanwhile?)');
    await this.store.write({ ...record, session });
  }

  /** Tesla ended the session: the tokens go; a saved client secret stays for the next `fleetkit auth login`. */
  async remove(id: string): Promise<void> {
    const record = await this.store.read();
    if (record?.session?.id !== id) return;
    if (record.clientSecret) {
      await this.store.write({ version: record.version, endpoints: record.endpoints, clientId: record.clientId, clientSecret: record.clientSecret });
    } else await this.store.delete();
  }
}

/** The refresh_token grant for a stored session, trusting the environment's CA (the simulator's) when it has one. */
async function refreshGrant(record: AuthRecord, session: StoredSession): Promise<TokenResponse> {
  const ca = record.endpoints.caPath ? await readFile(record.endpoints.caPath, 'utf8') : undefined;
  const dispatcher = ca ? createFleetDispatcher({ ca }) : undefined;
  try {
    return await new TokenClient({ tokenUrl: session.tokenUrl, clientId: session.clientId, dispatcher }).refresh(session.refreshToken);
  } finally {
    await dispatcher?.close();
  }
}

export interface StoreTokens {
  readonly tokens: TokenProvider;
  readonly manager: RefreshManager;
  readonly sessionId: string;
}

/** A TokenProvider over the signed-in session of `record` (read from `store`). `now` is for tests. */
export function storeTokenProvider(store: AuthStore, record: AuthRecord & { session: StoredSession }, now: () => number = Date.now): StoreTokens {
  const sessions = new FileSessionStore(store);
  const manager = new RefreshManager({
    store: sessions,
    refresh: (s) => refreshGrant(record, s),
    fleetUrls: () => record.endpoints.fleetUrls,
    now,
  });
  const id = record.session.id;
  const lock = <T>(fn: () => Promise<T>): Promise<T> => withLock(`${store.path}.lock`, fn);
  const margin = 60_000;
  return {
    manager,
    sessionId: id,
    tokens: {
      async getAccessToken() {
        const current = await sessions.get(id);
        if (current && current.expiresAt - now() > margin) return current.accessToken;
        return lock(() => manager.getAccessToken(id));
      },
      refreshAccessToken: (rejected) => lock(() => manager.refreshAfterUnauthorized(id, rejected)),
    },
  };
}
