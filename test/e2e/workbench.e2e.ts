import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, defaultWorld } from '../../simulator/index';
import { attachSimulator, signInToSimulator, useSession } from './host';

type Sim = Awaited<ReturnType<typeof startSimulator>>;

/**
 * The request workbench in a real VS Code against a simulator this suite starts: a `.tesla.http` file of the fixture
 * workspace (workbench.tesla.http), its Send code lens, and the response viewer with status and Tesla's txid.
 */
describe('Request workbench in a real VS Code', function () {
  this.bail(true);
  let sim: Sim;
  let dir: string;
  const settings: Record<string, unknown> = { 'fleetkit.environment': 'simulator' };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fleetkit-e2e-workbench-'));
    // Plain HTTP, as the vehicles suite: the browser follows the sign-in through the simulator's pages.
    sim = await startSimulator({ world: defaultWorld(), autoConsent: true, tls: false });
    const readyFile = join(dir, 'ready.json');
    writeFileSync(readyFile, JSON.stringify(sim.ready) + '\n');
    settings['fleetkit.simulator.readyFile'] = readyFile;
  });

  after(async () => {
    await sim?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const session = useSession({ suite: 'workbench', settings });

  it('signs in to the simulator', async () => {
    const s = session();
    attachSimulator(s, settings['fleetkit.simulator.readyFile']);
    await s.workbench.openViewContainer('Fleetkit');
    await signInToSimulator(s);
    await s.workbench.treeRow('Accounts & Vehicles', /^Commuter/).waitFor({ timeout: 60_000 });
    await s.step('signed in');
  });

  it('opens a .tesla.http file: each request has a Send code lens with its cost', async () => {
    const s = session();
    await s.workbench.openFile('workbench.tesla.http');
    const lens = s.page.locator('.codelens-decoration a', { hasText: /Send/ }).first();
    await lens.waitFor({ state: 'visible', timeout: 60_000 });
    await s.step('code lenses');
    assert.match((await lens.textContent()) ?? '', /Send · data \$0\.002/);
    assert.equal(await s.page.locator('.codelens-decoration a', { hasText: /Copy as curl/ }).count(), 3);
    assert.match((await s.page.locator('.codelens-decoration a', { hasText: /Send/ }).nth(2).textContent()) ?? '', /Send · signed · commands \$0\.001/);
  });

  it('sends the first request from its code lens: the viewer shows 200 and Tesla’s txid, which the log names too', async () => {
    const s = session();
    await s.page.locator('.codelens-decoration a', { hasText: /Send/ }).first().click();
    const frame = await s.workbench.webview({ selector: '[data-field="status"]', timeoutMs: 60_000 });
    await s.step('response');
    const status = (await frame.locator('[data-field="status"]').first().textContent())?.trim();
    assert.equal(status, '200 OK');
    const txid = (await frame.locator('[data-field="txid"]').first().textContent())?.trim() ?? '';
    assert.match(txid, /^[0-9a-f]{8,}$/);
    assert.match((await frame.locator('[data-field="billed"]').first().textContent()) ?? '', /data, \$0\.002/);
    const body = (await frame.locator('[data-field="body"]').first().textContent()) ?? '';
    assert.match(body, /"charge_state"/);
    assert.match(body, /"vin": "5YJ3E1EA8KF000001"/);
    assert.equal(await frame.locator('table.history tbody tr').count(), 1);
    await s.workbench.runCommand('Fleetkit: Show Log');
    // The Output panel wraps long lines: allow a break between the request and its txid.
    await s.workbench.waitForOutput(
      'Fleetkit',
      new RegExp(`\\[workbench\\] workbench GET /api/1/vehicles/5YJ3E1EA8KF000001/vehicle_data\\?[\\s\\S]{0,60}→ 200 txid=${txid}`),
    );
    await s.step('log with txid');
  });

  it('sends a vehicle command through Fleetkit’s signed command path, not plain REST: without a command key it offers to make one', async () => {
    const s = session();
    await s.workbench.openFile('workbench.tesla.http');
    await s.page
      .locator('.codelens-decoration a', { hasText: /Send · signed/ })
      .first()
      .click();
    // Plain REST would have reached the simulator and come back 403 in the viewer; the signer needs a key first.
    const note = await s.workbench.waitForNotification(/there is no command key yet/, 60_000);
    await s.step('signed path asks for a key');
    assert.ok(note.buttons.includes('Generate Command Key'), note.buttons.join(', '));
  });
});
