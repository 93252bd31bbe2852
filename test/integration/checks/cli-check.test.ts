import { strict as assert } from 'node:assert';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../cli/main';
import { cliIo } from '../../support/cli';
import { startPemFixture, type PemFixture } from './pem-fixture-server';

describe('fleetkit check (CLI) against the HTTPS fixture', function () {
  let fx: PemFixture;
  let dir: string;
  let caFile: string;
  let keyFile: string;
  let resolveArgs: string[];

  before(async () => {
    fx = await startPemFixture();
    dir = await mkdtemp(join(tmpdir(), 'fleetkit-check-'));
    caFile = join(dir, 'ca.pem');
    keyFile = join(dir, 'private-key.pem');
    await writeFile(caFile, fx.caPem);
    await writeFile(keyFile, fx.keys.good.privateKey.export({ type: 'sec1', format: 'pem' }).toString(), { mode: 0o600 });
    resolveArgs = ['good', 'otherkey', 'r301', 'ecprivate'].flatMap((s) => ['--resolve', `${fx.host(s)}=127.0.0.1:${fx.port}`]);
  });
  after(async () => {
    await fx.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 0 for good hosting and prints a JSON report with matching fingerprints', async () => {
    const t = cliIo();
    assert.equal(await main(['check', 'pem', fx.host('good'), '--ca', caFile, '--key', keyFile, ...resolveArgs, '--json'], t.io), 0);
    const report = JSON.parse(t.out());
    assert.equal(report.summary.ok, true);
    assert.equal(report.summary.fail, 0);
    assert.equal(report.facts.hostedSpkiSha256, report.facts.localSpkiSha256);
    assert.doesNotMatch(t.out() + t.err(), /PRIVATE KEY/, 'the private key file must not leak into output');
  });

  it('exits 1 and prints a human report on stderr when a check fails', async () => {
    const t = cliIo();
    assert.equal(await main(['check', 'pem', `https://${fx.host('r301')}/`, '--ca', caFile, ...resolveArgs], t.io), 1);
    assert.equal(t.out(), '');
    assert.match(t.err(), /FAIL {2}HTTP 200 without redirects: 301 Moved Permanently → https:\/\/www\.r301\.example\.test/);
    assert.match(t.err(), /FAILED: /);
  });

  it('exits 1 on a key mismatch', async () => {
    const t = cliIo();
    assert.equal(await main(['check', 'pem', fx.host('otherkey'), '--ca', caFile, '--key', keyFile, ...resolveArgs], t.io), 1);
    assert.match(t.err(), /FAIL {2}Matches Fleetkit's command key/);
  });

  it('marks a published private key as critical', async () => {
    const t = cliIo();
    assert.equal(await main(['check', 'pem', fx.host('ecprivate'), '--ca', caFile, ...resolveArgs], t.io), 1);
    assert.match(t.err(), /CRIT {2}No private key published: CRITICAL/);
  });

  it('without --ca, the fixture CA is not trusted', async () => {
    const t = cliIo();
    assert.equal(await main(['check', 'pem', fx.host('good'), ...resolveArgs, '--json'], t.io), 1);
    const report = JSON.parse(t.out());
    const chain = report.checks.find((c: { id: string }) => c.id === 'tls.chain');
    assert.equal(chain.status, 'fail');
  });

  it('exits 2 on usage errors', async () => {
    for (const args of [
      ['check'],
      ['check', 'pem'],
      ['check', 'pem', 'a.test', '--resolve', 'nonsense'],
      ['check', 'pem', 'a.test', '--key', join(dir, 'missing.pem')],
      ['check', 'pem', 'a.test', '--timeout', '-5'],
      ['check', 'pem', 'a.test', '--bogus'],
      ['check', 'redirect', 'http://127.0.0.1:1/cb'],
    ]) {
      const t = cliIo();
      assert.equal(await main(args, t.io), 2, args.join(' '));
      assert.match(t.err(), /fleetkit check: /);
    }
  });

  it('checks a redirect URI: exit 0 on an exact match, 1 otherwise', async () => {
    const a = cliIo();
    assert.equal(await main(['check', 'redirect', 'https://app.example.test/cb', '--allowed', 'https://other.test/x,https://app.example.test/cb'], a.io), 0);
    const b = cliIo();
    assert.equal(await main(['check', 'redirect', 'https://app.example.test/cb', '--allowed', 'https://app.example.test/cb/', '--json'], b.io), 1);
    assert.match(JSON.parse(b.out()).checks.find((c: { id: string }) => c.id === 'redirect.match').detail, /trailing slash/);
  });
});
