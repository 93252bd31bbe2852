import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../support/cli';
import type { LintRecord } from '../../../cli/commands/lint';
import { config, json, VIN_A } from './helpers';

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { code, out, err } = await runCli(args);
  return { code, stdout: out, stderr: err };
}

describe('fleetkit lint', () => {
  let dir: string;
  let good: string;
  let bad: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fleetkit-lint-'));
    good = join(dir, 'good.telemetry.json');
    bad = join(dir, 'bad.telemetry.json');
    writeFileSync(good, json({ vins: [VIN_A], config: { ...config(), exp: Math.floor(Date.now() / 1000) + 86_400 } }));
    writeFileSync(
      bad,
      json({ vins: [VIN_A], config: { ...config({ port: '443', fields: { Sooc: { interval_seconds: 5 } } }), exp: Math.floor(Date.now() / 1000) + 86_400 } }),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 for a config without errors (information still listed)', async () => {
    const r = await run(['lint', good]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /information FT270/);
    assert.match(r.stderr, /1 file\(s\) checked: 0 error\(s\)/);
  });

  it('exits 1 with file:line:col text findings on errors', async () => {
    const r = await run(['lint', good, bad]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: error FT202 `));
    assert.match(r.stderr, /error FT101 .*"Soc"/);
  });

  it('--format json prints {file, range, severity, code, message} records on stdout', async () => {
    const r = await run(['lint', '--format', 'json', bad]);
    assert.equal(r.code, 1);
    const records = JSON.parse(r.stdout) as LintRecord[];
    const port = records.find((x) => x.code === 'FT202')!;
    assert.deepEqual(Object.keys(port).sort(), ['code', 'file', 'message', 'range', 'severity']);
    assert.equal(port.file, bad);
    assert.equal(port.severity, 'error');
    assert.equal(typeof port.range.start.line, 'number');
  });

  it('--firmware VIN=VERSION enables the newer-firmware rule', async () => {
    const withNew = join(dir, 'new.telemetry.json');
    writeFileSync(
      withNew,
      json({ vins: [VIN_A], config: { ...config({ fields: { MilesSinceReset: { interval_seconds: 600 } } }), exp: Math.floor(Date.now() / 1000) + 86_400 } }),
    );
    const r = await run(['lint', '--format', 'json', '--firmware', `${VIN_A}=2025.2.6`, withNew]);
    assert.ok((JSON.parse(r.stdout) as LintRecord[]).some((x) => x.code === 'FT120'));
  });

  it('reports unreadable files and bad usage with exit 2', async () => {
    const missing = await run(['lint', join(dir, 'missing.json')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read .*ENOENT/);
    assert.equal((await run(['lint'])).code, 2);
    assert.equal((await run(['lint', '--format', 'xml', good])).code, 2);
    assert.equal((await run(['lint', '--firmware', 'nonsense', good])).code, 2);
  });
});
