import type { VehicleView } from './store';

/**
 * Where Live Telemetry gets a vehicle's display name, cheapest truthful source first, never with a call of its own:
 * 1. the car itself, when its telemetry config streams `VehicleName` (Fleet Telemetry field 64, a string value);
 * 2. the vehicle list Fleetkit already fetched for the vehicles tree (`display_name`, cached, no new call).
 * The bridge knows a car only by the VIN of its client certificate, so its hello carries no name.
 */
export const NAME_FIELD = 'VehicleName';

export type VehicleNames = Readonly<Record<string, string>>;

/** The name the car streams, if it does. */
export function streamedName(view: VehicleView | undefined): string | undefined {
  const text = view?.fields.get(NAME_FIELD)?.text.trim();
  return text ? text : undefined;
}

/** `display_name` per VIN from cached vehicle list entries (blank and missing names are left out). */
export function listedNames(vehicles: Iterable<{ vin: string; display_name?: unknown }>): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of vehicles) {
    const name = typeof v.display_name === 'string' ? v.display_name.trim() : '';
    if (name && !out.has(v.vin)) out.set(v.vin, name);
  }
  return out;
}

/**
 * Names per VIN: every listed vehicle (so a car opened from the tree is named before it streams), and every
 * streaming car that sends its name, which wins over the list (it is newer).
 */
export function vehicleNames(views: Iterable<VehicleView>, listed: ReadonlyMap<string, string>): Record<string, string> {
  const out: Record<string, string> = Object.fromEntries(listed);
  for (const v of views) {
    const name = streamedName(v);
    if (name) out[v.vin] = name;
  }
  return out;
}

/** Whether records carry a name (so the names shown may have changed). */
export function carriesName(records: ReadonlyArray<{ txtype: string; record: Record<string, unknown> | null }>): boolean {
  return records.some(
    (r) => r.txtype === 'V' && Array.isArray(r.record?.data) && (r.record.data as Array<{ key?: unknown }>).some((d) => d?.key === NAME_FIELD),
  );
}
