import * as vscode from 'vscode';
import type { Logger } from '../../core/log/logger';
import { externalBrowserUrl } from './redirect';

/**
 * Opens a page in the user's browser. `vscode.env.openExternal` resolves false when the user cancels the editor's
 * "Open external website?" dialog: that is a choice, not a failure, so it is logged (info, without the URL's query:
 * sign-in URLs carry `state`) and reported as false, never as an error.
 */
export async function openInBrowser(url: string, log: Logger, purpose: string): Promise<boolean> {
  const target = externalBrowserUrl(url, vscode.env.uiKind === vscode.UIKind.Web);
  // `true`: the URL is already encoded; do not let Uri.parse re-interpret escapes.
  const opened = await vscode.env.openExternal(vscode.Uri.parse(target, true));
  if (!opened) log.info(`${purpose}: cancelled; the browser was not opened (${new URL(url).origin}).`);
  return opened;
}
