import type { FleetkitContext } from '../context';
import { notifyVehicleFirmware } from '../language/register';
import { vehiclesFeature } from '../vehicles/register';
import { firmwareByVin, firmwareKey } from './vehicle-firmware';

/**
 * Tells the language server the firmware the vehicles feature learned (fleet_status, vehicle_data) whenever it
 * changes, so diagnostic FT120 ("needs newer firmware") runs on real data. Needs no Fleet API call of its own.
 */
export function registerFirmwareSync(ctx: FleetkitContext): void {
  const feature = vehiclesFeature();
  if (!feature) return;
  const { service } = feature;
  const log = ctx.log.child('telemetry-config');
  let last: string | undefined;
  const sync = (): void => {
    const firmware = firmwareByVin(service.accounts().flatMap((a) => service.cache.list(a.id)));
    const key = firmwareKey(firmware);
    if (key === last) return;
    last = key;
    notifyVehicleFirmware(firmware).catch((err: unknown) => log.warn('could not send vehicle firmware to the language server', err));
  };
  ctx.extension.subscriptions.push(service.onDidChange(sync));
  sync();
}
