import type { WorkbenchAccount } from '../../core/messages/language-server';
import { vehicleLabel } from '../../core/vehicle-model/tree-model';
import type { FleetkitContext } from '../context';
import type { EnergyService } from '../energy/service';
import type { VehiclesService } from '../vehicles/service';

/** The signed-in accounts' listed vehicles and energy sites (no call of its own: what the features already have). Pure. */
export function workbenchAccountOf(vehicles: VehiclesService, energy?: Pick<EnergyService, 'allSites'>): WorkbenchAccount {
  const accounts = vehicles.accounts();
  const label = (accountId: string): string | undefined => (accounts.length > 1 ? accounts.find((a) => a.id === accountId)?.label : undefined);
  return {
    vehicles: accounts.flatMap((a) =>
      vehicles.cache.list(a.id).map((r) => ({ id: r.vin, name: vehicleLabel(r), ...(accounts.length > 1 ? { account: a.label } : {}) })),
    ),
    sites: (energy?.allSites() ?? []).map(({ accountId, record }) => {
      const id = String(record.product.energy_site_id);
      const account = label(accountId);
      return { id, name: record.product.site_name ?? id, ...(account ? { account } : {}) };
    }),
  };
}

/** Tells the language server the accounts' vehicles whenever they change, for `{vin}` completion in `.tesla.http` files. */
export function registerWorkbenchAccountSync(
  ctx: FleetkitContext,
  vehicles: VehiclesService,
  energy: EnergyService,
  notify: (account: WorkbenchAccount) => Promise<void>,
): void {
  let last = '';
  const sync = (): void => {
    const account = workbenchAccountOf(vehicles, energy);
    const key = JSON.stringify(account);
    if (key === last) return;
    last = key;
    notify(account).catch((err: unknown) => ctx.log.warn('could not send the vehicles to the language server', err));
  };
  ctx.extension.subscriptions.push(vehicles.onDidChange(sync), energy.onDidChange(sync));
  sync();
}
