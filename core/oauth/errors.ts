/** Errors of the OAuth layer. Messages never contain token values. */

/** The authorization server answered with an OAuth / Tesla error envelope. */
export class OAuthError extends Error {
  constructor(
    readonly code: string,
    readonly description: string | undefined,
    readonly status: number | undefined,
  ) {
    super(description ? `${code}: ${description}` : code);
    this.name = 'OAuthError';
  }
}

/**
 * The refresh token is expired, cycled out or revoked (Tesla answers 401 `login_required`).
 * The only way forward is a new interactive sign-in.
 */
export class LoginRequiredError extends OAuthError {
  constructor(
    description: string | undefined,
    status: number | undefined,
    readonly accountId?: string,
  ) {
    super('login_required', description, status);
    this.name = 'LoginRequiredError';
  }
}

/** The browser came back with something we must not accept (state mismatch, error param, missing code). */
export class CallbackError extends Error {
  constructor(
    message: string,
    readonly oauthError?: string,
  ) {
    super(message);
    this.name = 'CallbackError';
  }
}

/** A token that is not a well-formed JWT. */
export class JwtFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JwtFormatError';
  }
}

/** The token endpoint answered with something that is not a usable token response. */
export class TokenResponseError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'TokenResponseError';
  }
}

export function isLoginRequired(err: unknown): err is LoginRequiredError {
  return err instanceof LoginRequiredError;
}
