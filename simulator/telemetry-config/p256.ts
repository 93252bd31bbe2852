/**
 * Minimal P-256 arithmetic (affine, BigInt) for the simulator's own Schnorr verification. The simulator is an
 * independent peer: it does not reuse core's signing code to check what core signed.
 */
export const P = BigInt('0xffffffff00000001000000000000000000000000ffffffffffffffffffffffff');
export const N = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');
const A = P - 3n;
const B = BigInt('0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b');
export const G: Point = {
  x: BigInt('0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296'),
  y: BigInt('0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5'),
};

/** `null` is the point at infinity. */
export type Point = { x: bigint; y: bigint } | null;

function mod(a: bigint, m = P): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

function inverse(a: bigint, m = P): bigint {
  let [oldR, r] = [mod(a, m), m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return mod(oldS, m);
}

export function isOnCurve(p: Point): boolean {
  if (!p) return false;
  if (p.x < 0n || p.x >= P || p.y < 0n || p.y >= P) return false;
  return mod(p.y * p.y - (p.x * p.x * p.x + A * p.x + B)) === 0n;
}

export function add(p: Point, q: Point): Point {
  if (!p) return q;
  if (!q) return p;
  if (p.x === q.x && mod(p.y + q.y) === 0n) return null;
  const lambda = p.x === q.x && p.y === q.y ? mod((3n * p.x * p.x + A) * inverse(2n * p.y)) : mod((q.y - p.y) * inverse(q.x - p.x));
  const x = mod(lambda * lambda - p.x - q.x);
  return { x, y: mod(lambda * (p.x - x) - p.y) };
}

export function multiply(k: bigint, p: Point): Point {
  let result: Point = null;
  let addend = p;
  let n = mod(k, N);
  while (n > 0n) {
    if (n & 1n) result = add(result, addend);
    addend = add(addend, addend);
    n >>= 1n;
  }
  return result;
}

export function decodePoint(bytes: Uint8Array): Point {
  if (bytes.length !== 65 || bytes[0] !== 4) return null;
  const hex = Buffer.from(bytes).toString('hex');
  const point = { x: BigInt(`0x${hex.slice(2, 66)}`), y: BigInt(`0x${hex.slice(66)}`) };
  return isOnCurve(point) ? point : null;
}

export function encodePoint(p: NonNullable<Point>): Buffer {
  return Buffer.from(`04${p.x.toString(16).padStart(64, '0')}${p.y.toString(16).padStart(64, '0')}`, 'hex');
}
