/**
 * Converts between decoded protobufjs messages and the JSON that fleet-telemetry emits with
 * `transmit_decoded_records` (Go protojson, EmitUnpopulated, enum names, int64 as strings, RFC 3339 timestamps,
 * unset messages as null, unset oneof members omitted). Driven by the reflected types, with a plan cached per type.
 */
import type protobuf from 'protobufjs/light';
import { doubleText, float32Text } from './go-numbers';
import { JsonOut } from './json-out';
import { Long } from './schema';

export class PayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadError';
  }
}

type Kind = 'string' | 'bool' | 'int32' | 'uint32' | 'int64' | 'uint64' | 'float' | 'double' | 'bytes' | 'enum' | 'message' | 'timestamp';

interface FieldPlan {
  name: string;
  json: string;
  /** `"json":`, the field's key as JSON text, and `,"json":`. */
  key: string;
  nextKey: string;
  kind: Kind;
  repeated: boolean;
  map: boolean;
  oneof: boolean;
  /** Enum number → its name as JSON text (quoted). */
  enumNames?: Map<number, string>;
  /** The same for the values 0…1023, indexed by number (an array read is cheaper than a map lookup). */
  enumByNumber?: Array<string | undefined>;
  enumValues?: Record<string, number>;
  type?: protobuf.Type;
  /** The message type's plan, once looked up. */
  plan?: TypePlan;
}

interface TypePlan {
  /** Fields emitted even when unset (everything outside a oneof), in declaration order. */
  regular: FieldPlan[];
  /** Oneof members by proto name: only the one present on the decoded object is emitted. */
  oneofMembers: Map<string, FieldPlan>;
  all: FieldPlan[];
  /** The compiled protobuf → JSON writer, made on first use. */
  write?: MessageWriter;
}

const plans = new Map<protobuf.Type, TypePlan>();
const byJsonName = new Map<protobuf.Type, Map<string, FieldPlan>>();

/** protoc's json_name: drop underscores and upper-case the letter after each. */
export function jsonName(protoName: string): string {
  return protoName.replace(/_(.)/g, (_m, c: string) => c.toUpperCase());
}

function kindOf(field: protobuf.Field): Pick<FieldPlan, 'kind' | 'enumNames' | 'enumByNumber' | 'enumValues' | 'type'> {
  const rt = field.resolvedType;
  if (rt && 'values' in rt) {
    const e = rt as protobuf.Enum;
    const enumNames = new Map(Object.entries(e.values).map(([k, v]) => [v, JSON.stringify(k)]));
    const enumByNumber: Array<string | undefined> = [];
    for (const [v, text] of enumNames) if (v >= 0 && v < 1024) enumByNumber[v] = text;
    return { kind: 'enum', enumNames, enumByNumber, enumValues: e.values };
  }
  if (rt) {
    const t = rt as protobuf.Type;
    return t.fullName === '.google.protobuf.Timestamp' ? { kind: 'timestamp' } : { kind: 'message', type: t };
  }
  switch (field.type) {
    case 'string':
    case 'bool':
    case 'float':
    case 'double':
    case 'bytes':
      return { kind: field.type };
    case 'int32':
    case 'sint32':
    case 'sfixed32':
      return { kind: 'int32' };
    case 'uint32':
    case 'fixed32':
      return { kind: 'uint32' };
    case 'int64':
    case 'sint64':
    case 'sfixed64':
      return { kind: 'int64' };
    case 'uint64':
    case 'fixed64':
      return { kind: 'uint64' };
    default:
      throw new Error(`unsupported field type ${field.type}`);
  }
}

function planFor(type: protobuf.Type): TypePlan {
  const cached = plans.get(type);
  if (cached) return cached;
  type.resolveAll();
  const all: FieldPlan[] = type.fieldsArray.map((f) => ({
    name: f.name,
    json: jsonName(f.name),
    key: `${JSON.stringify(jsonName(f.name))}:`,
    nextKey: `,${JSON.stringify(jsonName(f.name))}:`,
    repeated: f.repeated,
    map: f.map,
    oneof: !!f.partOf,
    ...kindOf(f),
  }));
  const plan: TypePlan = { all, regular: all.filter((p) => !p.oneof), oneofMembers: new Map(all.filter((p) => p.oneof).map((p) => [p.name, p])) };
  plans.set(type, plan);
  byJsonName.set(
    type,
    new Map(
      all.flatMap(
        (p) =>
          [
            [p.json, p],
            [p.name, p],
          ] as Array<[string, FieldPlan]>,
      ),
    ),
  );
  return plan;
}

// ---------------------------------------------------------------- protobuf → JSON

function nonFinite(v: number): string {
  return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
}

function longString(v: unknown, unsigned: boolean): string {
  if (typeof v === 'number') return String(Math.trunc(v));
  if (v && typeof v === 'object' && 'low' in v) {
    const l = v as { low: number; high: number };
    return Long.fromBits(l.low, l.high, unsigned).toString();
  }
  return '0';
}

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v && typeof v === 'object' && 'low' in v) {
    const l = v as { low: number; high: number };
    return Long.fromBits(l.low, l.high, false).toNumber();
  }
  return 0;
}

const MIN_SECONDS = -62135596800; // 0001-01-01T00:00:00Z
const MAX_SECONDS = 253402300799; // 9999-12-31T23:59:59Z

let lastSeconds = NaN;
let lastBase = '';

export function formatTimestamp(seconds: number, nanos: number): string {
  if (!Number.isInteger(seconds) || seconds < MIN_SECONDS || seconds > MAX_SECONDS) throw new PayloadError(`timestamp seconds ${seconds} out of range`);
  if (!Number.isInteger(nanos) || nanos < 0 || nanos >= 1e9) throw new PayloadError(`timestamp nanos ${nanos} out of range`);
  // Records of one second share their date text: formatting a Date is a measurable share of decode time.
  if (seconds !== lastSeconds) {
    lastSeconds = seconds;
    lastBase = new Date(seconds * 1000).toISOString().slice(0, 19);
  }
  const base = lastBase;
  if (nanos === 0) return `${base}Z`;
  const digits = String(nanos).padStart(9, '0');
  const frac = nanos % 1e6 === 0 ? digits.slice(0, 3) : nanos % 1e3 === 0 ? digits.slice(0, 6) : digits;
  return `${base}.${frac}Z`;
}

function writeScalar(out: JsonOut, p: FieldPlan, v: unknown): void {
  switch (p.kind) {
    case 'string':
      out.string(typeof v === 'string' ? v : '');
      return;
    case 'bool':
      out.ascii(v === true ? 'true' : 'false');
      return;
    case 'int32':
    case 'uint32':
      out.ascii(typeof v === 'number' ? String(v) : '0');
      return;
    case 'int64':
      out.string(longString(v, false));
      return;
    case 'uint64':
      out.string(longString(v, true));
      return;
    case 'float':
    case 'double': {
      // Go's protojson: the shortest text at the field's precision, negative zero as -0, quoted NaN/±Infinity.
      const n = typeof v === 'number' ? v : 0;
      if (!Number.isFinite(n)) out.string(nonFinite(n));
      else out.ascii(p.kind === 'float' ? float32Text(n) : doubleText(n));
      return;
    }
    case 'bytes':
      out.string(v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') : '');
      return;
    case 'enum': {
      const n = typeof v === 'number' ? v : 0;
      out.ascii(p.enumByNumber?.[n] ?? p.enumNames?.get(n) ?? String(n));
      return;
    }
    case 'timestamp': {
      if (v == null) out.ascii('null');
      else {
        const t = v as { seconds?: unknown; nanos?: number };
        out.string(formatTimestamp(toNumber(t.seconds), t.nanos ?? 0));
      }
      return;
    }
    case 'message':
      if (v == null) out.ascii('null');
      else writeNested(out, p, v as Record<string, unknown>);
      return;
  }
}

/**
 * Writes the protojson of a decoded message straight into `out` (no intermediate object or strings): this is the
 * bridge's per-record hot path.
 */
export function writeMessageJson(out: JsonOut, type: protobuf.Type, message: Record<string, unknown>): void {
  writePlanned(out, planFor(type), message);
}

function writePlanned(out: JsonOut, plan: TypePlan, message: Record<string, unknown>): void {
  (plan.write ??= compileWriter(plan))(out, message);
}

type MessageWriter = (out: JsonOut, message: Record<string, unknown>) => void;

/** Go compares strings byte by byte, i.e. by UTF-8 code points; JavaScript's default sort compares UTF-16 units. */
function byUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Go's protojson writes map entries sorted by key (its GenericKeyOrder), not in wire order. */
function writeMap(out: JsonOut, p: FieldPlan, v: unknown): void {
  out.ascii('{');
  if (v && typeof v === 'object') {
    const m = v as Record<string, unknown>;
    const keys = Object.keys(m).sort(byUtf8);
    for (let i = 0; i < keys.length; i++) {
      if (i) out.ascii(',');
      out.string(keys[i]);
      out.ascii(':');
      writeScalar(out, p, m[keys[i]]);
    }
  }
  out.ascii('}');
}

/**
 * Compiles a type's plan into a function, as protobufjs does for its decoders: straight-line code per field reads
 * each property at its own call site (one object shape each), where a generic loop over `message[name]` was
 * megamorphic and was the largest share of the bridge's per-record time. The output is the same as the walk over the
 * plan it replaces: regular fields in declaration order, then the oneof members present, in the message's key order.
 */
function compileWriter(plan: TypePlan): MessageWriter {
  const constants: unknown[] = [];
  const ref = (value: unknown): string => `k[${constants.push(value) - 1}]`;
  const lit = (text: string): string => JSON.stringify(text);
  const scalar = (x: string, p: FieldPlan): string => {
    switch (p.kind) {
      case 'string':
        return `out.string(typeof ${x} === 'string' ? ${x} : '');`;
      case 'bool':
        return `out.ascii(${x} === true ? 'true' : 'false');`;
      case 'int32':
      case 'uint32':
        return `out.ascii(typeof ${x} === 'number' ? String(${x}) : '0');`;
      case 'double':
        // Zero goes the long way: negative zero is written "-0".
        return `if (typeof ${x} === 'number' && Number.isFinite(${x}) && ${x} !== 0) out.ascii(String(${x})); else writeScalar(out, ${ref(p)}, ${x});`;
      case 'enum':
        return `{ const t = typeof ${x} === 'number' ? ${ref(p.enumByNumber ?? [])}[${x}] : undefined; if (t !== undefined) out.ascii(t); else writeScalar(out, ${ref(p)}, ${x}); }`;
      case 'message':
        return `if (${x} == null) out.ascii('null'); else writeNested(out, ${ref(p)}, ${x});`;
      default:
        return `writeScalar(out, ${ref(p)}, ${x});`;
    }
  };
  const body: string[] = [`out.ascii('{');`];
  plan.regular.forEach((p, i) => {
    body.push(`out.ascii(${lit(i === 0 ? p.key : p.nextKey)});`, `v = m[${lit(p.name)}];`);
    if (p.map) body.push(`writeMap(out, ${ref(p)}, v);`);
    else if (p.repeated) {
      body.push(
        `out.ascii('['); if (Array.isArray(v)) for (let j = 0; j < v.length; j++) { const x = v[j]; if (j) out.ascii(','); ${scalar('x', p)} } out.ascii(']');`,
      );
    } else body.push(scalar('v', p));
  });
  if (plan.oneofMembers.size) {
    // Decoded messages carry only the oneof members that were on the wire as own properties.
    body.push(`let first = ${plan.regular.length === 0}; const keys = Object.keys(m); for (let i = 0; i < keys.length; i++) { switch (keys[i]) {`);
    for (const [name, p] of plan.oneofMembers) {
      body.push(
        `case ${lit(name)}: v = m[${lit(name)}]; if (v != null) { out.ascii(first ? ${lit(p.key)} : ${lit(p.nextKey)}); first = false; ${scalar('v', p)} } break;`,
      );
    }
    body.push('} }');
  }
  body.push(`out.ascii('}');`);
  const source = `return function write(out, m) { let v; ${body.join('\n')} };`;
  const make = new Function('k', 'writeScalar', 'writeMap', 'writeNested', source) as (...deps: unknown[]) => MessageWriter;
  return make(constants, writeScalar, writeMap, writeNested);
}

function writeNested(out: JsonOut, p: FieldPlan, v: Record<string, unknown>): void {
  writePlanned(out, (p.plan ??= planFor(p.type as protobuf.Type)), v);
}

const scratch = new JsonOut();

/** The protojson text of a decoded message. */
export function messageToJsonText(type: protobuf.Type, message: Record<string, unknown>): string {
  scratch.reset();
  writeMessageJson(scratch, type, message);
  return scratch.toString();
}

/** The protojson object of a decoded message. */
export function messageToJson(type: protobuf.Type, message: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(messageToJsonText(type, message)) as Record<string, unknown>;
}

// ---------------------------------------------------------------- JSON → protobuf (for our encoders)

export type TimestampInput = string | Date | number | { seconds: number; nanos?: number };

/** Accepts RFC 3339 text, a Date, epoch milliseconds or {seconds, nanos}. */
export function parseTimestamp(v: TimestampInput): { seconds: number; nanos: number } {
  if (typeof v === 'number') return { seconds: Math.floor(v / 1000), nanos: Math.round(((v % 1000) + 1000) % 1000) * 1e6 };
  if (v instanceof Date) return parseTimestamp(v.getTime());
  if (typeof v === 'object') return { seconds: v.seconds, nanos: v.nanos ?? 0 };
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(v);
  if (!m) throw new PayloadError(`not an RFC 3339 timestamp: ${v}`);
  const ms = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(ms)) throw new PayloadError(`not an RFC 3339 timestamp: ${v}`);
  return { seconds: ms / 1000, nanos: Number((m[2] ?? '').padEnd(9, '0')) };
}

function scalarFromJson(p: FieldPlan, v: unknown, path: string): unknown {
  switch (p.kind) {
    case 'int64':
    case 'uint64':
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint') return Long.fromString(String(v), p.kind === 'uint64');
      break;
    case 'float':
    case 'double':
      if (typeof v === 'number') return v;
      if (v === 'NaN') return NaN;
      if (v === 'Infinity') return Infinity;
      if (v === '-Infinity') return -Infinity;
      break;
    case 'int32':
    case 'uint32':
      if (typeof v === 'number' && Number.isInteger(v)) return v;
      break;
    case 'string':
      if (typeof v === 'string') return v;
      break;
    case 'bool':
      if (typeof v === 'boolean') return v;
      break;
    case 'bytes':
      if (v instanceof Uint8Array) return v;
      if (typeof v === 'string') return Buffer.from(v, 'base64');
      break;
    case 'enum':
      if (typeof v === 'number' && Number.isInteger(v)) return v;
      if (typeof v === 'string' && p.enumValues && v in p.enumValues) return p.enumValues[v];
      throw new PayloadError(`${path}: unknown enum value ${JSON.stringify(v)}`);
    case 'timestamp':
      if (v == null) return undefined;
      return parseTimestamp(v as TimestampInput);
    case 'message':
      if (v == null) return undefined;
      if (typeof v === 'object') return messageFromJson(p.type as protobuf.Type, v as Record<string, unknown>, path);
      break;
  }
  throw new PayloadError(`${path}: expected ${p.kind}, got ${JSON.stringify(v)}`);
}

/** A protobufjs-encodable object from the protojson shape (lowerCamel or proto names both accepted). */
export function messageFromJson(type: protobuf.Type, json: Record<string, unknown>, path = type.name): Record<string, unknown> {
  planFor(type);
  const fields = byJsonName.get(type) as Map<string, FieldPlan>;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(json)) {
    const p = fields.get(key);
    if (!p) throw new PayloadError(`${path}: unknown field ${key}`);
    const at = `${path}.${key}`;
    if (v === null && !p.oneof) continue;
    if (p.map) {
      const m: Record<string, unknown> = {};
      for (const [k, x] of Object.entries((v ?? {}) as Record<string, unknown>)) m[k] = scalarFromJson(p, x, `${at}.${k}`);
      out[p.name] = m;
    } else if (p.repeated) {
      if (!Array.isArray(v)) throw new PayloadError(`${at}: expected an array`);
      out[p.name] = v.map((x, i) => scalarFromJson(p, x, `${at}[${i}]`));
    } else {
      const s = scalarFromJson(p, v, at);
      if (s !== undefined) out[p.name] = s;
    }
  }
  return out;
}
