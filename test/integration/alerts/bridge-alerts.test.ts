import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlert, type Alert } from '../../../core/alerts/alert';
import { createCa, issueServerCert } from '../../../core/certs';
import { createLogger } from '../../../core/log/logger';
import { startSimulator, type RunningSimulator } from '../../../simulator/index';
import { createTelemetrySurface } from '../../../simulator/telemetry/surface';
import { startBridge, type RunningBridge } from '../../../telemetry-bridge';
import { BridgeConfigError } from '../../../telemetry-bridge/config';
import { runCli } from '../../support/cli';
import { replaceSurfaces } from '../../support/simulator';
import { FeedClient, tempDir, waitFor } from '../bridge/helpers';

const DRIVER = '5YJ3E1EA8KF000001'; // online in the default world
const CHARGER = 'LRW3E7FA7MC000005'; // online in the default world

/** A webhook receiver that answers 503 to the first POST and 200 after: the bridge has to retry. */
async function startWebhook(): Promise<{ server: Server; url: string; posts: Array<{ body: unknown; headers: IncomingHttpHeaders; status: number }> }> {
  const posts: Array<{ body: unknown; headers: IncomingHttpHeaders; status: number }> = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      const status = posts.length === 0 ? 503 : 200;
      posts.push({ body: JSON.parse(text), headers: req.headers, status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/fleet?token=s3cret`, posts };
}

describe('bridge --alerts: simulated cars stream into a bridge with rules', function () {
  this.timeout(120_000);
  let sim: RunningSimulator;
  let bridge: RunningBridge | undefined;
  let feed: FeedClient | undefined;
  let hook: Awaited<ReturnType<typeof startWebhook>> | undefined;
  const serverCa = createCa({ commonName: 'Alerts test server CA' });
  const server = issueServerCert(serverCa, { hostnames: ['localhost', '127.0.0.1'] });
  const simPost = async (path: string, body: unknown): Promise<Response> =>
    fetch(`${sim.urls.fleet.na}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  before(async () => {
    sim = await startSimulator({ tls: false, surfaces: replaceSurfaces(createTelemetrySurface({ reconnect: { initialMs: 200, maxMs: 1000 } })) });
  });
  after(async () => {
    feed?.close();
    await bridge?.close();
    hook?.server.close();
    await sim?.close();
  });

  it('a low-SoC rule fires once on a discharging car: in the spool, on the feed and at the webhook (after a retry); reloads keep good rules', async () => {
    const dir = tempDir('alerts-bridge');
    const spoolDir = join(dir, 'spool');
    const rulesFile = join(dir, 'fleet.alerts.json');
    const rules = {
      rules: [
        { name: 'low-soc', field: 'Soc', below: 20, clearAbove: 25, severity: 'critical' },
        { name: 'charging-started', field: 'DetailedChargeState', becomes: 'DetailedChargeStateCharging', severity: 'info' },
      ],
    };
    writeFileSync(rulesFile, JSON.stringify(rules, null, 2));
    hook = await startWebhook();
    const logs: string[] = [];
    const logger = createLogger({ level: 'debug', sink: { write: (_level, line) => logs.push(line) } });
    logger.addSecret(hook.url);

    // The driver starts just over 20 %: driving, its Soc falls under the limit within seconds (simulator/telemetry/physics.ts
    // starts a car's pack at its battery_level when its stream begins).
    let res = await simPost(`/sim/vehicles/${DRIVER}/state`, { patch: { charge_state: { battery_level: 20.04, charging_state: 'Disconnected' } } });
    assert.equal(res.status, 200, await res.text());

    const vehicleCa = await (await fetch(`${sim.urls.fleet.na}/sim/telemetry/vehicle-ca`)).text();
    bridge = await startBridge({
      port: 0,
      certPem: server.certPem + serverCa.certPem,
      keyPem: server.keyPem,
      vehicleCas: [vehicleCa],
      feed: { port: 0 },
      spool: { dir: spoolDir },
      logger,
      alerts: { file: rulesFile, webhook: hook.url, webhookOptions: { baseDelayMs: 50 } },
    });
    feed = new FeedClient(bridge.feed!.url, bridge.feed!.token);
    await feed.opened();
    const base = { hostname: 'localhost', port: bridge.port, ca: serverCa.certPem, prefer_typed: true };
    res = await simPost('/sim/telemetry/config', {
      vins: [DRIVER, CHARGER],
      config: { ...base, fields: { Soc: { interval_seconds: 1 }, Gear: { interval_seconds: 1 }, DetailedChargeState: { interval_seconds: 1 } } },
      activities: { [DRIVER]: 'drive', [CHARGER]: 'charge' },
    });
    assert.equal(res.status, 200, await res.text());

    const feedAlerts = (): Alert[] => feed!.messages.filter((m) => m.type === 'alert').map((m) => m.alert as Alert);
    await feed.until(() => feedAlerts().some((a) => a.rule === 'low-soc'), 'the low-soc alert on the feed', 60_000);
    const low = feedAlerts().find((a) => a.rule === 'low-soc')!;
    assert.ok(isAlert(low));
    assert.deepEqual(
      { ...low, value: undefined, at: undefined, message: undefined },
      {
        rule: 'low-soc',
        vin: DRIVER,
        field: 'Soc',
        severity: 'critical',
        kind: 'threshold',
        value: undefined,
        at: undefined,
        message: undefined,
      },
    );
    assert.ok((low.value as number) < 20, `fired under the limit: ${String(low.value)}`);
    assert.match(low.message, /^Soc fell below 20 % \(\d+(\.\d+)? %\)$/);
    // `at` is the record's own createdAt: the Soc record that crossed.
    const crossing = feed
      .records()
      .filter((r) => r.txtype === 'V' && r.vin === DRIVER)
      .find((r) =>
        ((r.record.data as Array<{ key: string; value: { doubleValue?: number } }>) ?? []).some((d) => d.key === 'Soc' && d.value.doubleValue === low.value),
      );
    assert.equal(low.at, crossing?.record.createdAt);

    // The webhook: the first POST answered 503, the retry delivered it with the same Idempotency-Key.
    await waitFor(() => hook!.posts.some((p) => p.status === 200 && (p.body as Alert).rule === 'low-soc'), 'the webhook delivery', 20_000);
    const lowPosts = hook.posts.filter((p) => (p.body as Alert).rule === 'low-soc');
    assert.equal(hook.posts[0].status, 503);
    assert.deepEqual(hook.posts[0].body, hook.posts[1].body, 'the retry carries the same alert');
    assert.equal(hook.posts[0].headers['idempotency-key'], hook.posts[1].headers['idempotency-key']);
    assert.deepEqual(lowPosts.at(-1)!.body, low);
    assert.equal(lowPosts.length, (hook.posts[0].body as Alert).rule === 'low-soc' ? 2 : 1);
    const webhookStats = bridge.alerts!.stats().webhook!;
    assert.ok(webhookStats.retries >= 1 && webhookStats.delivered >= 1 && webhookStats.failed === 0, JSON.stringify(webhookStats));
    assert.ok(!logs.join('\n').includes('s3cret'), 'the webhook URL (its token) is never logged');

    // The car keeps discharging under the limit: no second alert (hysteresis), while records keep coming.
    const recordsNow = bridge.stats().records_total;
    await waitFor(() => bridge!.stats().records_total >= recordsNow + 6, 'more records from the cars', 30_000);

    // An edit with an error keeps the rules in use; a good edit replaces them.
    writeFileSync(rulesFile, JSON.stringify({ rules: [{ name: 'low-soc', field: 'Sco', below: 20 }] }));
    await waitFor(() => bridge!.alerts!.stats().reloadErrors >= 1, 'the bad edit noticed', 20_000);
    assert.equal(bridge.alerts!.stats().rules, 2);
    assert.match(
      logs.join('\n'),
      /fleet\.alerts\.json:1:\d+: error: Unknown telemetry field "Sco"\. Did you mean "Soc"\?[\s\S]*keeping the 2 rule\(s\) in use/,
    );
    writeFileSync(rulesFile, JSON.stringify({ rules: [...rules.rules, { name: 'offline', disconnectedSeconds: 600 }] }));
    await waitFor(() => bridge!.alerts!.stats().reloads >= 1 && bridge!.alerts!.stats().rules === 3, 'the good edit loaded', 20_000);

    await bridge.close();
    const closedBridge = bridge;
    bridge = undefined;
    assert.equal(feedAlerts().filter((a) => a.rule === 'low-soc' && a.vin === DRIVER).length, 1, 'one low-soc alert for the one crossing');

    // The spool has the alert as a fleetkit_alerts record, after the record that fired it.
    const lines = readdirSync(spoolDir)
      .sort()
      .flatMap((f) => readFileSync(join(spoolDir, f), 'utf8').split('\n').filter(Boolean))
      .map((l) => JSON.parse(l) as { txtype: string; vin: string; seq: number; record: Record<string, unknown> });
    const alertLines = lines.filter((l) => l.txtype === 'fleetkit_alerts');
    assert.deepEqual(
      alertLines.map((l) => l.record),
      feedAlerts(),
      'the spool has every alert the feed got, in the same order',
    );
    const alertLine = alertLines.find((l) => l.record.rule === 'low-soc')!;
    const firing = lines.find((l) => l.txtype === 'V' && l.record.createdAt === low.at && l.vin === DRIVER)!;
    assert.ok(alertLine.seq > firing.seq);
    assert.ok(closedBridge.alerts!.stats().records > 0);

    // Replaying that spool through the same rules gives the same low-soc alert: the engine is deterministic.
    writeFileSync(rulesFile, JSON.stringify(rules));
    const replay = await runCli(['alerts', 'test', rulesFile, '--replay', spoolDir, '--json']);
    assert.equal(replay.code, 0, replay.err);
    const replayed = JSON.parse(replay.out) as Array<{ rule: string; vin: string }>;
    assert.deepEqual(
      replayed.filter((a) => a.rule === 'low-soc'),
      [{ rule: 'low-soc', vin: DRIVER, at: low.at, field: 'Soc', value: low.value }],
    );
    assert.doesNotMatch(replay.err, /skipped/, 'the alert records of the spool are not reported as bad lines');
  });

  it('a rules file with errors stops the start, naming every problem as file:line:col', async () => {
    const dir = tempDir('alerts-bad');
    const rulesFile = join(dir, 'bad.alerts.json');
    writeFileSync(rulesFile, '{"rules": [\n  {"name": "hot", "field": "ModuleTempMax", "above": 50, "clearBelow": 55}\n]}');
    await assert.rejects(
      startBridge({ port: 0, certPem: server.certPem + serverCa.certPem, keyPem: server.keyPem, alerts: { file: rulesFile } }),
      (err: Error) =>
        err instanceof BridgeConfigError &&
        /the alert rules file .*bad\.alerts\.json has errors/.test(err.message) &&
        /bad\.alerts\.json:2:\d+: error: This alert can never clear: "clearBelow" \(55\) must be less than "above" \(50\)\./.test(err.message),
    );
    await assert.rejects(
      startBridge({ port: 0, certPem: server.certPem + serverCa.certPem, keyPem: server.keyPem, alerts: { file: join(dir, 'none.alerts.json') } }),
      /cannot read the alert rules file .*none\.alerts\.json \(ENOENT\)/,
    );
  });
});
