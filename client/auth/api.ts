import type * as vscode from 'vscode';
import type { Region } from '../../core/oauth/region';
import type { StoredSession } from '../../core/oauth/session';
import type { SessionTokenProvider } from '../../core/oauth/token-provider';
import type { ResolvedEnvironment } from './environment';

/** A session without its tokens: safe to show in views. */
export type SessionInfo = Omit<StoredSession, 'accessToken' | 'refreshToken'>;

/**
 * What other Fleetkit features use from sign-in (the Accounts & Vehicles tree, commands, telemetry…): `registerAuth`
 * returns it and client/extension.ts passes it to the features that need it.
 */
export interface FleetkitAuth {
  readonly providerId: string;
  /** Signed-in accounts, tokens stripped. */
  sessions(): Promise<SessionInfo[]>;
  /** Fires whenever sessions are added, removed or refreshed (in any window). */
  readonly onDidChangeSessions: vscode.Event<void>;
  /** Bearer tokens for one session: refreshed when ≤ 1 min left and after a 401 (single flight). Matches core/fleet-api TokenProvider. */
  tokenProvider(sessionId: string): SessionTokenProvider;
  /** A partner token (client_credentials) for the region's Fleet API, cached in memory until expiry. */
  partnerToken(region: Region): Promise<string>;
  /** Endpoints + TLS dispatcher of a session's environment (undefined if the simulator it came from is not running). */
  environmentOf(session: SessionInfo): ResolvedEnvironment | undefined;
  /** The selected environment, starting the simulator if that is what the settings select. */
  requireEnvironment(): Promise<ResolvedEnvironment>;
  signIn(): Promise<SessionInfo>;
}

export function stripTokens(s: StoredSession): SessionInfo {
  const { accessToken: _a, refreshToken: _r, ...info } = s;
  return info;
}
