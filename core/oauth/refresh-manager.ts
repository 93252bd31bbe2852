import { LoginRequiredError } from './errors';
import type { Region } from './region';
import { sessionFromTokens, type StoredSession } from './session';
import type { TokenResponse } from './token-response';

/** Where sessions live. Implementations: VS Code SecretStorage, the CLI's protected file, a Map in tests. */
export interface SessionStore {
  get(id: string): Promise<StoredSession | undefined>;
  /** Replaces the session with the same id; resolves once it is durably stored. */
  put(session: StoredSession): Promise<void>;
  remove(id: string): Promise<void>;
}

/** Performs the refresh_token grant for a session (a TokenClient for the session's token URL and client id). */
export type RefreshGrant = (session: StoredSession) => Promise<TokenResponse>;

export interface RefreshManagerOptions {
  readonly store: SessionStore;
  readonly refresh: RefreshGrant;
  /** Regional fleet URLs of the session's environment, for region detection of the new token. */
  readonly fleetUrls: (session: StoredSession) => Readonly<Partial<Record<Region, string>>>;
  readonly now?: () => number;
  /** Refresh when this little is left (Tesla: 1 minute). */
  readonly refreshMarginMs?: number;
  /** Called after the stale session was removed because the refresh token is dead. */
  readonly onLoginRequired?: (session: StoredSession, error: LoginRequiredError) => void;
  /** Called after a refreshed session has been stored. */
  readonly onRefreshed?: (session: StoredSession) => void;
}

/** The session was removed (signed out elsewhere, or never existed). */
export class SessionNotFoundError extends Error {
  constructor(readonly sessionId: string) {
    super('This Tesla session no longer exists; sign in again.');
    this.name = 'SessionNotFoundError';
  }
}

/**
 * Hands out valid access tokens, refreshing under a per-session single flight:
 * N concurrent callers on an expired token cause exactly one refresh_token grant.
 * The new session (with the rotated refresh token) is stored before anyone receives the new access token,
 * so a crash can never leave us holding only a consumed refresh token.
 */
export class RefreshManager {
  private readonly inflight = new Map<string, Promise<StoredSession>>();
  private readonly now: () => number;
  private readonly margin: number;

  constructor(private readonly options: RefreshManagerOptions) {
    this.now = options.now ?? Date.now;
    this.margin = options.refreshMarginMs ?? 60_000;
  }

  /** A usable access token for the session, refreshed first when ≤ margin is left. */
  async getAccessToken(sessionId: string): Promise<string> {
    return (await this.getFreshSession(sessionId)).accessToken;
  }

  async getFreshSession(sessionId: string): Promise<StoredSession> {
    const pending = this.inflight.get(sessionId);
    if (pending) return pending;
    const session = await this.load(sessionId);
    if (!this.needsRefresh(session)) return session;
    return this.singleFlight(sessionId, (s) => this.needsRefresh(s));
  }

  /**
   * The API answered 401 for `rejectedAccessToken`: refresh unless someone already replaced that token.
   * Concurrent 401s for the same token share one refresh.
   */
  async refreshAfterUnauthorized(sessionId: string, rejectedAccessToken: string): Promise<string> {
    const pending = this.inflight.get(sessionId);
    if (pending) return (await pending).accessToken;
    const session = await this.load(sessionId);
    if (session.accessToken !== rejectedAccessToken) return session.accessToken;
    const fresh = await this.singleFlight(sessionId, (s) => s.accessToken === rejectedAccessToken);
    return fresh.accessToken;
  }

  /** Forces one refresh now (shared with any refresh already running). */
  async refreshNow(sessionId: string): Promise<StoredSession> {
    const pending = this.inflight.get(sessionId);
    if (pending) return pending;
    return this.singleFlight(sessionId, () => true);
  }

  private needsRefresh(s: StoredSession): boolean {
    return s.expiresAt - this.now() <= this.margin;
  }

  private async load(sessionId: string): Promise<StoredSession> {
    const s = await this.options.store.get(sessionId);
    if (!s) throw new SessionNotFoundError(sessionId);
    return s;
  }

  private singleFlight(sessionId: string, stillNeeded: (s: StoredSession) => boolean): Promise<StoredSession> {
    const existing = this.inflight.get(sessionId);
    if (existing) return existing;
    const run = this.refreshOnce(sessionId, stillNeeded).finally(() => {
      if (this.inflight.get(sessionId) === run) this.inflight.delete(sessionId);
    });
    this.inflight.set(sessionId, run);
    return run;
  }

  private async refreshOnce(sessionId: string, stillNeeded: (s: StoredSession) => boolean): Promise<StoredSession> {
    // Re-read inside the flight: another window may have refreshed and stored a newer session meanwhile.
    const current = await this.load(sessionId);
    if (!stillNeeded(current)) return current;
    let tokens: TokenResponse;
    try {
      tokens = await this.options.refresh(current);
    } catch (err) {
      if (err instanceof LoginRequiredError) {
        const latest = await this.options.store.get(sessionId);
        // Only drop the session if nobody stored a newer refresh token while we were failing.
        if (latest && latest.refreshToken === current.refreshToken) await this.options.store.remove(sessionId);
        else if (latest) return latest;
        const typed = new LoginRequiredError(err.description, err.status, current.accountId);
        this.options.onLoginRequired?.(current, typed);
        throw typed;
      }
      throw err;
    }
    const now = this.now();
    const next = sessionFromTokens(
      tokens,
      {
        id: current.id,
        environment: current.environment,
        tokenUrl: current.tokenUrl,
        clientId: current.clientId,
        requestedScopes: current.requestedScopes,
        fleetUrls: this.options.fleetUrls(current),
        now,
        label: current.label,
        createdAt: current.createdAt,
      },
      current.refreshToken,
    );
    await this.options.store.put(next);
    this.options.onRefreshed?.(next);
    return next;
  }
}
