import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import type { Frame } from 'playwright-core';
import { createCa, issueServerCert } from '../../core/certs';
import type { TelemetryRecord } from '../../core/messages/live-feed';
import { startMosquitto, type Broker } from '../support/brokers';
import { useSession, type E2ESession } from './host';

const REC_VIN = '5YJ3E1EA8KF000001';
const MQTT_VIN = 'LRW3E7FA7MC000005';
const T0 = Date.parse('2026-11-30T08:00:00.000Z');
const SPEEDS = [10, 20, 30, 40, 50, 60, 55, 45, 35, 25, 15, 5];
/** Seconds between the recorded records: the drive lasts two minutes at ×1. */
const STEP_S = 10;

/** A recorded drive as the bridge spools it: a CONNECTED record, then a V record every STEP_S seconds (speed in mph, SoC), and a torn last line. */
function spoolText(): string {
  const meta = (i: number, txtype: TelemetryRecord['txtype'], at: number) => ({
    txtype,
    vin: REC_VIN,
    txid: txtype === 'connectivity' ? '' : `tx-${i}`,
    received_at: at + 120,
    connection_id: '3f0c1e9a-5f3b-4a6e-9b1e-0d6a2b4c8e11',
    device_client_version: '1.3.0',
    message_id: txtype === 'connectivity' ? '' : `m-${i}`,
    seq: i,
  });
  const lines: unknown[] = [
    {
      ...meta(0, 'connectivity', T0),
      record: {
        vin: REC_VIN,
        connectionId: '3f0c1e9a-5f3b-4a6e-9b1e-0d6a2b4c8e11',
        status: 'CONNECTED',
        createdAt: new Date(T0).toISOString(),
        networkInterface: 'wifi',
      },
    },
    ...SPEEDS.map((speed, i) => ({
      ...meta(i + 1, 'V', T0 + (i + 1) * STEP_S * 1000),
      record: {
        data: [
          { key: 'VehicleSpeed', value: { doubleValue: speed } },
          { key: 'Soc', value: { doubleValue: 80 - i * 0.5 } },
        ],
        createdAt: new Date(T0 + (i + 1) * STEP_S * 1000).toISOString(),
        vin: REC_VIN,
        isResend: false,
      },
    })),
  ];
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n' + 'a torn line\n';
}

/**
 * Live Telemetry's other sources in a real VS Code: a recording (a bridge spool) played in the panel, and the panel
 * attached to a real mosquitto that a publisher fills in fleet-telemetry's MQTT layout.
 */
describe('Live Telemetry sources: a recording and an MQTT broker', function () {
  this.bail(true);
  this.timeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), 'fleetkit-e2e-sources-'));
  const spool = join(dir, 'telemetry-20261130T080000000Z-0001.jsonl');
  writeFileSync(spool, spoolText());
  // The production-like broker: TLS from this CA (named in the caFile setting) and users with passwords.
  const brokerCa = createCa({ commonName: 'E2E MQTT broker CA' });
  const brokerCert = issueServerCert(brokerCa, { hostnames: ['localhost', '127.0.0.1'] });
  const caFile = join(dir, 'broker-ca.pem');
  writeFileSync(caFile, brokerCa.certPem);
  const PASSWORD = 'e2e-broker-pass-5d1c';
  let broker: Broker | undefined;
  let secure: Broker | undefined;
  let publisher: MqttClient | undefined;
  const session = useSession({ suite: 'telemetry-sources', env: { FLEETKIT_CONFIG_DIR: join(dir, 'config') } });

  before(async () => {
    broker = await startMosquitto();
    secure = await startMosquitto({
      tls: { certPem: brokerCert.certPem + brokerCa.certPem, keyPem: brokerCert.keyPem },
      users: { reader: PASSWORD, writer: 'writer-pass' },
    });
  });
  after(async () => {
    await publisher?.endAsync(true);
    await broker?.stop();
    await secure?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function text(frame: Frame, selector: string): Promise<string> {
    return ((await frame.locator(selector).first().textContent({ timeout: 60_000 })) ?? '').trim();
  }

  async function until(what: string, pred: () => Promise<boolean>, s: E2ESession, timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await pred().catch(() => false))) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await s.page.waitForTimeout(250);
    }
  }

  async function answer(s: E2ESession, prompt: RegExp, value: string): Promise<void> {
    await s.page.locator('.quick-input-widget .quick-input-message', { hasText: prompt }).waitFor({ state: 'visible', timeout: 30_000 });
    await s.workbench.quickInputBox().fill(value);
    await s.page.keyboard.press('Enter');
  }

  it('plays a recording: play/pause, speed and position, values aged on the recording clock', async () => {
    const s = session();
    await s.workbench.runCommand('Fleetkit: Open Telemetry Recording…');
    await s.workbench.enterPathInDialog(spool, /^Play$/);
    await s.workbench.waitForNotification(/1 line of the recording was skipped \(first: .*:14: not JSON \(a torn last line\?\)\)/);
    const frame = await s.workbench.webview({ selector: '#playback', timeoutMs: 60_000 });
    const row = `section.vehicle[data-vin="${REC_VIN}"] tr[data-field="VehicleSpeed"]`;
    await frame.waitForSelector(`${row} td.value`, { timeout: 60_000 });
    assert.match(await text(frame, '#status'), /recording telemetry-20261130T080000000Z-0001\.jsonl/);
    assert.equal(await frame.locator('#playback').isVisible(), true);
    await s.step('recording playing');
    // Pause holds the position; ×50 then Play runs to the end of the recording: the last speed, all records shown.
    await until('playing', async () => (await text(frame, '#play')) === 'Pause', s);
    await frame.locator('#play').click();
    await until('paused', async () => (await text(frame, '#play')) === 'Play', s);
    await frame.locator('#speed').selectOption('50');
    await frame.locator('#play').click();
    await until('the end of the recording', async () => /13 of 13 records/.test(await text(frame, '#position-text')), s);
    await until('the last speed drawn', async () => (await text(frame, `${row} td.value`)) === String(SPEEDS[SPEEDS.length - 1]), s);
    assert.equal(await text(frame, `${row} td.unit`), 'mph');
    // Ages are measured on the recording's clock (the values are days old by today's).
    assert.match(await text(frame, `${row} td.age`), /^(now|\d+ s)$/);
    assert.match(await text(frame, '#position-text'), /^0:02:00 \/ 0:02:00/);
    await until('the play button back to Play at the end', async () => (await text(frame, '#play')) === 'Play', s);
    await s.step('recording played to the end at x50');
    // Back to the middle (one minute in): the view starts over from the recording's start up to there.
    await frame.locator('#position').evaluate((el: HTMLInputElement) => {
      el.value = '500';
      el.dispatchEvent(new Event('change'));
    });
    await until('the value one minute in', async () => (await text(frame, `${row} td.value`)) === String(SPEEDS[5]), s);
    await until('the records up to there', async () => /7 of 13 records/.test(await text(frame, '#position-text')), s);
    assert.match(await text(frame, `section.vehicle[data-vin="${REC_VIN}"] h2`), /7 records/);
    await s.step('position moved back to the middle');
    const bar = (await s.workbench.statusBarItems()).find((t) => t.includes('Recording'));
    assert.ok(bar, `the status bar names the source: ${(await s.workbench.statusBarItems()).join(' | ')}`);
  });

  it('attaches to an MQTT broker fleet-telemetry writes to and shows those vehicles live; detaches back to the bridge', async () => {
    const s = session();
    await s.workbench.runCommand('Fleetkit: Attach Live Telemetry to MQTT Broker…');
    await answer(s, /Broker URL/, broker!.url);
    await answer(s, /Topic base/, 'fleet/telemetry');
    await s.step('mqtt attach: user name step');
    await answer(s, /User name on the broker/, '');
    const frame = await s.workbench.webview({ selector: '#vehicles', timeoutMs: 60_000 });
    await until('the MQTT status line', async () => /MQTT broker mqtt:\/\/127\.0\.0\.1:\d+, topic base fleet\/telemetry/.test(await text(frame, '#status')), s);
    assert.equal(await frame.locator('#playback').isVisible(), false, 'no playback bar for a live source');
    // A publisher writes what fleet-telemetry's mqtt dispatcher writes (datastore/mqtt/mqtt_payload.go), until it shows.
    publisher = await connectAsync(broker!.url, { clientId: 'e2e-fleet-telemetry' });
    const base = `fleet/telemetry/${MQTT_VIN}`;
    let n = 0;
    const timer = setInterval(() => {
      n++;
      const p = publisher!;
      if (n === 1) {
        void p
          .publishAsync(`${base}/connectivity`, JSON.stringify({ ConnectionId: 'c-1', Status: 'CONNECTED', CreatedAt: new Date().toISOString() }), { qos: 1 })
          .catch(() => undefined);
      }
      void p.publishAsync(`${base}/v/VehicleSpeed`, String(40 + (n % 5)), { qos: 1 }).catch(() => undefined);
      void p.publishAsync(`${base}/v/Gear`, '"ShiftStateD"', { qos: 1 }).catch(() => undefined);
      void p.publishAsync(`${base}/v/Location`, '{"latitude":37.4925,"longitude":-121.9447}', { qos: 1 }).catch(() => undefined);
    }, 500);
    try {
      const row = (field: string) => `section.vehicle[data-vin="${MQTT_VIN}"] tr[data-field="${field}"] td.value`;
      await frame.waitForSelector(row('VehicleSpeed'), { timeout: 60_000 });
      await until('live MQTT values', async () => /^4\d$/.test(await text(frame, row('VehicleSpeed'))), s);
      assert.equal(await text(frame, row('Gear')), 'ShiftStateD');
      await until(
        'connected from its connectivity message',
        async () => (await text(frame, `section.vehicle[data-vin="${MQTT_VIN}"] h2 .state`)) === 'connected',
        s,
      );
      assert.equal(await text(frame, row('Location')), '37.49250° N, 121.94470° W');
      await s.step('mqtt values live');
      await s.workbench.openViewContainer('Fleetkit');
      await until('the Telemetry view row', async () => (await s.workbench.readView('Telemetry')).rows.some((r) => r.startsWith('MQTT: attached')), s);
      assert.ok((await s.workbench.statusBarItems()).some((t) => t.includes('MQTT')));
      await s.step('telemetry view names the MQTT source');
    } finally {
      clearInterval(timer);
    }
    await s.workbench.runCommand('Fleetkit: Detach Telemetry Source');
    await s.workbench.waitForNotification(/detached the MQTT broker; Live Telemetry shows the bridge again/);
    await until('the bridge status again', async () => !/MQTT/.test(await text(frame, '#status')), s);
    assert.equal(await frame.locator(`section.vehicle[data-vin="${MQTT_VIN}"]`).count(), 0, 'the MQTT vehicles are gone with their source');
    await s.step('detached back to the bridge');
  });

  it('attaches over TLS (the caFile setting) with a user whose password stays in secret storage; attaching again uses it', async () => {
    const s = session();
    // caFile is a machine setting (a path where the extension runs): code-server reads those from Machine/settings.json.
    mkdirSync(join(s.server.dirs.userDataDir, 'Machine'), { recursive: true });
    writeFileSync(join(s.server.dirs.userDataDir, 'Machine', 'settings.json'), JSON.stringify({ 'fleetkit.telemetry.mqtt.caFile': caFile }));
    const attach = async (password: string | undefined): Promise<void> => {
      await s.workbench.runCommand('Fleetkit: Attach Live Telemetry to MQTT Broker…');
      await answer(s, /Broker URL/, secure!.url);
      await answer(s, /Topic base/, 'telemetry');
      await answer(s, /User name on the broker/, 'reader');
      await s.page.locator('.quick-input-widget .quick-input-title', { hasText: /\(4\/4\)$/ }).waitFor({ state: 'visible', timeout: 30_000 });
      if (password === undefined) {
        assert.equal(await s.workbench.quickInputBox().getAttribute('placeholder'), 'Leave empty to use the saved password');
        await s.step('password step offers the saved password');
      }
      await answer(s, /Password of reader on mqtts:/, password ?? '');
    };
    await attach(PASSWORD);
    const frame = await s.workbench.webview({ selector: '#vehicles', timeoutMs: 60_000 });
    const statusLine = /MQTT broker mqtts:\/\/127\.0\.0\.1:\d+, topic base telemetry, user reader/;
    await until('the TLS broker in the status line', async () => statusLine.test(await text(frame, '#status')), s);
    const writer = await connectAsync(secure!.url, { username: 'writer', password: 'writer-pass', ca: brokerCa.certPem });
    const row = `section.vehicle[data-vin="${MQTT_VIN}"] tr[data-field="Soc"] td.value`;
    const timer = setInterval(() => void writer.publishAsync(`telemetry/${MQTT_VIN}/v/Soc`, '64.5', { qos: 1 }).catch(() => undefined), 500);
    try {
      await until('a value over TLS', async () => (await text(frame, row)) === '64.5', s);
      await s.step('mqtts broker with a user');
    } finally {
      clearInterval(timer);
      await writer.endAsync(true);
    }
    // Settings keep the broker, topic base and user; the password is only in secret storage, and never logged.
    const settings = readFileSync(join(s.server.dirs.userDataDir, 'User', 'settings.json'), 'utf8');
    assert.match(settings, /"fleetkit\.telemetry\.mqtt\.username": "reader"/);
    assert.ok(!settings.includes(PASSWORD), 'the password is not in settings.json');
    assert.ok(!s.extensionLog().includes(PASSWORD), 'the password is not in the Fleetkit log');
    await s.workbench.runCommand('Fleetkit: Detach Telemetry Source');
    await until('detached', async () => !statusLine.test(await text(frame, '#status')), s);
    await attach(undefined);
    await until('attached again with the saved password', async () => statusLine.test(await text(frame, '#status')), s);
    await s.step('attached again with the saved password');
  });
});
