import * as vscode from 'vscode';
import type { Logger } from '../../core/log/logger';
import { OAuthError, isLoginRequired, type LoginRequiredError } from '../../core/oauth/errors';
import { RefreshManager, SessionNotFoundError } from '../../core/oauth/refresh-manager';
import { MANDATORY_SCOPES, normalizeScopes } from '../../core/oauth/scopes';
import { completeAuthorization } from '../../core/oauth/sign-in';
import type { StoredSession } from '../../core/oauth/session';
import { TokenClient } from '../../core/oauth/token-client';
import type { ClientSecretStore } from './client-secret';
import type { Environments } from './environment';
import { runLoopbackFlow, runUriHandlerFlow } from './flows';
import { sessionChanges } from './session-diff';
import { chooseRedirectUri } from './redirect';
import type { SecretSessionStore } from './session-store';
import { readAuthSettings } from './settings';
import type { UriEventHandler } from './uri-handler';

export const PROVIDER_ID = 'fleetkit.tesla';
export const PROVIDER_LABEL = 'Tesla';

export interface SignInOptions {
  readonly scopes?: readonly string[];
  readonly promptMissingScopes?: boolean;
  /** Re-consent: the new tokens replace this session (same account). */
  readonly replaceSessionId?: string;
  readonly loginHint?: string;
}

export interface ProviderDeps {
  readonly store: SecretSessionStore;
  readonly environments: Environments;
  readonly clientSecrets: ClientSecretStore;
  readonly uriHandler: UriEventHandler;
  readonly extensionId: string;
  readonly log: Logger;
}

function toAuthSession(s: StoredSession): vscode.AuthenticationSession {
  const suffix = s.environment === 'tesla' ? '' : ` (${s.environment})`;
  return {
    id: s.id,
    accessToken: s.accessToken,
    account: { id: `${s.environment}:${s.accountId}`, label: `${s.label}${suffix}` },
    scopes: [...s.scopes],
  };
}

/** Granted scopes plus the sign-in scopes Tesla does not always list in `scp`. */
function effectiveScopes(s: StoredSession): Set<string> {
  const set = new Set(s.scopes);
  for (const m of MANDATORY_SCOPES) if (s.requestedScopes.includes(m)) set.add(m);
  return set;
}

/**
 * The `fleetkit.tesla` AuthenticationProvider: multiple accounts, tokens only in SecretStorage, refresh under a
 * per-session single flight, sessions synchronised across windows through `secrets.onDidChange`.
 */
export class TeslaAuthProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.emitter.event;
  private readonly anyChange = new vscode.EventEmitter<void>();
  /** Fires after every change of the stored sessions (any window). */
  readonly onDidChangeStored = this.anyChange.event;
  readonly manager: RefreshManager;
  private known = new Map<string, StoredSession>();
  private updates: Promise<void> = Promise.resolve();
  private readonly ready: Promise<void>;
  private readonly log: Logger;

  constructor(private readonly deps: ProviderDeps) {
    this.log = deps.log.child('auth');
    this.manager = new RefreshManager({
      store: deps.store,
      refresh: (s) => this.refreshGrant(s),
      fleetUrls: (s) => deps.environments.forSession(s.environment)?.endpoints.fleetUrls ?? { [s.region]: s.fleetBaseUrl },
      onLoginRequired: (s, err) => this.onLoginRequired(s, err),
      onRefreshed: (s) => {
        this.log.info(`Refreshed the Tesla token of ${s.label}; it expires ${new Date(s.expiresAt).toISOString()}.`);
        void this.checkForUpdates();
      },
    });
    this.ready = this.checkForUpdates();
  }

  /** Sessions as stored (no refresh). Contains tokens: never pass these to UI, logs or webviews. */
  async storedSessions(): Promise<StoredSession[]> {
    await this.ready;
    return [...this.known.values()];
  }

  snapshot(): StoredSession[] {
    return [...this.known.values()];
  }

  async getSessions(scopes?: readonly string[]): Promise<vscode.AuthenticationSession[]> {
    await this.ready;
    const wanted = scopes ?? [];
    const out: vscode.AuthenticationSession[] = [];
    for (const s of this.known.values()) {
      const have = effectiveScopes(s);
      if (!wanted.every((w) => have.has(w))) continue;
      try {
        out.push(toAuthSession(await this.manager.getFreshSession(s.id)));
      } catch (err) {
        if (isLoginRequired(err) || err instanceof SessionNotFoundError) continue;
        this.log.warn(`Could not refresh the token of ${s.label}; handing out the stored one.`, err);
        out.push(toAuthSession(s));
      }
    }
    return out;
  }

  createSession(scopes: readonly string[]): Promise<vscode.AuthenticationSession> {
    return this.signIn({ scopes }).then(toAuthSession);
  }

  async removeSession(sessionId: string): Promise<void> {
    const s = this.known.get(sessionId);
    await this.deps.store.remove(sessionId);
    await this.checkForUpdates();
    if (s) this.log.info(`Signed out ${s.label}.`);
  }

  /** Interactive sign-in (or re-consent) with a cancellable progress notification. */
  async signIn(options: SignInOptions = {}): Promise<StoredSession> {
    const settings = readAuthSettings();
    const env = await this.deps.environments.require();
    const sim = env.simulator;
    const clientId = sim ? sim.clientId : settings.clientId;
    if (!clientId) {
      const open = 'Open Settings';
      void vscode.window.showErrorMessage("Set your Tesla application's client id (fleetkit.auth.clientId) first.", open).then((a) => {
        if (a === open) void vscode.commands.executeCommand('workbench.action.openSettings', 'fleetkit.auth.clientId');
      });
      throw new Error('fleetkit.auth.clientId is not set');
    }
    const clientSecret = sim ? sim.clientSecret : await this.deps.clientSecrets.getOrAsk(clientId);
    this.log.addSecret(clientSecret);
    const redirectUri = chooseRedirectUri(settings, sim);
    const scopes = normalizeScopes([...settings.scopes, ...(options.scopes ?? [])]);
    const replaced = options.replaceSessionId ? this.known.get(options.replaceSessionId) : undefined;

    const session = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Signing in to ${sim ? 'the Fleetkit simulator' : 'Tesla'}… finish in your browser`,
        cancellable: true,
      },
      async (_progress, token) => {
        const input = {
          endpoints: env.endpoints,
          clientId,
          redirectUri,
          scopes,
          promptMissingScopes: options.promptMissingScopes ?? false,
          loginHint: options.loginHint ?? (sim && replaced ? replaced.accountId : undefined),
          token,
          log: this.log,
        };
        const flow =
          settings.redirectMode === 'loopback' ? await runLoopbackFlow(input) : await runUriHandlerFlow(input, this.deps.uriHandler, this.deps.extensionId);
        try {
          return await completeAuthorization({
            pending: flow.pending,
            callback: flow.callback,
            endpoints: env.endpoints,
            environment: env.endpoints.name,
            clientId,
            clientSecret,
            dispatcher: env.dispatcher,
          });
        } catch (err) {
          if (!sim && err instanceof OAuthError && err.code === 'invalid_client') {
            await this.deps.clientSecrets.forget(clientId);
            throw new Error('Tesla rejected the client id / secret. The stored secret was forgotten; you will be asked again.');
          }
          throw err;
        }
      },
    );
    this.log.addSecret(session.accessToken);
    this.log.addSecret(session.refreshToken);
    // One session per account and environment: signing in again (or re-consenting) replaces the old session. The new
    // one has its own id, so VS Code (Accounts menu, extensions holding the old session) hears `removed` + `added`.
    const same =
      replaced?.accountId === session.accountId
        ? replaced
        : [...this.known.values()].find((s) => s.accountId === session.accountId && s.environment === session.environment);
    if (same) await this.deps.store.replace(same.id, session);
    else await this.deps.store.put(session);
    await this.checkForUpdates();
    this.log.info(
      `Signed in ${session.label} (${session.environment}, region ${session.region}, ${session.scopes.length} scopes)${same ? '; it replaces the earlier session of this account' : ''}.`,
    );
    return session;
  }

  /**
   * Re-reads SecretStorage and fires added/removed/changed (also how other windows' changes arrive). Runs one at a
   * time: an older read finishing after a newer one must not bring back a session that was removed meanwhile.
   */
  checkForUpdates(): Promise<void> {
    const run = this.updates.then(() => this.compareWithStore());
    this.updates = run.catch((err: unknown) => this.log.error('Reading the stored Tesla sessions failed', err));
    return run;
  }

  private async compareWithStore(): Promise<void> {
    const now = new Map((await this.deps.store.all()).map((s) => [s.id, s]));
    const diff = sessionChanges(this.known, now);
    const added = diff.added.map(toAuthSession);
    const removed = diff.removed.map(toAuthSession);
    const changed = diff.changed.map(toAuthSession);
    this.known = now;
    void vscode.commands.executeCommand('setContext', 'fleetkit.signedIn', now.size > 0);
    // The go-live walkthrough's sign-in step: an account of Tesla itself, not the simulator.
    void vscode.commands.executeCommand(
      'setContext',
      'fleetkit.signedInTesla',
      [...now.values()].some((s) => s.environment === 'tesla'),
    );
    if (added.length || removed.length || changed.length) {
      this.emitter.fire({ added, removed, changed });
      this.anyChange.fire();
    }
  }

  private async refreshGrant(s: StoredSession) {
    const env = this.deps.environments.forSession(s.environment);
    if (s.environment === 'simulator' && !env) throw new Error('The local simulator is not running; start it to refresh this session.');
    const client = new TokenClient({ tokenUrl: s.tokenUrl, clientId: s.clientId, dispatcher: env?.dispatcher });
    const tokens = await client.refresh(s.refreshToken);
    this.log.addSecret(tokens.accessToken);
    this.log.addSecret(tokens.refreshToken);
    return tokens;
  }

  private onLoginRequired(s: StoredSession, err: LoginRequiredError): void {
    this.log.warn(`The Tesla session of ${s.label} ended (${err.description ?? 'login_required'}); it was removed.`);
    void this.checkForUpdates();
    const again = 'Sign In Again';
    void vscode.window.showWarningMessage(`Your Tesla session for ${s.label} has expired or was revoked.`, again).then((a) => {
      if (a === again) void vscode.commands.executeCommand('fleetkit.signIn');
    });
  }

  dispose(): void {
    this.emitter.dispose();
    this.anyChange.dispose();
  }
}
