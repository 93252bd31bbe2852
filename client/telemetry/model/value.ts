/**
 * A decoded telemetry value: `text` is locale-free (CSV export, filters); the panel formats `num` and `loc` for
 * people with core/format/quantity.ts when it renders.
 */
export interface DisplayValue {
  text: string;
  /** Set for numeric values (typed numbers, and numeric strings from cars without prefer_typed): charted. */
  num?: number;
  /** Set for typed locations, so the panel can show them in the user's locale. */
  loc?: { latitude: number; longitude: number };
}

const NUMERIC_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  return abs !== 0 && (abs < 0.001 || abs >= 1e9) ? n.toExponential(3) : String(Math.round(n * 1000) / 1000);
}

/** Turns one protojson `Value` (`{"doubleValue":1.5}`, `{"shiftStateValue":"ShiftStateD"}`, …) into text (+ number). */
export function displayValue(value: unknown): DisplayValue {
  if (typeof value !== 'object' || value === null) return { text: String(value) };
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return { text: '' };
  const [member, raw] = entries[0]!;
  if (member === 'invalid') return { text: 'invalid' };
  if (member === 'stringValue') {
    const s = String(raw);
    return NUMERIC_TEXT.test(s.trim()) ? { text: fmt(Number(s)), num: Number(s) } : { text: s };
  }
  if (typeof raw === 'number') return { text: fmt(raw), num: raw };
  if (member === 'longValue' && typeof raw === 'string' && /^-?\d+$/.test(raw)) return { text: raw, num: Number(raw) };
  if (typeof raw === 'boolean') return { text: String(raw) };
  if (member === 'locationValue' && raw && typeof raw === 'object') {
    const l = raw as { latitude?: number; longitude?: number };
    const loc = { latitude: l.latitude ?? 0, longitude: l.longitude ?? 0 };
    return { text: `${loc.latitude.toFixed(5)}, ${loc.longitude.toFixed(5)}`, loc };
  }
  if (member === 'timeValue' && raw && typeof raw === 'object') {
    const t = raw as { hour?: number; minute?: number; second?: number };
    const p = (n: number | undefined) => String(n ?? 0).padStart(2, '0');
    return { text: `${p(t.hour)}:${p(t.minute)}:${p(t.second)}` };
  }
  if (typeof raw === 'string') return { text: raw };
  return { text: JSON.stringify(raw) };
}

/** Human age of a value: "now", "12 s", "3 min", "2 h". */
export function formatAge(ms: number): string {
  if (ms < 1000) return 'now';
  if (ms < 60_000) return `${Math.floor(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min`;
  return `${Math.floor(ms / 3_600_000)} h`;
}
