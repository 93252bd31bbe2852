import type { RawResponse, VehicleRecord } from './cache';

export interface VehicleJson {
  /** What the text is, for the document title: "vehicle_data", "vehicle list entry". */
  what: string;
  text: string;
  at: number;
}

/** The vehicle's own object in a vehicle list body (one page `{"response":[…]}`, or several pages as an array). */
export function listEntry(listText: string, vin: string): unknown {
  let body: unknown;
  try {
    body = JSON.parse(listText);
  } catch {
    return undefined;
  }
  const pages = Array.isArray(body) ? body : [body];
  for (const page of pages) {
    const vehicles = (page as { response?: unknown } | null)?.response;
    if (!Array.isArray(vehicles)) continue;
    const found = vehicles.find((v) => (v as { vin?: unknown } | null)?.vin === vin);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * What *Open as JSON* on a vehicle shows: Tesla's answer about that vehicle alone. Its `vehicle_data` when it was
 * fetched (the vehicle's data); otherwise the newest of its `vehicle` / wake answer and its entry in the last vehicle
 * list. A fleet_status answer is about the account's keys and lists other vehicles, so it is never what opens here.
 */
export function vehicleJson(record: VehicleRecord, list: RawResponse | undefined): VehicleJson | undefined {
  const data = record.raws.vehicle_data;
  if (data) return { what: 'vehicle_data', text: data.text, at: data.at };
  const candidates: VehicleJson[] = [];
  for (const raw of [record.raws.vehicle, record.raws.wake_up]) if (raw) candidates.push({ what: raw.kind, text: raw.text, at: raw.at });
  const entry = list ? listEntry(list.text, record.vin) : undefined;
  if (list && entry !== undefined) candidates.push({ what: 'vehicle list entry', text: JSON.stringify(entry), at: list.at });
  return candidates.sort((a, b) => b.at - a.at)[0];
}
