import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { startSimulator, defaultWorld } from '../../simulator/index';
import { telemetryConfigsOf } from '../../simulator/telemetry-config/store';
import { attachSimulator, signInToSimulator, useSession } from './host';

type Sim = Awaited<ReturnType<typeof startSimulator>>;

const PAIRED = '5YJ3E1EA8KF000001'; // "Commuter"
const UNPAIRED = '7SAYGDEE1PF000002'; // "Family Y"
const NA_ACCOUNT = '8b2f4d0e-1111-4c2a-9f00-00000000aa01';

function configText(port: string): string {
  return JSON.stringify(
    {
      vins: [PAIRED, UNPAIRED],
      config: { hostname: 'telemetry.example.com', port: JSON.parse(port), ca: null, fields: { Soc: { interval_seconds: 60 } }, prefer_typed: true },
    },
    null,
    2,
  );
}

/** Push Telemetry Config in a real VS Code (a simulator this suite starts, a command key file in the settings). */
describe('Push Telemetry Config in a real VS Code', function () {
  // The tests of a suite walk one session in order: after a failure the rest would only cascade from it, so stop.
  this.bail(true);
  let sim: Sim;
  const dir = mkdtempSync(join(tmpdir(), 'fleetkit-e2e-push-'));
  const workspace = join(dir, 'workspace');
  mkdirSync(workspace);
  writeFileSync(join(workspace, 'good.telemetry.json'), configText('443'));
  writeFileSync(join(workspace, 'bad.telemetry.json'), configText('"443"'));
  const keyPath = join(dir, 'command-key.pem');
  writeFileSync(keyPath, generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ format: 'pem', type: 'sec1' }));
  const settings: Record<string, unknown> = { 'fleetkit.environment': 'simulator', 'fleetkit.partner.keyFile': keyPath };

  before(async () => {
    // Plain HTTP, as in the vehicles suite: the browser follows the sign-in through the simulator's pages.
    sim = await startSimulator({ world: defaultWorld(), autoConsent: true, tls: false });
    const readyFile = join(dir, 'ready.json');
    writeFileSync(readyFile, JSON.stringify(sim.ready) + '\n');
    settings['fleetkit.simulator.readyFile'] = readyFile;
  });

  after(async () => {
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const session = useSession({ suite: 'telemetry-push', settings, workspace });

  /** Data calls the simulator billed to Ada's account so far (its own meter, not billed itself). */
  async function dataCalls(): Promise<number> {
    const res = await request(`${sim.urls.fleet.na}/sim/usage?account=${NA_ACCOUNT}`);
    return ((await res.body.json()) as { response: { data: number } }).response.data;
  }

  it('refuses to push while the config has errors', async () => {
    const s = session();
    attachSimulator(s, settings['fleetkit.simulator.readyFile']);
    await s.workbench.openFile('bad.telemetry.json');
    // Wait until the language server has reported the string port, then try to push.
    for (let i = 0; i < 120 && !(await s.workbench.problems()).some((r) => r.text.includes('FT202')); i++) await s.page.waitForTimeout(500);
    await s.workbench.runCommand('Fleetkit: Push Telemetry Config');
    const toast = await s.workbench.waitForNotification(/error\(s\) in the config block the push/);
    await s.step('push blocked');
    assert.match(toast.message, /"port" is a string/);
    assert.equal(telemetryConfigsOf(sim.world).of(PAIRED).length, 0);
  });

  // The signed-in push (signature verified by the simulator, skipped vehicles reported) is covered over the Fleet API
  // client in test/integration/telemetry-config-push; here the editor side: a valid config gets past validation.
  it('a valid config passes validation and asks for an account before anything is sent', async () => {
    const s = session();
    await s.workbench.openFile('good.telemetry.json');
    await s.workbench.runCommand('Fleetkit: Push Telemetry Config');
    const toast = await s.workbench.waitForNotification(/Sign in to Tesla \(or the local simulator\) first/, 30_000);
    await s.step('asks to sign in');
    assert.equal(toast.severity, 'error');
    assert.equal(telemetryConfigsOf(sim.world).of(PAIRED).length, 0, 'nothing was pushed');
  });

  it('signed in, Push asks first in a modal: the cars, what changes on each (one billed read per car), a warning for the car leaving the local bridge; Cancel sends nothing', async () => {
    const s = session();
    await signInToSimulator(s);
    await s.workbench.openViewContainer('Fleetkit');
    await s.workbench.treeRow('Accounts & Vehicles', /^Commuter/).waitFor({ timeout: 60_000 });
    // Commuter streams to the local bridge (what npm start gives the simulated cars).
    const local = {
      hostname: 'localhost',
      port: 4443,
      fields: { Soc: { interval_seconds: 60 } },
      iss: sim.ready.clientId,
      aud: 'com.tesla.fleet.TelemetryClient',
    };
    telemetryConfigsOf(sim.world).set(PAIRED, { clientId: sim.ready.clientId, config: local, pushedAt: Date.now(), syncedAt: Date.now() });
    const before = await dataCalls();

    await s.workbench.openFile('good.telemetry.json');
    await s.workbench.runCommand('Fleetkit: Push Telemetry Config');
    const dialog = s.page.locator('.monaco-dialog-box', { hasText: /Push the telemetry config to 2 vehicles\?/ });
    await dialog.waitFor({ state: 'visible', timeout: 60_000 });
    await s.step('push confirmation');
    const text = (await dialog.textContent()) ?? '';
    assert.match(text, /Streams to telemetry\.example\.com:443 · 1 field\./);
    assert.match(
      text,
      new RegExp(`⚠ Commuter \\(${PAIRED}\\) streams to the local bridge \\(localhost:4443\\); this push re-points it to telemetry\\.example\\.com:443\\.`),
    );
    assert.match(text, new RegExp(`Commuter \\(${PAIRED}\\): hostname localhost → telemetry\\.example\\.com; port 4443 → 443; prefer_typed set to true`));
    assert.match(text, new RegExp(`Family Y \\(${UNPAIRED}\\): no config from this app yet \\(new\\)`));
    assert.match(text, /Current configs read with 2 billed data calls/);
    const buttons = (await dialog.locator('.monaco-button').allTextContents()).map((b) => b.trim());
    assert.ok(buttons.includes('Push to 2 Vehicles') && buttons.includes('Show Diff'), buttons.join(', '));
    assert.equal((await dataCalls()) - before, 2, 'one GET fleet_telemetry_config per car, nothing else');

    await dialog.locator('.monaco-button', { hasText: /^Cancel$/ }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 30_000 });
    for (let i = 0; i < 50 && !/not confirmed, nothing sent/.test(s.extensionLog('Fleetkit')); i++) await s.page.waitForTimeout(100);
    assert.match(s.extensionLog('Fleetkit'), /push telemetry config to 5YJ3E1EA8KF000001, 7SAYGDEE1PF000002: not confirmed, nothing sent/);
    assert.equal(telemetryConfigsOf(sim.world).get(PAIRED, sim.ready.clientId)?.config.hostname, 'localhost', 'Cancel pushed nothing');
    assert.equal(telemetryConfigsOf(sim.world).of(UNPAIRED).length, 0);
  });

  it('Push to 2 Vehicles pushes: the paired car now streams to the new host, the unpaired one is skipped with the fix', async () => {
    const s = session();
    await s.workbench.runCommand('Fleetkit: Push Telemetry Config');
    const dialog = s.page.locator('.monaco-dialog-box', { hasText: /Push the telemetry config to 2 vehicles\?/ });
    await dialog.waitFor({ state: 'visible', timeout: 60_000 });
    await dialog.locator('.monaco-button', { hasText: /^Push to 2 Vehicles$/ }).click();
    const toast = await s.workbench.waitForNotification(/Telemetry config: 1 vehicle\(s\) updated, 1 skipped \(missing_key\)/, 60_000);
    await s.step('pushed');
    assert.equal(toast.severity, 'warning');
    assert.equal(telemetryConfigsOf(sim.world).get(PAIRED, sim.ready.clientId)?.config.hostname, 'telemetry.example.com');
    assert.equal(telemetryConfigsOf(sim.world).of(UNPAIRED).length, 0, 'the unpaired car was skipped');
  });
});
