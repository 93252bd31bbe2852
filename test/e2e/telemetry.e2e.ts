import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { probeBridge } from '../../client/telemetry/bridge-probe';
import { parseBridgeReady } from '../../core/messages/bridge-ready';
import { createCa, issueServerCert } from '../../core/certs';
import { startBridge, type RunningBridge } from '../../telemetry-bridge';
import { readyLine } from '../../telemetry-bridge/command';
import { useSession, type E2ESession } from './host';

/**
 * Live Telemetry in a real VS Code: Fleetkit starts the simulator and the bundled bridge itself, the simulated
 * cars stream to it over mTLS, and the panel shows live values and sparklines that move.
 */
describe('Live Telemetry in a real VS Code', function () {
  // The tests of a suite walk one session in order: after a failure the rest would only cascade from it, so stop.
  this.bail(true);
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

  /** A count as the panel prints it in the user's locale ("1,234" → 1234). */
  const count = (t: string): number => Number(t.replace(/\D/g, '') || NaN);

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
    await s.workbench.waitForNotification(/Fleetkit started the local simulator at https:\/\/127\.0\.0\.1:\d+\./);
    await s.step('simulator started');
    assert.ok((await s.workbench.statusBarItems()).includes('Tesla simulator · started by Fleetkit'), 'the status bar says Fleetkit started it');

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
    // Fleetkit started this bridge: Stop is offered, Detach is not.
    assert.deepEqual([await frame.locator('#stop').isVisible(), await frame.locator('#detach').isVisible()], [true, false]);

    const status = await text(frame, '#status');
    assert.match(status, /bridge on 127\.0\.0\.1:\d+ \(started by Fleetkit\)/);
    assert.doesNotMatch(await frame.content(), /[0-9a-f]{64}/, 'the feed token never reaches the webview');
    const driving = frame.locator('section.vehicle', { has: frame.locator('tr[data-field="VehicleSpeed"]') }).first();
    const vin = (await driving.getAttribute('data-vin')) ?? '';
    assert.match(vin, /^[A-Z0-9]{17}$/);
    const speed = driving.locator('tr[data-field="VehicleSpeed"]');
    assert.equal(await speed.locator('td.unit').textContent(), 'mph');
    assert.match((await speed.locator('td.value').textContent()) ?? '', /^\d+$/, 'speeds in whole mph');
    assert.match(await text(frame, `section.vehicle[data-vin="${vin}"] ol.timeline`), /CONNECTED/);

    // The car streams its name (VehicleName): the driving car of the default world is Commuter.
    assert.equal(vin, '5YJ3E1EA8KF000001');
    await until("the driving car's name beside its VIN", async () => (await text(frame, `section.vehicle[data-vin="${vin}"] h2 .name`)) === 'Commuter', s);
    // Values with their unit's precision and digit grouping (the simulator sends 2 decimals for the odometer, 1 for volts).
    const cell = async (field: string, part: 'value' | 'unit'): Promise<string> =>
      text(frame, `section.vehicle[data-vin="${vin}"] tr[data-field="${field}"] td.${part}`);
    await until('odometer and pack voltage rows', async () => (await cell('Odometer', 'value')) !== '' && (await cell('PackVoltage', 'value')) !== '', s);
    assert.match(await cell('Odometer', 'value'), /^\d{1,3}(,\d{3})*\.\d$/, 'miles: one decimal, grouped');
    assert.equal(await cell('Odometer', 'unit'), 'mi');
    assert.match(await cell('PackVoltage', 'value'), /^\d+$/, 'volts: whole');
    assert.match(await cell('InsideTemp', 'value'), /^-?\d+\.\d$/, '°C: one decimal');
    await s.step('names and formatted values');

    // The speed sparkline is drawn and changes as the car drives on.
    const path = speed.locator('svg.spark path');
    await until('a speed chart with several points', async () => ((await path.getAttribute('d')) ?? '').split('L').length >= 3, s);
    const before = await path.getAttribute('d');
    await until('the chart to update', async () => (await path.getAttribute('d')) !== before, s);
    await s.step('chart updated');

    // The bridge Fleetkit started keeps history (SQLite ships in the VSIX as WebAssembly): History charts its Soc.
    await frame.locator('#history-details > summary').click();
    await until('the History section to load Soc', async () => (await frame.locator('#history-field').inputValue()) === 'Soc', s, 60_000);
    const socHistory = frame.locator('figure.history-chart[data-field="Soc"]');
    await socHistory.waitFor({ timeout: 60_000 });
    assert.ok(Number(await socHistory.getAttribute('data-points')) >= 1, 'at least one minute of Soc kept');
    await s.step('history from the bridge Fleetkit started');
    await frame.locator('#history-details > summary').click();

    // A charging car streams too (the demo sets the second online car charging at a Supercharger).
    await frame.waitForSelector('tr[data-field="DCChargingPower"] td.value', { timeout: 120_000 });

    // Filter to one field, then clear it.
    const filter = frame.locator('#filter input');
    await filter.fill('field:Soc');
    await until(
      'the filter to apply',
      async () => (await frame.locator('tr[data-field="VehicleSpeed"]').count()) === 0 && (await frame.locator('tr[data-field="Soc"]').count()) > 0,
      s,
    );
    await s.step('filtered to Soc');
    await filter.fill('');
    await frame.waitForSelector('tr[data-field="VehicleSpeed"]', { timeout: 60_000 });

    // Pause freezes the view and its "N shown"; the records that keep arriving are counted as new instead.
    await frame.locator('#pause').click();
    await until('paused', async () => /paused/.test(await text(frame, '#status')), s);
    const shownAtPause = await text(frame, '#shown');
    const chartAtPause = await path.getAttribute('d');
    await until('records to arrive while paused', async () => count(await text(frame, '#waiting')) >= 20, s);
    await s.step('paused with records waiting');
    assert.equal(await text(frame, '#shown'), shownAtPause, 'the count shown stays what is shown');
    assert.equal(await path.getAttribute('d'), chartAtPause, 'the chart stays too');
    await frame.locator('#pause').click();
    await until('resumed', async () => !/paused/.test(await text(frame, '#status')), s);
    await until('the count to catch up', async () => count(await text(frame, '#shown')) > count(shownAtPause), s);

    // Status bar: connected vehicles and records/s; the Telemetry view lists the streaming cars.
    await until(
      'the telemetry status bar item',
      async () => (await s.workbench.statusBarItems()).some((t) => /^\d+ · \d+\/s · started by Fleetkit$/.test(t)),
      s,
    );
    await s.workbench.openViewContainer('Fleetkit');
    // Rows read as they look: the name, then the VIN and the stream's state.
    await until(
      'the Telemetry view rows',
      async () => (await s.workbench.readView('Telemetry')).rows.some((r) => r.startsWith(`Commuter, ${vin} · connected`)),
      s,
    );
    await s.step('status bar and telemetry view');

    // Opened from a vehicle (the Telemetry view's Berlin 3 row), the panel filters to that vehicle.
    const berlin = 'LRW3E7FA7MC000005';
    await until('the Berlin 3 row', async () => (await s.workbench.treeRow('Telemetry', /^Berlin 3/).count()) > 0, s);
    // The Telemetry view redraws as records arrive: a click that lands while its row is replaced is lost (seen once in a
    // clean-clone CI run), so the row is clicked again until the panel shows the filter it opens with.
    const filtered = async () =>
      (await frame.locator('section.vehicle').count()) === 1 && (await frame.locator(`section.vehicle[data-vin="${berlin}"]`).count()) === 1;
    for (let attempt = 1; ; attempt++) {
      await s.workbench.treeRow('Telemetry', /^Berlin 3/).click();
      try {
        await until('the panel filtered to Berlin 3', filtered, s, 15_000);
        break;
      } catch (e) {
        if (attempt === 4) throw e;
      }
    }
    assert.equal(
      await frame.locator('#filter').evaluate((el) => (el as HTMLInputElement).value),
      `vin:${berlin}`,
      'the filter box says why the others are hidden',
    );
    assert.equal(await text(frame, `section.vehicle[data-vin="${berlin}"] h2 .name`), 'Berlin 3');
    await s.step('filtered to the vehicle it was opened from');
    assert.deepEqual(cspViolations, [], 'the panel runs under its strict CSP without violations');
  });

  it('Stop ends the bridge Fleetkit started; a bridge started elsewhere is attached, never stopped, only detached', async () => {
    const s = session();
    await s.workbench.runCommand('Fleetkit: Open Live Telemetry');
    const frame = await s.workbench.webview({ selector: '#vehicles', timeoutMs: 60_000 });
    await frame.locator('#stop').click();
    await s.workbench.waitForNotification(/Fleetkit stopped the telemetry bridge it started\./);
    await until('the panel to say stopped', async () => /^stopped The telemetry bridge is not running\./.test(await text(frame, '#status')), s);

    // A bridge started outside Fleetkit (as npm start does), named in fleetkit.telemetry.bridgeReadyFile.
    const ca = createCa({ commonName: 'E2E telemetry server CA' });
    const server = issueServerCert(ca, { hostnames: ['localhost', '127.0.0.1'] });
    const vehicleCa = createCa({ commonName: 'E2E vehicle CA' });
    let bridge: RunningBridge | undefined = await startBridge({
      port: 0,
      certPem: server.certPem,
      keyPem: server.keyPem,
      vehicleCas: [vehicleCa.certPem],
      feed: { port: 0 },
    });
    try {
      const line = readyLine(bridge);
      const ready = parseBridgeReady(line);
      const readyFile = join(dir, 'bridge-ready.json');
      writeFileSync(readyFile, line + '\n', { mode: 0o600 });
      writeFileSync(
        join(s.server.dirs.userDataDir, 'Machine', 'settings.json'),
        JSON.stringify({ ...settings, 'fleetkit.telemetry.bridgeReadyFile': readyFile }, null, 2),
      );
      // The start button says what it will do once the setting arrived.
      await until('the Attach button', async () => (await text(frame, '#start')) === 'Attach to bridge', s, 60_000);
      await frame.locator('#start').click();
      await until(
        'the panel to say attached',
        async () => /running bridge on 127\.0\.0\.1:\d+ \(attached: started outside Fleetkit/.test(await text(frame, '#status')),
        s,
        60_000,
      );
      await s.step('attached to a bridge started elsewhere');
      assert.deepEqual(
        [await frame.locator('#stop').isVisible(), await frame.locator('#detach').isVisible()],
        [false, true],
        'no Stop for a bridge Fleetkit did not start',
      );
      await until(
        'the status bar to say attached',
        async () => (await s.workbench.statusBarItems()).some((t) => /^\d+ · \d+\/s · attached$/.test(t)),
        s,
        30_000,
      );
      await until(
        'the Telemetry view to say attached',
        async () => (await s.workbench.readView('Telemetry')).rows.some((r) => r.startsWith('Bridge: attached')),
        s,
        30_000,
      );

      await s.workbench.runCommand('Fleetkit: Stop Telemetry Bridge');
      const refusal = await s.workbench.waitForNotification(/was started outside Fleetkit/);
      assert.match(
        refusal.message,
        new RegExp(
          `The telemetry bridge at 127\\.0\\.0\\.1:${ready.port} was started outside Fleetkit \\(npm start or fleetkit bridge\\) and has no remote stop`,
        ),
      );
      assert.deepEqual(refusal.buttons, ['Detach']);
      assert.deepEqual(await probeBridge(ready), { ok: true }, 'Stop did not stop it');

      await frame.locator('#detach').click();
      await s.workbench.waitForNotification(new RegExp(`Fleetkit detached from the telemetry bridge at 127\\.0\\.0\\.1:${ready.port}; it keeps running\\.`));
      await until('the panel to say detached', async () => /^detached Fleetkit is detached from the telemetry bridge/.test(await text(frame, '#status')), s);
      await until(
        'the Telemetry view to say detached',
        async () => (await s.workbench.readView('Telemetry')).rows.some((r) => r.startsWith('Bridge: detached')),
        s,
        30_000,
      );
      await until('the status bar to say detached', async () => (await s.workbench.statusBarItems()).includes('Telemetry bridge · detached'), s, 30_000);
      await s.step('detached');
      assert.equal(await text(frame, '#start'), 'Attach to bridge');
      assert.deepEqual(await probeBridge(ready), { ok: true }, 'detached, still running');

      // Gone: Attach probes first and says so, instead of claiming it runs.
      await bridge.close();
      bridge = undefined;
      await frame.locator('#start').click();
      const gone = await s.workbench.waitForNotification(/could not start the telemetry bridge/);
      assert.match(
        gone.message,
        new RegExp(`The telemetry bridge named in .*bridge-ready\\.json \\(127\\.0\\.0\\.1:${ready.port}\\) does not answer \\(connection refused\\)`),
      );
      await until('the panel to say not answering', async () => /does not answer \(connection refused\)/.test(await text(frame, '#status')), s);
      await s.step('named bridge not answering');
    } finally {
      await bridge?.close();
    }
  });
});
