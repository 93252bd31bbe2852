/**
 * The bridge's records/s with history on vs off, in one run (docs/history.md). In-process: a bridge on loopback and
 * N vehicles streaming over real mTLS WebSockets, each sending its messages as fast as acks allow; a run ends when
 * every message is acked and, with history on, written to the SQLite file. Runs alternate off/on (history first every other round) and the best of each
 * counts, so a noisy neighbour hurts both sides alike.
 *
 *   node --import tsx bench/bridge-history.ts [--vehicles 20] [--messages 2000] [--rounds 4]
 *   npm run bench bridge-history -- --vehicles=40
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchPki, bridgeRound, drivingSample, type BenchPki } from './in-process-bridge';
import { runWhenMain, type BenchResult } from './result';

function once(pki: BenchPki, vehicles: number, messages: number, historyFile: string | undefined): Promise<number> {
  return bridgeRound({
    pki,
    vehicles,
    messages,
    sample: drivingSample,
    // With history on, the run ends when the records are in the database too.
    ...(historyFile ? { options: { history: { file: historyFile } }, drained: (bridge) => bridge.history?.flush() } : {}),
  });
}

export async function run(args: string[]): Promise<BenchResult> {
  const { values } = parseArgs({ args, strict: false, options: { vehicles: { type: 'string' }, messages: { type: 'string' }, rounds: { type: 'string' } } });
  const vehicles = Number(values.vehicles ?? 20);
  const messages = Number(values.messages ?? 2000);
  const rounds = Number(values.rounds ?? 4);
  const pki = benchPki();
  const dir = mkdtempSync(join(tmpdir(), 'fleetkit-bench-history-'));
  let off = 0;
  let on = 0;
  let dbBytes = 0;
  try {
    await once(pki, 2, 50, undefined); // warm-up: TLS, JIT
    for (let r = 0; r < rounds; r++) {
      const file = join(dir, `history-${r}.db`);
      // Every other round history goes first, so neither side always runs on a warmer process.
      for (const withHistory of r % 2 ? [true, false] : [false, true]) {
        const rate = await once(pki, vehicles, messages, withHistory ? file : undefined);
        if (withHistory) on = Math.max(on, rate);
        else off = Math.max(off, rate);
      }
      dbBytes = statSync(file).size;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    title: `Bridge with history on vs off (${vehicles} vehicles × ${messages} records of 6 fields, best of ${rounds})`,
    figures: [
      { name: 'records/s, history off', value: off, unit: 'records/s' },
      { name: 'records/s, history on', value: on, unit: 'records/s' },
      { name: 'history file after a run', value: dbBytes / 1024, unit: 'KiB' },
    ],
    ratios: [{ name: 'history on / off', value: on / off, unit: '×' }],
    notes: ['vehicles, bridge and SQLite share one process (and the machine with whatever else runs): compare the ratio, not the absolute rates'],
  };
}

runWhenMain(module, run);
