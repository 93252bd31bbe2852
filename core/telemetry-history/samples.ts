/**
 * One record → the values it carries, as history keeps them: numbers (aggregated per minute) or states (kept as
 * changes). Time is the record's own `createdAt`, never the wall clock, so a replay gives the same history.
 */
import { fieldByName } from '../telemetry-catalog/index';

/** One field's value at one moment. `num` for numbers, `text` for states (enum names, booleans, strings, locations). */
export type Sample =
  { vin: string; field: string; at: number; num: number; text?: undefined } | { vin: string; field: string; at: number; text: string; num?: undefined };

/** The parts of a bridge record history reads (core/messages/live-feed.ts TelemetryRecord). */
export interface HistoryRecordInput {
  txtype: string;
  vin: string;
  record: Record<string, unknown>;
}

const NUMERIC_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NUMBER_MEMBERS = new Set(['doubleValue', 'floatValue', 'intValue', 'longValue']);

/** Epoch ms of an RFC 3339 `createdAt`, or undefined when it is missing or unreadable. */
export function recordTime(record: Record<string, unknown>): number | undefined {
  const c = record.createdAt;
  if (typeof c !== 'string') return undefined;
  const t = Date.parse(c);
  return Number.isFinite(t) ? t : undefined;
}

/**
 * A protojson Value as history keeps it: a number when the member is numeric, or the catalogue says the field is a
 * number and the car sent it as a numeric string (cars without prefer_typed); otherwise its text. Undefined for
 * `invalid` and empty values (nothing to remember).
 */
export function sampleValue(field: string, value: unknown): { num: number } | { text: string } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return undefined;
  const [member, raw] = entries[0]!;
  if (member === 'invalid') return undefined;
  if (NUMBER_MEMBERS.has(member)) {
    const n = Number(raw);
    return Number.isFinite(n) ? { num: n } : undefined;
  }
  if (member === 'stringValue' && typeof raw === 'string') {
    if (fieldByName(field)?.valueType === 'number' && NUMERIC_TEXT.test(raw.trim())) return { num: Number(raw) };
    return { text: raw };
  }
  if (member === 'locationValue' && raw && typeof raw === 'object') {
    const l = raw as { latitude?: number; longitude?: number };
    return { text: `${l.latitude ?? 0},${l.longitude ?? 0}` };
  }
  if (typeof raw === 'string' || typeof raw === 'boolean' || typeof raw === 'number') return { text: String(raw) };
  return { text: JSON.stringify(raw) };
}

/** The samples of a V record (other record types carry none). */
export function recordSamples(input: HistoryRecordInput): Sample[] {
  if (input.txtype !== 'V') return [];
  const at = recordTime(input.record);
  const data = input.record.data;
  if (at === undefined || !Array.isArray(data)) return [];
  const out: Sample[] = [];
  for (const d of data) {
    if (typeof d !== 'object' || d === null) continue;
    const { key, value } = d as { key?: unknown; value?: unknown };
    if (typeof key !== 'string') continue;
    const v = sampleValue(key, value);
    if (!v) continue;
    out.push('num' in v ? { vin: input.vin, field: key, at, num: v.num } : { vin: input.vin, field: key, at, text: v.text });
  }
  return out;
}
