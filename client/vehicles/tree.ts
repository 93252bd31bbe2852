import * as vscode from 'vscode';
import { ageRefreshDelayMs } from '../../core/vehicle-model/age';
import { accountNode, fieldNodes, messageNode, sectionNodes, vehicleNode, type NodeModel } from '../../core/vehicle-model/tree-model';
import type { VehiclesService } from './service';
import { describeError } from '../../core/errors/describe-error';
import { SimulatorUnavailableError } from '../simulator/unavailable';
import { rowAccessibility } from '../views/tree-accessibility';

/** More rows under an account from another feature (energy sites), with their own children. */
export interface TreeExtension {
  /** Rows after the account's vehicles. */
  accountChildren(accountId: string, now: number): NodeModel[];
  /** Rows after a vehicle's sections (the keys on the car). */
  vehicleChildren?(accountId: string, vin: string, now: number): NodeModel[];
  /** Children of one of its own rows; undefined for a row that is not its own. */
  children(node: NodeModel, now: number): NodeModel[] | undefined;
  /** Parent of one of its own rows (an account or vehicle row is built by the tree); undefined when not its own. */
  parent(node: NodeModel, now: number): NodeModel | 'account' | 'vehicle' | undefined;
  onDidChange(listener: () => void): { dispose(): void };
}

/**
 * "Accounts & Vehicles": account (region) → vehicle → sections → fields. Building the tree never calls
 * the Fleet API; only the refresh action does (the vehicle list call).
 */
export class VehiclesTreeProvider implements vscode.TreeDataProvider<NodeModel>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<NodeModel | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subscription: { dispose(): void };
  private ageTimer?: NodeJS.Timeout;
  private readonly extensions: Array<{ ext: TreeExtension; sub: { dispose(): void } }> = [];

  constructor(private readonly service: VehiclesService) {
    this.subscription = service.onDidChange(() => this.refreshView());
  }

  /** Adds another feature's rows under each account (energy sites). */
  extend(ext: TreeExtension): { dispose(): void } {
    const entry = { ext, sub: ext.onDidChange(() => this.refreshView()) };
    this.extensions.push(entry);
    this.refreshView();
    return {
      dispose: () => {
        entry.sub.dispose();
        this.extensions.splice(this.extensions.indexOf(entry), 1);
      },
    };
  }

  refreshView(): void {
    this.emitter.fire(undefined);
    this.scheduleAgeUpdate();
  }

  getTreeItem(node: NodeModel): vscode.TreeItem {
    const state =
      node.collapsible === 'expanded'
        ? vscode.TreeItemCollapsibleState.Expanded
        : node.collapsible === 'collapsed'
          ? vscode.TreeItemCollapsibleState.Collapsed
          : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(node.label, state);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.contextValue = node.contextValue;
    // Screen readers (and the row's aria-label) get the label with its description, not the long tooltip.
    item.accessibilityInformation = rowAccessibility(node.label, node.description);
    if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon.id, node.icon.color ? new vscode.ThemeColor(node.icon.color) : undefined);
    if (node.kind === 'message' && node.id.endsWith(':signin')) {
      item.command = { command: 'fleetkit.signIn', title: 'Sign in' };
    }
    if (node.kind === 'message' && node.id.endsWith(':start-simulator')) {
      item.command = { command: 'fleetkit.startSimulator', title: 'Start Local Simulator' };
    }
    if (node.command) item.command = { ...node.command, arguments: [node] };
    return item;
  }

  getChildren(node?: NodeModel): NodeModel[] {
    const now = Date.now();
    if (!node) {
      return this.service.accounts().map((a) => accountNode(a, this.service.cache, now, this.service.busyText(a.id)));
    }
    if (node.kind === 'account') {
      const vehicles = this.service.cache.list(node.accountId).map((r) => vehicleNode(r, now));
      const account = this.service.account(node.accountId);
      const unavailable = this.service.unavailableOf(node.accountId);
      const error = unavailable ? undefined : this.service.errorOf(node.accountId);
      const out: NodeModel[] = [];
      if (unavailable) {
        // No call needed to know: the simulator this account belongs to is not linked (why: stopped, detached, silent).
        out.push({
          ...messageNode(node.accountId, 'unavailable:start-simulator', unavailable, 'debug-disconnect'),
          tooltip: 'Click to start the local simulator (or attach to the one named in settings).',
        });
      } else if (error) {
        // A refused connection to the simulator reads "not running" and the row starts it; a dead sign-in signs in.
        const d = describeError(error, { simulator: account?.environment === 'simulator', ...(account ? { region: account.region } : {}) });
        const action = d.actions.includes('startSimulator') ? ':start-simulator' : d.actions.includes('signIn') ? ':signin' : '';
        const text = error instanceof SimulatorUnavailableError ? error.message : d.message;
        out.push({
          ...messageNode(node.accountId, `error${action}`, text, 'warning'),
          tooltip: d.detail ?? (action ? `${text}\nClick to ${action === ':signin' ? 'sign in again' : 'start the local simulator'}.` : undefined),
        });
      }
      if (!vehicles.length && this.service.cache.listedAt(node.accountId) === undefined && !error && !unavailable) {
        out.push(messageNode(node.accountId, 'hint', 'Refresh to list vehicles (one data call, never wakes a car)', 'info'));
      } else if (!vehicles.length && !error && !unavailable) {
        out.push(messageNode(node.accountId, 'none', 'No vehicles on this account', 'info'));
      }
      return [...out, ...vehicles, ...this.extensions.flatMap((e) => e.ext.accountChildren(node.accountId, now))];
    }
    for (const { ext } of this.extensions) {
      const mine = ext.children(node, now);
      if (mine) return mine;
    }
    const record = node.vin ? this.service.cache.get(node.accountId, node.vin) : undefined;
    if (!record) return [];
    if (node.kind === 'vehicle') {
      const more = this.extensions.flatMap((e) => e.ext.vehicleChildren?.(record.accountId, record.vin, now) ?? []);
      return [...sectionNodes(record, now, vscode.env.language), ...more];
    }
    if (node.kind === 'section' && node.sectionId) return fieldNodes(record, node.sectionId, vscode.env.language);
    return [];
  }

  getParent(node: NodeModel): NodeModel | undefined {
    const now = Date.now();
    if (node.kind === 'account') return undefined;
    const account = this.service.account(node.accountId);
    if (!account) return undefined;
    for (const { ext } of this.extensions) {
      const parent = ext.parent(node, now);
      if (parent === 'account') return accountNode(account, this.service.cache, now);
      if (parent === 'vehicle') {
        const record = node.vin ? this.service.cache.get(node.accountId, node.vin) : undefined;
        return record ? vehicleNode(record, now) : undefined;
      }
      if (parent) return parent;
    }
    if (node.kind === 'vehicle' || node.kind === 'message') return accountNode(account, this.service.cache, now);
    const record = node.vin ? this.service.cache.get(node.accountId, node.vin) : undefined;
    if (!record) return undefined;
    if (node.kind === 'section') return vehicleNode(record, now);
    return sectionNodes(record, now, vscode.env.language).find((s) => s.sectionId === node.sectionId);
  }

  /** Re-render "3 min ago" labels as they age; cheap (no network). */
  private scheduleAgeUpdate(): void {
    if (this.ageTimer) clearTimeout(this.ageTimer);
    const now = Date.now();
    const stamps: number[] = [];
    for (const a of this.service.accounts()) {
      const listed = this.service.cache.listedAt(a.id);
      if (listed !== undefined) stamps.push(listed);
      for (const r of this.service.cache.list(a.id)) if (r.dataAt !== undefined) stamps.push(r.dataAt);
    }
    if (!stamps.length) return;
    const delay = Math.min(...stamps.map((t) => ageRefreshDelayMs(t, now)));
    this.ageTimer = setTimeout(() => this.refreshView(), delay);
    this.ageTimer.unref?.();
  }

  dispose(): void {
    if (this.ageTimer) clearTimeout(this.ageTimer);
    for (const { sub } of this.extensions.splice(0)) sub.dispose();
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
