import { strict as assert } from 'node:assert';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeKeyObject } from '../../../core/checks/pem/key-info';
import { createPartnerSurface } from '../../../simulator/partner/surface';
import { PartnerRegistry } from '../../../simulator/partner/registry';
import { startPemFixture, type PemFixture } from '../checks/pem-fixture-server';
import { startHarness, type Harness } from '../simulator/helpers';
import { runCli } from '../../support/cli';
import { replaceSurfaces, worldWithLoopbackRedirect, writeReadyFile } from '../../support/simulator';
import { loginThroughBrowser } from './helpers';

interface Row {
  region: string;
  state: string;
  publicKey?: string;
  matchesLocalKey?: boolean;
  error?: { status?: number; message: string; fix: string };
}

describe('fleetkit partner register / public-key against the simulator (real key download from the HTTPS fixture)', function () {
  this.timeout(60_000);
  let fx: PemFixture;
  let h: Harness;
  let dir: string;
  let readyFile: string;
  let keyFile: string;
  let localHex: string;
  let redirectUri: string;
  const registry = new PartnerRegistry();
  const env = () => ({ FLEETKIT_CONFIG_DIR: join(dir, 'config') });

  before(async () => {
    fx = await startPemFixture();
    const loopback = await worldWithLoopbackRedirect();
    redirectUri = loopback.redirectUri;
    const world = loopback.world;
    world.app.allowedOrigins = [`https://${fx.host('good')}`, `https://${fx.host('r301')}`];
    const partner = createPartnerSurface({ download: { resolve: fx.resolve, ca: [fx.caPem], timeoutMs: 1000 }, registry });
    h = await startHarness({ world, surfaces: replaceSurfaces(partner) });
    dir = await mkdtemp(join(tmpdir(), 'fleetkit-cli-partner-'));
    ({ readyFile } = await writeReadyFile(dir, h.sim));
    keyFile = join(dir, 'public-key.pem');
    await writeFile(keyFile, fx.keys.good.publicPem);
    localHex = describeKeyObject(fx.keys.good.privateKey).pointHex!;
  });
  after(async () => {
    await h.close();
    await fx.close();
    await rm(dir, { recursive: true, force: true });
  });

  const rows = (out: string): Row[] => JSON.parse(out).regions;

  it('public-key before registering: 404 in every region, exit 1', async () => {
    const r = await runCli(['partner', 'public-key', fx.host('good'), '--simulator', readyFile, '--json'], { env: env() });
    assert.equal(r.code, 1, r.err);
    const body = JSON.parse(r.out);
    assert.equal(body.ok, false);
    assert.deepEqual(
      rows(r.out).map((x) => [x.region, x.state, x.error?.status]),
      [
        ['na', 'not-registered', 404],
        ['eu', 'not-registered', 404],
      ],
    );
    assert.match(r.err, /NA\s+not-registered/);
  });

  it('register --region na: Tesla downloads the hosted key; the record is the local key; EU untouched', async () => {
    const r = await runCli(['partner', 'register', fx.host('good'), '--region', 'na', '--key', keyFile, '--simulator', readyFile, '--json'], { env: env() });
    assert.equal(r.code, 0, r.err);
    const [na, ...others] = rows(r.out);
    assert.equal(others.length, 0);
    assert.deepEqual([na.region, na.state, na.publicKey, na.matchesLocalKey], ['na', 'registered', localHex, true]);
    assert.equal(JSON.parse(r.out).pairingLink, `https://tesla.com/_ak/${fx.host('good')}`);
    assert.equal(registry.isRegistered('NA', h.sim.ready.clientId), true);
    assert.equal(registry.isRegistered('EU', h.sim.ready.clientId), false);
    assert.ok(!(r.out + r.err).includes(h.sim.ready.clientSecret), 'the client secret is never printed');
  });

  it('public-key afterwards: NA has the key, EU does not (exit 1 for all, 0 for --region na)', async () => {
    const all = await runCli(['partner', 'public-key', fx.host('good'), '--simulator', readyFile, '--key', keyFile, '--json'], { env: env() });
    assert.equal(all.code, 1);
    assert.deepEqual(
      rows(all.out).map((x) => [x.region, x.state, x.matchesLocalKey]),
      [
        ['na', 'registered', true],
        ['eu', 'not-registered', undefined],
      ],
    );
    const na = await runCli(['partner', 'public-key', fx.host('good'), '--simulator', readyFile, '--region', 'na'], { env: env() });
    assert.equal(na.code, 0, na.err);
    assert.equal(na.out, '', 'text mode: nothing on stdout');
    assert.match(na.err, new RegExp(`NA\\s+registered, Tesla's key ${localHex}`));
  });

  it('a domain whose key Tesla cannot download: exit 1 with the fix (check the hosting)', async () => {
    const r = await runCli(['partner', 'register', fx.host('r301'), '--region', 'na', '--simulator', readyFile, '--json'], { env: env() });
    assert.equal(r.code, 1);
    const [na] = rows(r.out);
    assert.equal(na.state, 'failed');
    assert.match(na.error!.fix, /fleetkit check pem/);
    assert.match(r.err, /fix: .*fleetkit check pem/);
  });

  it('credentials and environment come from fleetkit auth login --save-secret when no flags are given', async () => {
    const noCreds = await runCli(['partner', 'public-key', fx.host('good'), '--json'], { env: env() });
    assert.equal(noCreds.code, 2);
    assert.match(JSON.parse(noCreds.out).message, /no client id/);

    const login = await loginThroughBrowser(
      ['auth', 'login', '--simulator', readyFile, '--redirect-uri', redirectUri, '--no-browser', '--save-secret'],
      { env: env() },
      h.agent,
    );
    assert.equal(login.code, 0, login.err);

    const r = await runCli(['partner', 'public-key', fx.host('good'), '--region', 'na', '--json'], { env: env() });
    assert.equal(r.code, 0, r.err);
    assert.equal(JSON.parse(r.out).environment, 'simulator');
    assert.equal(rows(r.out)[0].state, 'registered');
    assert.match(r.err, /Using the simulator environment you signed in to/);
  });

  it('bad usage is a usage error (JSON with --json)', async () => {
    const r = await runCli(['partner', 'register', 'https://x.example.test/', '--simulator', readyFile, '--json'], { env: env() });
    assert.equal(r.code, 2);
    assert.match(JSON.parse(r.out).message, /not a bare domain/);
    const region = await runCli(['partner', 'register', fx.host('good'), '--region', 'apac', '--simulator', readyFile, '--json'], { env: env() });
    assert.equal(region.code, 2);
    assert.match(JSON.parse(region.out).message, /--region must be na, eu or all/);
  });
});
