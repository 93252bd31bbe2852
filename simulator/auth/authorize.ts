import { randomBytes } from 'node:crypto';
import { SimHttpError } from '../http/errors';
import type { RequestContext, SimResponse } from '../http/router';
import type { SurfaceApi } from '../surface';
import { KNOWN_SCOPES, type AccountConfig } from '../world/types';
import { escapeHtml, page } from './html';
import { CHALLENGE_RE } from './pkce';

/** A validated authorize request waiting for the user's decision on the consent page. */
interface PendingConsent {
  id: string;
  clientId: string;
  redirectUri: string;
  state: string;
  scopes: string[];
  codeChallenge?: string;
  nonce?: string;
  locale: string;
  loginHint?: string;
  /** `require_requested_scopes=true`: the user cannot untick scopes. */
  requireAll: boolean;
  expiresAt: number;
}

const CONSENT_TTL_MS = 10 * 60 * 1000;
const ALWAYS_GRANTED = ['openid', 'offline_access'];

/** Adds `params` to `redirectUri` (keeping any query it already has) — RFC 6749 §3.1.2. */
export function withParams(redirectUri: string, params: Record<string, string>): string {
  const u = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}

export class AuthorizeFlow {
  private readonly pending = new Map<string, PendingConsent>();

  constructor(private readonly api: SurfaceApi) {}

  private get issuer(): string {
    return this.api.tokens.issuer;
  }

  /**
   * GET /oauth2/v3/authorize. client_id and redirect_uri problems are answered here (400, no redirect: the
   * redirect target cannot be trusted); everything else goes back to the redirect_uri as `error=` (RFC 6749).
   */
  authorize(ctx: RequestContext): SimResponse {
    const q = ctx.query;
    const single = (name: string): string | undefined => {
      const all = q.getAll(name);
      if (all.length > 1) throw new SimHttpError(400, 'invalid_request', `parameter ${name} is repeated`);
      return all[0];
    };
    const clientId = single('client_id');
    const app = this.api.world.app;
    if (!clientId) throw new SimHttpError(400, 'invalid_request', 'client_id is required');
    if (clientId !== app.clientId) throw new SimHttpError(400, 'unauthorized_client', `We don't recognize this client_id: ${clientId}`);
    const redirectUri = single('redirect_uri');
    if (!redirectUri) throw new SimHttpError(400, 'invalid_redirect_url', 'redirect_uri is required');
    if (!app.redirectUris.includes(redirectUri)) {
      throw new SimHttpError(400, 'invalid_redirect_url', `redirect_uri ${redirectUri} does not exactly match an allowed redirect URI of this application`);
    }
    const state = single('state');
    const bounce = (error: string, description: string): SimResponse => ({
      redirect: withParams(redirectUri, { error, error_description: description, ...(state ? { state } : {}), issuer: this.issuer }),
    });
    if (single('response_type') !== 'code') return bounce('unsupported_response_type', 'response_type must be code');
    if (!state) return bounce('invalid_request', 'state is required');
    const scopeParam = single('scope');
    if (!scopeParam || !scopeParam.trim()) return bounce('invalid_scope', 'scope is required');
    const scopes = [...new Set(scopeParam.trim().split(/\s+/))];
    const allowed = app.scopes ?? [...KNOWN_SCOPES];
    const unknown = scopes.filter((s) => !(KNOWN_SCOPES as readonly string[]).includes(s));
    if (unknown.length) return bounce('invalid_scope', `unknown scope(s): ${unknown.join(' ')}`);
    const notEnabled = scopes.filter((s) => !allowed.includes(s));
    if (notEnabled.length) return bounce('invalid_scope', `scope(s) not enabled for this application: ${notEnabled.join(' ')}`);
    const challenge = single('code_challenge');
    const method = single('code_challenge_method');
    if (challenge !== undefined || method !== undefined) {
      if (method !== 'S256') return bounce('invalid_request', 'code_challenge_method must be S256');
      if (!challenge || !CHALLENGE_RE.test(challenge)) return bounce('invalid_request', 'code_challenge must be 43 base64url characters (S256)');
    }
    const nonce = single('nonce');
    const loginHint = single('login_hint');
    const pending: PendingConsent = {
      id: randomBytes(16).toString('base64url'),
      clientId,
      redirectUri,
      state,
      scopes,
      ...(challenge ? { codeChallenge: challenge } : {}),
      ...(nonce ? { nonce } : {}),
      locale: single('locale') ?? 'en-US',
      ...(loginHint ? { loginHint } : {}),
      requireAll: single('require_requested_scopes') === 'true',
      expiresAt: this.api.world.clock.now() + CONSENT_TTL_MS,
    };
    if (this.api.options.autoConsent) {
      const account = this.hintedAccount(loginHint) ?? this.api.world.accounts[0];
      return { redirect: this.approve(pending, account, scopes) };
    }
    this.prune();
    this.pending.set(pending.id, pending);
    return { html: this.consentPage(pending), headers: { 'cache-control': 'no-store', 'x-frame-options': 'DENY' } };
  }

  private hintedAccount(hint: string | undefined): AccountConfig | undefined {
    if (!hint) return undefined;
    return this.api.world.accounts.find((a) => a.id === hint || a.email.toLowerCase() === hint.toLowerCase());
  }

  private approve(p: PendingConsent, account: AccountConfig, granted: string[]): string {
    const code = this.api.tokens.issueCode(
      {
        clientId: p.clientId,
        redirectUri: p.redirectUri,
        scopes: granted,
        accountId: account.id,
        ...(p.codeChallenge ? { codeChallenge: p.codeChallenge } : {}),
        ...(p.nonce ? { nonce: p.nonce } : {}),
      },
      account.region,
    );
    return withParams(p.redirectUri, { code, state: p.state, issuer: this.issuer, locale: p.locale });
  }

  private prune(): void {
    const now = this.api.world.clock.now();
    for (const [id, p] of this.pending) if (p.expiresAt < now) this.pending.delete(id);
  }

  /** POST /oauth2/v3/authorize/consent — the consent page's form. */
  async decide(ctx: RequestContext): Promise<SimResponse> {
    const form = await ctx.form();
    const p = form.request_id ? this.pending.get(form.request_id) : undefined;
    if (!p || p.expiresAt < this.api.world.clock.now()) {
      throw new SimHttpError(400, 'invalid_request', 'this sign-in request is unknown or expired; start again from the application');
    }
    this.pending.delete(p.id);
    if (form.decision !== 'allow') {
      return {
        redirect: withParams(p.redirectUri, { error: 'access_denied', error_description: 'the user denied access', state: p.state, issuer: this.issuer }),
      };
    }
    const account = this.api.world.accounts.find((a) => a.id === form.account);
    if (!account) throw new SimHttpError(400, 'invalid_request', 'choose an account');
    const granted = p.scopes.filter((s) => p.requireAll || ALWAYS_GRANTED.includes(s) || form[`scope_${s}`] === 'on');
    return { redirect: this.approve(p, account, granted) };
  }

  private consentPage(p: PendingConsent): string {
    const hinted = this.hintedAccount(p.loginHint) ?? this.api.world.accounts[0];
    const accounts = this.api.world.accounts
      .map(
        (a) =>
          `<label><input type="radio" name="account" value="${escapeHtml(a.id)}"${a === hinted ? ' checked' : ''}> ${escapeHtml(a.fullName)} &lt;${escapeHtml(a.email)}&gt; — ${a.region}</label>`,
      )
      .join('');
    const scopes = p.scopes
      .map((s) =>
        ALWAYS_GRANTED.includes(s) || p.requireAll
          ? `<label><input type="checkbox" checked disabled> ${escapeHtml(s)}</label>`
          : `<label><input type="checkbox" name="scope_${escapeHtml(s)}" checked> ${escapeHtml(s)}</label>`,
      )
      .join('');
    return page(
      'Tesla (simulated) — Allow access',
      `<h1>Allow “${escapeHtml(this.api.world.app.name)}” to access your Tesla account?</h1>
<p class="muted">This is the Fleetkit local simulator, not Tesla. No real account is involved.</p>
<form method="post" action="/oauth2/v3/authorize/consent">
<input type="hidden" name="request_id" value="${escapeHtml(p.id)}">
<fieldset><legend>Sign in as</legend>${accounts}</fieldset>
<fieldset><legend>Permissions</legend>${scopes}</fieldset>
<button class="allow" type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>
<p class="muted">Redirects to <code>${escapeHtml(p.redirectUri)}</code></p>`,
    );
  }
}
