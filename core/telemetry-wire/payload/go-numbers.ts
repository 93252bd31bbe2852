/**
 * Go's number parsing and formatting rules that show in fleet-telemetry's decoded JSON, re-implemented from their
 * documented behaviour (strconv and fmt): float32 parsing with a single correct rounding, `%.Nf` formatting of the
 * exact binary value with round half to even, and the shortest float32 text protojson writes.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);
/** The low 32 bits of f64[0] (little-endian, as every platform Node runs on). */
const f64Low = new Uint32Array(f64.buffer);

const MIN_NORMAL_FLOAT32 = 2 ** -126;

function bits32(x: number): number {
  f32[0] = x;
  return u32[0];
}

function fromBits32(b: number): number {
  u32[0] = b;
  return f32[0];
}

/** A positive finite double as m · 2^e with m an integer. */
function exactParts(x: number): { m: bigint; e: number } {
  f64[0] = x;
  const b = u64[0];
  const exponent = Number((b >> 52n) & 0x7ffn);
  const fraction = b & 0xfffffffffffffn;
  return exponent === 0 ? { m: fraction, e: -1074 } : { m: fraction | (1n << 52n), e: exponent - 1075 };
}

/** Compares the value of an unsigned decimal text (digits, optional dot, optional exponent) with a positive double. */
function compareDecimal(text: string, x: number): number {
  const m = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) throw new Error(`not a decimal: ${text}`);
  const digits = BigInt(`${m[1]}${m[2] ?? ''}` || '0');
  const e10 = Number(m[3] ?? 0) - (m[2] ?? '').length;
  const { m: mant, e: e2 } = exactParts(x);
  // digits · 10^e10  vs  mant · 2^e2, both sides scaled to integers.
  let left = digits;
  let right = mant;
  if (e10 >= 0) left *= 10n ** BigInt(e10);
  else right *= 10n ** BigInt(-e10);
  if (e2 >= 0) right <<= BigInt(e2);
  else left <<= BigInt(-e2);
  return left === right ? 0 : left > right ? 1 : -1;
}

/**
 * Go's `strconv.ParseFloat(text, 32)` for a decimal text (`[+-]digits[.digits][e±digits]`): the float32 nearest to the
 * exact decimal value, ties to even; undefined when it overflows (Go returns ±Inf with ErrRange). Underflow is not an
 * error (0 or a subnormal, keeping the sign). `Math.fround(Number(text))` rounds twice (to double, then to float32);
 * that differs from one rounding only when the double lands exactly halfway between two float32s, which is then
 * settled on the exact decimal.
 */
export function parseFloat32(text: string): number | undefined {
  const c0 = text.charCodeAt(0);
  const negative = c0 === 0x2d;
  const unsigned = c0 === 0x2d || c0 === 0x2b ? text.slice(1) : text;
  const d = Number(unsigned);
  if (Number.isNaN(d)) return undefined;
  let f = Math.fround(d);
  if (f !== d && d !== Infinity) {
    const lower = f < d ? f : fromBits32(bits32(f) - 1);
    const upper = fromBits32(bits32(lower) + 1);
    // The midpoint has one bit more than a float32 mantissa: exact in a double (2^128 stands in for the overflow).
    const mid = (lower + (upper === Infinity ? 2 ** 128 : upper)) / 2;
    if (d === mid) {
      const c = compareDecimal(unsigned, mid);
      f = c > 0 ? upper : c < 0 ? lower : (bits32(lower) & 1) === 0 ? lower : upper;
    }
  }
  if (f === Infinity) return undefined;
  return negative ? -f : f;
}

/** Go's `fmt.Sprintf("%.<digits>f", x)` for a finite double: the exact binary value rounded half to even. */
export function formatFixed(x: number, digits: number): string {
  const negative = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  const scale = 10n ** BigInt(digits);
  let q = 0n;
  if (a !== 0) {
    const { m, e } = exactParts(a);
    const num = m * scale;
    if (e >= 0) q = num << BigInt(e);
    else {
      const shift = BigInt(-e);
      q = num >> shift;
      const rest = num - (q << shift);
      const half = 1n << (shift - 1n);
      if (rest > half || (rest === half && (q & 1n) === 1n)) q += 1n;
    }
  }
  const text = q.toString().padStart(digits + 1, '0');
  const point = text.length - digits;
  return `${negative ? '-' : ''}${text.slice(0, point)}${digits ? '.' : ''}${text.slice(point)}`;
}

/** True when the double is exactly halfway between two normal float32s (a 1 just below float32 precision, then 0s). */
function isFloat32Midpoint(d: number): boolean {
  f64[0] = d;
  return (f64Low[0] & 0x1fffffff) === 0x10000000;
}

/** Whether the decimal `text` (value `d` as a double) reads back as the positive float32 `a` in Go. */
function roundTrips32(text: string, d: number, a: number): boolean {
  if (a < MIN_NORMAL_FLOAT32 || isFloat32Midpoint(d)) return parseFloat32(text) === a;
  return Math.fround(d) === a;
}

/** The p-digit decimal one unit above the p-digit decimal `d`, as text. */
function nextDecimalUp(d: number, p: number): string {
  const [mantissa, exponent] = d.toExponential(p - 1).split('e');
  return `${Number(mantissa.replace('.', '')) + 1}e${Number(exponent) - (p - 1)}`;
}

/**
 * Go protojson's text of a float32 value (strconv.AppendFloat(v, 'f' or 'e', -1, 32) and JSON's exponent rule): the
 * shortest decimal that reads back as the same float32, the nearest such one, ties to an even last digit. `v` must be
 * a float32 value (as decoded) and finite. `toPrecision` gives the nearest p-digit decimal but rounds ties up, and
 * below a power of two the round-trip interval is half as wide, so the decimal above may fit where the nearest does
 * not: both are settled here. JavaScript's own number text then matches Go's layout (exponent below 1e-6 and from
 * 1e21, "1e-7" and "1e+21").
 */
export function float32Text(v: number): string {
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const a = Math.abs(v);
  const sign = v < 0 ? '-' : '';
  const powerOfTwo = (bits32(a) & 0x7fffff) === 0 && a >= MIN_NORMAL_FLOAT32;
  for (let p = 1; p <= 9; p++) {
    const text = a.toPrecision(p);
    const d = Number(text);
    if (roundTrips32(text, d, a)) return sign + String(tieToEven(a, p, d));
    if (powerOfTwo && d < a) {
      const up = nextDecimalUp(d, p);
      const u = Number(up);
      if (roundTrips32(up, u, a)) return sign + String(u);
    }
  }
  return sign + String(a);
}

/**
 * `d` is the nearest p-digit decimal to `a` with ties rounded up; Go rounds a tie to the even digit. A tie needs `a`
 * to end exactly in a 5 one digit further, which a float32 with more than 13 fraction bits cannot (its expansion is
 * longer than 9 digits) nor an integer (a tie between p-digit decimals that both read back as it is impossible).
 */
function tieToEven(a: number, p: number, d: number): number {
  if (d <= a || Number.isInteger(a) || !Number.isInteger(a * 8192)) return d;
  const longer = a.toPrecision(p + 1);
  const [mantissa, exponent] = longer.includes('e') ? longer.split('e') : [longer, ''];
  if (!mantissa.endsWith('5') || compareDecimal(longer, a) !== 0) return d;
  const down = Number(`${mantissa.slice(0, -1)}${exponent ? `e${exponent}` : ''}`);
  const lastKept = mantissa.replace('.', '').slice(-2, -1);
  return Number(lastKept) % 2 === 0 && roundTrips32(String(down), down, a) ? down : d;
}

/** Go protojson's text of a finite double: JavaScript's shortest text, except that negative zero keeps its sign. */
export function doubleText(v: number): string {
  return v === 0 && Object.is(v, -0) ? '-0' : String(v);
}
