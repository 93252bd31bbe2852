import * as vscode from 'vscode';
import type { Logger } from '../../core/log/logger';
import type { StoredSession } from '../../core/oauth/session';
import type { EnvironmentService } from './environment';
import type { TeslaAuthProvider } from './provider';
import { readAuthSettings } from './settings';
import { renderTokenReport } from './token-report';

export const TOKEN_SCHEME = 'fleetkit-token';

/** Read-only virtual documents with a session's decoded claims; the expiry countdown ticks while one is open. */
export class TokenDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly provider: TeslaAuthProvider,
    private readonly environments: EnvironmentService,
  ) {
    this.timer = setInterval(() => {
      for (const doc of vscode.workspace.textDocuments) if (doc.uri.scheme === TOKEN_SCHEME && !doc.isClosed) this.changed.fire(doc.uri);
    }, 1000);
  }

  static uriFor(s: StoredSession): vscode.Uri {
    return vscode.Uri.from({ scheme: TOKEN_SCHEME, path: `/${s.id}/Tesla token.md` });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const id = uri.path.split('/')[1];
    const s = this.provider.snapshot().find((x) => x.id === id);
    if (!s) return '# Tesla token\n\nThis session no longer exists (signed out or expired).\n';
    const fleetUrls = this.environments.forSession(s.environment)?.endpoints.fleetUrls ?? {};
    return renderTokenReport(s, Date.now(), readAuthSettings().scopes, fleetUrls).markdown;
  }

  dispose(): void {
    clearInterval(this.timer);
    this.changed.dispose();
  }
}

/** Opens the report and offers the actions: copy access token (the only way to see it), re-consent, refresh. */
export async function inspectToken(provider: TeslaAuthProvider, environments: EnvironmentService, session: StoredSession, log: Logger): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(TokenDocumentProvider.uriFor(session));
  await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
  await vscode.window.showTextDocument(doc, { preview: true });
  const fleetUrls = environments.forSession(session.environment)?.endpoints.fleetUrls ?? {};
  const { missing } = renderTokenReport(session, Date.now(), readAuthSettings().scopes, fleetUrls);
  const copy = 'Copy Access Token';
  const reconsent = 'Re-consent (prompt_missing_scopes)';
  const refresh = 'Refresh Now';
  const actions = missing.length ? [reconsent, copy, refresh] : [copy, refresh];
  const text = missing.length
    ? `${session.label}: ${missing.length} scope(s) Fleetkit needs are missing (${missing.join(', ')}).`
    : `${session.label}: all scopes Fleetkit needs are granted.`;
  const pick = await (missing.length ? vscode.window.showWarningMessage(text, ...actions) : vscode.window.showInformationMessage(text, ...actions));
  try {
    if (pick === copy) {
      const token = await provider.manager.getAccessToken(session.id);
      await vscode.env.clipboard.writeText(token);
      void vscode.window.showInformationMessage('Access token copied to the clipboard. Treat it like a password.');
    } else if (pick === reconsent) {
      await provider.signIn({ promptMissingScopes: true, scopes: missing, replaceSessionId: session.id });
    } else if (pick === refresh) {
      const s = await provider.manager.refreshNow(session.id);
      void vscode.window.showInformationMessage(`Token refreshed; it now expires ${new Date(s.expiresAt).toLocaleTimeString()}.`);
    }
  } catch (err) {
    if (err instanceof vscode.CancellationError) return;
    log.error('Token action failed', err);
    void vscode.window.showErrorMessage(`Fleetkit: ${err instanceof Error ? err.message : String(err)}`);
  }
}
