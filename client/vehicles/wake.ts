/**
 * The one wake: what it costs, the prompt before it (honouring `fleetkit.vehicles.confirmWake`) and one wake_up with
 * bounded polling through the vehicles service (so the tree follows). Used by Wake Vehicle, Fetch Live Data, the
 * error notifications' Wake… and Send Command… on a sleeping car.
 */
import * as vscode from 'vscode';
import { formatUsd, unitPrice } from '../../core/billing/prices';
import type { Logger } from '../../core/log/logger';
import type { VehicleTarget } from './pick-vehicle';
import type { VehiclesService } from './service';
import { readSettings } from './settings';

/** What Tesla bills for a wake with the configured polling. */
export function wakeCostText(): string {
  const s = readSettings();
  return `one wake (${formatUsd(unitPrice('wakes'))}) plus up to ${s.wakeMaxPolls} state checks (${formatUsd(unitPrice('data'))} each)`;
}

export interface WakeOptions {
  readonly log: Logger;
  /** Ask first (a modal with the cost); defaults to `fleetkit.vehicles.confirmWake`. */
  readonly confirm?: boolean;
  /** Why the car is woken, for the prompt: "to send the command" asks "<car> is asleep or offline. Wake it to send the command?". */
  readonly purpose?: string;
  /** Say "<car> is online." when it came online (not when the caller's own result follows at once). */
  readonly announceOnline?: boolean;
}

/** True when the user agrees to a billed wake of `target`. */
export async function confirmWake(target: VehicleTarget, purpose?: string): Promise<boolean> {
  const go = `Wake (${formatUsd(unitPrice('wakes'))})`;
  const question = purpose ? `${target.name} is asleep or offline. Wake it ${purpose}?` : `Wake ${target.name}?`;
  return (await vscode.window.showWarningMessage(`${question} Tesla bills ${wakeCostText()}.`, { modal: true }, go)) === go;
}

/**
 * Wakes `target` (after the prompt, when asked for): true when the car came online, false when the user declined or it
 * did not. Cancelling aborts; a failed call throws (the caller shows it with its context).
 */
export async function wakeVehicle(service: VehiclesService, target: VehicleTarget, options: WakeOptions): Promise<boolean> {
  if ((options.confirm ?? readSettings().confirmWake) && !(await confirmWake(target, options.purpose))) return false;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Waking ${target.name}`, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      try {
        progress.report({ message: 'sending wake_up…' });
        const result = await service.wake(
          target.accountId,
          target.vin,
          (p) =>
            progress.report({
              message: `${p.state} — check ${p.attempt}/${p.maxPolls}${p.nextDelayMs ? `, next in ${Math.round(p.nextDelayMs / 1000)} s` : ''}`,
              increment: 100 / p.maxPolls,
            }),
          controller.signal,
        );
        if (result.online) {
          if (options.announceOnline !== false) void vscode.window.showInformationMessage(`${target.name} is online.`);
          return true;
        }
        const msg = `${target.name} did not come online after ${result.polls} checks (last state: ${result.state}). Fleetkit sent one wake and stopped; the car may be out of coverage.`;
        options.log.warn(msg);
        void vscode.window.showWarningMessage(msg);
        return false;
      } finally {
        sub.dispose();
      }
    },
  );
}
