/**
 * Go encoding/json's output for the values fleet-telemetry's dispatchers marshal (maps with sorted keys, float32 and
 * float64 numbers, HTML-safe string escapes as of Go 1.22+: its go.mod says go 1.26), so payloads match byte for byte.
 */
import { doubleText, float32Text } from '../../core/telemetry-wire';

/** A Go value as json.Marshal sees it: float32 needs its own formatting, int64 keeps every digit. */
export type GoValue = null | boolean | string | GoNumber | GoValue[] | { [key: string]: GoValue };

export class GoNumber {
  constructor(readonly text: string) {}
}

export function float32(v: number): GoNumber {
  if (!Number.isFinite(v)) throw new GoJsonError(`json: unsupported value: ${v}`);
  return new GoNumber(float32Text(v));
}

export function float64(v: number): GoNumber {
  if (!Number.isFinite(v)) throw new GoJsonError(`json: unsupported value: ${v}`);
  return new GoNumber(doubleText(v));
}

export function integer(v: number | bigint | { toString(): string }): GoNumber {
  return new GoNumber(String(v));
}

export class GoJsonError extends Error {}

const ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

export function goJsonString(s: string): string {
  // eslint-disable-next-line no-control-regex
  return `"${s.replace(/["\\\u0000-\u001f<>&\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => {
    if (ESCAPES[c]) return ESCAPES[c];
    // A lone surrogate is not UTF-8: Go writes U+FFFD for invalid bytes.
    if (c >= '\ud800' && c <= '\udfff') return '\\ufffd';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  })}"`;
}

export function goJson(v: GoValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return goJsonString(v);
  if (v instanceof GoNumber) return v.text;
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  const keys = Object.keys(v).sort(compareBytes);
  return `{${keys.map((k) => `${goJsonString(k)}:${goJson(v[k])}`).join(',')}}`;
}

/** Go sorts map keys by their bytes (UTF-8), which differs from UTF-16 order above the BMP. */
function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
