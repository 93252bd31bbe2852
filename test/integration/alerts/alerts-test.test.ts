import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../support/cli';

// The spool is the bridge's own record lines (fixtures/make-spool.ts writes it with telemetry-bridge/record.ts).
const FIX = join(__dirname, 'fixtures');
const RULES = join(FIX, 'fleet.alerts.json');
const SPOOL_DIR = join(FIX, 'spool');
const SPOOL = join(SPOOL_DIR, 'telemetry-20261207T100000000Z-0001.jsonl');
const EXPECTED = join(FIX, 'expected.json');

describe('fleetkit alerts test', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fleetkit-alerts-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('replays the spool through the rules and prints every alert, one human line each; the torn last line is skipped by name', async () => {
    const r = await runCli(['alerts', 'test', RULES, '--replay', SPOOL]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, '');
    assert.match(r.err, /telemetry-20261207T100000000Z-0001\.jsonl:32: skipped: not JSON \(a torn last line\?\)/);
    assert.match(r.err, /^2026-12-07T10:06:00\.000Z {2}5YJ3E1EA7JF000001 {2}critical low-soc: Soc fell below 20 % \(19\.8 %\)$/m);
    assert.match(r.err, /offline: Disconnected for 12 min \(longer than 10 min\)$/m);
    assert.match(r.err, /^8 alerts from 31 records of 1 spool file, 1 lines skipped\.$/m);
  });

  it('--json prints {rule, vin, at, field, value}: hysteresis, cooldown, when, buffered records after a reconnect and resends all judged', async () => {
    const r = await runCli(['alerts', 'test', RULES, '--replay', SPOOL_DIR, '--json']);
    assert.equal(r.code, 0, r.err);
    // Worked out by hand from make-spool.ts: one low-soc despite the jitter around 20 %, one fast-drop (cooldown),
    // B's drops judged from the records it uploaded after reconnecting, its resends not again.
    assert.deepEqual(JSON.parse(r.out), JSON.parse(readFileSync(EXPECTED, 'utf8')));
  });

  it('--expect: exit 0 when the alerts are the expected ones, 1 with the difference when not', async () => {
    const same = await runCli(['alerts', 'test', RULES, '--replay', SPOOL, '--expect', EXPECTED]);
    assert.equal(same.code, 0, same.err);
    assert.match(same.err, /The alerts are the ones .*expected\.json expects\./);

    const expected = JSON.parse(readFileSync(EXPECTED, 'utf8')) as Array<Record<string, unknown>>;
    const changed = [...expected.slice(1), { ...expected[0], value: 26 }];
    const file = join(dir, 'changed.json');
    writeFileSync(file, JSON.stringify(changed));
    const differs = await runCli(['alerts', 'test', RULES, '--replay', SPOOL, '--expect', file]);
    assert.equal(differs.code, 1);
    assert.match(differs.err, /The alerts differ from .*changed\.json \(- expected, not fired; \+ fired, not expected\):/);
    assert.match(differs.err, /^- \["fast-drop-driving","5YJ3E1EA7JF000001","2026-12-07T10:02:00\.000Z","Soc",26\]$/m);
    assert.match(differs.err, /^\+ \["fast-drop-driving","5YJ3E1EA7JF000001","2026-12-07T10:02:00\.000Z","Soc",27\]$/m);

    const reordered = join(dir, 'reordered.json');
    writeFileSync(reordered, JSON.stringify([...expected].reverse()));
    const order = await runCli(['alerts', 'test', RULES, '--replay', SPOOL, '--expect', reordered]);
    assert.equal(order.code, 1);
    assert.match(order.err, /the same alerts in a different order/);
  });

  it('an invalid rules file: exit 1 with every error as file:line:col, no alerts evaluated', async () => {
    const bad = join(dir, 'bad.alerts.json');
    writeFileSync(bad, '{\n  "rules": [\n    { "name": "low", "field": "Sco", "below": 20, "clearAbove": 15 }\n  ]\n}\n');
    const r = await runCli(['alerts', 'test', bad, '--replay', SPOOL, '--json']);
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    assert.match(r.err, /bad\.alerts\.json:3:31: error: Unknown telemetry field "Sco"\. Did you mean "Soc"\?/);
    assert.match(r.err, /the rules file has errors; no alerts were evaluated/);
  });

  it('usage: exit 2 naming the fix', async () => {
    const noReplay = await runCli(['alerts', 'test', RULES]);
    assert.equal(noReplay.code, 2);
    assert.match(noReplay.err, /--replay SPOOL is required/);
    const noRules = await runCli(['alerts', 'test']);
    assert.equal(noRules.code, 2);
    assert.match(noRules.err, /name the rules file/);
    const missing = await runCli(['alerts', 'test', join(dir, 'nope.alerts.json'), '--replay', SPOOL]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /cannot read the rules file .*nope\.alerts\.json \(ENOENT\)/);
    const noSpool = await runCli(['alerts', 'test', RULES, '--replay', join(dir, 'none.jsonl')]);
    assert.equal(noSpool.code, 2);
    const badExpect = join(dir, 'x.json');
    writeFileSync(badExpect, '{"rule": 1}');
    const r = await runCli(['alerts', 'test', RULES, '--replay', SPOOL, '--expect', badExpect]);
    assert.equal(r.code, 2);
    assert.match(r.err, /must be an array of \{"rule", "vin", "at", "field", "value"\}, as --json prints/);
    const unknown = await runCli(['alerts', 'test', RULES, '--replay', SPOOL, '--frobnicate']);
    assert.equal(unknown.code, 2);
    const sub = await runCli(['alerts', 'run']);
    assert.equal(sub.code, 2);
    assert.match(sub.err, /unknown subcommand 'run'/);
  });
});
