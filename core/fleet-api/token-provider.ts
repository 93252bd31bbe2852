/**
 * How the client gets bearer tokens. The sign-in layer implements it (a VS Code session, the CLI's
 * token store, a partner token); the client never sees refresh tokens or client secrets.
 */
export interface TokenProvider {
  /** The current access token. May return a cached one. */
  getAccessToken(signal?: AbortSignal): Promise<string>;
  /**
   * Called at most once per request after Tesla answered 401 to `rejectedToken`. Returns a fresh
   * access token, or throws if the user must sign in again. Implementations should single-flight.
   */
  refreshAccessToken(rejectedToken: string, signal?: AbortSignal): Promise<string>;
}

/** A fixed token (partner tokens in scripts, tests). Refresh is impossible. */
export function staticTokenProvider(token: string): TokenProvider {
  return {
    getAccessToken: async () => token,
    refreshAccessToken: async () => {
      throw new Error('This token cannot be refreshed');
    },
  };
}
