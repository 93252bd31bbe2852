/**
 * The one vehicle picker: a tree row (or `{ accountId, vin }`) names its car; otherwise the user picks from the cars
 * every signed-in account has listed. Used by the vehicles commands, Send Command… and the telemetry config pushes.
 */
import * as vscode from 'vscode';
import { stateOf, vehicleLabel } from '../../core/vehicle-model/tree-model';
import type { PickItem } from '../ui/multi-step';
import type { VehiclesService } from './service';

/** A vehicle to act on, with the name the user knows it by. */
export interface VehicleTarget {
  readonly accountId: string;
  readonly vin: string;
  readonly name: string;
}

/** The car a tree row or an argument such as `{ accountId, vin }` names; undefined for anything else. */
export function targetOf(service: VehiclesService, arg: unknown): VehicleTarget | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const { accountId, vin } = arg as { accountId?: unknown; vin?: unknown };
  if (typeof accountId !== 'string' || typeof vin !== 'string' || !vin) return undefined;
  const rec = service.cache.get(accountId, vin);
  return { accountId, vin, name: rec ? vehicleLabel(rec) : vin };
}

/** One item per cached car of every account: name, `VIN · state`, the account. */
export function vehicleItems(service: VehiclesService): Array<PickItem<VehicleTarget> & { readonly value: VehicleTarget }> {
  return service.accounts().flatMap((a) =>
    service.cache.list(a.id).map((r) => ({
      label: vehicleLabel(r),
      description: `${r.vin} · ${stateOf(r)}`,
      detail: a.label,
      value: { accountId: a.id, vin: r.vin, name: vehicleLabel(r) },
    })),
  );
}

/**
 * The items to pick from; when no car is cached, the list call first (one data call per account, never a wake).
 * Undefined when there is still none (the user was offered Sign In).
 */
export async function listedVehicleItems(service: VehiclesService): Promise<Array<PickItem<VehicleTarget> & { readonly value: VehicleTarget }> | undefined> {
  let items = vehicleItems(service);
  if (!items.length) {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Fleetkit: listing vehicles…' }, () => service.refreshAll());
    items = vehicleItems(service);
  }
  if (items.length) return items;
  const signIn = 'Sign In';
  if ((await vscode.window.showInformationMessage('Fleetkit: no vehicles to choose from. Sign in (or start the simulator) first.', signIn)) === signIn) {
    await vscode.commands.executeCommand('fleetkit.signIn');
  }
  return undefined;
}

/** The car a tree row names, else one the user picks (palette). */
export async function pickVehicle(service: VehiclesService, arg?: unknown): Promise<VehicleTarget | undefined> {
  const fromTree = targetOf(service, arg);
  if (fromTree) return fromTree;
  const items = await listedVehicleItems(service);
  if (!items) return undefined;
  return (await vscode.window.showQuickPick(items, { placeHolder: 'Vehicle', matchOnDescription: true, matchOnDetail: true }))?.value;
}
