import { decodeJwt, readAccessTokenClaims } from './jwt';
import { detectRegion, type Region } from './region';
import type { TokenResponse } from './token-response';

/**
 * Everything Fleetkit keeps about one signed-in account. It holds tokens, so it lives only in a secret store
 * (VS Code SecretStorage, the CLI's 0600 file) — never in settings, globalState, logs or webviews.
 */
export interface StoredSession {
  /** Stable id of this session (random, not a secret). */
  readonly id: string;
  /** Tesla user id (`sub`). */
  readonly accountId: string;
  /** What the user sees (e-mail when known, else the user id). */
  readonly label: string;
  /** Which environment minted it (`tesla`, `simulator`); tokens of one never go to the other. */
  readonly environment: string;
  /** Token endpoint the refresh token belongs to. */
  readonly tokenUrl: string;
  readonly clientId: string;
  /** Scopes granted (the access token's `scp`). */
  readonly scopes: readonly string[];
  /** Scopes asked for at sign-in. */
  readonly requestedScopes: readonly string[];
  readonly region: Region;
  readonly fleetBaseUrl: string;
  readonly audiences: readonly string[];
  readonly accessToken: string;
  readonly refreshToken: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
  readonly createdAt: number;
  readonly refreshedAt: number;
}

export interface SessionContext {
  readonly id: string;
  readonly environment: string;
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly requestedScopes: readonly string[];
  readonly fleetUrls: Readonly<Partial<Record<Region, string>>>;
  readonly now: number;
  readonly label?: string;
  readonly createdAt?: number;
}

/** Best display label from an OpenID id_token (e-mail or name), without trusting it for anything else. */
export function labelFromIdToken(idToken: string | undefined): string | undefined {
  if (!idToken) return undefined;
  try {
    const { payload } = decodeJwt(idToken);
    for (const k of ['email', 'name', 'preferred_username'] as const) {
      const v = payload[k];
      if (typeof v === 'string' && v.trim()) return v.trim();
    }
  } catch {
    // An unreadable id_token only costs us a nicer label.
  }
  return undefined;
}

/**
 * Builds a session from a token response. `previousRefreshToken` is kept only when the server did not rotate
 * (Tesla always rotates; RFC 6749 allows not to).
 */
export function sessionFromTokens(tokens: TokenResponse, ctx: SessionContext, previousRefreshToken?: string): StoredSession {
  const claims = readAccessTokenClaims(tokens.accessToken);
  const refreshToken = tokens.refreshToken ?? previousRefreshToken;
  if (!refreshToken) throw new Error('the token response has no refresh token (was offline_access granted?)');
  const region = detectRegion(claims, ctx.fleetUrls);
  const scopes = claims.scopes.length ? claims.scopes : (tokens.scope?.split(/\s+/).filter(Boolean) ?? []);
  return {
    id: ctx.id,
    accountId: claims.sub,
    label: ctx.label ?? labelFromIdToken(tokens.idToken) ?? claims.sub,
    environment: ctx.environment,
    tokenUrl: ctx.tokenUrl,
    clientId: ctx.clientId,
    scopes,
    requestedScopes: [...ctx.requestedScopes],
    region: region.region,
    fleetBaseUrl: region.fleetBaseUrl,
    audiences: claims.audiences,
    accessToken: tokens.accessToken,
    refreshToken,
    expiresAt: ctx.now + tokens.expiresIn * 1000,
    createdAt: ctx.createdAt ?? ctx.now,
    refreshedAt: ctx.now,
  };
}

const STRING_FIELDS = ['id', 'accountId', 'label', 'environment', 'tokenUrl', 'clientId', 'region', 'fleetBaseUrl', 'accessToken', 'refreshToken'] as const;
const NUMBER_FIELDS = ['expiresAt', 'createdAt', 'refreshedAt'] as const;
const LIST_FIELDS = ['scopes', 'requestedScopes', 'audiences'] as const;

/** Checks a value read back from storage; anything malformed is dropped rather than half-used. */
export function isStoredSession(v: unknown): v is StoredSession {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    STRING_FIELDS.every((k) => typeof o[k] === 'string' && (o[k] as string).length > 0) &&
    NUMBER_FIELDS.every((k) => typeof o[k] === 'number' && Number.isFinite(o[k])) &&
    LIST_FIELDS.every((k) => Array.isArray(o[k]) && (o[k] as unknown[]).every((s) => typeof s === 'string'))
  );
}
