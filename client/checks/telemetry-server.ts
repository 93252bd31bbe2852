import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { ResolveMap } from '../../core/checks/pem/fetch';
import { readServerTarget, TelemetryConfigError } from '../../core/checks/telemetry-server/config';
import { checkTelemetryServer } from '../../core/checks/telemetry-server/run';
import { TELEMETRY_CONFIG_LANGUAGE } from '../telemetry-config/language-client';
import { present, type ChecksDeps } from './commands';
import { stepFromReport } from '../walkthrough/steps';
import { readCheckSettings } from './settings';

export const CHECK_TELEMETRY_SERVER_COMMAND = 'fleetkit.checkTelemetryServer';

/** The telemetry config to check: the file the command was run on (editor title menu), else the active editor's. */
async function configDocument(uri: unknown): Promise<vscode.TextDocument | undefined> {
  if (uri instanceof vscode.Uri) return vscode.workspace.openTextDocument(uri);
  const doc = vscode.window.activeTextEditor?.document;
  return doc?.languageId === TELEMETRY_CONFIG_LANGUAGE ? doc : undefined;
}

/**
 * Fleetkit: Check Telemetry Server — the server the open telemetry config points vehicles at, checked as a vehicle
 * meets it; the report lands in the Checks & Doctor view and the Problems panel.
 */
async function checkServer(deps: ChecksDeps, uri: unknown): Promise<void> {
  const doc = await configDocument(uri);
  if (!doc) {
    void vscode.window.showErrorMessage(
      'Open a Fleet Telemetry config (*.telemetry.json) first: the check connects to its hostname and port and trusts its ca.',
    );
    return;
  }
  let target;
  try {
    target = readServerTarget(doc.getText(), basename(doc.uri.path));
  } catch (err) {
    if (err instanceof TelemetryConfigError) {
      void vscode.window.showErrorMessage(`Fleetkit: ${err.message}.`);
      return;
    }
    throw err;
  }
  const settings = readCheckSettings();
  if (settings.resolveError) throw new Error(`fleetkit.checks.resolve: ${settings.resolveError}`);
  const where = `${target.hostname}:${target.port}`;
  const ac = new AbortController();
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Checking the telemetry server ${where} as a vehicle sees it…`, cancellable: true },
    (_progress, token) => {
      token.onCancellationRequested(() => ac.abort());
      return checkTelemetryServer(target, { resolve: settings.resolve, partnerDomain: settings.domain || undefined, signal: ac.signal });
    },
  );
  if (ac.signal.aborted) return;
  deps.log.info(`telemetry server check of ${where} (from ${vscode.workspace.asRelativePath(doc.uri)})`);
  deps.progress.update(stepFromReport('telemetryServerVerified', report));
  await present(deps, report, 'telemetry server check');
}

/**
 * The telemetry config the doctor checks the server of: the one open in the editor, else the first in the workspace.
 * Undefined when there is none (the doctor item is then skipped).
 */
export async function telemetryServerForDoctor(): Promise<{ configText: string; source: string; resolve?: ResolveMap } | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  let doc = active?.languageId === TELEMETRY_CONFIG_LANGUAGE ? active : undefined;
  if (!doc) {
    const [found] = await vscode.workspace.findFiles('**/{*.telemetry.json,fleet_telemetry_config*.json}', '**/node_modules/**', 1).then(undefined, () => []);
    if (!found) return undefined;
    doc = await vscode.workspace.openTextDocument(found);
  }
  const settings = readCheckSettings();
  return { configText: doc.getText(), source: vscode.workspace.asRelativePath(doc.uri), resolve: settings.resolve };
}

export function registerTelemetryServerCheck(deps: ChecksDeps): vscode.Disposable {
  return vscode.commands.registerCommand(CHECK_TELEMETRY_SERVER_COMMAND, async (uri?: unknown) => {
    try {
      await checkServer(deps, uri);
    } catch (err) {
      deps.log.error('telemetry server check failed', err);
      void vscode.window.showErrorMessage(`Fleetkit: telemetry server check failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
}
