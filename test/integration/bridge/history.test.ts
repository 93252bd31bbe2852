import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../cli/main';
import type { Alert } from '../../../core/alerts/alert';
import { historyRequestPath, parseHistoryResponse } from '../../../core/messages/history';
import { parseCertsInit, type CertsVehicleOutput } from '../../../core/messages/certs-init';
import { aggregateSamples, recordSamples } from '../../../core/telemetry-history';
import { createVehicleStreamer, type VehicleStreamer } from '../../../core/telemetry-wire';
import { HistoryStore } from '../../../telemetry-bridge/history/store';
import { cliIo, runCli } from '../../support/cli';
import { makePki, startTestBridge, tempDir, vehicleFor, waitFor } from './helpers';

const VIN = '5YJ3E1EA8KF000001';
const T0 = Date.parse('2026-12-07T08:00:00.000Z');

/** A car's 12 minutes at one record every 5 s (record time, not wall time): parked, driving from minute 2 to 8, parked. */
function drive(car: VehicleStreamer): void {
  let odo = 2000;
  let speedBefore = 0;
  for (let i = 0; i <= 144; i++) {
    const t = T0 + i * 5000;
    const driving = i >= 24 && i < 96;
    const speed = driving ? 25 + (i % 10) * 3 : 0;
    odo += (speedBefore * 5) / 3600;
    speedBefore = speed;
    car.sendVehicleData({
      createdAt: t,
      data: [
        { key: 'VehicleSpeed', value: { doubleValue: speed } },
        { key: 'Odometer', value: { doubleValue: Math.round(odo * 1000) / 1000 } },
        { key: 'Soc', value: { stringValue: String(Math.round((70 - i * 0.05) * 100) / 100) } },
        { key: 'Gear', value: { shiftStateValue: driving ? 'ShiftStateD' : 'ShiftStateP' } },
      ],
    });
  }
}

describe('bridge --history: real cars stream into the history database, the CLI reads it', function () {
  this.timeout(60000);

  it('minute aggregates equal the raw records they come from; changes, alerts and a drive summary are kept', async () => {
    const pki = makePki();
    const file = join(tempDir('history'), 'history.db');
    const bridge = await startTestBridge(pki, { history: { file, retention: { rawHours: 48 }, flushMs: 50 } });
    const car = vehicleFor(bridge, pki, pki.vehicle(VIN));
    await car.waitConnected();
    drive(car);
    await car.waitIdle();
    const alert: Alert = {
      rule: 'low-soc',
      vin: VIN,
      at: new Date(T0 + 600_000).toISOString(),
      field: 'Soc',
      value: 19.5,
      severity: 'warning',
      kind: 'threshold',
      message: 'Soc fell below 20 % (19.5 %)',
    };
    bridge.history!.recordAlert(alert);

    // The same history over HTTP on the feed's port, with the feed token (what the editor's panel asks).
    const base = `http://127.0.0.1:${bridge.feed!.port}`;
    const get = async (path: string, token = bridge.feed!.token) => {
      const res = await fetch(base + path, { headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, body: parseHistoryResponse(await res.text()) };
    };
    await waitFor(() => bridge.stats().records_total >= 146, 'every record');
    const series = await get(historyRequestPath({ query: 'series', vin: VIN, field: 'VehicleSpeed', since: T0, until: T0 + 12 * 60_000, maxPoints: 5 }));
    assert.equal(series.status, 200);
    assert.ok(series.body.type === 'series' && series.body.kind === 'number');
    assert.equal(series.body.stepMs, 5 * 60_000, '12 minutes in at most 5 points: 5-minute steps');
    assert.deepEqual(
      series.body.points.map((p) => [p.t - T0, p.count, p.max]),
      [
        [0, 60, 52],
        [300_000, 60, 52],
        [600_000, 25, 0],
      ],
    );
    const fields = await get(historyRequestPath({ query: 'fields', vin: VIN }));
    assert.ok(fields.body.type === 'fields');
    assert.deepEqual(
      fields.body.fields.map((f) => `${f.field}:${f.kind}`),
      ['Gear:state', 'Odometer:number', 'Soc:number', 'VehicleSpeed:number'],
    );
    const sums = await get(historyRequestPath({ query: 'summaries', vin: VIN, since: T0 }));
    assert.ok(sums.body.type === 'summaries' && sums.body.drives.length === 1 && sums.body.drives[0]!.maxSpeedMph === 52);
    const alertsHttp = await get(historyRequestPath({ query: 'alerts', vin: VIN, since: T0 }));
    assert.deepEqual(alertsHttp.body, { type: 'alerts', alerts: [alert] });
    assert.equal((await fetch(`${base}/history/fields`, { headers: { authorization: 'Bearer wrong' } })).status, 401);
    const bad = await get('/history/series?vin=' + VIN);
    assert.deepEqual([bad.status, bad.body], [400, { type: 'error', message: 'field is required' }]);

    await car.close();
    await bridge.close();

    const store = HistoryStore.open(file, { readonly: true });
    try {
      const raw = store.raw({ vin: VIN });
      assert.equal(raw.filter((r) => r.txtype === 'V').length, 145, 'every V record is kept raw inside the raw window');
      const fromRaw = aggregateSamples(raw.flatMap((r) => recordSamples(JSON.parse(r.line) as Parameters<typeof recordSamples>[0]))).filter(
        (b) => b.field !== 'Gear',
      );
      const stored = store.buckets({ vin: VIN });
      assert.equal(stored.length, fromRaw.length);
      assert.equal(stored.length, 13 * 3, '13 minutes × VehicleSpeed, Odometer, Soc');
      for (const b of fromRaw) {
        const s = stored.find((x) => x.field === b.field && x.minute === b.minute);
        assert.ok(s, `${b.field} ${new Date(b.minute).toISOString()} stored`);
        assert.deepEqual({ ...s, sum: Math.round(s.sum * 1e6) }, { ...b, sum: Math.round(b.sum * 1e6) });
      }
      assert.deepEqual(
        store.changes({ vin: VIN, fields: ['Gear'] }).map((c) => [c.at - T0, c.value]),
        [
          [0, 'ShiftStateP'],
          [120_000, 'ShiftStateD'],
          [480_000, 'ShiftStateP'],
        ],
      );
      assert.deepEqual(store.alerts({ vin: VIN }), [alert]);
    } finally {
      store.close();
    }

    const soc = await runCli(['telemetry', 'history', '--db', file, '--vin', VIN, '--field', 'Soc', '--since', '5m', '--json']);
    assert.equal(soc.code, 0, soc.err);
    const socJson = JSON.parse(soc.out) as {
      kind: string;
      unit: string;
      points: Array<{ minute: string; count: number; min: number; max: number; last: number }>;
    };
    assert.equal(socJson.kind, 'number');
    assert.equal(socJson.unit, '%');
    // --since 5m counts back from the newest record (T0 + 12 min): minutes 7 to 12. Soc = 70 − 0.05 per record.
    assert.deepEqual(
      socJson.points.map((p) => p.minute),
      [7, 8, 9, 10, 11, 12].map((m) => new Date(T0 + m * 60_000).toISOString()),
    );
    assert.deepEqual(socJson.points[0], { minute: new Date(T0 + 7 * 60_000).toISOString(), count: 12, min: 65.25, max: 65.8, avg: 65.525, last: 65.25 });

    const gear = await runCli(['telemetry', 'history', '--db', file, '--vin', VIN, '--field', 'Gear', '--csv']);
    assert.equal(gear.code, 0, gear.err);
    assert.equal(
      gear.out,
      ['at,value', '2026-12-07T08:00:00.000Z,ShiftStateP', '2026-12-07T08:02:00.000Z,ShiftStateD', '2026-12-07T08:08:00.000Z,ShiftStateP', ''].join('\n'),
    );

    const alerts = await runCli(['telemetry', 'history', '--db', file, '--alerts', '--json']);
    assert.deepEqual(JSON.parse(alerts.out), [alert]);
    const alertsCsv = await runCli(['telemetry', 'history', '--db', file, '--alerts', '--csv']);
    assert.equal(alertsCsv.out.split('\n')[1], `${alert.at},${VIN},low-soc,Soc,warning,threshold,19.5,Soc fell below 20 % (19.5 %)`);

    const summaries = await runCli(['telemetry', 'history', '--db', file, '--vin', VIN, '--summaries', '--json']);
    const s = JSON.parse(summaries.out) as {
      drives: Array<{ start: string; end: string; duration_s: number; distance_mi: number; average_speed_mph: number; max_speed_mph: number }>;
    };
    assert.equal(s.drives.length, 1);
    const d = s.drives[0]!;
    assert.equal(d.start, '2026-12-07T08:02:00.000Z');
    assert.equal(d.end, '2026-12-07T08:08:00.000Z');
    assert.equal(d.duration_s, 360);
    assert.equal(d.max_speed_mph, 52);
    // The odometer sent (rounded to 0.001 mi) over the drive, from the raw values.
    let odo = 2000;
    let before = 0;
    const sent: number[] = [];
    for (let i = 0; i <= 144; i++) {
      const speed = i >= 24 && i < 96 ? 25 + (i % 10) * 3 : 0;
      odo += (before * 5) / 3600;
      before = speed;
      sent.push(Math.round(odo * 1000) / 1000);
    }
    assert.ok(Math.abs(d.distance_mi - (sent[96]! - sent[24]!)) < 1e-6, `distance ${d.distance_mi}`);
  });

  it('fleetkit bridge --history FILE keeps history; bad input to the CLI is a clear error', async () => {
    const dir = tempDir('history-cli');
    const a = cliIo();
    assert.equal(await main(['certs', 'init', '--hostname', 'localhost', '--out', dir], a.io), 0);
    const init = parseCertsInit(a.out());
    const b = cliIo();
    assert.equal(await main(['certs', 'vehicle', '--vin', VIN, '--out', dir], b.io), 0);
    const veh = JSON.parse(b.out()) as CertsVehicleOutput;
    const file = join(dir, 'h.db');
    const stop = new AbortController();
    const c = cliIo({ signal: stop.signal });
    // Two worker processes: the primary is the one history writer and answers the history queries.
    const running = main(['bridge', '--config', init.bridge_config, '--port', '0', '--log-level', 'warn', '--history', file, '--workers', '2'], c.io);
    await waitFor(() => c.out().includes('\n'), 'the ready line');
    const ready = JSON.parse(c.out().split('\n')[0]!) as { port: number; feed: { url: string; token: string } };
    const car = createVehicleStreamer({
      url: `wss://localhost:${ready.port}/`,
      certPem: readFileSync(veh.cert, 'utf8'),
      keyPem: readFileSync(veh.key, 'utf8'),
      ca: init.ca,
      reconnect: false,
    });
    await car.waitConnected();
    drive(car);
    await car.waitIdle();
    const feedPort = new URL(ready.feed.url).port;
    const ask = async (): Promise<unknown> =>
      parseHistoryResponse(
        await (
          await fetch(`http://127.0.0.1:${feedPort}/history/series?vin=${VIN}&field=Gear`, { headers: { authorization: `Bearer ${ready.feed.token}` } })
        ).text(),
      );
    // The workers forward their lines to the primary as they go: wait until the last change has arrived.
    let gears: unknown;
    await waitFor(() => {
      void ask().then(
        (r) => (gears = r),
        () => undefined,
      );
      return String(JSON.stringify(gears)).includes('"t":' + String(T0 + 480_000));
    }, 'the history of the cluster over HTTP');
    assert.deepEqual(gears, {
      type: 'series',
      vin: VIN,
      field: 'Gear',
      kind: 'state',
      changes: [
        { t: T0, value: 'ShiftStateP' },
        { t: T0 + 120_000, value: 'ShiftStateD' },
        { t: T0 + 480_000, value: 'ShiftStateP' },
      ],
    });
    await car.close();
    stop.abort();
    assert.equal(await running, 0);

    const speed = await runCli([
      'telemetry',
      'history',
      '--db',
      file,
      '--vin',
      VIN,
      '--field',
      'VehicleSpeed',
      '--since',
      '2026-12-07T08:05:00Z',
      '--until',
      '2026-12-07T08:05:59Z',
      '--csv',
    ]);
    assert.equal(speed.code, 0, speed.err);
    assert.equal(speed.out, 'minute,count,min,max,avg,last\n2026-12-07T08:05:00.000Z,12,25,52,36.5,28\n');

    const notDb = await runCli(['telemetry', 'history', '--db', init.bridge_config, '--vin', VIN, '--field', 'Soc']);
    assert.equal(notDb.code, 1);
    assert.match(notDb.err, /is not a Fleetkit history database: the file is not SQLite/);
    const missing = await runCli(['telemetry', 'history', '--db', join(dir, 'nope.db'), '--vin', VIN, '--field', 'Soc']);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /cannot open the history database/);
    const usage = await runCli(['telemetry', 'history', '--db', file, '--vin', VIN]);
    assert.equal(usage.code, 2);
    assert.match(usage.err, /give one of --field F, --alerts or --summaries/);
    const since = await runCli(['telemetry', 'history', '--db', file, '--vin', VIN, '--field', 'Soc', '--since', 'lately']);
    assert.equal(since.code, 2);
    assert.match(since.err, /--since 'lately' is neither/);
  });

  it('the alerts fired by the bridge rules (--alerts) are kept with the record time that fired them', async () => {
    const pki = makePki();
    const dir = tempDir('history-alerts');
    const rules = join(dir, 'fleet.alerts.json');
    writeFileSync(rules, JSON.stringify({ rules: [{ name: 'low-soc', field: 'Soc', below: 65, clearAbove: 70, severity: 'critical' }] }));
    const file = join(dir, 'history.db');
    const bridge = await startTestBridge(pki, { history: { file, flushMs: 50 }, alerts: { file: rules } });
    const car = vehicleFor(bridge, pki, pki.vehicle(VIN));
    await car.waitConnected();
    drive(car);
    await car.waitIdle();
    await car.close();
    await bridge.close();
    const alerts = await runCli(['telemetry', 'history', '--db', file, '--alerts', '--json']);
    const kept = JSON.parse(alerts.out) as Alert[];
    // Soc = 70 − 0.05 per record: the first under 65 is record 101 (64.95), at T0 + 505 s.
    assert.equal(kept.length, 1);
    assert.deepEqual(
      [kept[0]!.rule, kept[0]!.vin, Date.parse(kept[0]!.at), kept[0]!.value, kept[0]!.severity],
      ['low-soc', VIN, T0 + 505_000, 64.95, 'critical'],
    );
  });

  it('retention prunes by record time: aggregates, changes and alerts after N days (the newest change of a field stays), raw records after N hours', () => {
    const file = join(tempDir('history-retention'), 'history.db');
    const store = HistoryStore.open(file, { retention: { aggregateDays: 1, rawHours: 2 } });
    const DAY = 86_400_000;
    const bucket = (minute: number) => ({
      vin: VIN,
      field: 'Soc',
      minute,
      count: 1,
      sum: 50,
      min: 50,
      max: 50,
      first: 50,
      firstAt: minute,
      last: 50,
      lastAt: minute,
    });
    const old = T0 - 3 * DAY;
    store.write({
      buckets: [bucket(old), bucket(T0 - 60_000), bucket(T0)],
      changes: [
        { vin: VIN, field: 'Gear', at: old, value: 'ShiftStateD' },
        { vin: VIN, field: 'Gear', at: old + 60_000, value: 'ShiftStateP' },
        { vin: VIN, field: 'Locked', at: old, value: 'true' },
        { vin: VIN, field: 'Locked', at: T0, value: 'false' },
      ],
      raw: [
        { vin: VIN, at: T0 - 3 * 3_600_000, txtype: 'V', line: '{}' },
        { vin: VIN, at: T0 - 3_600_000, txtype: 'V', line: '{}' },
      ],
    });
    assert.deepEqual(store.prune(T0), { aggregates: 1, changes: 2, alerts: 0, raw: 1 });
    assert.deepEqual(
      store.buckets({ vin: VIN }).map((b) => b.minute),
      [T0 - 60_000, T0],
    );
    assert.deepEqual(
      store.changes({ vin: VIN }).map((c) => `${c.field}=${c.value}`),
      ['Gear=ShiftStateP', 'Locked=false'],
      "Gear's last change is 3 days old but still its state",
    );
    assert.equal(store.raw({ vin: VIN }).length, 1);
    store.close();
  });
});
