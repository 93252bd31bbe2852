/** Charging History: *Fleetkit: Open Charging History…* asks which vehicle and time window, then opens the page. */
import * as vscode from 'vscode';
import type { FleetkitContext } from '../context';
import { MultiStepInput } from '../ui/multi-step';
import { vehicleItems } from '../vehicles/pick-vehicle';
import type { VehiclesService } from '../vehicles/service';
import { ChargingHistoryPanel, type ChargingFilter } from './panel';

const WINDOWS: ReadonlyArray<{ label: string; days?: number }> = [
  { label: 'Last 30 days', days: 30 },
  { label: 'Last 90 days', days: 90 },
  { label: 'Last 365 days', days: 365 },
  { label: 'All time' },
];

/** The two-step filter: a vehicle (or all of an account's), then the time window. Undefined when cancelled. */
async function askFilter(service: VehiclesService, previous?: ChargingFilter): Promise<ChargingFilter | undefined> {
  const accounts = service.accounts();
  if (!accounts.length) {
    const choice = await vscode.window.showInformationMessage('Sign in to see your charging history.', 'Sign In');
    if (choice) await vscode.commands.executeCommand('fleetkit.signIn');
    return undefined;
  }
  let scope: Omit<ChargingFilter, 'days'> | undefined;
  let days: number | undefined;
  const done = await MultiStepInput.run(
    'Charging History',
    () => 2,
    (input) => {
      const pickWindow = async () => {
        const w = await input.pick({
          placeholder: 'Sessions that started in…',
          items: WINDOWS.map((x) => ({ label: x.label, value: x })),
          active: (x) => x.days === (previous?.days ?? 90),
        });
        days = w.days;
        return undefined;
      };
      return async () => {
        const all = accounts.map((a) => ({ label: `All vehicles`, description: a.label, value: { accountId: a.id } as Omit<ChargingFilter, 'days'> }));
        const cars = vehicleItems(service).map((i) => ({ ...i, value: { accountId: i.value.accountId, vin: i.value.vin, vehicleName: i.value.name } }));
        scope = await input.pick({
          placeholder: 'Charging history of which vehicle?',
          items: [...all, ...cars],
          matchOnDescription: true,
          active: (x) => x.accountId === previous?.accountId && x.vin === previous?.vin,
        });
        return pickWindow;
      };
    },
  );
  if (!done || !scope) return undefined;
  return { ...scope, ...(days ? { days } : {}) };
}

export function registerCharging(ctx: FleetkitContext, deps: { service: VehiclesService }): void {
  const log = ctx.log.child('charging');
  let last: ChargingFilter | undefined;
  const refilter = async (): Promise<ChargingFilter | undefined> => {
    const next = await askFilter(deps.service, last);
    if (next) last = next;
    return next;
  };
  ctx.extension.subscriptions.push(
    vscode.commands.registerCommand('fleetkit.openChargingHistory', async () => {
      const filter = await refilter();
      if (filter) ChargingHistoryPanel.show(ctx.extension.extensionUri, deps.service, log, filter, refilter);
    }),
    { dispose: () => ChargingHistoryPanel.disposeCurrent() },
  );
}
