import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request, Agent } from 'undici';
import { startSimulator, defaultWorld } from '../../simulator/index';
import { useSession, type E2ESession } from './host';

const VIEW = 'Accounts & Vehicles';
const NA_ACCOUNT = '8b2f4d0e-1111-4c2a-9f00-00000000aa01';

type Sim = Awaited<ReturnType<typeof startSimulator>>;

/**
 * The vehicles tree in a real VS Code against a simulator this suite starts (attached through
 * `fleetkit.simulator.readyFile`): the fleet with its states, a refresh that never wakes, Wake, Fetch live data.
 */
describe('Vehicles tree in a real VS Code', function () {
  let sim: Sim;
  let dir: string;
  let agent: Agent;
  const settings: Record<string, unknown> = {
    'fleetkit.environment': 'simulator',
    'fleetkit.vehicles.confirmWake': false,
    'fleetkit.vehicles.wakePollInitialSeconds': 0.5,
    'fleetkit.vehicles.wakePollMaxSeconds': 1,
    'fleetkit.vehicles.wakeMaxPolls': 20,
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fleetkit-e2e-vehicles-'));
    const world = defaultWorld();
    world.settings.wakeSeconds = 2;
    world.settings.sleepAfterSeconds = 0;
    // Plain HTTP: the browser must follow the sign-in through the simulator's pages and has no reason to trust a
    // private CA (the client's HTTPS + CA path is covered by test/integration/fleet-api).
    sim = await startSimulator({ world, autoConsent: true, tls: false });
    const readyFile = join(dir, 'ready.json');
    writeFileSync(readyFile, JSON.stringify(sim.ready) + '\n');
    settings['fleetkit.simulator.readyFile'] = readyFile;
    agent = new Agent();
  });

  after(async () => {
    await agent?.close();
    await sim?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const session = useSession({ suite: 'vehicles', settings });

  async function usage(): Promise<{ data: number; wakes: number; byStatus: Record<string, number> }> {
    const res = await request(`${sim.urls.fleet.na}/sim/usage?account=${NA_ACCOUNT}`, { dispatcher: agent });
    return ((await res.body.json()) as { response: { data: number; wakes: number; byStatus: Record<string, number> } }).response;
  }

  /** The simulator's own view of a car (not billed, not Tesla's API). */
  async function connectivity(vin: string): Promise<string> {
    const res = await request(`${sim.urls.fleet.na}/sim/vehicles/${vin}`, { dispatcher: agent });
    return ((await res.body.json()) as { response: { connectivity: string } }).response.connectivity;
  }

  /**
   * Points Fleetkit at this suite's simulator. The simulator settings are machine-scoped, and in code-server
   * machine settings live in <user-data>/Machine/settings.json (user settings cannot set them).
   */
  function attachSimulator(s: E2ESession): void {
    const machineDir = join(s.server.dirs.userDataDir, 'Machine');
    mkdirSync(machineDir, { recursive: true });
    writeFileSync(join(machineDir, 'settings.json'), JSON.stringify({ 'fleetkit.environment': 'simulator', 'fleetkit.simulator.readyFile': settings['fleetkit.simulator.readyFile'] }, null, 2));
  }

  /** Runs sign-in and lets the browser tab go through the simulator's auto-consent and bounce page. */
  async function signIn(s: E2ESession): Promise<void> {
    const tab = await s.workbench.followExternal(() => s.workbench.runCommand('Fleetkit: Sign In to Tesla'));
    await tab.waitForLoadState('domcontentloaded');
    // authorize (auto-consent) → the simulator's forwarding page → the editor's callback route.
    await tab.waitForURL(/\/callback\?/, { timeout: 30_000 });
    await s.page.bringToFront();
    await s.workbench.waitForNotification(/Signed in to the simulator as ada@example\.com/, 60_000);
    await s.step('signed in');
    await tab.close();
  }

  it('signs in to the simulator and shows the fleet with its states (online, asleep, offline)', async () => {
    const s = session();
    attachSimulator(s);
    await s.workbench.openViewContainer('Fleetkit');
    await signIn(s);
    await s.workbench.treeRow(VIEW, /ada@example\.com/).waitFor({ timeout: 60_000 });
    await s.workbench.treeRow(VIEW, /^Family Y/).waitFor({ timeout: 30_000 });
    const view = await s.workbench.readView(VIEW);
    await s.step('fleet listed');
    const row = (name: string): string => view.rows.find((r) => r.startsWith(name)) ?? '';
    assert.match(row('Commuter'), /Model 3 · online/);
    assert.match(row('Family Y'), /Model Y · asleep/);
    assert.match(row('Classic S'), /Model S · asleep/);
    assert.match(row('Truck'), /Cybertruck · offline/);
    assert.match(view.rows.find((r) => r.includes('ada@example.com')) ?? '', /NA · simulator · 4 vehicles/);
    const icon = await s.workbench.treeRow(VIEW, /^Family Y/).locator('.custom-view-tree-node-item-icon').first().getAttribute('class');
    assert.match(icon ?? '', /codicon-debug-pause/);
    assert.ok((await s.workbench.statusBarItems()).some((t) => /ada@example\.com · NA · \$/.test(t)), 'cost status bar item');
  });

  it('a tree refresh with asleep cars bills only the list call and never wakes anything', async () => {
    const s = session();
    const before = await usage();
    await s.workbench.runCommand('Fleetkit: Refresh Vehicles');
    await s.workbench.treeRow(VIEW, /^Family Y/).waitFor();
    let after = await usage();
    for (let i = 0; i < 50 && after.data === before.data; i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = await usage();
    }
    await s.step('after refresh');
    assert.equal(after.wakes, 0, 'no wake was billed');
    assert.equal(after.data - before.data, 1, 'exactly one data call: the vehicle list');
    assert.equal(await connectivity('7SAYGDEE1PF000002'), 'asleep', 'Family Y is still asleep');
    assert.equal(await connectivity('5YJSA1E26FF000003'), 'asleep', 'Classic S is still asleep');
    assert.equal(after.byStatus['408'] ?? 0, 0, 'no vehicle_data on a sleeping car');
  });

  it('Wake wakes Family Y and its icon turns to online', async () => {
    const s = session();
    await s.workbench.runCommand('Fleetkit: Wake Vehicle');
    await s.workbench.pickQuickItem(/^Vehicle$/, 'Family Y');
    await s.workbench.waitForNotification(/Family Y is online\./, 60_000);
    await s.workbench.treeRow(VIEW, /^Family Y.*online/).waitFor({ timeout: 30_000 });
    await s.step('woken');
    const icon = await s.workbench.treeRow(VIEW, /^Family Y/).locator('.custom-view-tree-node-item-icon').first().getAttribute('class');
    assert.match(icon ?? '', /codicon-circle-filled/);
    assert.equal((await usage()).wakes, 1, 'exactly one wake billed');
    assert.equal(await connectivity('7SAYGDEE1PF000002'), 'online');
  });

  it('Fetch live data fills the sections with values and their age', async () => {
    const s = session();
    await s.workbench.runCommand('Fleetkit: Fetch Live Data');
    await s.workbench.pickQuickItem(/^Vehicle$/, 'Family Y');
    const vehicle = s.workbench.treeRow(VIEW, /^Family Y/);
    await vehicle.click();
    await s.page.keyboard.press('ArrowRight');
    const charge = s.workbench.treeRow(VIEW, /^Charge.*(just now|s ago)/);
    await charge.waitFor({ timeout: 30_000 });
    await charge.click();
    await s.page.keyboard.press('ArrowRight');
    await s.workbench.treeRow(VIEW, /^Battery.*%/).waitFor({ timeout: 10_000 });
    await s.step('charge values');
    // Collapse Charge again so every section row is rendered (the list is virtualised).
    await charge.click();
    await s.workbench.treeRow(VIEW, /^Battery/).waitFor({ state: 'detached', timeout: 10_000 });
    const location = await s.workbench.treeRow(VIEW, /^Location/).first().textContent();
    await s.step('live data');
    assert.match(location ?? '', /(just now|s ago)/, 'location_data was requested and answered');
    const view = await s.workbench.readView(VIEW);
    assert.ok(view.rows.some((r) => /^Climate.*(just now|s ago)/.test(r)), `rows: ${view.rows.join(' | ')}`);
  });
});
