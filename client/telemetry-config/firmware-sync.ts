import type { FleetkitContext } from '../context';
import type { TelemetryConfigLanguage } from './language-client';
import type { VehiclesService } from '../vehicles/service';
import { firmwareByVin, firmwareKey } from './vehicle-firmware';

/**
 * Tells the language server the firmware the vehicles feature learned (fleet_status, vehicle_data) whenever it
 * changes, so diagnostic FT120 ("needs newer firmware") runs on real data. Needs no Fleet API call of its own.
 */
export function registerFirmwareSync(ctx: FleetkitContext, vehicles: VehiclesService, language: TelemetryConfigLanguage): void {
  const log = ctx.log.child('telemetry-config');
  let last: string | undefined;
  const sync = (): void => {
    const firmware = firmwareByVin(vehicles.accounts().flatMap((a) => vehicles.cache.list(a.id)));
    const key = firmwareKey(firmware);
    if (key === last) return;
    last = key;
    language.notifyVehicleFirmware(firmware).catch((err: unknown) => log.warn('could not send vehicle firmware to the language server', err));
  };
  ctx.extension.subscriptions.push(vehicles.onDidChange(sync));
  sync();
}
