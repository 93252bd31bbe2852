import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { useSession, type E2ESession } from './host';

/**
 * Live Telemetry in a real VS Code: Fleetkit starts the simulator and the bundled bridge itself, the simulated
 * cars stream to it over mTLS, and the panel shows live values and sparklines that move.
 */
describe('Live Telemetry in a real VS Code', function () {
  this.timeout(600_000);
  const dir = mkdtempSync(join(tmpdir(), 'fleetkit-e2e-telemetry-'));
  const settings = { 'fleetkit.environment': 'simulator', 'fleetkit.simulator.autoConsent': true };
  // The simulator's CA and the bridge certificates go to this suite's own config dir.
  const session = useSession({ suite: 'telemetry', settings, env: { FLEETKIT_CONFIG_DIR: join(dir, 'config') } });

  after(() => rmSync(dir, { recursive: true, force: true }));

  /** `fleetkit.environment` is read from machine settings in code-server (<user-data>/Machine/settings.json). */
  function machineSettings(s: E2ESession): void {
    const machineDir = join(s.server.dirs.userDataDir, 'Machine');
    mkdirSync(machineDir, { recursive: true });
    writeFileSync(join(machineDir, 'settings.json'), JSON.stringify(settings, null, 2));
  }

  async function text(frame: Frame, selector: string): Promise<string> {
    return ((await frame.locator(selector).first().textContent({ timeout: 60_000 })) ?? '').trim();
  }

  async function until(what: string, pred: () => Promise<boolean>, s: E2ESession, timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await pred().catch(() => false))) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await s.page.waitForTimeout(500);
    }
  }

  it('starts the simulator and the bridge from Fleetkit and shows live values and a moving chart', async () => {
    const s = session();
    machineSettings(s);
    await s.workbench.runCommand('Fleetkit: Start Local Simulator');
    await s.workbench.waitForNotification(/simulator running at/i);
    await s.step('simulator started');

    // Our CSP is the only one in the workbench with a nonce: any violation of it shows up in the console.
    const cspViolations: string[] = [];
    s.page.on('console', (m) => {
      if (/Refused to .*nonce-/s.test(m.text())) cspViolations.push(m.text());
    });
    await s.workbench.runCommand('Fleetkit: Open Live Telemetry');
    const frame = await s.workbench.webview({ selector: '#vehicles', timeoutMs: 120_000 });
    await frame.waitForSelector('section.vehicle tr[data-field="VehicleSpeed"] td.value', { timeout: 180_000 });
    await until('the bridge status line', async () => /running/.test(await text(frame, '#status')), s);
    await s.step('live values');

    const status = await text(frame, '#status');
    assert.match(status, /bridge on 127\.0\.0\.1:\d+ \(started by Fleetkit\)/);
    assert.doesNotMatch(await frame.content(), /[0-9a-f]{64}/, 'the feed token never reaches the webview');
    const driving = frame.locator('section.vehicle', { has: frame.locator('tr[data-field="VehicleSpeed"]') }).first();
    const vin = (await driving.getAttribute('data-vin')) ?? '';
    assert.match(vin, /^[A-Z0-9]{17}$/);
    const speed = driving.locator('tr[data-field="VehicleSpeed"]');
    assert.equal(await speed.locator('td.unit').textContent(), 'mph');
    assert.match((await speed.locator('td.value').textContent()) ?? '', /^\d+(\.\d+)?$/);
    assert.match(await text(frame, `section.vehicle[data-vin="${vin}"] ol.timeline`), /CONNECTED/);

    // The speed sparkline is drawn and changes as the car drives on.
    const path = speed.locator('svg.spark path');
    await until('a speed chart with several points', async () => ((await path.getAttribute('d')) ?? '').split('L').length >= 3, s);
    const before = await path.getAttribute('d');
    await until('the chart to update', async () => (await path.getAttribute('d')) !== before, s);
    await s.step('chart updated');

    // A charging car streams too (the demo sets the second online car charging at a Supercharger).
    await frame.waitForSelector('tr[data-field="DCChargingPower"] td.value', { timeout: 120_000 });

    // Filter to one field, then clear it.
    const filter = frame.locator('#filter input');
    await filter.fill('field:Soc');
    await until('the filter to apply', async () => (await frame.locator('tr[data-field="VehicleSpeed"]').count()) === 0 && (await frame.locator('tr[data-field="Soc"]').count()) > 0, s);
    await s.step('filtered to Soc');
    await filter.fill('');
    await frame.waitForSelector('tr[data-field="VehicleSpeed"]', { timeout: 60_000 });

    // Pause freezes the view; resume brings it back to life.
    await frame.locator('#pause').click();
    await until('paused', async () => /paused/.test(await text(frame, '#status')), s);
    await frame.locator('#pause').click();
    await until('resumed', async () => !/paused/.test(await text(frame, '#status')), s);

    // Status bar: connected vehicles and records/s; the Telemetry view lists the streaming cars.
    await until('the telemetry status bar item', async () => (await s.workbench.statusBarItems()).some((t) => /^\d+ · \d+\/s$/.test(t)), s);
    await s.workbench.openViewContainer('Fleetkit');
    await until('the Telemetry view rows', async () => (await s.workbench.readView('Telemetry')).rows.some((r) => r.includes(vin)), s);
    await s.step('status bar and telemetry view');
    assert.deepEqual(cspViolations, [], 'the panel runs under its strict CSP without violations');
  });
});
