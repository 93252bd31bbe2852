import * as vscode from 'vscode';
import { formatAge } from '../../core/vehicle-model/age';
import { errorRow, vehicleErrorSummary } from './errors-model';
import type { TelemetryErrorsSource } from './errors-source';
import type { PanelSource } from './sources';
import type { TelemetryVehicleNames } from './vehicle-names';
import { rowAccessibility } from '../views/tree-accessibility';

type Node = { kind: 'bridge' } | { kind: 'vehicle'; vin: string } | { kind: 'error'; vin: string; index: number } | { kind: 'errorsNote' };

/**
 * The `fleetkit.telemetry` view: bridge state, the vehicles streaming, and the vehicles that report telemetry errors
 * (why they do not stream: fleet_telemetry_errors) with each error and its age under them. Empty → the welcome content.
 */
export class TelemetryTree implements vscode.TreeDataProvider<Node> {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private pending: NodeJS.Timeout | undefined;

  constructor(
    private readonly bridge: Pick<PanelSource, 'status' | 'store'>,
    private readonly names: TelemetryVehicleNames,
    private readonly errors?: TelemetryErrorsSource,
  ) {}

  /** Coalesced refresh (records arrive far more often than a tree should redraw). */
  refresh(): void {
    this.pending ??= setTimeout(() => {
      this.pending = undefined;
      this.emitter.fire(undefined);
    }, 1000);
  }

  getChildren(node?: Node): Node[] {
    if (node?.kind === 'vehicle') return (this.errors?.of(node.vin) ?? []).map((_, index) => ({ kind: 'error' as const, vin: node.vin, index }));
    if (node) return [];
    const status = this.bridge.status;
    const streaming = this.bridge.store.vehicles().map((v) => v.vin);
    const reporting = (this.errors?.vins() ?? []).filter((vin) => !streaming.includes(vin));
    const note = this.errors?.problem ? [{ kind: 'errorsNote' as const }] : [];
    if (status.state === 'stopped' && streaming.length === 0 && reporting.length === 0 && note.length === 0) return [];
    return [{ kind: 'bridge' }, ...[...streaming, ...reporting].map((vin) => ({ kind: 'vehicle' as const, vin })), ...note];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'error') {
      const e = this.errors?.of(node.vin)[node.index];
      const row = e ? errorRow(e, Date.now()) : { label: 'error', description: '', tooltip: '' };
      const item = new vscode.TreeItem(row.label);
      item.description = row.description;
      item.tooltip = row.tooltip;
      item.accessibilityInformation = rowAccessibility(row.label, row.description);
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
      item.contextValue = 'fleetkit.telemetryError';
      return item;
    }
    if (node.kind === 'errorsNote') {
      const item = new vscode.TreeItem('Telemetry errors not read');
      item.description = this.errors?.problem ?? '';
      item.tooltip = `${item.description}\nClick to try again.`;
      item.accessibilityInformation = rowAccessibility(item.label as string, item.description);
      item.iconPath = new vscode.ThemeIcon('warning');
      item.command = { command: 'fleetkit.refreshTelemetryErrors', title: 'Refresh Telemetry Errors' };
      return item;
    }
    if (node.kind === 'bridge') {
      const s = this.bridge.status;
      // "Bridge: attached" / "Bridge: started by Fleetkit": who runs it decides whether Stop or Detach applies.
      const item = new vscode.TreeItem(`${s.sourceLabel ?? 'Bridge'}: ${s.word}`);
      item.description = s.state === 'running' ? `${s.connectedVehicles} vehicles · ${Math.round(s.recordsPerSecond)} records/s` : s.detail;
      item.tooltip = s.detail;
      item.accessibilityInformation = rowAccessibility(item.label as string, item.description as string);
      const icons: Record<typeof s.state, string> = {
        running: 'radio-tower',
        failed: 'error',
        starting: 'sync~spin',
        unreachable: 'warning',
        detached: 'debug-disconnect',
        stopped: 'circle-slash',
      };
      item.iconPath = new vscode.ThemeIcon(icons[s.state]);
      // An MQTT broker or a recording shown instead of the bridge: its row offers Detach Telemetry Source.
      item.contextValue = s.sourceLabel ? 'fleetkit.telemetrySource' : `fleetkit.telemetryBridge.${s.state}`;
      item.command = { command: 'fleetkit.openLiveTelemetry', title: 'Open Live Telemetry' };
      return item;
    }
    const v = this.bridge.store.vehicle(node.vin);
    const name = this.names.nameOf(node.vin);
    const item = new vscode.TreeItem(name ?? node.vin);
    const facts = v ? [`${v.connected ? 'connected' : 'disconnected'}`, `${v.fields.size} fields`, formatAge(v.lastReceivedAt, Date.now())] : [];
    item.description = [...(name ? [node.vin] : []), ...facts].join(' · ');
    item.tooltip = `${name ? `${name} (${node.vin})` : node.vin}: open Live Telemetry for this vehicle`;
    item.accessibilityInformation = rowAccessibility(item.label as string, item.description);
    item.iconPath = new vscode.ThemeIcon(v?.connected ? 'pass' : 'debug-disconnect');
    const reported = vehicleErrorSummary(this.errors?.of(node.vin) ?? [], Date.now());
    if (reported) {
      item.description = [item.description, reported.description].filter(Boolean).join(' · ');
      item.tooltip = `${item.tooltip}\n${reported.tooltip}`;
      item.accessibilityInformation = rowAccessibility(item.label as string, item.description);
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
      item.collapsibleState = vscode.TreeItemCollapsibleState.Expanded;
    }
    item.contextValue = 'fleetkit.telemetryVehicle';
    item.command = { command: 'fleetkit.openLiveTelemetry', title: 'Open Live Telemetry', arguments: [{ vin: node.vin }] };
    return item;
  }

  dispose(): void {
    clearTimeout(this.pending);
    this.emitter.dispose();
  }
}
