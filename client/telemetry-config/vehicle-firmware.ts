/**
 * The vehicles' known firmware (VIN → version) for the language server's "needs newer firmware" rule (pure).
 * Sources, as the vehicles feature caches them: `fleet_status` vehicle_info.firmware_version, else vehicle_data's
 * vehicle_state.car_version.
 */
import type { VehicleRecord } from '../../core/vehicle-model/cache';
import { firmwareOf } from '../../core/vehicle-model/tree-model';

export function firmwareByVin(records: Iterable<VehicleRecord>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const record of records) {
    const firmware = firmwareOf(record)?.trim();
    if (firmware) out[record.vin] = firmware;
  }
  return out;
}

/** Stable text of a firmware map, to send only when something changed. */
export function firmwareKey(firmware: Readonly<Record<string, string>>): string {
  return JSON.stringify(
    Object.keys(firmware)
      .sort()
      .map((vin) => [vin, firmware[vin]]),
  );
}
