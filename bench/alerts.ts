/**
 * Alert rules (docs/alerts.md): the engine's records/s with 100 rules, pure (no I/O), and the bridge's records/s with
 * those rules on vs off in one run. The bridge part is bench/bridge-history.ts's setup: an in-process bridge on
 * loopback, N vehicles streaming over real mTLS WebSockets as fast as acks allow; with rules on, a run ends when every
 * record has been evaluated too. Runs alternate off/on and the best of each counts.
 *
 *   node --import tsx bench/alerts.ts [--records 200000] [--vehicles 20] [--messages 2000] [--rounds 2]
 *   npm run bench alerts
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { AlertEngine, readRulesFile } from '../core/alerts';
import type { TelemetryRecord } from '../core/messages/live-feed';
import { benchPki, bridgeRound, DRIVE_T0, drivingSample, type BenchPki } from './in-process-bridge';
import { runWhenMain, type BenchResult } from './result';

const NUMERIC = [
  'Soc',
  'VehicleSpeed',
  'Odometer',
  'PackVoltage',
  'PackCurrent',
  'ModuleTempMax',
  'InsideTemp',
  'OutsideTemp',
  'BatteryLevel',
  'EstBatteryRange',
];

/** 100 rules of every kind over the fields the records carry: 40 thresholds, 20 deltas, 20 becomes, 10 stale, 10 connectivity. */
export function hundredRules(): string {
  const rules: object[] = [];
  for (let i = 0; i < 40; i++) {
    const field = NUMERIC[i % NUMERIC.length];
    rules.push(
      i % 2 ? { name: `t${i}`, field, below: 10 + i, clearAbove: 15 + i } : { name: `t${i}`, field, above: 50 + i, clearBelow: 40 + i, cooldownSeconds: 60 },
    );
  }
  for (let i = 0; i < 20; i++) rules.push({ name: `d${i}`, field: NUMERIC[i % NUMERIC.length], dropBy: 1 + i, withinSeconds: 60 + i * 30 });
  for (let i = 0; i < 20; i++) {
    rules.push(
      i % 2
        ? { name: `b${i}`, field: 'Gear', becomes: i % 4 === 1 ? 'ShiftStateD' : 'ShiftStateP' }
        : { name: `b${i}`, field: 'DetailedChargeState', becomes: 'DetailedChargeStateComplete', when: { field: 'Soc', atLeast: i } },
    );
  }
  for (let i = 0; i < 10; i++) {
    rules.push({ name: `s${i}`, field: i % 2 ? 'Location' : 'HvacPower', staleSeconds: 30 + i, when: { field: 'Gear', in: ['ShiftStateD'] } });
  }
  for (let i = 0; i < 10; i++) rules.push({ name: `c${i}`, disconnectedSeconds: 60 * (i + 1) });
  return JSON.stringify({ rules });
}

function engineRate(records: number): { rate: number; alerts: number } {
  const rules = readRulesFile(hundredRules()).rules!;
  const vins = 50;
  const recs: TelemetryRecord[] = Array.from({ length: Math.min(records, 50_000) }, (_, k) => {
    const i = k % vins;
    const n = Math.floor(k / vins);
    const s = drivingSample(i, n);
    return {
      txtype: 'V',
      vin: `5YJ3BENCH${String(i).padStart(8, '0')}`,
      txid: '',
      received_at: DRIVE_T0 + n * 1000,
      connection_id: '',
      device_client_version: '',
      message_id: '',
      seq: k,
      record: { data: s.data, createdAt: new Date(Number(s.createdAt)).toISOString() },
    };
  });
  const engine = new AlertEngine(rules);
  for (const r of recs.slice(0, 2000)) engine.process(r); // warm-up
  const e = new AlertEngine(rules);
  const start = performance.now();
  let alerts = 0;
  // Past the prepared records, later laps move time on so each one is new to the engine.
  for (let k = 0; k < records; k++) {
    const base = recs[k % recs.length];
    const lap = Math.floor(k / recs.length);
    const rec = lap
      ? { ...base, record: { ...base.record, createdAt: new Date(Date.parse(String(base.record.createdAt)) + lap * 86_400_000).toISOString() } }
      : base;
    alerts += e.process(rec).length;
  }
  return { rate: records / ((performance.now() - start) / 1000), alerts };
}

function bridgeRate(pki: BenchPki, vehicles: number, messages: number, rulesFile: string | undefined): Promise<number> {
  return bridgeRound({
    pki,
    vehicles,
    messages,
    sample: drivingSample,
    ...(rulesFile
      ? {
          options: { alerts: { file: rulesFile } },
          // With rules on, the run ends when every record has been evaluated.
          drained: async (bridge) => {
            while (bridge.alerts!.stats().records < vehicles * messages) await new Promise((r) => setImmediate(r));
          },
        }
      : {}),
  });
}

export async function run(args: string[]): Promise<BenchResult> {
  const { values } = parseArgs({
    args,
    strict: false,
    options: { records: { type: 'string' }, vehicles: { type: 'string' }, messages: { type: 'string' }, rounds: { type: 'string' } },
  });
  const records = Number(values.records ?? 200_000);
  const vehicles = Number(values.vehicles ?? 20);
  const messages = Number(values.messages ?? 2000);
  const rounds = Number(values.rounds ?? 2);
  const engine = engineRate(records);
  const pki = benchPki();
  const dir = mkdtempSync(join(tmpdir(), 'fleetkit-bench-alerts-'));
  const rulesFile = join(dir, 'bench.alerts.json');
  writeFileSync(rulesFile, hundredRules());
  let off = 0;
  let on = 0;
  try {
    await bridgeRate(pki, 2, 50, undefined); // warm-up: TLS, JIT
    for (let r = 0; r < rounds; r++) {
      off = Math.max(off, await bridgeRate(pki, vehicles, messages, undefined));
      on = Math.max(on, await bridgeRate(pki, vehicles, messages, rulesFile));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    title: `Alert rules: the engine with 100 rules (${records} records of 6 fields, 50 vehicles), and the bridge with them on vs off (${vehicles} vehicles × ${messages} records, best of ${rounds})`,
    figures: [
      { name: 'engine, 100 rules', value: engine.rate, unit: 'records/s' },
      { name: 'engine alerts fired', value: engine.alerts, unit: 'alerts' },
      { name: 'bridge records/s, rules off', value: off, unit: 'records/s' },
      { name: 'bridge records/s, rules on', value: on, unit: 'records/s' },
    ],
    ratios: [{ name: 'bridge rules on / off', value: on / off, unit: '×' }],
    notes: ['vehicles, bridge and engine share one process (and the machine with whatever else runs): compare the ratio, not the absolute rates'],
  };
}

runWhenMain(module, run);
