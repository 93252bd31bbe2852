import * as vscode from 'vscode';
import { toCurl } from '../../core/api-request/curl';
import { parseHttpFile, requestAt } from '../../core/api-request/http-file';
import type { FleetkitContext } from '../context';
import type { EnergyService } from '../energy/service';
import { WORKBENCH_LANGUAGE, type TelemetryConfigLanguage } from '../telemetry-config/language-client';
import type { VehicleCommandSenders } from '../vehicle-commands/send-command';
import type { VehiclesService } from '../vehicles/service';
import { registerWorkbenchAccountSync } from './account-sync';
import { RequestCodeLenses } from './code-lens';
import { prepareRequest } from './prepare';
import { ResponseViewer } from './response-panel';
import { sendRequestAt } from './send-request';

export interface WorkbenchDeps {
  readonly vehicles: VehiclesService;
  readonly energy: EnergyService;
  readonly language: TelemetryConfigLanguage;
  readonly commands: VehicleCommandSenders;
}

/** The editor's request, or the one the code lens names: `(uri, line)`. */
function target(uri?: unknown, line?: unknown): { uri: vscode.Uri; line: number } | undefined {
  if (uri instanceof vscode.Uri && typeof line === 'number') return { uri, line };
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== WORKBENCH_LANGUAGE) return undefined;
  return { uri: editor.document.uri, line: editor.selection.active.line };
}

/**
 * The request workbench: `*.tesla.http` files (language features from the language server), Send and Copy as curl
 * code lenses, and the response viewer with this window's history.
 */
export function registerWorkbench(ctx: FleetkitContext, deps: WorkbenchDeps): void {
  const log = ctx.log.child('workbench');
  const viewer = new ResponseViewer(ctx.extension.extensionUri);
  const noRequest = (): void => void vscode.window.showInformationMessage('Fleetkit: open a .tesla.http file and put the cursor in a request.');

  ctx.extension.subscriptions.push(
    viewer,
    vscode.languages.registerCodeLensProvider({ language: WORKBENCH_LANGUAGE }, new RequestCodeLenses()),
    vscode.commands.registerCommand('fleetkit.sendRequest', async (uri?: unknown, line?: unknown) => {
      const at = target(uri, line);
      if (!at) return noRequest();
      await sendRequestAt({ log, vehicles: deps.vehicles, energy: deps.energy, commands: deps.commands, viewer }, at.uri, at.line);
    }),
    vscode.commands.registerCommand('fleetkit.copyRequestAsCurl', async (uri?: unknown, line?: unknown) => {
      const at = target(uri, line);
      if (!at) return noRequest();
      const file = parseHttpFile((await vscode.workspace.openTextDocument(at.uri)).getText());
      const block = requestAt(file, at.line);
      if (!block) return noRequest();
      // An unfilled {vin}/{site} becomes a placeholder to replace; the token is always $TESLA_TOKEN.
      const prepared = prepareRequest(block, { vin: 'YOUR_VIN', site: 'YOUR_SITE_ID', ...file.variables });
      if (!prepared.ok) return void vscode.window.showErrorMessage(`Fleetkit: ${prepared.problem}`);
      const account = deps.vehicles.activeAccount;
      const baseUrl = account?.baseUrl ?? 'https://fleet-api.prd.na.vn.cloud.tesla.com';
      await vscode.env.clipboard.writeText(toCurl(prepared.request, baseUrl));
      void vscode.window.showInformationMessage('Fleetkit: curl command copied. It reads the token from $TESLA_TOKEN (never written into it).');
    }),
    vscode.commands.registerCommand('fleetkit.showRequestHistory', () => viewer.show()),
  );
  registerWorkbenchAccountSync(ctx, deps.vehicles, deps.energy, (account) => deps.language.notifyWorkbenchAccount(account));
}
