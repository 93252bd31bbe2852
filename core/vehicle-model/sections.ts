/**
 * Which `vehicle_data` fields each tree section shows. Pure: input is Tesla's JSON, output is
 * label/value rows formatted for people (units, precision, locale: core/format/quantity.ts).
 */
import { formatCoordinate, formatQuantity, formatTimestamp, formatUtcOffset } from '../format/quantity';

export type SectionId = 'charge' | 'climate' | 'drive' | 'location' | 'closures' | 'config';

export interface FieldSpec {
  /** Key in the source object. */
  key: string;
  label: string;
  /** Tesla's unit for a numeric value (vehicle_data reports miles and °C whatever the car's display settings). */
  unit?: string;
  format?: (value: unknown, locale: string | undefined) => string | undefined;
}

export interface SectionSpec {
  id: SectionId;
  label: string;
  icon: string;
  /** The vehicle_data part the values come from. */
  source: 'charge_state' | 'climate_state' | 'drive_state' | 'vehicle_state' | 'vehicle_config';
  /** The `endpoints` value that fetches it. */
  endpoint: 'charge_state' | 'climate_state' | 'drive_state' | 'location_data' | 'vehicle_state' | 'vehicle_config';
  fields: FieldSpec[];
}

const yesNo = (v: unknown): string | undefined => (typeof v === 'boolean' ? (v ? 'yes' : 'no') : undefined);
const openClosed = (v: unknown): string | undefined =>
  typeof v === 'number' ? (v === 0 ? 'closed' : 'open') : typeof v === 'boolean' ? (v ? 'open' : 'closed') : undefined;
const coordinate =
  (axis: 'lat' | 'lon') =>
  (v: unknown, locale: string | undefined): string | undefined =>
    typeof v === 'number' ? formatCoordinate(v, axis, locale) : undefined;

export const SECTIONS: readonly SectionSpec[] = [
  {
    id: 'charge',
    label: 'Charge',
    icon: 'plug',
    source: 'charge_state',
    endpoint: 'charge_state',
    fields: [
      { key: 'battery_level', label: 'Battery', unit: '%' },
      { key: 'battery_range', label: 'Range', unit: 'mi' },
      { key: 'charging_state', label: 'Charging state' },
      { key: 'charge_limit_soc', label: 'Charge limit', unit: '%' },
      { key: 'charger_power', label: 'Charger power', unit: 'kW' },
      { key: 'charge_rate', label: 'Charge rate', unit: 'mi/h' },
      { key: 'time_to_full_charge', label: 'Time to full', unit: 'h' },
      { key: 'charge_port_door_open', label: 'Charge port open', format: yesNo },
    ],
  },
  {
    id: 'climate',
    label: 'Climate',
    icon: 'flame',
    source: 'climate_state',
    endpoint: 'climate_state',
    fields: [
      { key: 'inside_temp', label: 'Inside', unit: '°C' },
      { key: 'outside_temp', label: 'Outside', unit: '°C' },
      { key: 'is_climate_on', label: 'Climate on', format: yesNo },
      { key: 'driver_temp_setting', label: 'Driver setting', unit: '°C' },
      { key: 'passenger_temp_setting', label: 'Passenger setting', unit: '°C' },
      { key: 'is_preconditioning', label: 'Preconditioning', format: yesNo },
    ],
  },
  {
    id: 'drive',
    label: 'Drive',
    icon: 'dashboard',
    source: 'drive_state',
    endpoint: 'drive_state',
    fields: [
      { key: 'shift_state', label: 'Gear', format: (v) => (v === null ? 'P (parked)' : typeof v === 'string' ? v : undefined) },
      // Tesla reports a parked car's speed as null.
      { key: 'speed', label: 'Speed', unit: 'mph', format: (v, locale) => (v === null ? formatQuantity(0, 'mph', locale) : undefined) },
      { key: 'power', label: 'Power', unit: 'kW' },
    ],
  },
  {
    id: 'location',
    label: 'Location',
    icon: 'location',
    source: 'drive_state',
    endpoint: 'location_data',
    fields: [
      { key: 'latitude', label: 'Latitude', format: coordinate('lat') },
      { key: 'longitude', label: 'Longitude', format: coordinate('lon') },
      { key: 'heading', label: 'Heading', unit: '°' },
      { key: 'gps_as_of', label: 'GPS as of', format: (v, locale) => (typeof v === 'number' ? formatTimestamp(v * 1000, locale) : undefined) },
    ],
  },
  {
    id: 'closures',
    label: 'Closures',
    icon: 'lock',
    source: 'vehicle_state',
    // Tesla reports doors, locks and sentry inside vehicle_state, so that is what this section must ask for.
    endpoint: 'vehicle_state',
    fields: [
      { key: 'locked', label: 'Locked', format: yesNo },
      { key: 'df', label: 'Driver door', format: openClosed },
      { key: 'pf', label: 'Passenger door', format: openClosed },
      { key: 'dr', label: 'Rear left door', format: openClosed },
      { key: 'pr', label: 'Rear right door', format: openClosed },
      { key: 'ft', label: 'Frunk', format: openClosed },
      { key: 'rt', label: 'Trunk', format: openClosed },
      { key: 'sentry_mode', label: 'Sentry mode', format: yesNo },
      { key: 'odometer', label: 'Odometer', unit: 'mi' },
      { key: 'car_version', label: 'Software' },
    ],
  },
  {
    id: 'config',
    label: 'Config',
    icon: 'settings-gear',
    source: 'vehicle_config',
    endpoint: 'vehicle_config',
    fields: [
      { key: 'car_type', label: 'Car type' },
      { key: 'trim_badging', label: 'Trim' },
      { key: 'exterior_color', label: 'Colour' },
      { key: 'wheel_type', label: 'Wheels' },
      { key: 'charge_port_type', label: 'Charge port' },
      { key: 'plg', label: 'Power liftgate', format: yesNo },
      { key: 'utc_offset', label: 'UTC offset', format: (v) => (typeof v === 'number' ? formatUtcOffset(v) : undefined) },
    ],
  },
];

/** Endpoints to ask `vehicle_data` for so that every section gets filled. */
export const ALL_SECTION_ENDPOINTS = [...new Set(SECTIONS.map((s) => s.endpoint))];

export interface FieldRow {
  key: string;
  label: string;
  /** As people read it: "223.2 mi". */
  value: string;
  /** As Tesla sent it (JSON), for the hover: "223.19931019259252". */
  raw: string;
}

function plain(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (value === null) return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * Rows for a section from one part of vehicle_data; fields that are absent are skipped. `locale` is the user's
 * (VS Code's display language), for digits and separators.
 */
export function sectionRows(spec: SectionSpec, part: Record<string, unknown> | undefined, locale?: string): FieldRow[] {
  if (!part || typeof part !== 'object') return [];
  const rows: FieldRow[] = [];
  for (const f of spec.fields) {
    if (!(f.key in part)) continue;
    const raw = part[f.key];
    const text = f.format?.(raw, locale) ?? (f.unit && typeof raw === 'number' ? formatQuantity(raw, f.unit, locale) : plain(raw));
    if (text === undefined) continue;
    rows.push({ key: f.key, label: f.label, value: text, raw: raw === undefined ? '' : JSON.stringify(raw) });
  }
  return rows;
}
