import type { RequestContext, SimResponse } from '../http/router';
import type { AppConfig } from '../world/types';
import { withParams } from './authorize';
import { escapeHtml, page } from './html';

/** Callback parameters the bounce page forwards (anything else is dropped). */
export const FORWARDED_PARAMS = ['code', 'state', 'issuer', 'locale', 'error', 'error_description'];
/** Editor URI schemes a forward may target (desktop VS Code and its forks). */
export const EDITOR_SCHEMES = ['vscode', 'vscode-insiders', 'vscodium', 'code-oss', 'cursor', 'windsurf', 'positron'];

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * Reads the forward target out of `state` = `<random>.<base64url(JSON {"r": "<editor callback URL>"})>`.
 * Returns an error string instead when the state does not carry one.
 */
export function forwardTargetFromState(state: string | null): { url: URL } | { error: string } {
  if (!state) return { error: 'the callback has no state' };
  const m = /^[A-Za-z0-9_-]+\.([A-Za-z0-9_-]+)$/.exec(state);
  if (!m) return { error: 'state is not <random>.<base64url(JSON)>' };
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8'));
  } catch {
    return { error: 'the state payload is not base64url JSON' };
  }
  const r = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>).r : undefined;
  if (typeof r !== 'string') return { error: 'the state payload has no "r" URL' };
  try {
    return { url: new URL(r) };
  } catch {
    return { error: 'the state payload "r" is not an absolute URL' };
  }
}

/** Only loopback http(s), editor schemes, or the app's own allowed origins: never an open redirect. */
export function forwardAllowed(target: URL, app: AppConfig): boolean {
  if (target.username || target.password) return false;
  if (target.protocol === 'http:' || target.protocol === 'https:') {
    if (LOOPBACK_HOSTS.includes(target.hostname)) return true;
    return (app.allowedOrigins ?? []).some((o) => {
      try {
        return new URL(o).origin === target.origin;
      } catch {
        return false;
      }
    });
  }
  return EDITOR_SCHEMES.includes(target.protocol.slice(0, -1));
}

/** GET /fleetkit/callback: forwards the OAuth callback parameters to the editor URL carried in `state`. */
export function bounce(ctx: RequestContext, app: AppConfig): SimResponse {
  const state = ctx.query.get('state');
  const target = forwardTargetFromState(state);
  const fail = (why: string): SimResponse => ({
    status: 400,
    html: page('Sign-in callback', `<h1>Cannot finish sign-in</h1><p>${escapeHtml(why)}</p><p class="muted">Start the sign-in again from your editor.</p>`),
  });
  if ('error' in target) return fail(target.error);
  if (!forwardAllowed(target.url, app)) {
    return fail(`refusing to forward to ${target.url.protocol}//${target.url.host}: only loopback, editor (vscode://…) or allowed-origin URLs`);
  }
  const params: Record<string, string> = {};
  for (const name of FORWARDED_PARAMS) {
    const v = ctx.query.get(name);
    if (v !== null) params[name] = v;
  }
  const next = withParams(target.url.toString(), params);
  return {
    redirect: next,
    headers: { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
    html: page('Returning to your editor', `<h1>Returning to your editor…</h1><p><a href="${escapeHtml(next)}">Continue</a> if nothing happens.</p>`),
  };
}
