import { readAccessTokenClaims } from '../../core/oauth/jwt';
import { detectRegion, type Region, type RegionGuess } from '../../core/oauth/region';
import { DEFAULT_SCOPES, missingScopes, scopeReport, type ScopeFinding } from '../../core/oauth/scopes';
import type { StoredSession } from '../../core/oauth/session';

/** The claims Inspect Token shows (Tesla's access token: `sub`, `iss`, `aud`, `scp`, `ou_code`, `iat`, `exp`). */
export interface TokenClaimsView {
  readonly subject: string;
  readonly issuer: string | undefined;
  readonly audiences: readonly string[];
  readonly scopes: readonly string[];
  readonly ouCode: string | undefined;
  /** The region the claims point to, and from which claim (undefined if they point nowhere known). */
  readonly regionGuess: Pick<RegionGuess, 'region' | 'source'> | undefined;
  /** Epoch ms. */
  readonly issuedAt: number | undefined;
  /** Epoch ms (the `exp` claim). */
  readonly expiresAt: number;
}

/**
 * What Inspect Token shows about one session. Built from the stored session but holds no token: only the decoded
 * claims and the session's metadata, so it can go to a webview.
 */
export interface TokenReport {
  readonly sessionId: string;
  readonly label: string;
  readonly accountId: string;
  readonly environment: string;
  readonly region: Region;
  readonly fleetBaseUrl: string;
  /** Epoch ms: when the stored access token expires. */
  readonly expiresAt: number;
  readonly refreshedAt: number;
  /** Granted scopes (`scp`, plus openid/offline_access when they were asked for: Tesla does not always list them). */
  readonly granted: readonly string[];
  /** Each scope Fleetkit's features use, granted or not. */
  readonly scopeNeeds: readonly ScopeFinding[];
  /** Scopes the settings ask for that were not granted. */
  readonly missing: readonly string[];
  readonly claims: TokenClaimsView | undefined;
  /** Why the claims could not be read (the token's format, never its content). */
  readonly claimsError: string | undefined;
}

/** Pure: decodes the claims (no signature check; the token came from the token endpoint over TLS). */
export function tokenReport(s: StoredSession, wanted: readonly string[] = DEFAULT_SCOPES, fleetUrls: Partial<Record<Region, string>> = {}): TokenReport {
  let claims: TokenClaimsView | undefined;
  let claimsError: string | undefined;
  try {
    const c = readAccessTokenClaims(s.accessToken);
    let regionGuess: TokenClaimsView['regionGuess'];
    try {
      const g = detectRegion(c, fleetUrls);
      regionGuess = { region: g.region, source: g.source };
    } catch {
      regionGuess = undefined;
    }
    claims = {
      subject: c.sub,
      issuer: c.iss,
      audiences: [...c.audiences],
      scopes: [...c.scopes],
      ouCode: c.ouCode,
      regionGuess,
      issuedAt: c.iat === undefined ? undefined : c.iat * 1000,
      expiresAt: c.exp * 1000,
    };
  } catch (err) {
    claimsError = `Could not decode the access token: ${err instanceof Error ? err.message : String(err)}`;
  }
  const granted = new Set(s.scopes);
  for (const m of ['openid', 'offline_access']) if (s.requestedScopes.includes(m)) granted.add(m);
  return {
    sessionId: s.id,
    label: s.label,
    accountId: s.accountId,
    environment: s.environment,
    region: s.region,
    fleetBaseUrl: s.fleetBaseUrl,
    expiresAt: s.expiresAt,
    refreshedAt: s.refreshedAt,
    granted: [...granted],
    scopeNeeds: scopeReport(granted),
    missing: missingScopes(granted, wanted),
    claims,
    claimsError,
  };
}
