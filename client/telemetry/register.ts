import * as vscode from 'vscode';
import type { FleetkitAuth } from '../auth/api';
import type { Environments } from '../auth/environment';
import type { FleetkitContext } from '../context';
import type { VehiclesService } from '../vehicles/service';
import { BRIDGE, detachNotice, stopNotice, stopRefusal } from '../process/link-state';
import { registerAlertNotifications } from './alert-notifications';
import { TelemetryPanel } from './panel';
import { BridgeLink } from './bridge-link';
import { TelemetryErrorsSource } from './errors-source';
import { registerSourceCommands } from './source-commands';
import { TelemetrySources } from './sources';
import { TelemetryTree } from './tree';
import { TelemetryVehicleNames } from './vehicle-names';

/** A tree node or argument carrying a VIN (vehicle items in Accounts & Vehicles, telemetry tree items). */
function vinOf(arg: unknown): string | undefined {
  if (arg && typeof arg === 'object' && typeof (arg as { vin?: unknown }).vin === 'string') return (arg as { vin: string }).vin;
  return undefined;
}

/**
 * Live telemetry: `Fleetkit: Open Live Telemetry` (palette, vehicle context menu, telemetry view), the bundled
 * bridge on demand, a status bar item and the `fleetkit.telemetry` view.
 */
export function registerTelemetryPanel(ctx: FleetkitContext, deps: { auth: FleetkitAuth; environments: Environments; vehicles: VehiclesService }): void {
  const log = ctx.log.child('telemetry');
  const bridge = new BridgeLink(ctx, log, deps.environments);
  // What the panel, the view and the status bar show: the bridge, or an MQTT broker or a recording attached instead.
  const sources = new TelemetrySources(bridge);
  const names = new TelemetryVehicleNames(sources, deps.vehicles);
  ctx.extension.subscriptions.push(registerAlertNotifications(bridge, names));
  // What vehicles report about the telemetry config (fleet_telemetry_errors): read when the view is shown and on Refresh.
  const errors = new TelemetryErrorsSource(deps.auth, log);
  const tree = new TelemetryTree(sources, names, errors);
  const view = vscode.window.createTreeView('fleetkit.telemetry', { treeDataProvider: tree });
  const readErrors = (force: boolean): void =>
    void errors.refresh(force).catch((err: unknown) => log.warn(`telemetry errors: ${err instanceof Error ? err.message : String(err)}`));
  ctx.extension.subscriptions.push(
    errors,
    errors.onDidChange(() => tree.refresh()),
    view.onDidChangeVisibility((e) => e.visible && readErrors(false)),
    deps.auth.onDidChangeSessions(() => view.visible && readErrors(true)),
    vscode.commands.registerCommand('fleetkit.refreshTelemetryErrors', () => errors.refresh(true)),
  );
  if (view.visible) readErrors(false);
  const status = vscode.window.createStatusBarItem('fleetkit.telemetry', vscode.StatusBarAlignment.Left, 9);
  status.name = 'Fleetkit Telemetry';
  status.command = 'fleetkit.openLiveTelemetry';

  const render = () => {
    const s = sources.status;
    if (s.state === 'stopped') {
      status.hide();
    } else {
      const icon = { running: 'radio-tower', starting: 'sync~spin', detached: 'debug-disconnect', unreachable: 'warning', failed: 'error' }[s.state];
      status.text =
        s.state === 'running'
          ? `$(${icon}) ${s.sourceLabel ? `${s.sourceLabel} · ` : ''}${s.connectedVehicles} · ${Math.round(s.recordsPerSecond)}/s · ${s.word}`
          : `$(${icon}) ${s.sourceLabel ?? 'Telemetry bridge'} · ${s.word}`;
      status.tooltip =
        s.state === 'running'
          ? `Telemetry ${s.detail}: ${s.connectedVehicles} vehicles connected, ${s.recordsPerSecond.toFixed(1)} records/s. Click to open Live Telemetry.`
          : `${s.detail} Click to open Live Telemetry.`;
      status.accessibilityInformation = { label: `${s.sourceLabel ? `Telemetry source ${s.sourceLabel}` : 'Telemetry bridge'}, ${s.word}. ${status.tooltip}` };
      status.show();
    }
    const b = bridge.status;
    void vscode.commands.executeCommand('setContext', 'fleetkit.telemetryBridgeRunning', b.state === 'running');
    void vscode.commands.executeCommand('setContext', 'fleetkit.telemetryBridgeStarted', b.canStop);
    void vscode.commands.executeCommand('setContext', 'fleetkit.telemetryBridgeAttached', b.canDetach);
    void vscode.commands.executeCommand('setContext', 'fleetkit.telemetrySourceAttached', sources.current.kind !== 'bridge');
    tree.refresh();
  };

  const open = async (arg?: unknown) => {
    const vin = vinOf(arg);
    TelemetryPanel.show(ctx.extension.extensionUri, sources, names, log, vin);
    // Claim nothing unprobed: a bridge that went away since it was linked is found out here (not while another source is shown).
    if (sources.current.kind === 'bridge' && !(await bridge.verify())) {
      try {
        await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Starting the telemetry bridge…' }, () => bridge.start());
      } catch (err) {
        void vscode.window.showErrorMessage(
          `Fleetkit: could not start the telemetry bridge: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
        );
      }
    }
  };

  const detach = async (): Promise<void> => {
    const at = bridge.detach();
    if (at === undefined) {
      const s = bridge.status;
      void vscode.window.showInformationMessage(
        s.canStop ? 'Fleetkit started this telemetry bridge: stop it instead (Fleetkit: Stop Telemetry Bridge).' : `Fleetkit: ${s.detail}`,
      );
      return;
    }
    void vscode.window.showInformationMessage(`Fleetkit: ${detachNotice(BRIDGE, at)}`);
  };

  /** Stop ends only a bridge Fleetkit started; one started elsewhere gets the truth and Detach. */
  const stop = async (): Promise<void> => {
    const at = bridge.at;
    const outcome = await bridge.stop();
    if (outcome === 'stopped') {
      void vscode.window.showInformationMessage(`Fleetkit: ${stopNotice(BRIDGE)}`);
    } else if (outcome === 'startedElsewhere') {
      const detachIt = 'Detach';
      if ((await vscode.window.showWarningMessage(`Fleetkit: ${stopRefusal(BRIDGE, at ?? '')}`, detachIt)) === detachIt) await detach();
    } else {
      void vscode.window.showInformationMessage(`Fleetkit: ${bridge.status.detail}`);
    }
  };

  ctx.extension.subscriptions.push(
    bridge,
    sources,
    names,
    tree,
    names.onDidChange(() => tree.refresh()),
    view,
    status,
    bridge.onDidChange(render),
    sources.onDidChange(render),
    sources.onRecords(() => tree.refresh()),
    ...registerSourceCommands(ctx, sources, log, () => TelemetryPanel.show(ctx.extension.extensionUri, sources, names, log)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('fleetkit.telemetry.bridgeReadyFile')) bridge.settingsChanged();
    }),
    vscode.commands.registerCommand('fleetkit.openLiveTelemetry', open),
    vscode.commands.registerCommand('fleetkit.startTelemetryBridge', () => bridge.start().then(() => undefined)),
    vscode.commands.registerCommand('fleetkit.stopTelemetryBridge', stop),
    vscode.commands.registerCommand('fleetkit.detachTelemetryBridge', detach),
    { dispose: () => TelemetryPanel.current?.dispose() },
  );
  render();
  // Attaching to a bridge named in settings is one file read; spawning waits for the command.
  if (vscode.workspace.getConfiguration('fleetkit.telemetry').get<string>('bridgeReadyFile')?.trim()) void bridge.start().catch(() => undefined);
}
