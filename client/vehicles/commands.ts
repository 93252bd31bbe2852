import * as vscode from 'vscode';
import type { Logger } from '../../core/log/logger';
import { AsleepError, FleetApiError, isAbortError, TransportError } from '../../core/fleet-api/errors';
import { unitPrice, formatUsd } from '../../core/billing/prices';
import { stateOf, type NodeModel } from '../../core/vehicle-model/tree-model';
import { vehicleJson } from '../../core/vehicle-model/vehicle-json';
import { CostPanel } from './cost-panel';
import { showError } from '../errors/show-error';
import type { Environments } from '../auth/environment';
import { SimulatorUnavailableError } from '../simulator/unavailable';
import type { ReadOnlyDocuments } from './json-view';
import { pickVehicle as pickVehicleFrom, type VehicleTarget } from './pick-vehicle';
import type { VehiclesService } from './service';
import { wakeCostText, wakeVehicle } from './wake';

interface Deps {
  service: VehiclesService;
  docs: ReadOnlyDocuments;
  log: Logger;
  /** Where dist/webview/ is (the cost page's script). */
  extensionUri: vscode.Uri;
  /** Told when a simulator account's call got no answer. */
  environments: Environments;
}

/**
 * A call to a simulator account got no answer: have the simulator feature probe it, so its status bar and the tree
 * stop claiming it runs. (An account already known to have no simulator needs no probe.)
 */
export function suspectSimulator(environments: Environments, service: VehiclesService, accountId: string | undefined, err: unknown): void {
  if (!accountId || service.account(accountId)?.environment !== 'simulator') return;
  if (!(err instanceof TransportError) || err instanceof SimulatorUnavailableError) return;
  void environments.checkSimulator?.();
}

export function registerVehicleCommands(deps: Deps): vscode.Disposable[] {
  const { service, docs, log } = deps;

  const notify = async (err: unknown, context: { accountId?: string; target?: VehicleTarget } = {}): Promise<void> => {
    if (isAbortError(err)) return;
    const account = context.accountId ? service.account(context.accountId) : undefined;
    const target = context.target;
    suspectSimulator(deps.environments, service, context.accountId, err);
    await showError(err, {
      severity: 'warning',
      context: { ...(account ? { region: account.region, simulator: account.environment === 'simulator' } : {}), ...(target ? { vehicle: target.name } : {}) },
      // Why there is no simulator (stopped, detached, not answering) says more than "not running".
      ...(err instanceof SimulatorUnavailableError ? { message: () => err.message } : {}),
      log: (d) => {
        const status = err instanceof FleetApiError ? `${err.status} ${err.error ?? ''}`.trim() : '';
        log.error(`${d.message}${status ? ` [${status}]` : ''}${d.txid ? ` txid=${d.txid}` : ''}`);
      },
      handlers: {
        ...(target ? { wake: () => wake(target), checkState: () => fetchLive({ accountId: target.accountId, vin: target.vin } as NodeModel) } : {}),
      },
    });
  };

  const pickVehicle = (node?: NodeModel): Promise<VehicleTarget | undefined> => pickVehicleFrom(service, node);

  const pickAccount = async (node?: NodeModel): Promise<string | undefined> => {
    if (node?.accountId) return node.accountId;
    const accounts = service.accounts();
    if (accounts.length <= 1) return accounts[0]?.id;
    return (
      await vscode.window.showQuickPick(
        accounts.map((a) => ({ label: a.label, description: a.region.toUpperCase(), id: a.id })),
        { placeHolder: 'Account' },
      )
    )?.id;
  };

  /** Returns true when the car came online; asks first when `confirm` (default: fleetkit.vehicles.confirmWake). */
  const wake = async (target: VehicleTarget, confirm?: boolean): Promise<boolean> => {
    try {
      return await wakeVehicle(service, target, { log, ...(confirm !== undefined ? { confirm } : {}) });
    } catch (err) {
      await notify(err, { accountId: target.accountId, target });
      return false;
    }
  };

  const fetchLive = async (node?: NodeModel): Promise<void> => {
    const target = await pickVehicle(node);
    if (!target) return;
    const rec = service.cache.get(target.accountId, target.vin);
    const state = rec ? stateOf(rec) : 'unknown';
    if (state === 'asleep' || state === 'offline') {
      const wakeFetch = 'Wake and Fetch';
      const tryAnyway = 'Fetch Without Waking';
      const answer = await vscode.window.showWarningMessage(
        `${target.name} was ${state} when last seen. Live data needs it online: waking costs ${wakeCostText()}. Fetching without waking is one data call (${formatUsd(unitPrice('data'))}) that fails if it is still ${state}.`,
        { modal: true },
        wakeFetch,
        tryAnyway,
      );
      if (answer === wakeFetch) {
        if (!(await wake(target, false))) return;
      } else if (answer !== tryAnyway) {
        return;
      }
    }
    try {
      await vscode.window.withProgress({ location: { viewId: 'fleetkit.vehicles' } }, () => service.fetchLiveData(target.accountId, target.vin));
    } catch (err) {
      if (err instanceof AsleepError) {
        const wakeFetch = 'Wake and Fetch';
        log.warn(`vehicle_data ${target.vin}: ${err.status} asleep/offline txid=${err.txid ?? '-'}`);
        const answer = await vscode.window.showWarningMessage(`${target.name} is asleep or offline (408). Waking costs ${wakeCostText()}.`, wakeFetch);
        if (answer === wakeFetch && (await wake(target, false))) {
          await service.fetchLiveData(target.accountId, target.vin).catch((e: unknown) => notify(e, { accountId: target.accountId, target }));
        }
        return;
      }
      await notify(err, { accountId: target.accountId, target });
    }
  };

  const refresh = async (node?: NodeModel): Promise<void> => {
    try {
      if (node?.accountId) await service.refreshList(node.accountId);
      else {
        await service.reloadAccounts();
        await vscode.window.withProgress({ location: { viewId: 'fleetkit.vehicles' } }, () => service.refreshAll());
        const failed = service.accounts().filter((a) => service.errorOf(a.id));
        for (const a of failed) await notify(service.errorOf(a.id), { accountId: a.id });
      }
    } catch (err) {
      await notify(err, { accountId: node?.accountId });
    }
  };

  const fleetStatus = async (node?: NodeModel): Promise<void> => {
    const accountId = await pickAccount(node);
    if (!accountId) return;
    try {
      if (service.cache.listedAt(accountId) === undefined) await service.refreshList(accountId);
      await service.fleetStatus(accountId, node?.vin ? [node.vin] : undefined);
    } catch (err) {
      await notify(err, { accountId });
    }
  };

  const openJson = async (node?: NodeModel): Promise<void> => {
    if (node?.kind === 'account') {
      const raw = service.cache.listRaw(node.accountId);
      if (!raw) return void vscode.window.showInformationMessage('Refresh the account first: there is no vehicle list response yet.');
      return docs.open(`vehicles ${service.account(node.accountId)?.label ?? node.accountId}`, raw.text);
    }
    const target = await pickVehicle(node);
    if (!target) return;
    const rec = service.cache.get(target.accountId, target.vin);
    if (!rec) return;
    const json = vehicleJson(rec, service.cache.listRaw(target.accountId));
    if (json) return docs.open(`${target.name} ${json.what}`, json.text);
    // Restored from the last session (raw bodies are not persisted): what the vehicle list said, as remembered.
    await docs.open(`${target.name} (remembered from the vehicle list)`, JSON.stringify(rec.summary));
  };

  const copyVin = async (node?: NodeModel): Promise<void> => {
    const target = await pickVehicle(node);
    if (!target) return;
    await vscode.env.clipboard.writeText(target.vin);
    void vscode.window.setStatusBarMessage(`Copied VIN ${target.vin}`, 3000);
  };

  const costBreakdown = (): void => {
    if (!service.accounts().length) return void vscode.window.showInformationMessage('Sign in (or start the simulator) to see Fleet API costs.');
    CostPanel.show(deps.extensionUri, service);
  };

  return [
    vscode.commands.registerCommand('fleetkit.refreshVehicles', refresh),
    vscode.commands.registerCommand('fleetkit.fetchLiveData', fetchLive),
    vscode.commands.registerCommand('fleetkit.wakeVehicle', async (node?: NodeModel) => {
      const target = await pickVehicle(node);
      if (target) await wake(target);
    }),
    vscode.commands.registerCommand('fleetkit.copyVin', copyVin),
    vscode.commands.registerCommand('fleetkit.openVehicleJson', openJson),
    vscode.commands.registerCommand('fleetkit.fleetStatus', fleetStatus),
    vscode.commands.registerCommand('fleetkit.showCostBreakdown', costBreakdown),
    { dispose: () => CostPanel.disposeCurrent() },
  ];
}
