import { formatTimestamp } from '../../core/format/quantity';
import { expiryCountdown } from '../ui/countdown';
import { escapeHtml as esc } from '../ui/webview-html';
import type { TokenReport } from './token-report';

/** The buttons of the page (`data-action`), handled by the token panel. */
export const TOKEN_ACTIONS = { copy: 'copyToken', refresh: 'refreshNow', reconsent: 'reconsent' } as const;

export interface TokenPageOptions {
  /** The host's clock (epoch ms): the countdown's first text; the page ticks on from there. */
  readonly now: number;
  /** VS Code's display language, for dates. */
  readonly locale?: string;
}

export const TOKEN_PAGE_STYLES = `
  #token-expiry { font-size: 1.2em; font-weight: 600; }
  #claims th { width: 12em; }
`;

export function tokenPageTitle(label: string): string {
  return `Token — ${label}`;
}

function time(ms: number | undefined, locale: string | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '<span class="muted">(none)</span>';
  return `<time datetime="${esc(new Date(ms).toISOString())}">${esc(formatTimestamp(ms, locale))}</time>`;
}

function list(items: readonly string[], id?: string): string {
  if (!items.length) return '<span class="muted">(none)</span>';
  return `<ul class="plain"${id ? ` id="${id}"` : ''}>${items.map((i) => `<li><code>${esc(i)}</code></li>`).join('')}</ul>`;
}

const ENVIRONMENTS: Record<string, string> = { tesla: 'Tesla', simulator: 'Fleetkit simulator' };

/**
 * The Inspect Token page body (the fragment inside the live page). Pure. It is built from the report only, which
 * holds no token: neither the access token, its signature, nor the refresh token can reach the page.
 */
export function renderTokenBody(r: TokenReport, o: TokenPageOptions): string {
  const c = r.claims;
  const countdown = expiryCountdown(r.expiresAt - o.now);
  const region = r.region.toUpperCase();
  const regionDetail = c
    ? `ou_code ${c.ouCode ? `<code>${esc(c.ouCode)}</code>` : '(none)'}${c.regionGuess ? `; the claims point to ${esc(c.regionGuess.region.toUpperCase())} (from ${esc(c.regionGuess.source)})` : ''}`
    : '';
  const claimRows = c
    ? [
        ['sub', 'Subject (sub)', `<code>${esc(c.subject)}</code>`],
        ['iss', 'Issuer (iss)', c.issuer ? esc(c.issuer) : '<span class="muted">(none)</span>'],
        ['aud', c.audiences.length === 1 ? 'Audience (aud)' : 'Audiences (aud)', list(c.audiences)],
        ['scp', 'Scopes (scp)', list(c.scopes, 'scopes')],
        ['region', 'Region', `${esc(region)} <span class="muted">(${regionDetail})</span>`],
        ['iat', 'Issued (iat)', time(c.issuedAt, o.locale)],
        ['exp', 'Expires (exp)', time(c.expiresAt, o.locale)],
      ]
        .map(([key, label, value]) => `<tr data-claim="${key}"><th scope="row">${label}</th><td>${value}</td></tr>`)
        .join('')
    : '';
  const missing = r.missing.length
    ? `<div class="notice" id="missing-scopes" role="alert"><strong>Missing scopes:</strong> ${r.missing.map((m) => `<code>${esc(m)}</code>`).join(', ')}. Features that need them fail with 403. <em>Re-consent</em> signs in again with <code>prompt_missing_scopes=true</code>: Tesla then asks only for what is missing.</div>`
    : '';
  const needs = r.scopeNeeds
    .map(
      (f) =>
        `<tr data-scope="${esc(f.scope)}"><th scope="row"><code>${esc(f.scope)}</code></th>${f.granted ? '<td class="granted">granted</td>' : '<td class="missing">missing</td>'}<td>${esc(f.features)}</td></tr>`,
    )
    .join('');
  return `<h1 id="token-title">Tesla token — ${esc(r.label)}</h1>
<p class="muted">${esc(ENVIRONMENTS[r.environment] ?? r.environment)} · ${esc(region)} · Fleet API <code>${esc(r.fleetBaseUrl)}</code></p>
<p><span id="token-expiry" role="timer" data-expires-at="${Math.round(r.expiresAt)}" data-level="${countdown.level}">${esc(countdown.text)}</span>
<span class="muted">(${time(r.expiresAt, o.locale)}; last refreshed ${time(r.refreshedAt, o.locale)})</span></p>
<div class="actions">
${r.missing.length ? `<button type="button" data-action="${TOKEN_ACTIONS.reconsent}">Re-consent (prompt_missing_scopes)</button>\n` : ''}<button type="button"${r.missing.length ? ' class="secondary"' : ''} data-action="${TOKEN_ACTIONS.refresh}">Refresh Now</button>
<button type="button" class="secondary" data-action="${TOKEN_ACTIONS.copy}" title="Copies the access token to the clipboard; treat it like a password">Copy Access Token</button>
</div>
${missing}
<h2>Claims</h2>
${c ? `<table id="claims"><tbody>${claimRows}</tbody></table>` : `<p class="notice" id="claims-error">${esc(r.claimsError ?? 'The access token has no readable claims.')}</p>`}
<h2>Scopes Fleetkit uses</h2>
<table id="scope-needs"><thead><tr><th scope="col">Scope</th><th scope="col">Granted</th><th scope="col">Needed for</th></tr></thead><tbody>${needs}</tbody></table>
${r.missing.length ? '' : '<p id="scopes-ok">All scopes Fleetkit uses are granted.</p>'}
<p class="muted">The token itself is never shown here. <em>Copy Access Token</em> puts it on the clipboard: treat it like a password.</p>`;
}

/** The body when the session is gone (signed out in this or another window). */
export function renderTokenGone(label: string): string {
  return `<h1 id="token-title">Tesla token — ${esc(label)}</h1>
<p class="notice" id="token-gone">This account is no longer signed in (signed out, or Tesla ended the session). Sign in again to inspect its token.</p>`;
}
