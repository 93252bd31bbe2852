import { readAccessTokenClaims } from '../../core/oauth/jwt';
import { detectRegion, type Region } from '../../core/oauth/region';
import { DEFAULT_SCOPES, missingScopes, scopeReport } from '../../core/oauth/scopes';
import type { StoredSession } from '../../core/oauth/session';

/** "7h 59m 12s", or "expired 3m ago". */
export function formatCountdown(ms: number): string {
  const abs = Math.abs(ms);
  const h = Math.floor(abs / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  const s = Math.floor((abs % 60_000) / 1000);
  const text = h ? `${h}h ${m}m ${s}s` : m ? `${m}m ${s}s` : `${s}s`;
  return ms >= 0 ? `in ${text}` : `expired ${text} ago`;
}

export interface TokenInsight {
  readonly missing: string[];
  readonly markdown: string;
}

/**
 * The Inspect Token document: decoded claims, scopes against Fleetkit's needs, region, audience, expiry.
 * Pure and free of secrets: the raw tokens never appear in it (copying the access token is a separate action).
 */
export function renderTokenReport(s: StoredSession, now: number, wanted: readonly string[] = DEFAULT_SCOPES, fleetUrls: Partial<Record<Region, string>> = {}): TokenInsight {
  const lines: string[] = [];
  const esc = (t: string) => t.replace(/[|`*_<>[\]]/g, (c) => `\\${c}`);
  lines.push(`# Tesla token — ${esc(s.label)}`, '');
  lines.push('_The raw token is never shown here. Use "Copy Access Token" from the notification to copy it._', '');
  let claimsNote = '';
  let claims: ReturnType<typeof readAccessTokenClaims> | undefined;
  try {
    claims = readAccessTokenClaims(s.accessToken);
  } catch (err) {
    claimsNote = `Could not decode the access token: ${err instanceof Error ? err.message : String(err)}`;
  }
  const granted = new Set(s.scopes);
  for (const m of ['openid', 'offline_access']) if (s.requestedScopes.includes(m)) granted.add(m);
  const missing = missingScopes(granted, wanted);
  lines.push('| | |', '|---|---|');
  lines.push(`| Account | ${esc(s.label)} (\`${esc(s.accountId)}\`) |`);
  lines.push(`| Environment | ${esc(s.environment)} |`);
  lines.push(`| Expires | ${new Date(s.expiresAt).toISOString()} (**${formatCountdown(s.expiresAt - now)}**) |`);
  lines.push(`| Region | ${s.region.toUpperCase()} |`);
  lines.push(`| Fleet API base URL | ${esc(s.fleetBaseUrl)} |`);
  if (claims) {
    const guess = detectRegion(claims, fleetUrls);
    lines.push(`| ou_code | ${esc(claims.ouCode ?? '(none)')} (token suggests ${guess.region.toUpperCase()}, from ${guess.source}) |`);
    lines.push(`| Audience (aud) | ${claims.audiences.map(esc).join('<br>') || '(none)'} |`);
    lines.push(`| Subject (sub) | \`${esc(claims.sub)}\` |`);
    if (claims.iss) lines.push(`| Issuer (iss) | ${esc(claims.iss)} |`);
    if (claims.iat) lines.push(`| Issued (iat) | ${new Date(claims.iat * 1000).toISOString()} |`);
    lines.push(`| exp claim | ${new Date(claims.exp * 1000).toISOString()} |`);
  }
  lines.push(`| Last refreshed | ${new Date(s.refreshedAt).toISOString()} |`, '');
  if (claimsNote) lines.push(`> ${esc(claimsNote)}`, '');

  lines.push('## Scopes', '');
  lines.push(`Granted (scp): ${s.scopes.length ? s.scopes.map((x) => `\`${x}\``).join(' ') : '(none)'}`, '');
  lines.push('| Scope | Granted | Needed for |', '|---|---|---|');
  for (const f of scopeReport(granted)) lines.push(`| \`${f.scope}\` | ${f.granted ? 'yes' : '**MISSING**'} | ${esc(f.features)} |`);
  lines.push('');
  if (missing.length) {
    lines.push(`> **Missing scopes:** ${missing.map((x) => `\`${x}\``).join(', ')}. Features that need them will fail with 403.`);
    lines.push('> Choose "Re-consent" in the notification to sign in again with `prompt_missing_scopes=true`; Tesla then asks only for what is missing.', '');
  } else {
    lines.push('All scopes Fleetkit uses are granted.', '');
  }
  return { missing, markdown: lines.join('\n') };
}
