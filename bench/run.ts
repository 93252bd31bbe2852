/**
 * `npm run bench [name…]`: runs the named benchmarks (all by default) one after another and prints their figures.
 * Each benchmark is a module bench/<name>.ts exporting `run(args: string[]): Promise<BenchResult>`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

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

const ALL = ['fleet', 'commands', 'lsp', 'bridge', 'bridge-history', 'alerts'];

function format(result: BenchResult): string {
  const rows = [...result.figures, ...(result.ratios ?? [])];
  const width = Math.max(...rows.map((f) => f.name.length), 10);
  const lines = [`\n== ${result.title}`];
  for (const f of result.figures) lines.push(`  ${f.name.padEnd(width)}  ${fmt(f.value)} ${f.unit}`);
  for (const r of result.ratios ?? []) lines.push(`  ${r.name.padEnd(width)}  ${fmt(r.value)} ${r.unit}`);
  for (const n of result.notes ?? []) lines.push(`  note: ${n}`);
  return lines.join('\n');
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 1) return v.toFixed(2);
  return v.toPrecision(3);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const names = args.filter((a) => !a.startsWith('-'));
  const selected = names.length ? names : ALL;
  let failed = 0;
  for (const name of selected) {
    const file = join(__dirname, `${name}.ts`);
    if (!existsSync(file)) {
      console.error(`bench: no benchmark named '${name}' (expected ${file})`);
      failed++;
      continue;
    }
    const mod = (await import(file)) as { run?: (args: string[]) => Promise<BenchResult | void> };
    if (typeof mod.run !== 'function') {
      console.error(`bench: ${name}.ts does not export run()`);
      failed++;
      continue;
    }
    try {
      console.log(`\n### bench ${name}`);
      const result = await mod.run(args.filter((a) => a.startsWith('-')));
      // A benchmark may print its own figures and return nothing.
      if (result && Array.isArray(result.figures)) console.log(format(result));
    } catch (err) {
      console.error(`bench ${name} failed:`, err);
      failed++;
    }
  }
  process.exitCode = failed ? 1 : 0;
}

void main();
