import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request, Agent } from 'undici';
import { describeKeyObject } from '../../core/checks/pem/key-info';
import { exportPrivateKeyPem, generatePrivateKey } from '../../core/keys';
import { startSimulator, defaultWorld } from '../../simulator/index';
import { SURFACES } from '../../simulator/surfaces';
import { createPartnerSurface } from '../../simulator/partner/surface';
import { startPemFixture, type PemFixture } from '../integration/checks/pem-fixture-server';
import { useSession, type E2ESession } from './host';

const VIEW = 'Checks & Doctor';
type Sim = Awaited<ReturnType<typeof startSimulator>>;

/**
 * The doctor in a real VS Code: a simulator whose partner surface downloads keys from the HTTPS fixture, a
 * misconfigured setup (domain not registered, two cars unpaired) shows the failing items; after Register Partner
 * Domain and pairing, the doctor is all green.
 */
describe('Validators & doctor in a real VS Code', function () {
  // The tests of a suite walk one session in order: after a failure the rest would only cascade from it, so stop.
  this.bail(true);
  let sim: Sim;
  let fx: PemFixture;
  let dir: string;
  let agent: Agent;
  const settings: Record<string, unknown> = { 'fleetkit.environment': 'simulator' };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fleetkit-e2e-checks-'));
    fx = await startPemFixture();
    const world = defaultWorld();
    world.app.allowedOrigins = ['https://app.example.test'];
    const partner = createPartnerSurface({ download: { resolve: fx.resolve, ca: [fx.caPem], timeoutMs: 2000 } });
    // Plain HTTP for the simulator: Chromium follows the sign-in through its pages and does not trust a private CA.
    // The PEM fixture stays HTTPS with its own CA (that is what the checks are about).
    sim = await startSimulator({ world, autoConsent: true, tls: false, surfaces: SURFACES.map((s) => (s.name === 'partner' ? partner : s)) });
    const readyFile = join(dir, 'ready.json');
    writeFileSync(readyFile, JSON.stringify(sim.ready) + '\n');
    const pemCa = join(dir, 'pem-ca.pem');
    writeFileSync(pemCa, fx.caPem);
    const keyFile = join(dir, 'public-key.pem');
    writeFileSync(keyFile, fx.keys.good.publicPem);
    Object.assign(settings, {
      'fleetkit.simulator.readyFile': readyFile,
      'fleetkit.partner.domain': fx.host('good'),
      'fleetkit.partner.keyFile': keyFile,
      'fleetkit.checks.extraCaFile': pemCa,
      'fleetkit.checks.resolve': [`${fx.host('good')}=127.0.0.1:${fx.port}`],
    });
    agent = new Agent();
  });

  after(async () => {
    await agent?.close();
    await sim?.close();
    await fx?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const session = useSession({ suite: 'checks', settings });

  async function signIn(s: E2ESession): Promise<void> {
    const tab = await s.workbench.followExternal(() => s.workbench.runCommand('Fleetkit: Sign In to Tesla'));
    await tab.waitForLoadState('domcontentloaded').catch(() => undefined);
  }

  it('shows its welcome content with the four actions', async () => {
    const s = session();
    await s.workbench.openViewContainer('Fleetkit');
    await s.workbench.expandView(VIEW);
    const view = await s.workbench.readView(VIEW);
    await s.step('welcome');
    assert.deepEqual(view.welcome.buttons, ['Run Doctor', 'Check PEM Key Hosting', 'Check Redirect URI', 'Register Partner Domain']);
  });

  async function importCommandKey(s: E2ESession, file: string): Promise<void> {
    await s.workbench.runCommand('Fleetkit: Import Command Key');
    await s.workbench.enterPathInDialog(file, /^Import command key$/);
    const replace = s.page.locator('.monaco-dialog-box', { hasText: /Replace the command key/ });
    if (
      await replace.waitFor({ state: 'visible', timeout: 5_000 }).then(
        () => true,
        () => false,
      )
    ) {
      await replace.locator('.monaco-button', { hasText: /^Replace$/ }).click();
    }
    await s.workbench.waitForNotification(/command key imported from/, 60_000);
  }

  it('one command key: the stored key that signs is what PEM hosting compares; a key file that differs and a hosted key that is not the signing key are red with the fix', async () => {
    const s = session();
    const stranger = join(dir, 'not-hosted-key.pem');
    writeFileSync(stranger, exportPrivateKeyPem(generatePrivateKey()));
    await importCommandKey(s, stranger);
    await s.workbench.runCommand('Fleetkit: Check PEM Key Hosting');
    await s.workbench.treeRow(VIEW, /^PEM hosting: \d+ failed/).waitFor({ timeout: 60_000 });
    await s.step('pem mismatch');
    // The report's rows are virtualised; every failing check is also a problem, with its fix.
    let problems: string[] = [];
    for (let i = 0; i < 60 && problems.length < 2; i++) {
      problems = (await s.workbench.problems()).filter((r) => r.level === 2).map((r) => r.text);
      if (problems.length < 2) await s.page.waitForTimeout(500);
    }
    assert.ok(
      problems.some(
        (t) =>
          /fleetkit\.partner\.keyFile .* is not the command key that signs/.test(t) &&
          /Clear fleetkit\.partner\.keyFile, or make that file the command key/.test(t),
      ),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((t) => /The hosted key .* is not the local key/.test(t) && /Host the public key of the key Fleetkit signs commands with/.test(t)),
      problems.join('\n'),
    );
  });

  it('Check PEM Key Hosting shows every check passing once the hosted key is the command key', async () => {
    const s = session();
    const good = join(dir, 'good-private-key.pem');
    writeFileSync(good, exportPrivateKeyPem(fx.keys.good.privateKey));
    await importCommandKey(s, good);
    await s.workbench.runCommand('Fleetkit: Check PEM Key Hosting');
    await s.workbench.treeRow(VIEW, /^PEM hosting: OK/).waitFor({ timeout: 60_000 });
    const view = await s.workbench.readView(VIEW);
    await s.step('pem ok');
    // The list is virtualised: assert on the rows it renders (the first checks of the report).
    assert.ok(
      view.rows.some((r) => /^pass: Certificate chain complete and trusted/.test(r)),
      view.rows.join('\n'),
    );
    assert.deepEqual(
      view.rows.filter((r) => /^fail: /.test(r)),
      [],
    );
  });

  it('the doctor on a misconfigured setup (not signed in, domain not registered) shows the failing items', async () => {
    const s = session();
    await s.workbench.runCommand('Fleetkit: Run Doctor');
    await s.workbench.treeRow(VIEW, /^Doctor: \d+ failed/).waitFor({ timeout: 60_000 });
    const view = await s.workbench.readView(VIEW);
    await s.step('doctor failing');
    const row = (re: RegExp): string => view.rows.find((r) => re.test(r)) ?? '';
    assert.match(row(/Access token valid/), /^fail: .*Not signed in/);
    assert.match(row(/Partner domain registered/), /^fail: .*not registered in NA/);
    assert.match(row(/Public key hosting passes/), /^pass: /);
    assert.match(row(/App credentials present/), /^pass: /);
    assert.match(
      row(/One command key signs and is checked/),
      /^pass: One command key signs and is checked\. The command key in secure storage .* signs; fleetkit\.partner\.keyFile holds the same key/,
    );
  });

  it('Register Partner Domain shows the per-region table, the pairing link and a QR code', async () => {
    const s = session();
    await s.workbench.runCommand('Fleetkit: Register Partner Domain');
    const frame = await s.workbench.webview({ selector: '#regions', timeoutMs: 60_000 });
    await s.step('partner registration');
    const states = await frame.$$eval('#regions tbody tr', (rows) => rows.map((r) => `${r.getAttribute('data-region')}=${r.getAttribute('data-state')}`));
    assert.deepEqual(states, ['na=registered', 'eu=registered']);
    assert.equal(await frame.getAttribute('#pairing-link', 'href'), `https://tesla.com/_ak/${fx.host('good')}`);
    assert.ok(await frame.$('.qr svg'), 'QR code rendered');
    assert.match((await frame.textContent('#regions')) ?? '', /✔ yes/);
  });

  it('after registering, the doctor finds the domain and the key on record', async () => {
    const s = session();
    await s.workbench.runCommand('Fleetkit: Run Doctor');
    await s.workbench.treeRow(VIEW, /^Doctor: 1 failed/).waitFor({ timeout: 60_000 });
    const view = await s.workbench.readView(VIEW);
    await s.step('doctor registered');
    assert.ok(
      view.rows.some((r) => /^pass: Partner domain registered/.test(r)),
      view.rows.join('\n'),
    );
    assert.ok(view.rows.some((r) => /^fail: Access token valid/.test(r)));
  });

  it('signed in and after pairing the vehicles, the doctor is all green', async () => {
    const s = session();
    await signIn(s);
    await s.workbench.treeRow('Accounts & Vehicles', /ada@example\.com/).waitFor({ timeout: 60_000 });
    const point = describeKeyObject(fx.keys.good.privateKey).pointHex!;
    for (const vin of ['7SAYGDEE1PF000002', '5YJSA1E24FF000003']) {
      const res = await request(`${sim.urls.fleet.na}/_ak/${fx.host('good')}`, {
        method: 'POST',
        body: JSON.stringify({ vin, public_key: point }),
        headers: { 'content-type': 'application/json' },
        dispatcher: agent,
      });
      assert.equal(res.statusCode, 200);
      await res.body.text();
    }
    await s.workbench.runCommand('Fleetkit: Run Doctor');
    await s.workbench.treeRow(VIEW, /^Doctor: OK/).waitFor({ timeout: 60_000 });
    const view = await s.workbench.readView(VIEW);
    await s.step('doctor green');
    assert.deepEqual(
      view.rows.filter((r) => /^(fail|warn): /.test(r)),
      [],
    );
    assert.ok(view.rows.some((r) => /^pass: Local key matches Tesla's record/.test(r)));
  });
});
