import { LoginRequiredError, OAuthError, TokenResponseError } from './errors';

/** A successful token-endpoint answer (RFC 6749 §5.1, Tesla adds `id_token` with `openid`). */
export interface TokenResponse {
  readonly accessToken: string;
  readonly refreshToken: string | undefined;
  readonly idToken: string | undefined;
  readonly tokenType: string;
  /** Seconds. */
  readonly expiresIn: number;
  readonly scope: string | undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/**
 * Turns an HTTP status + body into a {@link TokenResponse} or a typed error.
 * Error bodies may be RFC 6749 (`error`, `error_description`) or Tesla's envelope (`response: null`, `error`, …);
 * `login_required` becomes {@link LoginRequiredError}.
 */
export function parseTokenResponse(status: number, bodyText: string): TokenResponse {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    body = undefined;
  }
  const obj = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;

  if (status < 200 || status >= 300 || (obj && str(obj.error))) {
    const code = str(obj?.error);
    const description = str(obj?.error_description);
    if (code === 'login_required') throw new LoginRequiredError(description, status);
    if (code) throw new OAuthError(code, description, status);
    throw new TokenResponseError(`token endpoint answered HTTP ${status} without an OAuth error`, status);
  }
  if (!obj) throw new TokenResponseError('token endpoint answered with a body that is not a JSON object', status);
  const accessToken = str(obj.access_token);
  if (!accessToken) throw new TokenResponseError('token response has no access_token', status);
  const tokenType = str(obj.token_type) ?? 'Bearer';
  if (tokenType.toLowerCase() !== 'bearer') throw new TokenResponseError(`unsupported token_type ${tokenType}`, status);
  const expiresIn = obj.expires_in;
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn <= 0) {
    throw new TokenResponseError('token response has no positive expires_in', status);
  }
  return {
    accessToken,
    refreshToken: str(obj.refresh_token),
    idToken: str(obj.id_token),
    tokenType,
    expiresIn,
    scope: str(obj.scope),
  };
}
