import * as vscode from 'vscode';
import type { Logger } from '../../core/log/logger';
import type { StoredSession } from '../../core/oauth/session';
import { LiveWebviewPanel } from '../ui/webview-panel';
import type { Environments } from './environment';
import { runTokenAction } from './inspect-token';
import type { TeslaAuthProvider } from './provider';
import { renderTokenBody, renderTokenGone, TOKEN_PAGE_STYLES, tokenPageTitle } from './token-html';
import { tokenReport } from './token-report';
import { readAuthSettings } from './settings';

export interface TokenPanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly provider: TeslaAuthProvider;
  readonly environments: Environments;
  readonly log: Logger;
}

/** Signing in again (or re-consenting) gives the account a new session id: a page follows the account. */
const accountKey = (s: Pick<StoredSession, 'environment' | 'accountId'>): string => `${s.environment}:${s.accountId}`;

/**
 * Inspect Token pages, one per account: the decoded claims with a live expiry countdown, re-rendered whenever the
 * stored sessions change (a refresh moves the expiry, a sign-out ends the page's session).
 */
export class TokenPanels implements vscode.Disposable {
  private readonly open = new Map<string, LiveWebviewPanel>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly deps: TokenPanelDeps) {
    this.subscription = deps.provider.onDidChangeStored(() => {
      for (const panel of this.open.values()) panel.update();
    });
  }

  /** Opens (or reveals) the page of the session's account. */
  show(session: StoredSession): void {
    const key = accountKey(session);
    const existing = this.open.get(key);
    if (existing) return existing.reveal();
    let label = session.label;
    const current = (): StoredSession | undefined => this.deps.provider.snapshot().find((s) => accountKey(s) === key);
    const panel = new LiveWebviewPanel({
      viewType: 'fleetkit.inspectToken',
      extensionUri: this.deps.extensionUri,
      styles: TOKEN_PAGE_STYLES,
      render: (now) => {
        const s = current();
        if (!s) return { title: tokenPageTitle(label), body: renderTokenGone(label) };
        label = s.label;
        const fleetUrls = this.deps.environments.forSession(s.environment)?.endpoints.fleetUrls ?? {};
        return {
          title: tokenPageTitle(s.label),
          body: renderTokenBody(tokenReport(s, readAuthSettings().scopes, fleetUrls), { now, locale: vscode.env.language }),
        };
      },
      onAction: async (action) => {
        const s = current();
        if (!s) return void vscode.window.showInformationMessage(`${label} is no longer signed in.`);
        const fleetUrls = this.deps.environments.forSession(s.environment)?.endpoints.fleetUrls ?? {};
        await runTokenAction(action, s, tokenReport(s, readAuthSettings().scopes, fleetUrls).missing, this.deps.provider, this.deps.log);
      },
    });
    this.open.set(key, panel);
    panel.onDidDispose(() => {
      if (this.open.get(key) === panel) this.open.delete(key);
    });
  }

  dispose(): void {
    this.subscription.dispose();
    for (const panel of [...this.open.values()]) panel.dispose();
    this.open.clear();
  }
}
