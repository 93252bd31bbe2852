import * as vscode from 'vscode';
import { formatAge } from '../../core/vehicle-model/age';
import type { TelemetryService } from './service';
import type { TelemetryVehicleNames } from './vehicle-names';
import { rowAccessibility } from '../views/tree-accessibility';

type Node = { kind: 'bridge' } | { kind: 'vehicle'; vin: string };

/** The `fleetkit.telemetry` view: bridge state and the vehicles streaming (empty → the welcome content shows). */
export class TelemetryTree implements vscode.TreeDataProvider<Node> {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private pending: NodeJS.Timeout | undefined;

  constructor(private readonly service: TelemetryService, private readonly names: TelemetryVehicleNames) {}

  /** Coalesced refresh (records arrive far more often than a tree should redraw). */
  refresh(): void {
    this.pending ??= setTimeout(() => {
      this.pending = undefined;
      this.emitter.fire(undefined);
    }, 1000);
  }

  getChildren(node?: Node): Node[] {
    if (node) return [];
    const status = this.service.status;
    if (status.state === 'stopped' && this.service.store.vehicles().length === 0) return [];
    return [{ kind: 'bridge' }, ...this.service.store.vehicles().map((v) => ({ kind: 'vehicle' as const, vin: v.vin }))];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'bridge') {
      const s = this.service.status;
      const item = new vscode.TreeItem(`Bridge: ${s.state}`);
      item.description = s.state === 'running' ? `${s.connectedVehicles} vehicles · ${Math.round(s.recordsPerSecond)} records/s` : s.detail;
      item.tooltip = s.detail;
      item.accessibilityInformation = rowAccessibility(item.label as string, item.description as string);
      item.iconPath = new vscode.ThemeIcon(s.state === 'running' ? 'radio-tower' : s.state === 'failed' ? 'error' : s.state === 'starting' ? 'sync~spin' : 'circle-slash');
      item.contextValue = `fleetkit.telemetryBridge.${s.state}`;
      item.command = { command: 'fleetkit.openLiveTelemetry', title: 'Open Live Telemetry' };
      return item;
    }
    const v = this.service.store.vehicle(node.vin);
    const name = this.names.nameOf(node.vin);
    const item = new vscode.TreeItem(name ?? node.vin);
    const facts = v ? [`${v.connected ? 'connected' : 'disconnected'}`, `${v.fields.size} fields`, formatAge(v.lastReceivedAt, Date.now())] : [];
    item.description = [...(name ? [node.vin] : []), ...facts].join(' · ');
    item.tooltip = `${name ? `${name} (${node.vin})` : node.vin}: open Live Telemetry for this vehicle`;
    item.accessibilityInformation = rowAccessibility(item.label as string, item.description);
    item.iconPath = new vscode.ThemeIcon(v?.connected ? 'pass' : 'debug-disconnect');
    item.contextValue = 'fleetkit.telemetryVehicle';
    item.command = { command: 'fleetkit.openLiveTelemetry', title: 'Open Live Telemetry', arguments: [{ vin: node.vin }] };
    return item;
  }

  dispose(): void {
    clearTimeout(this.pending);
    this.emitter.dispose();
  }
}
