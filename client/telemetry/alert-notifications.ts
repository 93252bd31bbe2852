/**
 * Rule alerts from the bridge as VS Code notifications (docs/history.md), rate-limited by AlertToastLimiter; off
 * with `fleetkit.telemetry.alertNotifications`. Every alert also shows in Live Telemetry's timeline.
 */
import * as vscode from 'vscode';
import type { Alert } from '../../core/alerts/alert';
import type { BridgeLink } from './bridge-link';
import { AlertToastLimiter, DEFAULT_ALERT_TOASTS, summaryText } from './model/alert-toasts';
import type { TelemetryVehicleNames } from './vehicle-names';

const OPEN = 'Open Live Telemetry';

export function registerAlertNotifications(bridge: BridgeLink, names: TelemetryVehicleNames): vscode.Disposable {
  const limiter = new AlertToastLimiter();
  let summaryTimer: NodeJS.Timeout | undefined;
  const enabled = (): boolean => vscode.workspace.getConfiguration('fleetkit.telemetry').get<boolean>('alertNotifications') ?? true;

  const show = (severity: Alert['severity'], text: string, vin?: string): void => {
    const fn =
      severity === 'critical'
        ? vscode.window.showErrorMessage
        : severity === 'warning'
          ? vscode.window.showWarningMessage
          : vscode.window.showInformationMessage;
    void fn(text, OPEN).then((pick) => {
      if (pick === OPEN) void vscode.commands.executeCommand('fleetkit.openLiveTelemetry', vin ? { vin } : undefined);
    });
  };

  const sub = bridge.onAlert((alert) => {
    if (!enabled()) return;
    const verdict = limiter.offer(alert, Date.now());
    if (verdict === 'toast') {
      const name = names.current()[alert.vin];
      show(alert.severity, `Fleetkit alert ${alert.rule} · ${name ? `${name} (${alert.vin})` : alert.vin}: ${alert.message}`, alert.vin);
    } else if (verdict === 'summarize' && !summaryTimer) {
      summaryTimer = setTimeout(() => {
        summaryTimer = undefined;
        const s = limiter.takeSummary();
        if (s) show('warning', `Fleetkit: ${summaryText(s)}. Live Telemetry lists every alert.`);
      }, DEFAULT_ALERT_TOASTS.burstWindowMs);
    }
  });
  return {
    dispose: () => {
      sub.dispose();
      clearTimeout(summaryTimer);
    },
  };
}
