/** What a benchmark returns, how it is printed, and how a bench module runs on its own (`node --import tsx bench/x.ts`). */

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
}

export interface BenchResult {
  title: string;
  figures: BenchFigure[];
  /** Ratios worth reading on their own (e.g. ours / baseline). */
  ratios?: BenchFigure[];
  notes?: string[];
}

export function formatResult(result: BenchResult): string {
  const rows = [...result.figures, ...(result.ratios ?? [])];
  const width = Math.max(...rows.map((f) => f.name.length), 10);
  const lines = [`\n== ${result.title}`];
  for (const f of rows) lines.push(`  ${f.name.padEnd(width)}  ${fmt(f.value)} ${f.unit}`);
  for (const n of result.notes ?? []) lines.push(`  note: ${n}`);
  return lines.join('\n');
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 1) return v.toFixed(2);
  return v.toPrecision(3);
}

/**
 * Runs `run` with the command line's arguments when `mod` is the entry module, and prints its figures. `exit` ends
 * the process afterwards (benches whose servers or threads would keep it alive).
 */
export function runWhenMain(mod: NodeModule, run: (args: string[]) => Promise<BenchResult>, options: { exit?: boolean } = {}): void {
  if (require.main !== mod) return;
  run(process.argv.slice(2)).then(
    (r) => {
      console.log(formatResult(r));
      if (options.exit) process.exit(0);
    },
    (err: unknown) => {
      console.error(err);
      if (options.exit) process.exit(1);
      process.exitCode = 1;
    },
  );
}
