/** `fleetkit alerts test`: alert rules replayed over recorded telemetry (the bridge's spool), for CI (docs/alerts.md). */
import { readFile } from 'node:fs/promises';
import { AlertEngine, formatProblems, readRulesFile, type Alert, type AlertRule } from '../../core/alerts';
import { readSpoolFiles } from '../../core/telemetry-replay';
import { formatCount } from '../../core/format/quantity';
import { parseOptions } from '../args';
import { UsageError, type CliIO } from '../command';
import { subcommandGroup, type Subcommand } from '../subcommands';
import { spoolFiles } from './telemetry/replay';

const TEST_USAGE = `Usage: fleetkit alerts test RULES --replay SPOOL_FILE_OR_DIR... [--json] [--expect FILE]

Replays the bridge's spool files (telemetry-*.jsonl, in the order given; a directory stands for its spool files in
time order) through the alert rules of RULES (an *.alerts.json file) and prints every alert that fires, one line
each on stderr, or with --json an array of {"rule", "vin", "at", "field", "value"} on stdout (at: ISO 8601, the
record's own time). Time is the records' own: a replay gives the same alerts every time.

Exit codes: 0 done; 1 the rules file has errors (printed as file:line:col) or the alerts differ from --expect;
2 bad usage or a file that cannot be read.

Options:
  --replay FILE|DIR   a spool file or directory (repeatable; more files may follow it)
  --json              the alerts as a JSON array on stdout
  --expect FILE       a JSON array in that same shape: exit 1 and print the difference when the alerts differ
`;

/** The alert as `--json` and `--expect` write it. */
export interface ExpectedAlert {
  rule: string;
  vin: string;
  at: string;
  field: string;
  value: unknown;
}

const brief = (a: Alert): ExpectedAlert => ({ rule: a.rule, vin: a.vin, at: a.at, field: a.field, value: a.value });
const key = (a: ExpectedAlert): string => JSON.stringify([a.rule, a.vin, a.at, a.field, a.value]);

function readExpected(file: string, text: string): ExpectedAlert[] {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--expect ${file} is not JSON (${(err as Error).message}): write the array --json prints`);
  }
  const ok = (x: unknown): x is ExpectedAlert =>
    typeof x === 'object' && x !== null && ['rule', 'vin', 'at', 'field'].every((k) => typeof (x as Record<string, unknown>)[k] === 'string') && 'value' in x;
  if (!Array.isArray(v) || !v.every(ok)) {
    throw new UsageError(`--expect ${file} must be an array of {"rule", "vin", "at", "field", "value"}, as --json prints`);
  }
  return v.map((x) => ({ rule: x.rule, vin: x.vin, at: x.at, field: x.field, value: x.value }));
}

/** What differs between two alert lists: missing and unexpected alerts (as multisets), or only their order. */
export function alertDifference(expected: readonly ExpectedAlert[], actual: readonly ExpectedAlert[]): string[] {
  const count = new Map<string, number>();
  for (const a of actual) count.set(key(a), (count.get(key(a)) ?? 0) + 1);
  const missing: string[] = [];
  for (const e of expected) {
    const n = count.get(key(e)) ?? 0;
    if (n > 0) count.set(key(e), n - 1);
    else missing.push(`- ${key(e)}`);
  }
  const left = new Map(count);
  const unexpected: string[] = [];
  for (const a of actual) {
    const n = left.get(key(a)) ?? 0;
    if (n > 0) {
      left.set(key(a), n - 1);
      unexpected.push(`+ ${key(a)}`);
    }
  }
  if (missing.length || unexpected.length) return [...missing, ...unexpected];
  const same = expected.length === actual.length && expected.every((e, i) => key(e) === key(actual[i]));
  return same ? [] : ['the same alerts in a different order'];
}

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${what} ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

async function test(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseOptions(
    args,
    { replay: { type: 'string', multiple: true, default: [] }, json: { type: 'boolean' }, expect: { type: 'string' } },
    true,
  );
  const [rulesPath, ...more] = positionals;
  const replay = [...(values.replay ?? []), ...more];
  if (!rulesPath) throw new UsageError(`name the rules file (an *.alerts.json)\n${TEST_USAGE}`);
  if (!values.replay?.length) throw new UsageError(`--replay SPOOL is required: the bridge's spool files to replay\n${TEST_USAGE}`);
  const text = await readText(rulesPath, 'the rules file');
  const file = readRulesFile(text);
  for (const line of formatProblems(rulesPath, text, file.problems)) io.stderr.write(line + '\n');
  if (!file.rules) {
    io.stderr.write(`${rulesPath}: the rules file has errors; no alerts were evaluated.\n`);
    return 1;
  }
  const expected = values.expect !== undefined ? readExpected(values.expect, await readText(values.expect, 'the --expect file')) : undefined;
  const files = await spoolFiles(replay);
  const { alerts, records, bad } = await evaluate(file.rules, files, io);
  const out = alerts.map(brief);
  if (values.json) io.stdout.write(JSON.stringify(out, null, 2) + '\n');
  else for (const a of alerts) io.stderr.write(`${a.at}  ${a.vin}  ${a.severity.padEnd(8)} ${a.rule}: ${a.message}\n`);
  io.stderr.write(
    `${formatCount(alerts.length)} alerts from ${formatCount(records)} records of ${formatCount(files.length)} spool file${files.length === 1 ? '' : 's'}` +
      `${bad ? `, ${formatCount(bad)} lines skipped` : ''}.\n`,
  );
  if (!expected) return 0;
  const diff = alertDifference(expected, out);
  if (!diff.length) {
    io.stderr.write(`The alerts are the ones ${values.expect} expects.\n`);
    return 0;
  }
  io.stderr.write(`The alerts differ from ${values.expect} (- expected, not fired; + fired, not expected):\n${diff.join('\n')}\n`);
  return 1;
}

async function evaluate(rules: AlertRule[], files: string[], io: CliIO): Promise<{ alerts: Alert[]; records: number; bad: number }> {
  const engine = new AlertEngine(rules);
  const alerts: Alert[] = [];
  let records = 0;
  let bad = 0;
  for await (const item of readSpoolFiles(files, io.signal)) {
    if (item.kind === 'bad') {
      // Alerts a bridge fired earlier are in its spool too: not telemetry, and not an error.
      if (item.alert) continue;
      bad++;
      io.stderr.write(`${item.file}:${item.line}: skipped: ${item.error}\n`);
      continue;
    }
    records++;
    alerts.push(...engine.process(item.record));
  }
  return { alerts, records, bad };
}

const SUBCOMMANDS: Record<string, Subcommand> = {
  test: { summary: 'Replay spool files through alert rules and print the alerts (for CI)', usage: TEST_USAGE, run: test },
};

export const alertsCommand = subcommandGroup('alerts', 'Alert rules over telemetry: test them against recorded spool files', SUBCOMMANDS);
