/**
 * Reads a decoded V record's data (fleet-telemetry's transmit_decoded_records JSON) into plain values: numbers,
 * booleans, enum member names, strings and locations, whether the car sent them typed or as `stringValue`.
 */
import { enumValues, fieldByName, fieldByNumber, type TelemetryFieldInfo } from '../telemetry-catalog/index';
import { parseLocationText } from '../telemetry-wire/payload/record-transforms';

export interface Location {
  latitude: number;
  longitude: number;
}

export type FieldValue = number | boolean | string | Location;

/** An enum's member names by full name and by the name without the prefix its members share ("D" → "ShiftStateD"). */
const enumNames = new Map<string, Map<string, string>>();

function enumLookup(enumName: string): Map<string, string> {
  let names = enumNames.get(enumName);
  if (names) return names;
  names = new Map();
  const members = enumValues(enumName).map((v) => v.name);
  let prefix = members[0] ?? '';
  for (const m of members) while (prefix && !m.startsWith(prefix)) prefix = prefix.slice(0, -1);
  for (const m of members) {
    names.set(m, m);
    if (prefix && m.length > prefix.length) names.set(m.slice(prefix.length), m);
  }
  enumNames.set(enumName, names);
  return names;
}

/** The member name an enum field's value stands for, or the text as sent when the catalogue does not know it. */
export function enumMember(field: TelemetryFieldInfo, text: string): string {
  return field.enum ? (enumLookup(field.enum).get(text) ?? text) : text;
}

const NUMBER_KEYS = ['doubleValue', 'floatValue', 'intValue', 'longValue'] as const;

/** One datum's value as the field's type reads it; undefined for `invalid` and for what cannot be read. */
export function readValue(field: TelemetryFieldInfo | undefined, value: Record<string, unknown>): FieldValue | undefined {
  if (value.invalid === true) return undefined;
  for (const key of NUMBER_KEYS) {
    if (key in value) {
      const n = Number(value[key]);
      return Number.isFinite(n) ? n : undefined;
    }
  }
  if (typeof value.booleanValue === 'boolean') return value.booleanValue;
  const loc = value.locationValue as Partial<Location> | undefined;
  if (loc && typeof loc === 'object') return { latitude: Number(loc.latitude ?? 0), longitude: Number(loc.longitude ?? 0) };
  if (typeof value.stringValue === 'string') {
    const text = value.stringValue;
    switch (field?.valueType) {
      case 'number': {
        const n = text.trim() === '' ? NaN : Number(text);
        return Number.isFinite(n) ? n : undefined;
      }
      case 'boolean':
        return text === 'true' ? true : text === 'false' ? false : undefined;
      case 'location':
        return parseLocationText(text);
      case 'enum':
        return enumMember(field, text);
      default:
        return text;
    }
  }
  // A typed enum value: the one other key (`shiftStateValue`, `detailedChargeStateValue`, …).
  for (const [, v] of Object.entries(value)) {
    if (typeof v === 'string') return field ? enumMember(field, v) : v;
  }
  return undefined;
}

/** The field name a datum's key stands for (fleet-telemetry writes names; a number is read from the catalogue). */
export function fieldName(key: unknown): string | undefined {
  if (typeof key === 'string') return /^\d+$/.test(key) ? fieldByNumber(Number(key))?.name : key;
  if (typeof key === 'number') return fieldByNumber(key)?.name;
  return undefined;
}

/** Every readable value of a V record's `data`, by field name (the last datum of a field wins). */
export function recordValues(record: Record<string, unknown>): Map<string, FieldValue> {
  const out = new Map<string, FieldValue>();
  const data = record.data;
  if (!Array.isArray(data)) return out;
  for (const datum of data as unknown[]) {
    if (typeof datum !== 'object' || datum === null) continue;
    const { key, value } = datum as { key?: unknown; value?: unknown };
    const name = fieldName(key);
    if (!name || typeof value !== 'object' || value === null) continue;
    const v = readValue(fieldByName(name), value as Record<string, unknown>);
    if (v !== undefined) out.set(name, v);
  }
  return out;
}

/** A record's own time (its `createdAt`), epoch milliseconds; undefined when it has none that parses. */
export function recordTime(record: Record<string, unknown>): number | undefined {
  const at = record.createdAt;
  if (typeof at === 'string') {
    const ms = Date.parse(at);
    return Number.isNaN(ms) ? undefined : ms;
  }
  if (typeof at === 'number' && Number.isFinite(at)) return at;
  return undefined;
}
