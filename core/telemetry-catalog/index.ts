import { TELEMETRY_ENUMS, TELEMETRY_FIELDS } from './generated/catalog';
import type { TelemetryEnumValue, TelemetryFieldInfo } from './types';

export type { TelemetryEnumValue, TelemetryFieldInfo, TelemetryValueType } from './types';
export { TELEMETRY_ENUMS, TELEMETRY_FIELDS };

const byName = new Map(TELEMETRY_FIELDS.map((f) => [f.name, f]));
const byNumber = new Map(TELEMETRY_FIELDS.map((f) => [f.number, f]));

export function fieldByName(name: string): TelemetryFieldInfo | undefined {
  return byName.get(name);
}

export function fieldByNumber(num: number): TelemetryFieldInfo | undefined {
  return byNumber.get(num);
}

/** Fields a config may name: everything except `Unknown`, `Deprecated_*` and `Experimental_*`. */
export const CONFIGURABLE_FIELDS: readonly TelemetryFieldInfo[] = TELEMETRY_FIELDS.filter((f) => !f.placeholder);

export function enumValues(enumName: string): readonly TelemetryEnumValue[] {
  return TELEMETRY_ENUMS[enumName] ?? [];
}

/** True when `minimum_delta` makes sense: the value is a number (or a location, whose delta is in meters). */
export function isNumericField(field: TelemetryFieldInfo): boolean {
  return field.valueType === 'number' || field.valueType === 'location';
}
