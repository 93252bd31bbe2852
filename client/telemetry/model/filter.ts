import type { FeedRecord } from './store';

/**
 * The panel's filter: whitespace-separated terms, all of which must match (case-insensitive) the VIN, the vehicle's
 * name, the topic or a field name. `vin:XYZ` and `field:Speed` restrict a term to one of them.
 */
export interface ParsedFilter {
  vins: string[];
  fields: string[];
  any: string[];
}

export function parseFilter(text: string): ParsedFilter {
  const out: ParsedFilter = { vins: [], fields: [], any: [] };
  for (const term of text.toLowerCase().split(/\s+/).filter(Boolean)) {
    if (term.startsWith('vin:') && term.length > 4) out.vins.push(term.slice(4));
    else if (term.startsWith('field:') && term.length > 6) out.fields.push(term.slice(6));
    else out.any.push(term);
  }
  return out;
}

export function isEmptyFilter(f: ParsedFilter): boolean {
  return !f.vins.length && !f.fields.length && !f.any.length;
}

/** A free term matching the vehicle itself: its VIN or its name. */
function vehicleTerm(t: string, vin: string, name: string | undefined): boolean {
  return vin.toLowerCase().includes(t) || (name !== undefined && name.toLowerCase().includes(t));
}

/** Whether a vehicle's field (or the vehicle itself when field is undefined) passes the filter. */
export function matches(f: ParsedFilter, vin: string, field?: string, name?: string): boolean {
  const v = vin.toLowerCase();
  const k = (field ?? '').toLowerCase();
  if (!f.vins.every((t) => v.includes(t))) return false;
  if (field !== undefined && !f.fields.every((t) => k.includes(t))) return false;
  return f.any.every((t) => vehicleTerm(t, vin, name) || (field !== undefined && k.includes(t)));
}

/** Whether every term is about the vehicle itself (VIN or name), so all its fields show. */
export function wholeVehicleMatches(f: ParsedFilter, vin: string, name?: string): boolean {
  return !f.fields.length && f.vins.every((t) => vin.toLowerCase().includes(t)) && f.any.every((t) => vehicleTerm(t, vin, name));
}

/** Whether a vehicle has anything passing the filter (its VIN or name, or any of its field names). */
export function vehicleMatches(f: ParsedFilter, vin: string, fieldNames: Iterable<string>, name?: string): boolean {
  if (isEmptyFilter(f)) return true;
  if (!f.vins.every((t) => vin.toLowerCase().includes(t))) return false;
  if (wholeVehicleMatches(f, vin, name)) return true;
  for (const field of fieldNames) if (matches(f, vin, field, name)) return true;
  return false;
}

/** Record-level filter for export: VIN terms must match; field terms keep V records carrying such a field. */
export function recordMatches(f: ParsedFilter, r: FeedRecord, name?: string): boolean {
  if (isEmptyFilter(f)) return true;
  const data = r.txtype === 'V' && r.record && Array.isArray(r.record.data) ? (r.record.data as Array<{ key?: unknown }>).map((d) => String(d.key)) : [];
  if (!f.vins.every((t) => r.vin.toLowerCase().includes(t))) return false;
  const haystack = [r.vin, r.txtype, ...data, ...(name ? [name] : [])].map((s) => s.toLowerCase());
  if (!f.fields.every((t) => data.some((k) => k.toLowerCase().includes(t)))) return false;
  return f.any.every((t) => haystack.some((h) => h.includes(t)));
}
