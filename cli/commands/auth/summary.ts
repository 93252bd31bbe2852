import type { AuthRecord } from '../../auth/store';

/** What `auth status` / `auth login --json` show about the signed-in account: never a token or secret. Pure. */
export interface SessionSummary {
  signedIn: boolean;
  account?: string;
  accountId?: string;
  environment: string;
  region?: string;
  fleetBaseUrl?: string;
  scopes?: string[];
  /** The access token's expiry (ISO); it is refreshed automatically while the refresh token is valid. */
  expiresAt?: string;
  expired?: boolean;
  clientId: string;
  clientSecretSaved: boolean;
  store: string;
}

export function sessionSummary(record: AuthRecord, store: string, now: number): SessionSummary {
  const s = record.session;
  const base = { environment: record.endpoints.name, clientId: record.clientId, clientSecretSaved: Boolean(record.clientSecret), store };
  if (!s) return { signedIn: false, ...base };
  return {
    signedIn: true,
    account: s.label,
    accountId: s.accountId,
    ...base,
    environment: s.environment,
    region: s.region,
    fleetBaseUrl: s.fleetBaseUrl,
    scopes: [...s.scopes],
    expiresAt: new Date(s.expiresAt).toISOString(),
    expired: s.expiresAt <= now,
  };
}

function until(ms: number): string {
  const min = Math.round(Math.abs(ms) / 60_000);
  const text = min >= 120 ? `${Math.round(min / 60)} h` : `${min} min`;
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}

/** The human-readable status (stderr). */
export function formatSummary(s: SessionSummary, now: number): string {
  if (!s.signedIn) return `Not signed in (${s.environment}, client ${s.clientId}; the client secret is saved in ${s.store}). Run fleetkit auth login.\n`;
  const expires = Date.parse(s.expiresAt!);
  return [
    `Signed in as ${s.account} (user ${s.accountId})`,
    `  environment  ${s.environment}`,
    `  region       ${s.region!.toUpperCase()} (${s.fleetBaseUrl})`,
    `  scopes       ${s.scopes!.join(' ') || '(none)'}`,
    `  access token ${s.expired ? 'expired' : 'expires'} ${until(expires - now)} (${s.expiresAt}); refreshed automatically when used`,
    `  client       ${s.clientId}${s.clientSecretSaved ? ' (secret saved)' : ''}`,
    `  store        ${s.store}`,
    '',
  ].join('\n');
}
