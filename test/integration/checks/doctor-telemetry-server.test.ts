import { strict as assert } from 'node:assert';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDoctor } from '../../../core/checks/doctor/run';
import { runCli } from '../../support/cli';
import { startTelemetryServerFixture, type TelemetryServerFixture } from './telemetry-server-fixture';

describe('doctor: telemetry server item against fixture TLS servers', function () {
  let fx: TelemetryServerFixture;
  let dir: string;
  before(async () => {
    fx = await startTelemetryServerFixture();
    dir = await mkdtemp(join(tmpdir(), 'fleetkit-doctor-server-'));
  });
  after(async () => {
    await fx.close();
    await rm(dir, { recursive: true, force: true });
  });

  // No token and no domain: the doctor makes no Fleet API call; only the telemetry server is contacted.
  const doctor = (name: 'good' | 'missingIntermediate', configText = fx.cases[name].configText) =>
    runDoctor({
      tokenUrl: 'https://auth.invalid/oauth2/v3/token',
      fleetUrls: {},
      telemetryServer: { configText, source: `${name}.telemetry.json`, resolve: fx.cases[name].resolve },
    });
  const item = (r: Awaited<ReturnType<typeof runDoctor>>) => r.checks.find((c) => c.id === 'telemetry.server')!;

  it('passes for a good server and fails a broken one with the server check as its action', async () => {
    const good = item(await doctor('good'));
    assert.equal(good.status, 'pass', good.detail);
    assert.match(good.detail, /^telemetry\.fleetkit\.test:443: 9 passed, 1 skipped\.$/);
    const broken = item(await doctor('missingIntermediate'));
    assert.equal(broken.status, 'fail');
    assert.match(broken.detail, /Server chain verifies against the config's ca: The server sends only its leaf/);
    assert.match(broken.fix, /fullchain\.pem/);
    assert.equal(broken.action, 'fleetkit.checkTelemetryServer');
  });

  it('fails a config that cannot be checked instead of throwing', async () => {
    const r = await doctor('good', '{"port": 443}');
    assert.equal(item(r).status, 'fail');
    assert.match(item(r).detail, /cannot be checked: good\.telemetry\.json: no "hostname"/);
  });

  it('fleetkit doctor --telemetry-config runs the item (and without it, skips it)', async () => {
    const file = join(dir, 'good.telemetry.json');
    await writeFile(file, fx.cases.good.configText);
    const run = async (args: string[]) => {
      const { out } = await runCli(['doctor', ...args, '--json'], { env: { FLEETKIT_CONFIG_DIR: dir } });
      return (JSON.parse(out) as { checks: Array<{ id: string; status: string; detail: string }> }).checks.find((c) => c.id === 'telemetry.server')!;
    };
    const checked = await run(['--telemetry-config', file, '--resolve', fx.cases.good.resolveArg]);
    assert.equal(checked.status, 'pass', checked.detail);
    assert.equal((await run([])).status, 'skip');
  });
});
