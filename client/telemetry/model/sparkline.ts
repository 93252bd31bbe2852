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
 * are rounded to 0.1 px and each pixel column keeps only its extremes, to keep the DOM small.
 */
export function sparklinePath(points: ReadonlyArray<readonly [number, number]>, box: SparklineBox): Sparkline {
  const pad = box.pad ?? 2;
  const span = box.t1 - box.t0 || 1;
  const columns = Math.max(1, Math.floor(box.width));
  // Downsample to at most two points (min and max, in time order) per pixel column: a long history at hundreds of
  // records per second still draws a path of a few hundred points.
  const visible: Array<[number, number]> = [];
  let col = -1;
  let lo: [number, number] | undefined;
  let hi: [number, number] | undefined;
  const flush = () => {
    if (!lo || !hi) return;
    if (lo === hi) visible.push(lo);
    else if (lo[0] <= hi[0]) visible.push(lo, hi);
    else visible.push(hi, lo);
  };
  for (const [t, v] of points) {
    if (t < box.t0 || t > box.t1 || !Number.isFinite(v)) continue;
    const c = Math.min(columns - 1, Math.floor(((t - box.t0) / span) * columns));
    if (c !== col) {
      flush();
      col = c;
      lo = hi = [t, v];
    } else {
      if (v < lo![1]) lo = [t, v];
      if (v > hi![1]) hi = [t, v];
    }
  }
  flush();
  if (visible.length === 0) return { d: '', min: NaN, max: NaN };
  let min = Infinity;
  let max = -Infinity;
  for (const [, v] of visible) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const range = max - min;
  const r = (n: number) => Math.round(n * 10) / 10;
  const x = (t: number) => r(((t - box.t0) / span) * box.width);
  const y = (v: number) => r(range === 0 ? box.height / 2 : pad + (1 - (v - min) / range) * (box.height - 2 * pad));
  const parts = visible.map(([t, v], i) => `${i === 0 ? 'M' : 'L'}${x(t)} ${y(v)}`);
  if (visible.length === 1) parts.push(`L${r(box.width)} ${y(visible[0]![1])}`);
  return { d: parts.join(' '), min, max };
}
