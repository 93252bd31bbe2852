import * as vscode from 'vscode';
import { PartnerTokenCache } from '../../core/oauth/partner-token-cache';
import { TokenClient } from '../../core/oauth/token-client';
import { sessionTokenProvider } from '../../core/oauth/token-provider';
import type { FleetkitContext } from '../context';
import { stripTokens, type FleetkitAuth } from './api';
import { ClientSecretStore } from './client-secret';
import { registerAuthCommands } from './commands';
import { setAppCredentials } from './app-credentials';
import { listSimulatedAccounts } from '../simulator/pairing-client';
import { Environments } from './environment';
import { PROVIDER_ID, PROVIDER_LABEL, TeslaAuthProvider } from './provider';
import { SESSIONS_KEY, SecretSessionStore } from './session-store';
import { affectsAuthSettings, readAuthSettings } from './settings';
import { TokenPanels } from './token-panel';
import { UriEventHandler } from './uri-handler';

/** What sign-in gives the features registered after it. */
export interface SignIn {
  /** Sessions (without tokens), token providers, partner tokens and each session's environment. */
  readonly auth: FleetkitAuth;
  /** Where calls go now; the simulator feature links the simulator it started or attached to here. */
  readonly environments: Environments;
}

/** Sign-in: the `fleetkit.tesla` AuthenticationProvider, URI handler, commands and the token inspector. */
export function registerAuth(ctx: FleetkitContext): SignIn {
  const { extension } = ctx;
  const log = ctx.log.child('auth');
  const env = new Environments();
  const store = new SecretSessionStore(extension.secrets, log);
  const clientSecrets = new ClientSecretStore(extension.secrets);
  const uriHandler = new UriEventHandler();
  const provider = new TeslaAuthProvider({ store, environments: env, clientSecrets, uriHandler, extensionId: extension.extension.id, log: ctx.log });
  const partner = new PartnerTokenCache(async (audience) => {
    const e = await env.require();
    const clientId = e.simulator ? e.simulator.clientId : readAuthSettings().clientId;
    const secret = e.simulator ? e.simulator.clientSecret : await clientSecrets.getOrAsk(clientId);
    const res = await new TokenClient({ tokenUrl: e.endpoints.tokenUrl, clientId, dispatcher: e.dispatcher }).clientCredentials({
      clientSecret: secret,
      audience,
    });
    log.addSecret(res.accessToken);
    return res;
  });
  const tokenPanels = new TokenPanels({ extensionUri: extension.extensionUri, provider, environments: env, log });

  extension.subscriptions.push(
    env,
    uriHandler,
    provider,
    tokenPanels,
    vscode.window.registerUriHandler(uriHandler),
    vscode.authentication.registerAuthenticationProvider(PROVIDER_ID, PROVIDER_LABEL, provider, { supportsMultipleAccounts: true }),
    extension.secrets.onDidChange((e) => {
      if (e.key === SESSIONS_KEY) void provider.checkForUpdates();
    }),
    env.onDidChange(() => partner.invalidate()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsAuthSettings(e)) partner.invalidate();
    }),
    ...registerAuthCommands(provider, tokenPanels, extension.extension.id, log, async () => {
      if (readAuthSettings().environment !== 'simulator') return undefined;
      const signedIn = (await provider.storedSessions()).filter((s) => s.environment === 'simulator');
      if (!signedIn.length) return undefined;
      const e = await env.require();
      if (!e.simulator) return undefined;
      const accounts = await listSimulatedAccounts({ baseUrl: e.simulator.auth, dispatcher: e.dispatcher });
      if (accounts.length < 2) return undefined;
      const mine = new Set(signedIn.map((s) => s.accountId));
      const picked = await vscode.window.showQuickPick(
        accounts.map((a) => ({ label: a.email, description: `${a.region.toUpperCase()}${mine.has(a.id) ? ' · signed in' : ''}`, id: a.id })),
        { title: 'Sign In to the Simulator', placeHolder: 'Which simulated account? Each has its own region and cars' },
      );
      if (!picked) throw new vscode.CancellationError();
      return picked.id;
    }),
    vscode.commands.registerCommand('fleetkit.setClientSecret', async () => {
      if (await setAppCredentials(clientSecrets)) {
        ctx.progress.update({ appConfigured: true });
        void vscode.window.showInformationMessage('Fleetkit: app credentials saved (the client secret is in secure storage only).');
      }
    }),
  );

  const changed = new vscode.EventEmitter<void>();
  extension.subscriptions.push(
    changed,
    provider.onDidChangeStored(() => changed.fire()),
  );
  const api: FleetkitAuth = {
    providerId: PROVIDER_ID,
    sessions: async () => (await provider.storedSessions()).map(stripTokens),
    onDidChangeSessions: changed.event,
    tokenProvider: (id) => sessionTokenProvider(provider.manager, id),
    partnerToken: async (region) => {
      const e = await env.require();
      const audience = e.endpoints.fleetUrls[region];
      if (!audience) throw new Error(`No Fleet API base URL for region ${region} in ${e.endpoints.name}`);
      return partner.get(`${audience}`);
    },
    environmentOf: (s) => env.forSession(s.environment),
    requireEnvironment: () => env.require(),
    signIn: async () => stripTokens(await provider.signIn()),
  };
  return { auth: api, environments: env };
}
