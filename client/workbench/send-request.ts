import * as vscode from 'vscode';
import { parseHttpFile, requestAt } from '../../core/api-request/http-file';
import { sendApiRequest } from '../../core/api-request/send';
import { formatCallPrice, unitPrice } from '../../core/billing/prices';
import type { CommandParams } from '../../core/command-protocol/catalogue/types';
import { describeError } from '../../core/errors/describe-error';
import type { Logger } from '../../core/log/logger';
import type { EnergyService } from '../energy/service';
import { vehicleLabel } from '../../core/vehicle-model/tree-model';
import { commandConfirmation } from '../vehicle-commands/confirmations';
import type { VehicleCommandSenders } from '../vehicle-commands/send-command';
import { NoKeyError } from '../vehicle-commands/senders';
import { pickVehicle } from '../vehicles/pick-vehicle';
import type { VehiclesService } from '../vehicles/service';
import { readSettings as readVehicleSettings } from '../vehicles/settings';
import { neededChoices, prepareRequest } from './prepare';
import type { ResponseViewer } from './response-panel';
import { resultOfExchange, resultOfOutcome } from './result';

export interface SendRequestDeps {
  readonly log: Logger;
  readonly vehicles: VehiclesService;
  readonly energy: EnergyService;
  readonly commands: VehicleCommandSenders;
  readonly viewer: ResponseViewer;
}

let nextId = 1;

/** A listed energy site of the signed-in accounts, else an id typed in (sites not listed yet). */
async function pickSite(energy: EnergyService): Promise<string | undefined> {
  const sites = energy.allSites();
  if (sites.length) {
    const picked = await vscode.window.showQuickPick(
      sites.map(({ record }) => ({
        label: record.product.site_name ?? String(record.product.energy_site_id),
        description: String(record.product.energy_site_id),
      })),
      { title: 'Energy site for {site}', placeHolder: 'Pick an energy site' },
    );
    return picked?.description;
  }
  const typed = await vscode.window.showInputBox({
    title: 'Energy site',
    prompt: 'The energy site id for {site} (energy_site_id in /api/1/products)',
    ignoreFocusOut: true,
  });
  return typed?.trim() || undefined;
}

/** The account whose car `vin` is (from the cached lists), else the active one. */
function accountFor(vehicles: VehiclesService, vin: string | undefined): string | undefined {
  const owner = vin ? vehicles.accounts().find((a) => vehicles.cache.get(a.id, vin)) : undefined;
  return (owner ?? vehicles.activeAccount)?.id;
}

/** The request at `line` of `uri`, filled in and sent with the signed-in account; the answer goes to the viewer. */
export async function sendRequestAt(deps: SendRequestDeps, uri: vscode.Uri, line: number): Promise<void> {
  const { log, vehicles, viewer } = deps;
  const document = await vscode.workspace.openTextDocument(uri);
  const file = parseHttpFile(document.getText());
  const block = requestAt(file, line);
  if (!block) return void vscode.window.showWarningMessage('Fleetkit: no request here. Write one as METHOD /api/1/… (e.g. GET /api/1/vehicles).');

  const values: Record<string, string> = { ...file.variables };
  for (const need of neededChoices(block, values)) {
    if (need === 'vin') {
      const target = await pickVehicle(vehicles);
      if (!target) return;
      values.vin = target.vin;
    } else {
      const site = await pickSite(deps.energy);
      if (!site) return;
      values.site = site;
    }
  }
  const prepared = prepareRequest(block, values);
  if (!prepared.ok) return void vscode.window.showErrorMessage(`Fleetkit: ${prepared.problem}`);
  const { request, endpoint, vin } = prepared;

  const accountId = accountFor(vehicles, vin);
  const info = accountId ? vehicles.account(accountId) : undefined;
  if (!accountId || !info) {
    const signIn = 'Sign In';
    if ((await vscode.window.showErrorMessage('Fleetkit: sign in (or start the simulator) to send requests.', signIn)) === signIn) {
      await vscode.commands.executeCommand('fleetkit.signIn');
    }
    return;
  }
  const rec = vin ? vehicles.cache.get(accountId, vin) : undefined;
  const carName = rec ? vehicleLabel(rec) : vin;

  if (endpoint?.vehicleState === 'wakes' && readVehicleSettings().confirmWake) {
    const go = 'Wake and Send';
    const answer = await vscode.window.showWarningMessage(
      `${request.method} ${endpoint.name} wakes ${carName ?? 'the car'}.`,
      {
        modal: true,
        detail: `Tesla bills it as a wake (${formatCallPrice(unitPrice('wakes'))}), its most expensive call; the car then stays awake for a while.`,
      },
      go,
    );
    if (answer !== go) return;
  }

  const client = vehicles.client(accountId);
  const base = { method: request.method, path: request.path, account: info.label, baseUrl: client.baseUrl };
  const started = Date.now();
  try {
    if (endpoint?.signedCommand && vin) {
      const params = (request.body && typeof request.body === 'object' ? request.body : {}) as CommandParams;
      const c = commandConfirmation(endpoint.signedCommand, params, carName ?? vin);
      if (c && (await vscode.window.showWarningMessage(c.message, { modal: true, detail: c.detail }, c.button)) !== c.button) return;
      const outcome = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Fleetkit: ${endpoint.signedCommand} → ${carName ?? vin}`, cancellable: true },
        async (_p, token) => {
          const controller = new AbortController();
          const sub = token.onCancellationRequested(() => controller.abort());
          try {
            return await (await deps.commands.senderFor(accountId)).send(vin, endpoint.signedCommand!, params, controller.signal);
          } finally {
            sub.dispose();
          }
        },
      );
      log.info(
        `workbench ${request.method} ${request.path} → ${outcome.ok ? 'done' : `refused: ${outcome.reason}`} (${outcome.via})${outcome.txid ? ` txid=${outcome.txid}` : ''}`,
      );
      viewer.add(resultOfOutcome(nextId++, started, base, outcome, Date.now() - started));
      return;
    }
    const exchange = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Fleetkit: ${request.method} ${request.path}`, cancellable: true },
      (_p, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        return sendApiRequest(client, request, { signal: controller.signal });
      },
    );
    log.info(`workbench ${request.method} ${request.path} → ${exchange.status}${exchange.txid ? ` txid=${exchange.txid}` : ''} (${exchange.durationMs} ms)`);
    viewer.add(resultOfExchange(nextId++, started, info.label, exchange));
  } catch (err) {
    const d = describeError(err);
    if (err instanceof NoKeyError) {
      log.warn(`workbench ${request.method} ${request.path} not sent: ${d.message}`);
      const generate = 'Generate Command Key';
      if ((await vscode.window.showErrorMessage(`Fleetkit: ${d.message}`, generate)) === generate) {
        await vscode.commands.executeCommand('fleetkit.generateCommandKey');
      }
      return;
    }
    log.error(`workbench ${request.method} ${request.path} failed`, err);
    void vscode.window.showErrorMessage(`Fleetkit: ${d.message}`);
  }
}
