import assert from 'node:assert/strict';
import fc from 'fast-check';
import { escapeHtml } from '../../../../client/telemetry/model/escape';
import { csvCell, recordsToCsv, recordsToJson } from '../../../../client/telemetry/model/export';
import { matches, parseFilter, recordMatches, vehicleMatches } from '../../../../client/telemetry/model/filter';
import { renderVehicles } from '../../../../client/telemetry/model/render';
import { sparklinePath } from '../../../../client/telemetry/model/sparkline';
import { TelemetryStore, type FeedRecord } from '../../../../client/telemetry/model/store';
import { displayValue, formatAge } from '../../../../client/telemetry/model/value';
import { findBridgeReady, parseBridgeReady } from '../../../../core/messages/bridge-ready';

describe('telemetry panel: pure view logic', () => {
  it('escapes every HTML-significant character', () => {
    assert.equal(escapeHtml(`<img src=x onerror="alert('1')">&\``), '&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;&#96;');
    fc.assert(fc.property(fc.string(), (s) => !/[<>"'`]/.test(escapeHtml(s))));
  });

  it('renders hostile vehicle strings inert', () => {
    const s = new TelemetryStore({ historyMs: 60_000 });
    const evil = '<script>alert(1)</script>';
    s.add({
      txtype: 'V',
      vin: 'VIN"><b>x',
      received_at: 1000,
      record: { data: [{ key: evil, value: { stringValue: `"><svg onload=alert(1)>` } }], createdAt: '1970-01-01T00:00:01Z' },
    });
    s.add({ txtype: 'alerts', vin: 'VIN"><b>x', received_at: 1000, record: { alerts: [{ name: '<i>alert</i>', audiences: ['<u>'] }] } });
    s.add({ txtype: 'errors', vin: 'VIN"><b>x', received_at: 1000, record: { errors: [{ name: 'e', tags: { '<k>': '<v>' }, body: '<body>' }] } });
    const html = renderVehicles(s.vehicles(), { now: 2000, historyMs: 60_000, filter: parseFilter('') });
    for (const bad of ['<script>', '<svg onload', '<b>x', '<i>alert', '<u>', '<k>', '<body>']) assert.ok(!html.includes(bad), `unescaped ${bad}`);
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  });

  it('renders a row per field with value, unit, age and a sparkline path for numbers', () => {
    const s = new TelemetryStore({ historyMs: 60_000 });
    s.add({
      txtype: 'V',
      vin: 'V1',
      received_at: 1000,
      record: {
        data: [
          { key: 'VehicleSpeed', value: { doubleValue: 10 } },
          { key: 'Gear', value: { shiftStateValue: 'ShiftStateD' } },
        ],
        createdAt: '1970-01-01T00:00:01Z',
      },
    });
    s.add({
      txtype: 'V',
      vin: 'V1',
      received_at: 3000,
      record: { data: [{ key: 'VehicleSpeed', value: { doubleValue: 20 } }], createdAt: '1970-01-01T00:00:03Z' },
    });
    const html = renderVehicles(s.vehicles(), { now: 5000, historyMs: 60_000, filter: parseFilter('') });
    assert.match(
      html,
      /<tr data-field="VehicleSpeed"><td class="name">VehicleSpeed<\/td><td class="value">20<\/td><td class="unit">mph<\/td><td class="age">2 s<\/td><td class="chart"><svg class="spark"[^>]*>.*<path d="M[\d.]+ [\d.]+ L[\d.]+ [\d.]+"\/><\/svg><\/td><\/tr>/,
    );
    assert.match(html, /<tr data-field="Gear">.*<td class="chart"><\/td>/);
    const filtered = renderVehicles(s.vehicles(), { now: 5000, historyMs: 60_000, filter: parseFilter('speed') });
    assert.ok(filtered.includes('data-field="VehicleSpeed"') && !filtered.includes('data-field="Gear"'));
    assert.match(renderVehicles(s.vehicles(), { now: 5000, historyMs: 60_000, filter: parseFilter('vin:zzz') }), /No vehicle matches/);
  });

  it('computes sparkline paths scaled to the window and value range', () => {
    const p = sparklinePath(
      [
        [0, 0],
        [50, 5],
        [100, 10],
      ],
      { width: 100, height: 20, t0: 0, t1: 100, pad: 0 },
    );
    assert.equal(p.d, 'M0 20 L50 10 L100 0');
    assert.deepEqual([p.min, p.max], [0, 10]);
    assert.equal(
      sparklinePath(
        [
          [0, 3],
          [100, 3],
        ],
        { width: 100, height: 20, t0: 0, t1: 100 },
      ).d,
      'M0 10 L100 10',
      'flat series mid-height',
    );
    assert.equal(sparklinePath([[5, 1]], { width: 100, height: 20, t0: 0, t1: 100 }).d, 'M5 10 L100 10', 'single point held to the right edge');
    assert.equal(sparklinePath([[-10, 1]], { width: 100, height: 20, t0: 0, t1: 100 }).d, '', 'outside the window');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })), { minLength: 1 }), (pts) => {
        pts.sort((a, b) => a[0] - b[0]);
        const d = sparklinePath(pts, { width: 140, height: 26, t0: 0, t1: 1000 }).d;
        const nums = d
          .split(/[ML ]+/)
          .filter(Boolean)
          .map(Number);
        return nums.every((n, i) => Number.isFinite(n) && n >= 0 && n <= (i % 2 === 0 ? 140 : 26));
      }),
    );
  });

  it('formats protojson values', () => {
    assert.deepEqual(displayValue({ doubleValue: 1.23456 }), { text: '1.235', num: 1.23456 });
    assert.deepEqual(displayValue({ intValue: 80 }), { text: '80', num: 80 });
    assert.deepEqual(displayValue({ longValue: '12345' }), { text: '12345', num: 12345 });
    assert.deepEqual(displayValue({ stringValue: 'D' }), { text: 'D' });
    assert.deepEqual(displayValue({ booleanValue: false }), { text: 'false' });
    assert.deepEqual(displayValue({ locationValue: { latitude: 37.4, longitude: -122.1 } }), {
      text: '37.40000, -122.10000',
      loc: { latitude: 37.4, longitude: -122.1 },
    });
    assert.deepEqual(displayValue({ timeValue: { hour: 7, minute: 5 } }), { text: '07:05:00' });
    assert.deepEqual(displayValue({ invalid: true }), { text: 'invalid' });
    assert.equal(formatAge(500), 'now');
    assert.equal(formatAge(61_000), '1 min');
  });

  it('filters by VIN, field and free terms', () => {
    const f = parseFilter('vin:0001 field:speed');
    assert.equal(matches(f, '5YJ3E1EA8KF000001', 'VehicleSpeed'), true);
    assert.equal(matches(f, '5YJ3E1EA8KF000001', 'Soc'), false);
    assert.equal(matches(f, 'LRW3E7FA7MC000005', 'VehicleSpeed'), false);
    assert.equal(vehicleMatches(parseFilter('soc'), 'V1', ['VehicleSpeed', 'Soc']), true);
    assert.equal(vehicleMatches(parseFilter('soc'), 'V1', ['VehicleSpeed']), false);
    const rec: FeedRecord = { txtype: 'V', vin: 'V1', received_at: 0, record: { data: [{ key: 'Soc', value: {} }] } };
    assert.equal(recordMatches(parseFilter('field:soc'), rec), true);
    assert.equal(recordMatches(parseFilter('field:speed'), rec), false);
    assert.equal(recordMatches(parseFilter('alerts'), { ...rec, txtype: 'alerts' }), true);
  });

  it('exports CSV (one row per signal, RFC 4180 quoting, formula-safe) and JSON', () => {
    const records: FeedRecord[] = [
      {
        txtype: 'V',
        vin: 'V1',
        txid: 'a',
        received_at: 0,
        record: {
          data: [
            { key: 'Soc', value: { doubleValue: 71.5 } },
            { key: 'DestinationName', value: { stringValue: 'Home, "sweet"\nhome' } },
          ],
          createdAt: '1970-01-01T00:00:00Z',
          isResend: true,
        },
      },
      { txtype: 'errors', vin: 'V1', received_at: 0, record: { errors: [{ name: 'x', body: '=HYPERLINK("evil")' }] } },
      { txtype: 'connectivity', vin: 'V1', received_at: 0, record: { status: 'CONNECTED' } },
    ];
    const lines = recordsToCsv(records).split('\r\n');
    assert.equal(lines[0], 'received_at,created_at,vin,topic,txid,key,value,numeric_value,is_resend');
    assert.equal(lines[1], '1970-01-01T00:00:00.000Z,1970-01-01T00:00:00Z,V1,V,a,Soc,71.5,71.5,true');
    assert.equal(lines[2], '1970-01-01T00:00:00.000Z,1970-01-01T00:00:00Z,V1,V,a,DestinationName,"Home, ""sweet""\nhome",,true');
    assert.ok(recordsToCsv(records).includes(`,x,"'=HYPERLINK(""evil"")",`));
    assert.ok(recordsToCsv(records).includes(',connectivity,,status,CONNECTED,,'));
    assert.equal(csvCell(-5), '-5');
    assert.deepEqual(JSON.parse(recordsToJson(records)), records);
  });

  it('parses the bridge ready line and refuses a non-loopback feed', () => {
    const line = JSON.stringify({
      event: 'ready',
      host: '127.0.0.1',
      port: 4443,
      status_url: 'https://127.0.0.1:4443/status',
      feed: { port: 1, url: 'ws://127.0.0.1:39617/feed', token: 'ab'.repeat(32) },
      pid: 7,
    });
    assert.deepEqual(parseBridgeReady(line), {
      host: '127.0.0.1',
      port: 4443,
      statusUrl: 'https://127.0.0.1:4443/status',
      feed: { url: 'ws://127.0.0.1:39617/feed', token: 'ab'.repeat(32) },
      pid: 7,
    });
    assert.equal(findBridgeReady(`log line\n${line}\n`)?.port, 4443);
    assert.throws(() => parseBridgeReady(JSON.stringify({ event: 'ready', port: 1, feed: null })), /without a live feed/);
    assert.throws(() => parseBridgeReady(JSON.stringify({ event: 'ready', port: 1, feed: { url: 'ws://10.0.0.1:1/feed', token: 't' } })), /not on loopback/);
    assert.throws(() => parseBridgeReady('nope'), /not JSON/);
  });
});

describe('telemetry panel: chart window', () => {
  it('spreads a fresh stream over the chart instead of the right edge of the full history', () => {
    const s = new TelemetryStore({ historyMs: 300_000 });
    for (let t = 0; t <= 60_000; t += 10_000) {
      s.add({
        txtype: 'V',
        vin: 'V1',
        received_at: t,
        record: { data: [{ key: 'Soc', value: { doubleValue: t / 1000 } }], createdAt: new Date(t).toISOString() },
      });
    }
    const html = renderVehicles(s.vehicles(), { now: 60_000, historyMs: 300_000, filter: parseFilter('') });
    const d = /<path d="([^"]+)"/.exec(html)![1]!;
    assert.ok(d.startsWith('M0 '), `starts at the left edge: ${d}`);
  });
});

describe('telemetry panel: sparkline downsampling', () => {
  it('keeps at most the extremes of each pixel column', () => {
    const pts: Array<[number, number]> = [];
    for (let i = 0; i < 10_000; i++) pts.push([i, i % 7 === 0 ? 100 : i % 5]);
    const p = sparklinePath(pts, { width: 100, height: 20, t0: 0, t1: 10_000, pad: 0 });
    const n = p.d.split(/[ML]/).filter((x) => x.trim()).length;
    assert.ok(n <= 200 && n >= 100, `${n} points`);
    assert.deepEqual([p.min, p.max], [0, 100], 'spikes survive downsampling');
  });
});
