import * as vscode from 'vscode';
import type { Environments } from '../auth/environment';
import type { FleetkitContext } from '../context';
import { UsageLedger, type LedgerSnapshot } from '../../core/billing/ledger';
import { VehicleCache } from '../../core/vehicle-model/cache';
import { registerVehicleCommands, suspectSimulator } from './commands';
import { JSON_SCHEME, ReadOnlyDocuments } from './json-view';
import { VehiclesService, type AccountSource } from './service';
import { readSettings } from './settings';
import { CostStatusBar } from './status-bar';
import { VehiclesTreeProvider, type TreeExtension } from './tree';

const CACHE_KEY = 'fleetkit.vehicles.cache';
const LEDGER_KEY = 'fleetkit.billing.ledger';
const REGION_KEY = 'fleetkit.vehicles.regionMemory';

/** The vehicles service and tree view, for features that act on vehicles (signed commands). */
export interface VehiclesFeature {
  readonly service: VehiclesService;
  readonly view: vscode.TreeView<unknown>;
  /** Adds another feature's rows under each account (energy sites). */
  extendTree(ext: TreeExtension): vscode.Disposable;
}

/**
 * The "Accounts & Vehicles" view, its actions and the cost status bar item, over the signed-in `accounts`;
 * `environments` is told when a simulator account's calls get no answer.
 */
export function registerVehicles(ctx: FleetkitContext, deps: { accounts: AccountSource; environments: Environments }): VehiclesFeature {
  const state = ctx.extension.globalState;
  const log = ctx.log.child('vehicles');
  const source = deps.accounts;
  let persistTimer: NodeJS.Timeout | undefined;
  let flush: (() => void) | undefined;
  // Accounts listed on open this session; an account that was signed in again (or signed out and back in) is listed anew.
  const listedThisSession = new Set<string>();
  const later: { listAgain?: () => void } = {};
  const service = new VehiclesService({
    source,
    logger: log,
    settings: readSettings,
    cache: new VehicleCache(state.get(CACHE_KEY)),
    ledger: new UsageLedger(state.get<LedgerSnapshot>(LEDGER_KEY)),
    regionMemory: state.get<Record<string, string>>(REGION_KEY) ?? {},
    onSessionReplaced: (accountId) => {
      listedThisSession.delete(accountId);
      later.listAgain?.();
    },
    persist: ({ cache, ledger, regionMemory }) => {
      if (persistTimer) clearTimeout(persistTimer);
      flush = () => {
        persistTimer = undefined;
        flush = undefined;
        ledger.prune(13);
        void Promise.all([state.update(CACHE_KEY, cache.snapshot()), state.update(LEDGER_KEY, ledger.snapshot()), state.update(REGION_KEY, regionMemory)]).then(
          undefined,
          (err: unknown) => log.warn('could not persist the vehicles cache', err),
        );
      };
      persistTimer = setTimeout(() => flush?.(), 500);
    },
  });

  const docs = new ReadOnlyDocuments();
  const tree = new VehiclesTreeProvider(service);
  const view = vscode.window.createTreeView('fleetkit.vehicles', { treeDataProvider: tree, showCollapseAll: true });
  const status = new CostStatusBar(service);

  // Opening the view lists each account's vehicles once per session (the list call only: never a wake,
  // never vehicle_data). Everything after that is an explicit action.
  const listOnOpen = async (): Promise<void> => {
    if (!view.visible || vscode.workspace.getConfiguration('fleetkit').get<boolean>('vehicles.listOnOpen') === false) return;
    if (!service.loaded) await service.reloadAccounts();
    for (const a of service.accounts()) {
      // An account whose simulator is not linked is listed once it is (the tree says why meanwhile).
      if (listedThisSession.has(a.id) || service.unavailableOf(a.id)) continue;
      listedThisSession.add(a.id);
      await service.refreshList(a.id).catch((err: unknown) => {
        log.warn(`listing vehicles of ${a.label} failed`, err);
        suspectSimulator(deps.environments, service, a.id, err);
      });
    }
  };
  later.listAgain = () => void listOnOpen();
  const accountsChanged = service.onDidChange(() => {
    const present = new Set(service.accounts().map((a) => a.id));
    for (const id of listedThisSession) if (!present.has(id)) listedThisSession.delete(id);
    if (view.visible && service.accounts().some((a) => !listedThisSession.has(a.id) && !service.unavailableOf(a.id))) void listOnOpen();
  });

  ctx.extension.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(JSON_SCHEME, docs),
    docs,
    tree,
    view,
    status,
    accountsChanged,
    view.onDidChangeVisibility(() => void listOnOpen()),
    ...registerVehicleCommands({ service, docs, log, extensionUri: ctx.extension.extensionUri, environments: deps.environments }),
    { dispose: () => void service.dispose() },
    {
      dispose: () => {
        if (persistTimer) clearTimeout(persistTimer);
        flush?.();
      },
    },
  );

  void service
    .reloadAccounts()
    .then(() => listOnOpen())
    .catch((err: unknown) => log.error('loading accounts for the vehicles view failed', err));
  return { service, view: view as vscode.TreeView<unknown>, extendTree: (ext) => tree.extend(ext) };
}
