export interface SparklineBox {
  width: number;
  height: number;
  /** Time window shown [t0, t1] (ms). */
  t0: number;
  t1: number;
  /** Vertical padding in px. */
  pad?: number;
}

export interface Sparkline {
  /** SVG path data ("M x y L x y …"); empty when there is nothing to draw. */
  d: string;
  min: number;
  max: number;
}

/**
 * The SVG path of a series of [time ms, value] points (time-ordered) in a box: x by time over [t0, t1], y scaled
 * to the visible min..max (a flat series draws mid-height). Points outside the window are skipped; coordinates
 * are rounded to 0.1 px to keep the DOM small.
 */
export function sparklinePath(points: ReadonlyArray<readonly [number, number]>, box: SparklineBox): Sparkline {
  const pad = box.pad ?? 2;
  const visible = points.filter(([t, v]) => t >= box.t0 && t <= box.t1 && Number.isFinite(v));
  if (visible.length === 0) return { d: '', min: NaN, max: NaN };
  let min = Infinity;
  let max = -Infinity;
  for (const [, v] of visible) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const span = box.t1 - box.t0 || 1;
  const range = max - min;
  const r = (n: number) => Math.round(n * 10) / 10;
  const x = (t: number) => r(((t - box.t0) / span) * box.width);
  const y = (v: number) => r(range === 0 ? box.height / 2 : pad + (1 - (v - min) / range) * (box.height - 2 * pad));
  const parts = visible.map(([t, v], i) => `${i === 0 ? 'M' : 'L'}${x(t)} ${y(v)}`);
  if (visible.length === 1) parts.push(`L${r(box.width)} ${y(visible[0]![1])}`);
  return { d: parts.join(' '), min, max };
}
