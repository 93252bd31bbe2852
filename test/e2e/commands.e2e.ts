import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { request, Agent } from 'undici';
import { generateKeyPairSync } from 'node:crypto';
import { createCa, issueServerCert } from '../../core/certs';
import { exportPublicKeyPem, generatePrivateKey, importPublicKey, importPrivateKeyPem, keyFingerprint } from '../../core/keys';
import { startSimulator, defaultWorld } from '../../simulator/index';
import { startProxyStandIn } from '../support/proxy-stand-in';
import { attachSimulator, useSession, type E2ESession } from './host';

const VIEW = 'Accounts & Vehicles';
const VIN = '5YJ3E1EA8KF000001'; // "Commuter": online, protocol-required; here unpaired and unlocked
/** Placeholder of the vehicle pick of the vehicles view's own commands (Fetch Live Data). */
const VEHICLE_PICK = /^Vehicle$/;
/** Placeholders of the steps of Send Command… and the quick commands: the car, then (Send Command…) the command. */
const COMMAND_VEHICLE_PICK = /^Vehicle to send .* to: type a name, VIN or state$/;
const COMMAND_PICK = /^Command to send to .*: type a title, REST name \(door_lock\) or domain \(vcsec\)$/;

type Sim = Awaited<ReturnType<typeof startSimulator>>;

/**
 * Signed commands in a real VS Code: generate a key from the palette, pair it through the simulator's `/_ak` page
 * in the same browser context, send `door_lock` from the palette to an unlocked car, and the tree shows it locked.
 */
describe('Signed commands in a real VS Code', function () {
  // The tests of a suite walk one session in order: after a failure the rest would only cascade from it, so stop.
  this.bail(true);
  let sim: Sim;
  let dir: string;
  let agent: Agent;
  let publicKeyPem = '';
  let pairingTab: Page | undefined;
  let importedFingerprint = '';
  // Loopback redirect: the simulator's consent redirects the tab straight to the extension host's loopback listener.
  const settings: Record<string, unknown> = {
    'fleetkit.environment': 'simulator',
    'fleetkit.auth.redirectMode': 'loopback',
    'fleetkit.vehicles.confirmWake': false,
    'fleetkit.vehicles.wakePollInitialSeconds': 0.5,
    'fleetkit.vehicles.wakePollMaxSeconds': 1,
    'fleetkit.vehicles.wakeMaxPolls': 20,
    // The Closures section reads vehicle_state (where Tesla reports `locked`), so ask for it with live data.
    'fleetkit.vehicles.liveDataEndpoints': [
      'charge_state',
      'climate_state',
      'drive_state',
      'location_data',
      'closures_state',
      'vehicle_config',
      'vehicle_state',
    ],
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fleetkit-e2e-commands-'));
    const ca = createCa({ commonName: 'Fleetkit E2E commands CA' });
    const caPath = join(dir, 'ca.pem');
    writeFileSync(caPath, ca.certPem);
    const world = defaultWorld();
    const commuter = world.vehicles.find((v) => v.vin === VIN)!;
    commuter.keyPaired = false;
    // A charge limit of its own, to see it prefilled in Set Charge Limit… once live data was fetched.
    commuter.overrides = { ...(commuter.overrides ?? {}), vehicle_state: { locked: false }, charge_state: { charge_limit_soc: 72 } };
    world.settings.sleepAfterSeconds = 0;
    world.settings.wakeSeconds = 2;
    sim = await startSimulator({ world, autoConsent: true, tls: { ca, caPath } });
    const readyFile = join(dir, 'ready.json');
    writeFileSync(readyFile, JSON.stringify(sim.ready) + '\n');
    settings['fleetkit.simulator.readyFile'] = readyFile;
    agent = new Agent({ connect: { ca: ca.certPem } });
  });

  after(async () => {
    await agent?.close();
    await sim?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const session = useSession({ suite: 'commands', settings });

  /** The simulator's own record of the car's protocol state (paired keys), not billed. */
  async function pairedKeys(): Promise<string[]> {
    const res = await request(`${sim.urls.fleet.na}/sim/vehicles/${VIN}/protocol`, { dispatcher: agent });
    const body = JSON.stringify(await res.body.json());
    return [...body.matchAll(/04[0-9a-f]{128}/g)].map((m) => m[0]);
  }

  /**
   * Chromium does not trust this suite's CA: requests to the simulator's hosts are carried out from Node with the
   * CA (a transparent TLS bridge) and handed back to the page. Pages, forms and redirects behave as in a browser.
   */
  async function bridgeSimulatorTls(context: BrowserContext): Promise<void> {
    const origins = new Set([new URL(sim.urls.auth).origin, new URL(sim.urls.fleet.na).origin, new URL(sim.urls.fleet.eu).origin]);
    await context.route(
      (url) => origins.has(url.origin),
      async (route) => {
        const req = route.request();
        const headers = Object.fromEntries(Object.entries(req.headers()).filter(([k]) => !k.startsWith(':') && k !== 'host'));
        const res = await request(req.url(), { method: req.method() as 'GET', headers, body: req.postDataBuffer() ?? undefined, dispatcher: agent });
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) {
          if (v !== undefined && k !== 'content-length' && k !== 'transfer-encoding') out[k] = Array.isArray(v) ? v.join(', ') : v;
        }
        await route.fulfill({ status: res.statusCode, headers: out, body: Buffer.from(await res.body.arrayBuffer()) });
      },
    );
  }

  it('signs in to the simulator and lists the fleet', async () => {
    const s = session();
    attachSimulator(s, settings['fleetkit.simulator.readyFile'], { 'fleetkit.auth.redirectMode': 'loopback' });
    await bridgeSimulatorTls(s.context);
    await s.workbench.openViewContainer('Fleetkit');
    const tab = await s.workbench.followExternal(() => s.workbench.runCommand('Fleetkit: Sign In to Tesla'));
    await tab.waitForLoadState('domcontentloaded').catch(() => undefined);
    await tab.waitForURL(/\/callback/, { timeout: 30_000 }).catch(() => undefined);
    console.error(`      sign-in tab at ${tab.isClosed() ? '(closed)' : tab.url()}`);
    if (!tab.isClosed()) await tab.screenshot({ path: join(s.resultsDir, 'sign-in-tab.png') }).catch(() => undefined);
    await s.workbench.treeRow(VIEW, /ada@example\.com/).waitFor({ timeout: 90_000 });
    await s.workbench.treeRow(VIEW, /^Commuter/).waitFor({ timeout: 60_000 });
    await s.step('fleet listed');
  });

  it('Fetch Live Data shows Commuter unlocked', async () => {
    const s = session();
    await s.workbench.runCommand('Fleetkit: Fetch Live Data');
    await s.workbench.pickQuickItem(VEHICLE_PICK, 'Commuter');
    await s.workbench.treeRow(VIEW, /^Commuter/).click();
    await s.page.keyboard.press('ArrowRight');
    const closures = s.workbench.treeRow(VIEW, /^Closures/);
    await closures.waitFor({ timeout: 60_000 });
    await closures.click();
    await s.page.keyboard.press('ArrowRight');
    await s.workbench.treeRow(VIEW, /^Locked\s*no/).waitFor({ timeout: 30_000 });
    await s.step('commuter unlocked');
  });

  it('generates a command key from the palette; the fingerprint shows on the tree', async () => {
    const s = session();
    await s.workbench.runCommand('Fleetkit: Generate Command Key');
    const note = await s.workbench.waitForNotification(/command key generated \(([0-9a-f]{2}:){7}[0-9a-f]{2}\)/, 60_000);
    const fingerprint = /(([0-9a-f]{2}:){7}[0-9a-f]{2})/.exec(note.message)![1]!;
    await s.workbench.view(VIEW).locator('.pane-header', { hasText: fingerprint }).waitFor({ timeout: 30_000 });
    await s.step('key generated');
    for (let i = 0; i < 100 && !publicKeyPem; i++) {
      publicKeyPem = /-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/.exec(s.extensionLog('Fleetkit'))?.[0] ?? '';
      if (!publicKeyPem) await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(publicKeyPem, 'the public key was logged to the Fleetkit output channel');
    assert.doesNotMatch(s.extensionLog('Fleetkit'), /PRIVATE KEY/, 'the private key never reaches the log');
  });

  it('door_lock to the unpaired car offers the pairing page; the owner approves the key there', async () => {
    const s = session();
    await s.workbench.runCommand('Fleetkit: Send Command…');
    await s.workbench.pickQuickItem(COMMAND_VEHICLE_PICK, 'Commuter');
    await s.workbench.pickQuickItem(COMMAND_PICK, { filter: 'door_lock', row: /door_lock/ });
    const note = await s.workbench.waitForNotification(/does not know your command key/, 90_000);
    await s.step('not paired');
    const link = /(https?:\/\/\S+\/_ak\/[\w-]+(?:\.[\w-]+)*)/.exec(note.message)?.[1];
    assert.ok(link && link.startsWith(`${sim.urls.browser}/_ak/`), `the simulator's own pairing page, on its plain-HTTP browser listener: ${note.message}`);
    pairingTab = await s.workbench
      .followExternal(() => s.workbench.clickNotificationButton(/does not know your command key/, 'Open Pairing Page'))
      .catch(async () => {
        const p = await s.context.newPage();
        await p.goto(link!);
        return p;
      });
    await pairingTab.waitForLoadState('domcontentloaded');
    if (!pairingTab.url().includes('/_ak/')) await pairingTab.goto(link!);
    await pairingTab.locator('#public_key').waitFor({ timeout: 30_000 });
    await pairingTab.selectOption('#vin', VIN);
    await pairingTab.fill('#public_key', publicKeyPem);
    await pairingTab.screenshot({ path: join(s.resultsDir, 'pairing-page.png') });
    await pairingTab.click('#approve');
    await pairingTab.locator('#paired').waitFor({ timeout: 30_000 });
    await pairingTab.screenshot({ path: join(s.resultsDir, 'pairing-approved.png') });
    assert.ok((await pairedKeys()).includes(importPublicKey(publicKeyPem).toString('hex')), 'the simulator lists our key as paired');
    await pairingTab.close();
    await s.page.bringToFront();
  });

  it('door_lock from the palette locks the car and the tree shows it locked', async () => {
    const s = session();
    await s.workbench.runCommand('Fleetkit: Send Command…');
    await s.workbench.pickQuickItem(COMMAND_VEHICLE_PICK, 'Commuter');
    await s.workbench.pickQuickItem(COMMAND_PICK, { filter: 'door_lock', row: /door_lock/ });
    await s.workbench.waitForNotification(/Lock.* sent to Commuter \(signed vcsec/, 90_000);
    await s.step('door_lock sent');
    // Live data had been fetched, so the tree refreshes that car after the command (one data call, no wake).
    await s.workbench.treeRow(VIEW, /^Locked\s*yes/).waitFor({ timeout: 60_000 });
    await s.step('tree shows locked');
    const log = s.extensionLog('Fleetkit');
    assert.match(log, /command door_lock 5YJ3E1EA8KF000001 → ok \(signed vcsec[^)]*\) txid=[0-9a-f]{32}/, "the log names Tesla's txid");
    assert.doesNotMatch(log, /PRIVATE KEY/);
  });

  it('after a reload (a new window) Unlock from the palette reuses the cached session: no new handshake', async () => {
    const s = session();
    await s.reload();
    await s.workbench.openViewContainer('Fleetkit');
    await s.workbench.treeRow(VIEW, /^Commuter/).waitFor({ timeout: 60_000 });
    await s.workbench.runCommand('Fleetkit: Unlock');
    await s.workbench.pickQuickItem(COMMAND_VEHICLE_PICK, 'Commuter');
    const note = await s.workbench.waitForNotification(/Unlock.* sent to Commuter \(signed vcsec/, 90_000);
    await s.step('unlocked after reload');
    assert.match(note.message, /0 handshakes/, note.message);
  });

  it('Set Charge Limit… is two steps with Back: the car, then the limit prefilled from its live data; an unusual value warns (Tesla decides), then it sends', async () => {
    const s = session();
    const title = s.page.locator('.quick-input-widget .quick-input-title');
    const input = s.workbench.quickInputBox();
    await s.workbench.runCommand('Fleetkit: Set Charge Limit…');
    await s.workbench.pickQuickItem(COMMAND_VEHICLE_PICK, 'Commuter');
    // Step 2/2 starts at the car's charge_state.charge_limit_soc from the live data fetched earlier (72).
    await title.filter({ hasText: /\(2\/2\)$/ }).waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await input.inputValue(), '72');
    await s.page.locator('.quick-input-widget .quick-input-message', { hasText: /now 72 on Commuter/ }).waitFor({ state: 'visible', timeout: 30_000 });
    await s.step('charge limit step 2 of 2, prefilled');
    // Back: the vehicle step again (1/2), then forward to the same prefilled limit.
    await s.page.locator('.quick-input-widget .codicon-quick-input-back').click();
    await title.filter({ hasText: /\(1\/2\)$/ }).waitFor({ state: 'visible', timeout: 30_000 });
    await s.step('back at the vehicle step');
    await s.workbench.pickQuickItem(COMMAND_VEHICLE_PICK, 'Commuter');
    await title.filter({ hasText: /\(2\/2\)$/ }).waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await input.inputValue(), '72');
    await input.fill('101');
    const message = s.page.locator('.quick-input-widget .quick-input-message', { hasText: /percent 101 is above 100: the car may refuse it/ });
    await message.waitFor({ state: 'visible', timeout: 30_000 });
    await s.step('charge limit warning');
    await input.fill('80');
    await message.waitFor({ state: 'hidden', timeout: 30_000 });
    await s.page.keyboard.press('Enter');
    await s.workbench.waitForNotification(/charge limit.* sent to Commuter \(signed infotainment/i, 90_000);
    await s.step('charge limit sent');
    const res = await request(`${sim.urls.fleet.na}/sim/vehicles/${VIN}`, { dispatcher: agent });
    assert.match(JSON.stringify(await res.body.json()), /"charge_limit_soc":80\b/);
  });

  it('actuate_trunk front asks first in a modal (Open Frunk): Cancel sends nothing, Open Frunk opens it', async () => {
    const s = session();
    const frunk = async (): Promise<number> => {
      const res = await request(`${sim.urls.fleet.na}/sim/vehicles/${VIN}`, { dispatcher: agent });
      return Number(/"ft":(\d+)/.exec(JSON.stringify(await res.body.json()))?.[1]);
    };
    assert.equal(await frunk(), 0, 'the frunk is closed');
    const dialog = s.page.locator('.monaco-dialog-box', { hasText: /Open the frunk of Commuter\?/ });
    for (const choice of ['Cancel', 'Open Frunk'] as const) {
      await s.workbench.runCommand('Fleetkit: Send Command…');
      await s.workbench.pickQuickItem(COMMAND_VEHICLE_PICK, 'Commuter');
      await s.workbench.pickQuickItem(COMMAND_PICK, { filter: 'actuate_trunk', row: /actuate_trunk/ });
      await s.workbench.pickQuickItem(/^Which trunk to move$/, 'front');
      await dialog.waitFor({ state: 'visible', timeout: 30_000 });
      assert.match((await dialog.textContent()) ?? '', /cannot be closed remotely/);
      await s.step(`frunk confirmation (${choice})`);
      await dialog.locator('.monaco-button', { hasText: new RegExp(`^${choice}$`) }).click();
      await dialog.waitFor({ state: 'hidden', timeout: 30_000 });
      if (choice === 'Cancel') {
        for (let i = 0; i < 50 && !/command actuate_trunk 5YJ3E1EA8KF000001: not confirmed, not sent/.test(s.extensionLog('Fleetkit')); i++) {
          await s.page.waitForTimeout(100);
        }
        assert.match(s.extensionLog('Fleetkit'), /command actuate_trunk 5YJ3E1EA8KF000001: not confirmed, not sent/);
        assert.equal(await frunk(), 0, 'Cancel sent nothing');
      }
    }
    await s.workbench.waitForNotification(/Actuate trunk sent to Commuter \(signed vcsec/, 90_000);
    await s.step('frunk opened');
    assert.equal(await frunk(), 255, 'the simulated car reports the frunk open');
  });

  it('Honk to a sleeping legacy car wakes it without asking when fleetkit.vehicles.confirmWake is off (one wake_up), and falls back to REST', async () => {
    const s = session();
    const classic = '5YJSA1E24FF000003';
    await request(`${sim.urls.fleet.na}/sim/usage`, { method: 'DELETE', dispatcher: agent });
    await s.workbench.runCommand('Fleetkit: Honk Horn');
    await s.workbench.pickQuickItem(COMMAND_VEHICLE_PICK, 'Classic S');
    const note = await s.workbench.waitForNotification(/Honk.* sent to Classic S \(rest/i, 120_000);
    await s.step('honked after wake');
    assert.match(note.message, /rest/);
    assert.equal(await s.page.locator('.monaco-dialog-box', { hasText: /asleep or offline/ }).count(), 0, 'confirmWake is off: no wake prompt');
    const log = s.extensionLog('Fleetkit');
    assert.match(log, /command honk_horn 5YJSA1E24FF000003: vehicle asleep \(HTTP 408\); waking without asking \(fleetkit\.vehicles\.confirmWake is off\)/);
    assert.match(log, /command honk_horn 5YJSA1E24FF000003 → ok \(rest/);
    const res = await request(`${sim.urls.fleet.na}/sim/vehicles/${classic}`, { dispatcher: agent });
    assert.equal(((await res.body.json()) as { response: { connectivity: string } }).response.connectivity, 'online');
    const usage = (await (await request(`${sim.urls.fleet.na}/sim/usage`, { dispatcher: agent })).body.json()) as { response: { totals: { wakes: number } } };
    assert.equal(usage.response.totals.wakes, 1, 'exactly one wake_up');
  });

  it('Import Command Key refuses a P-384 key with a clear reason, then imports a PKCS#8 P-256 key', async () => {
    const s = session();
    const p384 = join(dir, 'p384.pem');
    writeFileSync(p384, generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
    await s.workbench.runCommand('Fleetkit: Import Command Key');
    await s.workbench.enterPathInDialog(p384, /^Import command key$/);
    await s.workbench.waitForNotification(/key was not imported \(the current key is unchanged\).*P-256/, 60_000);
    await s.step('p384 refused');

    const good = join(dir, 'p256-pkcs8.pem');
    const pem = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    writeFileSync(good, pem);
    const expected = keyFingerprint(importPrivateKeyPem(pem)).short;
    importedFingerprint = expected;
    await s.workbench.runCommand('Fleetkit: Import Command Key');
    await s.workbench.enterPathInDialog(good, /^Import command key$/);
    const dialog = s.page.locator('.monaco-dialog-box', { hasText: /Replace the command key/ });
    await dialog.waitFor({ state: 'visible', timeout: 60_000 });
    await dialog.locator('.monaco-button', { hasText: /^Replace$/ }).click();
    await s.workbench.waitForNotification(new RegExp(`command key imported from .*\\(${expected}\\)`), 60_000);
    await s.workbench.view(VIEW).locator('.pane-header', { hasText: expected }).waitFor({ timeout: 30_000 });
    await s.step('p256 imported');
    assert.doesNotMatch(s.extensionLog('Fleetkit'), /PRIVATE KEY/);
  });

  it('Export Public Key saves the SPKI PEM of the current key (what gets hosted)', async () => {
    const s = session();
    assert.ok(importedFingerprint, 'runs after the import test');
    const out = join(dir, 'com.tesla.3p.public-key.pem');
    await s.workbench.runCommand('Fleetkit: Export Public Key');
    // The web save dialog labels its button OK whatever saveLabel says.
    await s.workbench.enterPathInDialog(out, /^(Export public key|OK)$/);
    await s.workbench.waitForNotification(new RegExp(`public key ${importedFingerprint} saved`), 60_000);
    await s.step('public key exported');
    assert.ok(existsSync(out));
    const text = readFileSync(out, 'utf8');
    assert.match(text, /^-----BEGIN PUBLIC KEY-----/);
    assert.equal(keyFingerprint(importPublicKey(text)).short, importedFingerprint);
  });

  /** Fleetkit: Configure Command Transport… → tesla-http-proxy at `url`, then the trust choice (a file goes through the dialog). */
  async function configureProxy(s: E2ESession, url: string, trust: 'System roots' | { file: string }): Promise<string> {
    await s.workbench.runCommand('Notifications: Clear All Notifications');
    await s.workbench.runCommand('Fleetkit: Configure Command Transport…');
    await s.workbench.pickQuickItem(/^How commands reach the vehicle$/, 'tesla-http-proxy');
    await s.page
      .locator('.quick-input-widget .quick-input-message', { hasText: /Base URL of your tesla-http-proxy/ })
      .waitFor({ state: 'visible', timeout: 30_000 });
    await s.workbench.quickInputBox().fill(url);
    await s.page.keyboard.press('Enter');
    if (trust === 'System roots') {
      await s.workbench.pickQuickItem(/^Which certificate to trust for the proxy$/, 'System roots');
    } else {
      await s.workbench.pickQuickItem(/^Which certificate to trust for the proxy$/, 'Its certificate file…');
      await s.workbench.enterPathInDialog(trust.file, /^(Trust this certificate|OK)$/);
    }
    return (await s.workbench.waitForNotification(/commands now go through tesla-http-proxy at/, 30_000)).message;
  }

  it('Configure Command Transport → a self-signed tesla-http-proxy is refused with the fix; trusting its certificate file, Lock goes through the proxy', async () => {
    const s = session();
    // The proxy signs with its own key: pair it with Commuter as the owner would.
    const proxyKey = generatePrivateKey();
    const paired = await request(`${sim.urls.auth}/_ak/fleetkit.local`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ vin: VIN, public_key: exportPublicKeyPem(proxyKey) }),
      dispatcher: agent,
    });
    assert.equal(paired.statusCode, 200, await paired.body.text());
    const tls = issueServerCert(null, { hostnames: ['127.0.0.1'] });
    const proxy = await startProxyStandIn({ fleetUrl: sim.urls.fleet.na, dispatcher: agent, key: proxyKey, tls });
    try {
      assert.match(await configureProxy(s, proxy.url, 'System roots'), /trusting the system roots/);
      await s.workbench.runCommand('Fleetkit: Lock');
      await s.workbench.pickQuickItem(COMMAND_VEHICLE_PICK, 'Commuter');
      const refused = await s.workbench.waitForNotification(/TLS certificate is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\)/, 90_000);
      assert.match(refused.message, /set fleetkit\.commands\.proxyCaFile/);
      assert.equal(proxy.calls.length, 0, 'nothing was sent over the refused connection');
      await s.step('proxy certificate refused');
      await s.workbench.clickNotificationButton(/TLS certificate is not trusted/, 'Open Settings');
      await s.page
        .locator('.settings-editor .setting-item-label', { hasText: /Proxy Ca File/ })
        .first()
        .waitFor({ timeout: 30_000 });
      await s.step('settings opened at proxyCaFile');
      await s.workbench.runCommand('View: Close All Editors');

      const certFile = join(dir, 'proxy-tls-cert.pem');
      writeFileSync(certFile, tls.certPem);
      assert.match(await configureProxy(s, proxy.url, { file: certFile }), /trusting .*proxy-tls-cert\.pem/);
      await s.workbench.runCommand('Notifications: Clear All Notifications');
      await s.workbench.runCommand('Fleetkit: Lock');
      await s.workbench.pickQuickItem(COMMAND_VEHICLE_PICK, 'Commuter');
      await s.workbench.waitForNotification(/Lock.* sent to Commuter \(proxy/, 90_000);
      await s.step('locked through the proxy');
      assert.ok(proxy.calls.includes(`POST /api/1/vehicles/${VIN}/command/door_lock`), proxy.calls.join('\n'));
      const res = await request(`${sim.urls.fleet.na}/sim/vehicles/${VIN}`, { dispatcher: agent });
      assert.match(JSON.stringify(await res.body.json()), /"locked":true/);
      assert.match(s.extensionLog('Fleetkit'), /command transport: tesla-http-proxy at https:\/\/127\.0\.0\.1:\d+, trusting .*proxy-tls-cert\.pem/);
      assert.match(s.extensionLog('Fleetkit'), /command door_lock 5YJ3E1EA8KF000001 → ok \(proxy/);
    } finally {
      await proxy.close();
    }
    await s.workbench.runCommand('Fleetkit: Configure Command Transport…');
    await s.workbench.pickQuickItem(/^How commands reach the vehicle$/, 'Native signing');
    await s.workbench.waitForNotification(/commands now use native signing/, 30_000);
  });
});
