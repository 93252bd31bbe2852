import { strict as assert } from 'node:assert';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../cli/main';
import { cliIo } from '../../support/cli';
import { HOSTNAME, PARTNER_DOMAIN, startTelemetryServerFixture, type CaseName, type TelemetryServerFixture } from './telemetry-server-fixture';

describe('fleetkit telemetry check-server (CLI) against fixture TLS servers', function () {
  let fx: TelemetryServerFixture;
  let dir: string;
  const file = (name: CaseName): string => join(dir, `${name}.telemetry.json`);

  before(async () => {
    fx = await startTelemetryServerFixture();
    dir = await mkdtemp(join(tmpdir(), 'fleetkit-check-server-'));
    for (const [name, c] of Object.entries(fx.cases)) await writeFile(join(dir, `${name}.telemetry.json`), c.configText);
  });
  after(async () => {
    await fx.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 0 for a good server and prints the human report on stderr', async () => {
    const t = cliIo();
    const code = await main(
      ['telemetry', 'check-server', '--config', file('good'), '--resolve', fx.cases.good.resolveArg, '--partner-domain', PARTNER_DOMAIN],
      t.io,
    );
    assert.equal(code, 0, t.err());
    assert.equal(t.out(), '');
    assert.match(t.err(), new RegExp(`^Telemetry server — ${HOSTNAME.replace(/\./g, '\\.')}:443`));
    assert.match(t.err(), /PASS {2}Refuses a client without a certificate/);
    assert.match(t.err(), /OK: 10 passed, 0 warning\(s\), 0 failed, 0 skipped\./);
  });

  it('exits 1 when a check fails, and --json prints the report on stdout', async () => {
    const t = cliIo();
    const code = await main(
      ['telemetry', 'check-server', '--config', file('optionalClientCert'), '--resolve', fx.cases.optionalClientCert.resolveArg, '--json'],
      t.io,
    );
    assert.equal(code, 1);
    const report = JSON.parse(t.out());
    assert.equal(report.kind, 'telemetry-server');
    assert.equal(report.summary.ok, false);
    assert.deepEqual(
      report.checks.filter((c: { status: string }) => c.status === 'fail').map((c: { id: string }) => c.id),
      ['mtls.required'],
    );
    assert.equal(report.checks.find((c: { id: string }) => c.id === 'hostname.partner').status, 'skip');
  });

  it('exits 1 for a closed port, naming the fix', async () => {
    const t = cliIo();
    assert.equal(await main(['telemetry', 'check-server', '--config', file('closedPort'), '--resolve', fx.cases.closedPort.resolveArg], t.io), 1);
    assert.match(t.err(), /FAIL {2}Port answers: Nothing listens on 127\.0\.0\.1:\d+/);
    assert.match(t.err(), /fix: Start the telemetry server/);
  });

  it('exits 2 on bad usage and on a config that cannot be checked', async () => {
    const usage = async (args: string[], re: RegExp): Promise<void> => {
      const t = cliIo();
      assert.equal(await main(['telemetry', 'check-server', ...args], t.io), 2, args.join(' '));
      assert.match(t.err(), re);
    };
    await usage([], /--config CONFIG\.json is required/);
    await usage(['--config', file('good'), '--bogus'], /Unknown option '--bogus'/);
    await usage(['--config', join(dir, 'missing.json')], /cannot read the config .*missing\.json: ENOENT/);
    await usage(['--config', file('good'), '--resolve', 'nonsense'], /bad resolve entry 'nonsense'/);
    await usage(
      ['--config', file('good'), '--resolve', 'other.fleetkit.test=127.0.0.1:1'],
      /--resolve does not map the config's hostname telemetry\.fleetkit\.test/,
    );
    await usage(['--config', file('good'), '--timeout', '0'], /--timeout takes a positive number/);
    const noHost = join(dir, 'nohost.json');
    await writeFile(noHost, '{"port": 443, "ca": null}');
    await usage(['--config', noHost], /no "hostname"; set it to the DNS name/);
  });

  it('answers --help with its usage and is listed by fleetkit telemetry', async () => {
    const help = cliIo();
    assert.equal(await main(['telemetry', 'check-server', '--help'], help.io), 0);
    assert.match(help.out(), /Usage: fleetkit telemetry check-server --config CONFIG\.json/);
    const list = cliIo();
    assert.equal(await main(['telemetry', '--help'], list.io), 0);
    assert.match(list.out() + list.err(), /check-server +Check the telemetry server a config points vehicles at/);
  });
});
