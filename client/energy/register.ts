import * as vscode from 'vscode';
import { siteFieldNodes, siteNode } from '../../core/energy/tree-model';
import { messageNode, type NodeModel } from '../../core/vehicle-model/tree-model';
import type { FleetkitContext } from '../context';
import type { VehiclesFeature } from '../vehicles/register';
import type { TreeExtension } from '../vehicles/tree';
import { registerEnergyCommands } from './commands';
import { EnergyService } from './service';

/** Below this an interval would poll a billed endpoint too often to be what anyone wants. */
const MIN_INTERVAL_SECONDS = 30;

export function refreshIntervalMs(): number {
  const s = vscode.workspace.getConfiguration('fleetkit').get<number>('energy.refreshIntervalSeconds') ?? 0;
  return s > 0 ? Math.max(MIN_INTERVAL_SECONDS, s) * 1000 : 0;
}

/**
 * Energy sites in Accounts & Vehicles (for accounts signed in with energy_device_data): the sites are listed once per
 * session when the view shows (one data call per account), a site's power flow is read on Refresh (two data calls) or,
 * opted in, every fleetkit.energy.refreshIntervalSeconds (live_status only, one data call per site).
 */
export function registerEnergy(ctx: FleetkitContext, vehicles: VehiclesFeature): EnergyService {
  const log = ctx.log.child('energy');
  const energy = new EnergyService(vehicles.service);
  const listedThisSession = new Set<string>();

  const tree: TreeExtension = {
    accountChildren(accountId, now) {
      if (!energy.canRead(accountId) || vehicles.service.unavailableOf(accountId)) return [];
      const sites = energy.sitesOf(accountId).map((r) => siteNode(accountId, r, now, vscode.env.language));
      if (sites.length || energy.listedAt(accountId) !== undefined) return sites;
      return [
        {
          ...messageNode(accountId, 'energy-hint', 'List energy sites (one data call)', 'home'),
          command: { command: 'fleetkit.refreshEnergySites', title: 'Refresh Energy Sites' },
        },
      ];
    },
    children(node: NodeModel) {
      if (node.kind === 'site' && node.siteId !== undefined) {
        const r = energy.site(node.accountId, node.siteId);
        return r ? siteFieldNodes(node.accountId, r, vscode.env.language) : [];
      }
      if (node.kind === 'site-field') return [];
      return undefined;
    },
    parent(node, now) {
      if (node.kind === 'site') return 'account';
      if (node.kind === 'site-field' && node.siteId !== undefined) {
        const r = energy.site(node.accountId, node.siteId);
        return r ? siteNode(node.accountId, r, now, vscode.env.language) : 'account';
      }
      return undefined;
    },
    onDidChange: (l) => energy.onDidChange(l),
  };

  const listOnShow = async (): Promise<void> => {
    if (!vehicles.view.visible) return;
    energy.prune();
    // An account signed out (or in again) is listed anew when it comes back.
    for (const id of listedThisSession) if (!vehicles.service.account(id)) listedThisSession.delete(id);
    for (const id of energy.readableAccounts()) {
      if (listedThisSession.has(id)) continue;
      listedThisSession.add(id);
      await energy.listSites(id).catch((err: unknown) => log.warn('listing energy sites failed', err));
    }
  };

  let timer: NodeJS.Timeout | undefined;
  const schedule = (): void => {
    if (timer) clearInterval(timer);
    timer = undefined;
    const every = refreshIntervalMs();
    if (!every) return;
    timer = setInterval(() => {
      if (!vehicles.view.visible) return;
      for (const { accountId, record } of energy.allSites()) {
        if (!record.live || record.busy) continue; // only sites the user has read once
        void energy.refreshSite(accountId, record.product.energy_site_id, { liveOnly: true }).catch((err: unknown) => log.warn('energy refresh failed', err));
      }
    }, every);
  };
  schedule();

  ctx.extension.subscriptions.push(
    vehicles.extendTree(tree),
    vehicles.service.onDidChange(() => void listOnShow()),
    vehicles.view.onDidChangeVisibility(() => void listOnShow()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('fleetkit.energy.refreshIntervalSeconds')) schedule();
    }),
    { dispose: () => timer && clearInterval(timer) },
    ...registerEnergyCommands(energy, log),
  );
  void listOnShow();
  return energy;
}
