import { strict as assert } from 'node:assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHarness, type Harness } from '../simulator/helpers';
import { runCli } from '../../support/cli';
import { worldWithLoopbackRedirect, writeReadyFile } from '../../support/simulator';
import { loginThroughBrowser } from './helpers';

interface Item {
  id: string;
  status: string;
  fix?: string;
  action?: string;
}

describe('fleetkit doctor after fleetkit auth login (no token, no --simulator): the signed-in account, CLI wording', function () {
  this.timeout(60_000);
  let h: Harness;
  let dir: string;
  let readyFile: string;
  let redirectUri: string;
  const env = () => ({ FLEETKIT_CONFIG_DIR: join(dir, 'config') });
  const items = (out: string): Record<string, Item> => Object.fromEntries((JSON.parse(out).checks as Item[]).map((c) => [c.id, c]));

  before(async () => {
    const loopback = await worldWithLoopbackRedirect();
    redirectUri = loopback.redirectUri;
    const world = loopback.world;
    h = await startHarness({ world });
    dir = await mkdtemp(join(tmpdir(), 'fleetkit-cli-doctor-'));
    ({ readyFile } = await writeReadyFile(dir, h.sim));
  });
  after(async () => {
    await h.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('not signed in: the fixes say fleetkit auth login / environment variables / --domain, never the editor', async () => {
    const r = await runCli(['doctor', '--simulator', readyFile, '--json'], { env: env() });
    assert.equal(r.code, 1);
    const c = items(r.out);
    assert.equal(c['token.valid'].status, 'fail');
    assert.match(c['token.valid'].fix!, /fleetkit auth login/);
    assert.match(c['partner.registered'].fix!, /--domain DOMAIN/);
    for (const item of Object.values(c)) {
      assert.doesNotMatch(item.fix ?? '', /Sign in to Tesla|secure storage|Fleetkit: |fleetkit\.partner\.domain/, item.id);
      assert.equal(item.action, undefined, `${item.id}: no editor command id in the CLI's report`);
    }
    const text = await runCli(['doctor', '--simulator', readyFile], { env: env() });
    assert.match(text.err, /fix: Sign in: run fleetkit auth login/);
  });

  it('signed in with --save-secret: the doctor checks that account in its environment with its credentials', async () => {
    const login = await loginThroughBrowser(
      ['auth', 'login', '--simulator', readyFile, '--redirect-uri', redirectUri, '--no-browser', '--save-secret'],
      { env: env() },
      h.agent,
    );
    assert.equal(login.code, 0, login.err);

    const r = await runCli(['doctor', '--json'], { env: env() });
    const c = items(r.out);
    assert.equal(c['app.credentials'].status, 'pass', c['app.credentials'].fix);
    assert.equal(c['token.valid'].status, 'pass');
    assert.equal(c['region.match'].status, 'pass');
    assert.equal(c['vehicles.paired'].status, 'fail', 'the built-in world has an unpaired Model Y: fleet_status was called with the stored token');
    assert.equal(c['partner.registered'].status, 'fail');
    assert.match(r.err, /Checking ada@example\.com \(simulator\), signed in with fleetkit auth login/);
    assert.equal(JSON.parse(r.out).facts.region, 'NA');
    assert.ok(!(r.out + r.err).includes(h.sim.ready.clientSecret));
  });
});
