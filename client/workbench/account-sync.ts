import type { WorkbenchAccount } from '../../core/messages/language-server';
import { vehicleLabel } from '../../core/vehicle-model/tree-model';
import type { FleetkitContext } from '../context';
import type { VehiclesService } from '../vehicles/service';

/** The signed-in accounts' listed vehicles (no call of its own: what the vehicles feature already has). Pure. */
export function workbenchAccountOf(vehicles: VehiclesService): WorkbenchAccount {
  const accounts = vehicles.accounts();
  return {
    vehicles: accounts.flatMap((a) =>
      vehicles.cache.list(a.id).map((r) => ({ id: r.vin, name: vehicleLabel(r), ...(accounts.length > 1 ? { account: a.label } : {}) })),
    ),
    sites: [],
  };
}

/** Tells the language server the accounts' vehicles whenever they change, for `{vin}` completion in `.tesla.http` files. */
export function registerWorkbenchAccountSync(ctx: FleetkitContext, vehicles: VehiclesService, notify: (account: WorkbenchAccount) => Promise<void>): void {
  let last = '';
  const sync = (): void => {
    const account = workbenchAccountOf(vehicles);
    const key = JSON.stringify(account);
    if (key === last) return;
    last = key;
    notify(account).catch((err: unknown) => ctx.log.warn('could not send the vehicles to the language server', err));
  };
  ctx.extension.subscriptions.push(vehicles.onDidChange(sync));
  sync();
}
