import * as vscode from 'vscode';
import type { Logger } from '../../core/log/logger';
import type { StoredSession } from '../../core/oauth/session';
import { TOKEN_ACTIONS } from './token-html';
import type { TeslaAuthProvider } from './provider';

/**
 * The Inspect Token page's buttons: Copy Access Token (the only way to see a raw token: it goes to the clipboard,
 * never to the page, and the notification says to treat it like a password), Re-consent with
 * prompt_missing_scopes, Refresh Now.
 */
export async function runTokenAction(
  action: string,
  session: StoredSession,
  missing: readonly string[],
  provider: TeslaAuthProvider,
  log: Logger,
): Promise<void> {
  try {
    if (action === TOKEN_ACTIONS.copy) {
      const token = await provider.manager.getAccessToken(session.id);
      await vscode.env.clipboard.writeText(token);
      void vscode.window.showInformationMessage('Access token copied to the clipboard. Treat it like a password.');
    } else if (action === TOKEN_ACTIONS.reconsent) {
      await provider.signIn({ promptMissingScopes: true, scopes: [...missing], replaceSessionId: session.id });
    } else if (action === TOKEN_ACTIONS.refresh) {
      const s = await provider.manager.refreshNow(session.id);
      void vscode.window.showInformationMessage(`Token refreshed; it now expires ${new Date(s.expiresAt).toLocaleTimeString()}.`);
    }
  } catch (err) {
    if (err instanceof vscode.CancellationError) return;
    log.error('Token action failed', err);
    void vscode.window.showErrorMessage(`Fleetkit: ${err instanceof Error ? err.message : String(err)}`);
  }
}
