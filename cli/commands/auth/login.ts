import { createFleetDispatcher } from '../../../core/fleet-api/transport';
import { DEFAULT_SCOPES, normalizeScopes } from '../../../core/oauth/scopes';
import { isLoopbackRedirectUri } from '../../../core/oauth/loopback-server';
import { openBrowser } from '../../auth/browser';
import { pickAudience, resolveAppEnvironment } from '../../auth/environment';
import { LOGIN_TIMEOUT_MS, runCliLogin } from '../../auth/login-flow';
import { AuthStore, type AuthRecord } from '../../auth/store';
import { UsageError, type CliIO } from '../../command';
import { parseOptions } from '../../args';
import type { Subcommand } from '../../subcommands';
import { sessionSummary } from './summary';

/** The loopback redirect URI the editor uses too (README: register it with Tesla). */
export const DEFAULT_REDIRECT_URI = 'http://127.0.0.1:48123/callback';

const USAGE = `Usage: fleetkit auth login [--client-id ID] [--client-secret SECRET] [--save-secret]
                          [--scopes "openid offline_access …"] [--region na|eu|cn | --audience URL]
                          [--redirect-uri URI] [--simulator READY_FILE_OR_URL | --auth-url URL] [--ca FILE]
                          [--login-hint ACCOUNT] [--no-browser] [--json]

Signs in with Tesla's authorization-code flow (PKCE S256, state, nonce): prints the URL to open (and opens your
browser unless --no-browser), waits on the loopback redirect URI for the browser to come back (5 minutes), exchanges
the code, and stores the tokens in a protected file (mode 0600, directory 0700) under $XDG_CONFIG_HOME/fleetkit
(or ~/.config/fleetkit; $FLEETKIT_CONFIG_DIR overrides). Other fleetkit commands use it, refreshing as needed.

  --client-id ID        your app's client id (or FLEETKIT_CLIENT_ID)
  --client-secret S     your app's client secret (or FLEETKIT_CLIENT_SECRET; the flag ends up in shell history)
  --save-secret         also keep the client secret in the protected file (default: never stored)
  --scopes LIST         scopes, space or comma separated (default: ${DEFAULT_SCOPES.join(' ')});
                        openid and offline_access are always asked for
  --region R            the Fleet API region the token is for (its audience): na (default), eu, cn
  --audience URL        …or the Fleet API base URL itself
  --redirect-uri URI    the loopback redirect URI registered for your app, exactly (default ${DEFAULT_REDIRECT_URI};
                        with --simulator: its first loopback one)
  --simulator X         the local simulator: its ready file (fleetkit sim > FILE) or its URL (then --client-secret)
  --auth-url URL        another Tesla auth host (e.g. https://auth.tesla.cn), Tesla's paths
  --ca FILE             trust this CA certificate for the auth and Fleet API hosts (the simulator's)
  --login-hint ACCOUNT  preselect an account (the simulator honours it; Tesla ignores it)
  --no-browser          only print the URL (open it on any machine that can reach the redirect URI's host)
  --json                print the signed-in account as JSON on stdout

Tokens are never printed (fleetkit auth token does that, on request).
`;

function parseScopes(raw: string | undefined): string[] {
  if (raw === undefined) return normalizeScopes(DEFAULT_SCOPES);
  const list = raw.split(/[\s,]+/).filter(Boolean);
  if (!list.length) throw new UsageError('--scopes is empty');
  return normalizeScopes(list);
}

async function run(args: string[], io: CliIO): Promise<number> {
  const { values } = parseOptions(args, {
    'client-id': { type: 'string' },
    'client-secret': { type: 'string' },
    'save-secret': { type: 'boolean' },
    scopes: { type: 'string' },
    region: { type: 'string' },
    audience: { type: 'string' },
    'redirect-uri': { type: 'string' },
    simulator: { type: 'string' },
    'auth-url': { type: 'string' },
    ca: { type: 'string' },
    'login-hint': { type: 'string' },
    'no-browser': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (values.region && values.audience) throw new UsageError('give --region or --audience, not both');
  if (values.simulator && values['auth-url']) throw new UsageError('give --simulator or --auth-url, not both');
  const store = AuthStore.forEnv(io.env);
  const previous = await store.read();
  const app = await resolveAppEnvironment(
    io.env,
    { simulator: values.simulator, authUrl: values['auth-url'], ca: values.ca, clientId: values['client-id'], clientSecret: values['client-secret'] },
    previous,
    false,
  );
  if (!app.clientId) throw new UsageError("no client id: pass --client-id ID or set FLEETKIT_CLIENT_ID (your app's Client ID on developer.tesla.com)");
  if (!app.clientSecret) {
    throw new UsageError(
      'no client secret: set FLEETKIT_CLIENT_SECRET (or pass --client-secret; add --save-secret to keep it in the protected store for later sign-ins)',
    );
  }
  const scopes = parseScopes(values.scopes);
  const audience = pickAudience(app.endpoints, { region: values.region, audience: values.audience });
  const loopbacks = app.redirectUris?.filter((u) => isLoopbackRedirectUri(u)) ?? [];
  const redirectUri = values['redirect-uri'] ?? loopbacks[0] ?? DEFAULT_REDIRECT_URI;
  if (!isLoopbackRedirectUri(redirectUri)) {
    throw new UsageError(`--redirect-uri must be an http:// loopback URI (127.0.0.1, localhost or [::1]) with a fixed port, got '${redirectUri}'`);
  }
  if (app.redirectUris && !app.redirectUris.includes(redirectUri)) {
    throw new UsageError(`${redirectUri} is not one of the app's allowed redirect URIs (${app.redirectUris.join(', ')}); pass one of them with --redirect-uri`);
  }
  const dispatcher = app.caPem ? createFleetDispatcher({ ca: app.caPem }) : undefined;
  const where = app.endpoints.name === 'simulator' ? 'the Fleetkit simulator' : 'Tesla';
  let session;
  try {
    session = await runCliLogin({
      endpoints: app.endpoints,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      redirectUri,
      scopes,
      audience,
      dispatcher,
      // Signing in again is how missing scopes are added: let Tesla ask for them.
      promptMissingScopes: previous?.session !== undefined && previous.endpoints.name === app.endpoints.name,
      loginHint: values['login-hint'],
      signal: io.signal,
      onAuthorizeUrl: async (url) => {
        io.stderr.write(`Sign in to ${where}: open this URL in a browser\n\n  ${url}\n\n`);
        const opened = values['no-browser'] ? false : await openBrowser(url, io.env);
        io.stderr.write(
          `${opened ? 'Opened your browser. ' : ''}Waiting for the browser to come back to ${redirectUri} (${LOGIN_TIMEOUT_MS / 60_000} minutes; Ctrl-C cancels)…\n`,
        );
      },
    });
  } finally {
    await dispatcher?.close();
  }
  const keepSecret = values['save-secret'] ? app.clientSecret : previous?.clientId === app.clientId ? previous.clientSecret : undefined;
  const record: AuthRecord = {
    version: 1,
    endpoints: app.endpoints,
    clientId: app.clientId,
    ...(keepSecret ? { clientSecret: keepSecret } : {}),
    session,
  };
  await store.write(record);
  const summary = sessionSummary(record, store.path, io.now?.() ?? Date.now());
  if (values.json) io.stdout.write(JSON.stringify({ ok: true, ...summary }) + '\n');
  io.stderr.write(
    `Signed in as ${session.label} (${session.environment}, region ${session.region.toUpperCase()}, ${session.scopes.length} scope(s)).\n` +
      `Tokens stored in ${store.path} (mode 0600)${keepSecret ? ', with the client secret' : ''}.\n`,
  );
  return 0;
}

export const loginSubcommand: Subcommand = { summary: 'Sign in (OAuth + PKCE via the browser) and store the tokens protected', usage: USAGE, run };
