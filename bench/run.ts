/**
 * `npm run bench [name…]`: runs the named benchmarks (all by default) one after another and prints their figures.
 * Each benchmark is a module bench/<name>.ts exporting `run(args: string[]): Promise<BenchResult>`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { formatResult, type BenchResult } from './result';

export type { BenchFigure, BenchResult } from './result';

const ALL = ['fleet', 'commands', 'lsp', 'bridge', 'bridge-history', 'alerts'];

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
      if (result && Array.isArray(result.figures)) console.log(formatResult(result));
    } catch (err) {
      console.error(`bench ${name} failed:`, err);
      failed++;
    }
  }
  process.exitCode = failed ? 1 : 0;
}

void main();
