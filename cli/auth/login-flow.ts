/**
 * The CLI's sign-in: a one-shot loopback server on the registered redirect URI, the authorize URL with PKCE S256,
 * state and nonce (core/oauth), the browser (or the user) visits it, the code comes back to the loopback server and
 * is exchanged for tokens (client secret + PKCE verifier). The editor's loopback mode does the same with its own UI.
 */
import type { Dispatcher } from 'undici';
import type { Endpoints } from '../../core/config/environments';
import { CallbackError } from '../../core/oauth/errors';
import { startLoopbackServer } from '../../core/oauth/loopback-server';
import { createState } from '../../core/oauth/random';
import type { StoredSession } from '../../core/oauth/session';
import { completeAuthorization, prepareAuthorization } from '../../core/oauth/sign-in';

export const LOGIN_TIMEOUT_MS = 5 * 60_000;

export interface CliLoginOptions {
  readonly endpoints: Endpoints;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  /** The Fleet API base URL the code exchange names as audience. */
  readonly audience: string;
  readonly dispatcher?: Dispatcher;
  readonly promptMissingScopes?: boolean;
  readonly loginHint?: string;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Called with the URL to open once the loopback server listens. */
  readonly onAuthorizeUrl: (url: string) => void | Promise<void>;
}

export async function runCliLogin(o: CliLoginOptions): Promise<StoredSession> {
  const state = createState();
  const server = await startLoopbackServer({
    redirectUri: o.redirectUri,
    expectedState: state,
    timeoutMs: o.timeoutMs ?? LOGIN_TIMEOUT_MS,
    signal: o.signal,
  }).catch((err: unknown) => {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? 'the port is in use (another sign-in running?)' : err instanceof Error ? err.message : String(err);
    throw new CallbackError(`Could not listen on ${o.redirectUri} for the sign-in callback: ${why}.`);
  });
  try {
    const pending = prepareAuthorization({
      endpoints: o.endpoints,
      clientId: o.clientId,
      redirectUri: server.redirectUri,
      scopes: o.scopes,
      state,
      promptMissingScopes: o.promptMissingScopes,
      loginHint: o.loginHint,
    });
    await o.onAuthorizeUrl(pending.url);
    const callback = await server.result;
    return await completeAuthorization({
      pending,
      callback,
      endpoints: o.endpoints,
      environment: o.endpoints.name,
      clientId: o.clientId,
      clientSecret: o.clientSecret,
      dispatcher: o.dispatcher,
      audience: o.audience,
    });
  } finally {
    await server.close();
  }
}
