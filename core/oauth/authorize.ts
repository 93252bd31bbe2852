import { CallbackError } from './errors';
import { safeEqual } from './random';

export interface AuthorizeRequest {
  /** Full authorize endpoint, e.g. `https://auth.tesla.com/oauth2/v3/authorize`. */
  readonly authorizeUrl: string;
  readonly clientId: string;
  /** Must match an Allowed Redirect URI exactly. */
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly state: string;
  readonly nonce: string;
  readonly codeChallenge: string;
  /** Ask Tesla to prompt for scopes the user has not granted yet (how scopes are added later). */
  readonly promptMissingScopes?: boolean;
  readonly locale?: string;
  /** Which account to preselect (the simulator honours it; Tesla ignores unknown parameters). */
  readonly loginHint?: string;
}

/** Builds the browser URL for Tesla's authorization-code flow with PKCE S256. */
export function buildAuthorizeUrl(req: AuthorizeRequest): string {
  const url = new URL(req.authorizeUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('authorize URL must be http(s)');
  if (!req.clientId) throw new Error('client id is required');
  if (!req.redirectUri) throw new Error('redirect URI is required');
  if (req.scopes.length === 0) throw new Error('at least one scope is required');
  const params: Array<[string, string]> = [
    ['response_type', 'code'],
    ['client_id', req.clientId],
    ['redirect_uri', req.redirectUri],
    ['scope', req.scopes.join(' ')],
    ['state', req.state],
    ['nonce', req.nonce],
    ['code_challenge', req.codeChallenge],
    ['code_challenge_method', 'S256'],
  ];
  if (req.promptMissingScopes) params.push(['prompt_missing_scopes', 'true']);
  if (req.locale) params.push(['locale', req.locale]);
  if (req.loginHint) params.push(['login_hint', req.loginHint]);
  // %20 rather than `+` for spaces: editors re-encode URIs on their way to the browser, and a `+` would survive
  // that as a literal plus, turning "openid offline_access" into one unknown scope.
  const query = params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  url.search = url.search ? `${url.search.slice(1)}&${query}` : query;
  return url.toString();
}

export interface CallbackResult {
  readonly code: string;
  /** Tesla's `issuer` parameter, when present. */
  readonly issuer: string | undefined;
}

/**
 * Validates the parameters the browser brought back. Unknown extra parameters (`issuer`, `locale`, …) are tolerated.
 * A state mismatch, an `error` parameter or a missing code is refused with a {@link CallbackError}.
 */
export function parseCallbackParams(params: URLSearchParams, expectedState: string): CallbackResult {
  const state = params.get('state');
  if (!safeEqual(state, expectedState)) throw new CallbackError('The sign-in response does not belong to this sign-in (state mismatch).');
  const error = params.get('error');
  if (error) {
    const description = params.get('error_description');
    throw new CallbackError(`Tesla refused the sign-in: ${error}${description ? ` (${description})` : ''}`, error);
  }
  const code = params.get('code');
  if (!code) throw new CallbackError('The sign-in response has no authorization code.');
  const issuer = params.get('issuer') ?? undefined;
  return { code, issuer };
}
