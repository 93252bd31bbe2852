/**
 * The rewrites fleet-telemetry applies to every V record before it is dispatched (telemetry/record.go,
 * applyProtoRecordTransforms: transformLocation, then transformScientificNotation; both change the protobuf, so they
 * show in the decoded JSON and in the re-marshalled payload alike). Written from their documented behaviour and Go's
 * number formatting rules, so our decoded JSON has the same bytes:
 *
 * - A string value matching `^[+-]?(\d*\.\d+|\d+\.\d*)([eE][+-]?\d+)$` (a dot is required: "1e5" is left alone) is
 *   parsed as a float32 (Go `strconv.ParseFloat(s, 32)`: correctly rounded, overflow = error = left alone) and
 *   replaced by `fmt.Sprintf("%.5f", float64(thatFloat32))`: exact decimal expansion, round half to even, "-0.00000"
 *   keeps its sign.
 * - The first Location datum holding a string is parsed with `fmt.Sscanf(s, "(%f %1s, %f %1s)")` and becomes a
 *   LocationValue when the hemispheres are N/S and E/W.
 */

import { formatFixed, parseFloat32 } from './go-numbers';

/** fleet-telemetry's pattern (telemetry/record.go scientificNotationFloatRegex). */
export const SCIENTIFIC_NOTATION = /^[+-]?(\d*\.\d+|\d+\.\d*)([eE][+-]?\d+)$/;

/**
 * fleet-telemetry's transformScientificNotation for one string value: the rewritten text, or undefined when the
 * value stays as it is. Runs on every string value of every V record, so the common cases leave after a character
 * test or two, before the pattern.
 */
export function rewriteScientificNotation(s: string): string | undefined {
  const n = s.length;
  if (n < 4) return undefined; // the shortest match is like "1.e5" or ".5e1"
  const last = s.charCodeAt(n - 1);
  if (last < 0x30 || last > 0x39) return undefined;
  const first = s.charCodeAt(0);
  if (!((first >= 0x30 && first <= 0x39) || first === 0x2e || first === 0x2b || first === 0x2d)) return undefined;
  if (s.indexOf('e') < 0 && s.indexOf('E') < 0) return undefined;
  if (!SCIENTIFIC_NOTATION.test(s)) return undefined;
  const f = parseFloat32(s);
  return f === undefined ? undefined : formatFixed(f, 5);
}

// ---------------------------------------------------------------- Location strings: fmt.Sscanf(s, "(%f %1s, %f %1s)")

/** Go's fmt scanning space (unicode.White_Space below U+10000; newline is handled apart). */
function isGoSpace(c: number): boolean {
  return (
    (c >= 0x09 && c <= 0x0d) ||
    c === 0x20 ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

class ScanFailed extends Error {}

/** A cursor over the text with the few fmt.Sscanf steps the Location format needs. */
class GoScan {
  i = 0;
  constructor(private readonly s: string) {}

  private fail(): never {
    throw new ScanFailed();
  }

  /** A literal format character must be the very next input character. */
  literal(c: string): void {
    if (this.s[this.i] !== c) this.fail();
    this.i++;
  }

  /** Before a verb: skip spaces; a newline is an error (Sscanf does not treat newlines as space). */
  skipSpace(): void {
    for (;;) {
      const c = this.s.charCodeAt(this.i);
      if (Number.isNaN(c)) return;
      if (c === 0x0d && this.s.charCodeAt(this.i + 1) === 0x0a) {
        this.i++;
        continue;
      }
      if (c === 0x0a) this.fail();
      if (!isGoSpace(c)) return;
      this.i++;
    }
  }

  /** A space in the format: at least one space in the input (or the end of it), then any more. */
  formatSpace(): void {
    const c = this.s.charCodeAt(this.i);
    if (Number.isNaN(c)) return;
    if (c === 0x0a || !isGoSpace(c)) this.fail();
    while (this.i < this.s.length && this.s.charCodeAt(this.i) !== 0x0a && isGoSpace(this.s.charCodeAt(this.i))) this.i++;
  }

  private accept(chars: string): boolean {
    const c = this.s[this.i];
    if (c !== undefined && chars.includes(c)) {
      this.i++;
      return true;
    }
    return false;
  }

  /** %f into a float64: the token fmt reads, then strconv.ParseFloat (with fmt's own "p" binary exponent). */
  float(): number {
    this.skipSpace();
    if (this.i >= this.s.length) this.fail();
    const start = this.i;
    if (this.accept('nN') && this.accept('aA') && this.accept('nN')) return NaN;
    this.i = start;
    this.accept('+-');
    const afterSign = this.i;
    if (this.accept('iI') && this.accept('nN') && this.accept('fF')) return this.s[start] === '-' ? -Infinity : Infinity;
    this.i = afterSign;
    let digits = '0123456789_';
    let exponent = 'eEpP';
    if (this.accept('0') && this.accept('xX')) {
      digits = '0123456789aAbBcCdDeEfF_';
      exponent = 'pP';
    }
    while (this.accept(digits));
    if (this.accept('.')) while (this.accept(digits));
    if (this.accept(exponent)) {
      this.accept('+-');
      while (this.accept('0123456789_'));
    }
    const token = this.s.slice(start, this.i);
    // Hexadecimal mantissas and digit separators are not emulated: no vehicle sends them.
    if (/[xX_]/.test(token)) this.fail();
    // fmt applies only a lower-case "p" itself; strconv refuses an upper-case one.
    const p = token.indexOf('p');
    const mantissa = p >= 0 ? token.slice(0, p) : token;
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(mantissa)) this.fail();
    const value = Number(mantissa);
    if (p < 0) return value;
    const power = token.slice(p + 1);
    if (!/^[+-]?\d+$/.test(power)) this.fail();
    return value * 2 ** Number(power);
  }

  /** %1s: one character that is not a space. */
  oneChar(): string {
    this.skipSpace();
    const c = this.s.codePointAt(this.i);
    if (c === undefined) this.fail();
    const ch = String.fromCodePoint(c);
    this.i += ch.length;
    return ch;
  }
}

/** "(37.412374 N, 122.145867 W)": plain decimals, single spaces (Sscanf ignores what follows the ")"). */
const CANONICAL_LOCATION = /^\((\d+\.\d+) ([NS]), (\d+\.\d+) ([EW])\)/;

/**
 * fleet-telemetry's ParseLocation: "(37.412374 N, 122.145867 W)" → { latitude: 37.412374, longitude: -122.145867 }, or
 * undefined. Follows fmt.Sscanf's rules: the comma and the closing parenthesis must follow the hemisphere letters
 * directly, each space in the format needs at least one space in the input, and text after ")" is ignored.
 */
export function parseLocationText(text: string): { latitude: number; longitude: number } | undefined {
  // The form vehicles send, which Sscanf reads the same way; anything else goes through the scanner.
  const m = CANONICAL_LOCATION.exec(text);
  if (m) {
    const latitude = Number(m[1]);
    const longitude = Number(m[3]);
    return { latitude: m[2] === 'S' ? -latitude : latitude, longitude: m[4] === 'W' ? -longitude : longitude };
  }
  const scan = new GoScan(text);
  try {
    scan.literal('(');
    let latitude = scan.float();
    scan.formatSpace();
    const latQ = scan.oneChar();
    scan.literal(',');
    scan.formatSpace();
    let longitude = scan.float();
    scan.formatSpace();
    const lonQ = scan.oneChar();
    scan.literal(')');
    if ((latQ !== 'N' && latQ !== 'S') || (lonQ !== 'E' && lonQ !== 'W')) return undefined;
    if (latQ === 'S') latitude = -latitude;
    if (lonQ === 'W') longitude = -longitude;
    return { latitude, longitude };
  } catch (err) {
    if (err instanceof ScanFailed) return undefined;
    throw err;
  }
}
