import type { RefreshManager } from './refresh-manager';

/** The shape the Fleet API client consumes (core/fleet-api TokenProvider), bound to one session. */
export interface SessionTokenProvider {
  getAccessToken(signal?: AbortSignal): Promise<string>;
  refreshAccessToken(rejectedToken: string, signal?: AbortSignal): Promise<string>;
}

export function sessionTokenProvider(manager: RefreshManager, sessionId: string): SessionTokenProvider {
  return {
    getAccessToken: () => manager.getAccessToken(sessionId),
    refreshAccessToken: (rejected) => manager.refreshAfterUnauthorized(sessionId, rejected),
  };
}
