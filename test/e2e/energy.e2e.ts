import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request, Agent } from 'undici';
import { startSimulator, defaultWorld } from '../../simulator/index';
import { attachSimulator, signInToSimulator, useSession, type E2ESession } from './host';

const VIEW = 'Accounts & Vehicles';
const HOME_SITE = 2252143998764501;

type Sim = Awaited<ReturnType<typeof startSimulator>>;

/**
 * Energy sites in a real VS Code against a simulator this suite starts: signed in with the energy scopes, Ada's sites
 * show under her account, Refresh reads the power flow, and Set Backup Reserve… from the palette changes site_info.
 */
describe('Energy sites in a real VS Code', function () {
  this.bail(true);
  let sim: Sim;
  let dir: string;
  let agent: Agent;
  const settings: Record<string, unknown> = {
    'fleetkit.environment': 'simulator',
    // Tesla's scope names (developer.tesla.com, reference notes fleet-api.md §1.1): the energy ones are opt-in.
    'fleetkit.auth.scopes': ['openid', 'offline_access', 'user_data', 'vehicle_device_data', 'energy_device_data', 'energy_cmds'],
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fleetkit-e2e-energy-'));
    sim = await startSimulator({ world: defaultWorld(), autoConsent: true, tls: false });
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

  const session = useSession({ suite: 'energy', settings });

  /** The simulator's own view of a site (not Tesla's API, not billed). */
  async function simSite(): Promise<{ settings: { backupReservePercent: number } }> {
    const res = await request(`${sim.urls.fleet.na}/sim/energy_sites/${HOME_SITE}`, { dispatcher: agent });
    return ((await res.body.json()) as { response: { settings: { backupReservePercent: number } } }).response;
  }

  /** Collapses the other Fleetkit views so the tree's rows are all rendered (the list is virtualised). */
  async function roomForTheTree(s: E2ESession): Promise<void> {
    for (const title of ['Telemetry', 'Checks & Doctor']) {
      const header = s.page.locator('.pane-header[aria-expanded="true"]', {
        has: s.page.locator('h3.title', { hasText: new RegExp(`^\\s*${title}\\s*$`, 'i') }),
      });
      if (await header.count()) await header.first().click();
      await s.page
        .locator('.pane-header[aria-expanded="false"]', { has: s.page.locator('h3.title', { hasText: new RegExp(`^\\s*${title}\\s*$`, 'i') }) })
        .first()
        .waitFor({ timeout: 10_000 });
    }
  }

  const rowsOf = async (s: E2ESession): Promise<string[]> => [...(await s.workbench.readView(VIEW)).rows];

  it('signed in with the energy scopes, the account lists its energy sites beside the vehicles', async () => {
    const s = session();
    attachSimulator(s, settings['fleetkit.simulator.readyFile']);
    await s.workbench.openViewContainer('Fleetkit');
    await signInToSimulator(s);
    await s.workbench.treeRow(VIEW, /^Home.*not read yet/).waitFor({ timeout: 60_000 });
    await s.workbench.treeRow(VIEW, /^Cabin/).waitFor({ timeout: 30_000 });
    await s.workbench
      .treeRow(VIEW, /^Refresh for the live power flow/)
      .first()
      .waitFor({ timeout: 30_000 });
    await s.step('sites listed');
    const rows = await rowsOf(s);
    assert.ok(
      rows.some((r) => /^Refresh for the live power flow \(2 data calls, \$0\.004 at Tesla's rates\)/.test(r)),
      `the cost of a read is stated before it: ${rows.join(' | ')}`,
    );
    assert.ok(
      rows.some((r) => r.startsWith('Commuter')),
      'the vehicles are still there',
    );
  });

  it('Refresh Energy Site on the Home row shows the live power flow in kW, the battery and the settings', async () => {
    const s = session();
    await roomForTheTree(s);
    await s.workbench.contextMenu(s.workbench.treeRow(VIEW, /^Home/).first(), 'Refresh Energy Site');
    await s.workbench.treeRow(VIEW, /^Backup reserve/).waitFor({ timeout: 30_000 });
    // The site row sums the flow up once both reads are in (until then it says "reading…").
    await s.workbench.treeRow(VIEW, /^Home.*% · solar .* kW · home/).waitFor({ timeout: 30_000 });
    await s.step('power flow');
    const rows = await rowsOf(s);
    const row = (label: string): string => rows.find((r) => r.startsWith(`${label}, `)) ?? '';
    assert.match(row('Solar'), /^Solar, \d+\.\d kW$/, rows.join(' | '));
    assert.match(row('Powerwall'), /^Powerwall, \d+(\.\d)? % · (idle|\d+\.\d kW (charging|discharging))$/);
    assert.match(row('Grid'), /^Grid, (idle|\d+\.\d kW (importing|exporting))$/);
    assert.ok(
      rows.some((r) => /^Home, \d+\.\d kW$/.test(r)),
      'the house load',
    );
    assert.equal(row('Grid status'), 'Grid status, connected');
    assert.equal(row('Mode'), 'Mode, Self-Powered');
    assert.equal(row('Backup reserve'), 'Backup reserve, 20 %');
    assert.ok(
      rows.some((r) => /^Home, \d+(\.\d)? % · solar \d+\.\d kW · home \d+\.\d kW · (just now|\d+ s ago)$/.test(r)),
      `the site row sums it up: ${rows.join(' | ')}`,
    );
  });

  it('Set Backup Reserve… from the palette: the site, then the reserve prefilled from site_info; the tree shows the new one', async () => {
    const s = session();
    await s.workbench.runCommand('Fleetkit: Set Backup Reserve…');
    await s.workbench.pickQuickItem(/^Energy site$/, 'Home');
    const box = s.workbench.quickInputBox();
    await s.page.waitForFunction(() => document.querySelector<HTMLInputElement>('.quick-input-widget .quick-input-box input')?.value === '20', undefined, {
      timeout: 30_000,
    });
    const title = (await s.page.locator('.quick-input-widget .quick-input-title').textContent()) ?? '';
    assert.match(title, /Set Backup Reserve.*2\/2/, 'the step count');
    await s.step('reserve prompt');
    await box.fill('135');
    await s.page.locator('.quick-input-widget .quick-input-message', { hasText: /whole percentage from 0 to 100/ }).waitFor({ timeout: 10_000 });
    await box.fill('35');
    await s.page.keyboard.press('Enter');
    await s.workbench.waitForNotification(/Home: backup reserve set to 35 %\./, 30_000);
    await s.workbench.treeRow(VIEW, /^Backup reserve.*35 %/).waitFor({ timeout: 30_000 });
    await s.step('reserve set');
    assert.equal((await simSite()).settings.backupReservePercent, 35, 'the simulated site holds the new reserve');
  });
});
