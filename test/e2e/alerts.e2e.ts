import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { createCa, issueClientCert, issueServerCert } from '../../core/certs';
import { createVehicleStreamer, type VehicleStreamer } from '../../core/telemetry-wire';
import { startBridge, type RunningBridge } from '../../telemetry-bridge';
import { readyLine } from '../../telemetry-bridge/command';
import { useSession, type E2ESession } from './host';

/**
 * Alerts and history in a real VS Code: a bridge started outside Fleetkit (as npm start does) with a rules file
 * (--alerts) and a history database (--history); a simulated car discharges into it; Live Telemetry shows the low-SoC
 * alert in the car's timeline and as a notification, and its History section charts the Soc the bridge kept.
 */
describe('Alerts and history in Live Telemetry', function () {
  this.bail(true);
  this.timeout(600_000);
  const dir = mkdtempSync(join(tmpdir(), 'fleetkit-e2e-alerts-'));
  const session = useSession({ suite: 'alerts', settings: {}, env: { FLEETKIT_CONFIG_DIR: join(dir, 'config') } });
  const VIN = '5YJ3E1EA8KF000001';
  let bridge: RunningBridge | undefined;
  let car: VehicleStreamer | undefined;

  after(async () => {
    await car?.close();
    await bridge?.close();
    rmSync(dir, { recursive: true, force: true });
  });

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

  it('a discharging car fires low-soc: it shows in the panel timeline and as a notification; History charts Soc', async () => {
    const s = session();
    const ca = createCa({ commonName: 'E2E telemetry server CA' });
    const server = issueServerCert(ca, { hostnames: ['localhost', '127.0.0.1'] });
    const vehicleCa = createCa({ commonName: 'E2E vehicle CA' });
    const rules = join(dir, 'fleet.alerts.json');
    writeFileSync(rules, JSON.stringify({ rules: [{ name: 'low-soc', field: 'Soc', below: 20, clearAbove: 25, severity: 'warning' }] }));
    bridge = await startBridge({
      port: 0,
      certPem: server.certPem,
      keyPem: server.keyPem,
      vehicleCas: [vehicleCa.certPem],
      feed: { port: 0 },
      alerts: { file: rules },
      history: { file: join(dir, 'history.db'), flushMs: 100 },
    });
    const readyFile = join(dir, 'bridge-ready.json');
    writeFileSync(readyFile, readyLine(bridge) + '\n', { mode: 0o600 });
    const machineDir = join(s.server.dirs.userDataDir, 'Machine');
    mkdirSync(machineDir, { recursive: true });
    writeFileSync(join(machineDir, 'settings.json'), JSON.stringify({ 'fleetkit.telemetry.bridgeReadyFile': readyFile }, null, 2));

    const cert = issueClientCert(vehicleCa, { commonName: VIN });
    car = createVehicleStreamer({ url: `wss://localhost:${bridge.port}/`, certPem: cert.certPem, keyPem: cert.keyPem, ca: ca.certPem, reconnect: false });
    await car.waitConnected();
    // Record time, not wall time: the car's last half hour, one record a minute.
    const t0 = Date.now() - 30 * 60_000;
    const soc = (i: number, value: number) => car!.sendVehicleData({ createdAt: t0 + i * 60_000, data: [{ key: 'Soc', value: { doubleValue: value } }] });
    soc(0, 26);
    await car.waitIdle();

    await s.workbench.runCommand('Fleetkit: Open Live Telemetry');
    const frame = await s.workbench.webview({ selector: '#vehicles', timeoutMs: 120_000 });
    await until('the panel to attach to the bridge', async () => /attached/.test(await text(frame, '#status')), s);
    await frame.waitForSelector(`section.vehicle[data-vin="${VIN}"]`, { timeout: 120_000 });
    assert.equal(await text(frame, `section.vehicle[data-vin="${VIN}"] ol.rule-alerts`), 'No rule alerts.');
    await s.step('attached, no alerts yet');

    // The car discharges through 20 % (25.5, 25, … 16.5): the rule fires once (at 19.5), not again while it stays under.
    for (let i = 1; i < 20; i++) soc(i, 26 - i / 2);
    await car.waitIdle();
    const item = frame.locator(`section.vehicle[data-vin="${VIN}"] ol.rule-alerts li.rule-alert[data-rule="low-soc"]`);
    await item.first().waitFor({ timeout: 120_000 });
    assert.match(await text(frame, `section.vehicle[data-vin="${VIN}"] ol.rule-alerts li.rule-alert`), /low-soc .*19\.5/);
    assert.match((await item.first().getAttribute('class')) ?? '', /sev-warning/);
    await s.workbench.waitForNotification(new RegExp(`Fleetkit alert low-soc · ${VIN}: .*19\\.5`), 60_000);
    await s.step('alert in the timeline and as a notification');
    assert.equal(await item.count(), 1, 'one alert for one crossing');

    // History: the Soc the bridge kept, per minute, with its range.
    await frame.locator('#history-details > summary').click();
    await until('the History section to load Soc', async () => (await frame.locator('#history-field').inputValue()) === 'Soc', s, 60_000);
    const chart = frame.locator('figure.history-chart[data-field="Soc"]');
    await chart.waitFor({ timeout: 60_000 });
    assert.equal(await chart.getAttribute('data-points'), '20', 'twenty minutes of Soc, one point a minute');
    assert.match(await text(frame, 'figure.history-chart figcaption'), /min 16\.5 % · max 26(\.0)? %/);
    // Zoomed in twice from the last hour: the last 15 minutes.
    await frame.locator('#history-zoom-in').click();
    await frame.locator('#history-zoom-in').click();
    await until('the zoomed chart', async () => Number(await chart.getAttribute('data-points')) === 16, s, 30_000);
    await s.step('history chart, zoomed in');
    assert.doesNotMatch(await frame.content(), /[0-9a-f]{64}/, 'the feed token never reaches the webview');
  });
});
