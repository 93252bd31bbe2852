/**
 * fleet-telemetry's MQTT field values back into protojson `Value`s (the shape the bridge's records and the panel
 * use). Its getDatumValue (datastore/mqtt/mqtt_payload.go) publishes a string as a JSON string, numbers as JSON numbers,
 * a location as {latitude, longitude}, doors as {DriverFront, …}, enums by name, invalid as null, a time as
 * "HH:MM:SS", and other messages as their fields by proto name. Which member a value had is not on the wire, so the
 * field catalogue decides (an enum field's name → its enum member; numbers → intValue or doubleValue).
 */
import { enumValues, fieldByName } from '../telemetry-catalog';
import { jsonName, TYPES } from '../telemetry-wire';

type ValueJson = Record<string, unknown>;

let enumMembers: Map<string, string> | undefined;

/** Enum type name (ShiftState) → its Value member (shiftStateValue), from the Value message itself. */
function enumMember(enumName: string): string | undefined {
  if (!enumMembers) {
    enumMembers = new Map();
    for (const f of TYPES.Value.fieldsArray) {
      f.resolve();
      const t = f.resolvedType;
      if (t && 'values' in t) enumMembers.set(t.name, jsonName(f.name));
    }
  }
  return enumMembers.get(enumName);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function camelKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [jsonName(k), v]));
}

export function valueFromMqtt(field: string, value: unknown): ValueJson {
  const info = fieldByName(field);
  if (value === null) return { invalid: true };
  if (typeof value === 'boolean') return { booleanValue: value };
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) < 2 ** 31 ? { intValue: value } : { doubleValue: value };
  if (typeof value === 'string') {
    if (info?.valueType === 'enum' && info.enum && enumValues(info.enum).some((e) => e.name === value)) {
      const member = enumMember(info.enum);
      if (member) return { [member]: value };
    }
    return { stringValue: value };
  }
  if (isObject(value)) {
    if (typeof value.latitude === 'number' && typeof value.longitude === 'number') {
      return { locationValue: { latitude: value.latitude, longitude: value.longitude } };
    }
    if (info?.valueType === 'doors' || 'DriverFront' in value) return { doorValue: value };
    if (info?.valueType === 'tire-location') return { tireLocationValue: camelKeys(value) };
  }
  return { stringValue: JSON.stringify(value) };
}
