import assert from 'node:assert/strict';
import type { BridgeStatus } from '../../../../client/telemetry/messages';
import { parseFilter, recordMatches } from '../../../../client/telemetry/model/filter';
import { carriesName, listedNames, streamedName, vehicleNames } from '../../../../client/telemetry/model/names';
import { renderVehicles, valueCells } from '../../../../client/telemetry/model/render';
import { statusLineHtml } from '../../../../client/telemetry/model/status-line';
import { TelemetryStore, type FeedRecord } from '../../../../client/telemetry/model/store';
import { RenderLoop } from '../../../../client/telemetry/ui/render-loop';
import { rowAccessibility } from '../../../../client/views/tree-accessibility';
import { initialPhysics } from '../../../../simulator/telemetry/physics';
import { vehicleSamples } from '../../../../simulator/telemetry/signals';
import { initialState } from '../../../../simulator/vehicles/state';

const COMMUTER = '5YJ3E1EA8KF000001';
const FAMILY = '7SAYGDEE1PF000002';
const at = (ms: number) => new Date(ms).toISOString();
const v = (vin: string, ms: number, data: Array<[string, Record<string, unknown>]>): FeedRecord => ({
  txtype: 'V',
  vin,
  received_at: ms,
  record: { data: data.map(([key, value]) => ({ key, value })), createdAt: at(ms), vin, isResend: false },
});
const html = (s: TelemetryStore, extra: Partial<Parameters<typeof renderVehicles>[1]> = {}) =>
  renderVehicles(s.vehicles(), { now: 10_000, historyMs: 60_000, filter: parseFilter(''), ...extra });
/** The text of one field's value and unit cells. */
const cells = (page: string, field: string): [string, string] => {
  const m = new RegExp(`<tr data-field="${field}"><td class="name">[^<]*</td><td class="value">([^<]*)</td><td class="unit">([^<]*)</td>`).exec(page);
  assert.ok(m, `row ${field} in ${page.slice(0, 300)}`);
  return [m[1]!, m[2]!];
};

describe("Live Telemetry: values in the user's locale", () => {
  it('shows numbers with the unit precision (en and de), durations whole and positions with hemispheres', () => {
    const s = new TelemetryStore({ historyMs: 60_000 });
    s.add(
      v(COMMUTER, 1000, [
        ['EstBatteryRange', { doubleValue: 223.19931019259252 }],
        ['InsideTemp', { doubleValue: 21.488346988860847 }],
        ['PackVoltage', { doubleValue: 398.64 }],
        ['TimeToFullCharge', { doubleValue: 1.25 }],
        ['Location', { locationValue: { latitude: 37.3926431, longitude: -122.0812345 } }],
        ['Gear', { shiftStateValue: 'ShiftStateD' }],
        ['Odometer', { stringValue: '12345.678' }],
      ]),
    );
    const en = html(s, { locale: 'en' });
    assert.deepEqual(cells(en, 'EstBatteryRange'), ['223.2', 'mi']);
    assert.deepEqual(cells(en, 'InsideTemp'), ['21.5', '°C']);
    assert.deepEqual(cells(en, 'PackVoltage'), ['399', 'V']);
    assert.deepEqual(cells(en, 'TimeToFullCharge'), ['1 h 15 min', ''], 'a duration carries its own units');
    assert.deepEqual(cells(en, 'Location'), ['37.39264° N, 122.08123° W', '']);
    assert.deepEqual(cells(en, 'Gear'), ['ShiftStateD', '']);
    assert.deepEqual(cells(en, 'Odometer'), ['12,345.7', 'mi'], 'numeric strings from cars without prefer_typed too');
    const de = html(s, { locale: 'de' });
    assert.deepEqual(cells(de, 'EstBatteryRange'), ['223,2', 'mi']);
    assert.deepEqual(cells(de, 'InsideTemp'), ['21,5', '°C']);
    assert.deepEqual(cells(de, 'Odometer'), ['12.345,7', 'mi']);
    assert.deepEqual(cells(de, 'Location'), ['37,39264° N, 122,08123° W', '']);
    assert.match(de, /<title>min 21,5 °C · max 21,5 °C<\/title>/, 'the chart title too');
  });

  it('keeps the raw value for export (CSV is not localized)', () => {
    const s = new TelemetryStore({ historyMs: 60_000 });
    s.add(v(COMMUTER, 1000, [['InsideTemp', { doubleValue: 21.488346988860847 }]]));
    const f = s.vehicle(COMMUTER)!.fields.get('InsideTemp')!;
    assert.equal(f.num, 21.488346988860847);
    assert.deepEqual(valueCells(f, 'de'), { value: '21,5', unit: '°C' });
  });
});

describe('Live Telemetry: display names', () => {
  it('takes the name the car streams (VehicleName, a string value in fleet-telemetry), else the vehicle list', () => {
    // fleet-telemetry datastore/simple/transformers/payload_test.go: VehicleName arrives as Value string_value.
    const s = new TelemetryStore({ historyMs: 60_000 });
    s.add(v(COMMUTER, 1000, [['VehicleSpeed', { doubleValue: 30 }]]));
    s.add(
      v(FAMILY, 1000, [
        ['VehicleName', { stringValue: 'Family Y' }],
        ['Soc', { doubleValue: 55 }],
      ]),
    );
    const listed = listedNames([
      { vin: COMMUTER, display_name: 'Commuter' },
      { vin: FAMILY, display_name: 'Old name' },
      { vin: 'LRW3E7FA7MC000005', display_name: '  ' },
      { vin: 'X', display_name: null },
    ]);
    assert.deepEqual(
      [...listed],
      [
        [COMMUTER, 'Commuter'],
        [FAMILY, 'Old name'],
      ],
      'blank and missing names are left out',
    );
    assert.equal(streamedName(s.vehicle(FAMILY)), 'Family Y');
    assert.equal(streamedName(s.vehicle(COMMUTER)), undefined);
    assert.deepEqual(vehicleNames(s.vehicles(), listed), { [COMMUTER]: 'Commuter', [FAMILY]: 'Family Y' }, 'what the car streams is newer than the list');
    assert.equal(carriesName([v(FAMILY, 2000, [['VehicleName', { stringValue: 'x' }]])]), true);
    assert.equal(carriesName([v(FAMILY, 2000, [['Soc', { doubleValue: 1 }]])]), false);
  });

  it('shows the name beside the VIN, escaped, and the filter finds a vehicle by name', () => {
    const s = new TelemetryStore({ historyMs: 60_000 });
    s.add(v(COMMUTER, 1000, [['VehicleSpeed', { doubleValue: 30 }]]));
    s.add(
      v(FAMILY, 1000, [
        ['VehicleName', { stringValue: '<b>Family</b> Y' }],
        ['Soc', { doubleValue: 55 }],
      ]),
    );
    const names = { [COMMUTER]: 'Commuter' };
    const page = html(s, { names });
    assert.match(page, new RegExp(`<h2><span class="name">Commuter</span> <span class="vin">${COMMUTER}</span>`));
    assert.match(page, new RegExp(`<h2><span class="name">&lt;b&gt;Family&lt;/b&gt; Y</span> <span class="vin">${FAMILY}</span>`));
    assert.ok(!page.includes('<b>Family'), 'a vehicle-supplied name is escaped');
    const byName = html(s, { names, filter: parseFilter('commuter') });
    assert.ok(byName.includes(`data-vin="${COMMUTER}"`) && !byName.includes(`data-vin="${FAMILY}"`), 'filtered by name');
    assert.ok(byName.includes('data-field="VehicleSpeed"'), 'a vehicle term shows all its fields');
    assert.equal(recordMatches(parseFilter('commuter'), v(COMMUTER, 1, [['Soc', {}]]), 'Commuter'), true, 'export follows the same filter');
    assert.equal(recordMatches(parseFilter('commuter'), v(FAMILY, 1, [['Soc', {}]]), 'Family Y'), false);
  });

  it('opened from a vehicle: the vin: filter shows only that vehicle, and says so when it does not stream yet', () => {
    const s = new TelemetryStore({ historyMs: 60_000 });
    s.add(v(COMMUTER, 1000, [['VehicleSpeed', { doubleValue: 30 }]]));
    s.add(v(FAMILY, 1000, [['Soc', { doubleValue: 55 }]]));
    const focused = html(s, { focusVin: FAMILY, filter: parseFilter(`vin:${FAMILY}`) });
    assert.match(focused, new RegExp(`<section class="vehicle focus" data-vin="${FAMILY}"`));
    assert.ok(!focused.includes(COMMUTER), 'the other vehicle is filtered out');
    const quiet = 'LRW3E7FA7MC000005';
    const none = html(s, { focusVin: quiet, filter: parseFilter(`vin:${quiet}`), names: { [quiet]: 'Truck' } });
    assert.match(none, new RegExp(`Truck \\(${quiet}\\) has not streamed yet: .*Clear the filter to see every vehicle\\.`));
    assert.match(html(s, { filter: parseFilter('vin:nomatch') }), /No vehicle matches the filter\./);
  });

  it("the simulator streams each car's name as VehicleName (a string, typed or not)", () => {
    const state = initialState(
      { vin: COMMUTER, owner: 'o', model: '3', year: 2023, displayName: 'Commuter', firmware: '2024.44.32', keyPaired: true, state: 'online' } as never,
      0,
    );
    for (const typed of [true, false]) {
      assert.deepEqual(vehicleSamples(state, initialPhysics(state), typed).get('VehicleName')?.value, { stringValue: 'Commuter' });
    }
  });
});

describe('Live Telemetry: the status line while paused', () => {
  const status: BridgeStatus = {
    state: 'running',
    detail: 'bridge on 127.0.0.1:4443 (started by Fleetkit)',
    connectedVehicles: 2,
    recordsPerSecond: 12.345,
    recordsTotal: 5000,
    dropped: 0,
    feedConnected: true,
  } as BridgeStatus;
  const shownOf = (line: string) => /<span id="shown">([^<]*)<\/span> shown/.exec(line)?.[1];

  it('counts what is on screen, and while paused counts the records waiting separately', () => {
    assert.equal(
      statusLineHtml({ status, shown: 1234, received: 1234, paused: false, locale: 'en' }),
      '<span class="state running">running</span> bridge on 127.0.0.1:4443 (started by Fleetkit) · <span id="vehicle-count">2</span> vehicles · <span id="rate">12.3</span> records/s · <span id="shown">1,234</span> shown',
    );
    const paused = statusLineHtml({ status, shown: 1234, received: 1300, paused: true, locale: 'de' });
    assert.equal(shownOf(paused), '1.234');
    assert.match(paused, /<span class="paused">paused<\/span> \(<span id="waiting">66<\/span> new\)$/);
    assert.match(
      statusLineHtml({ status: { ...status, state: 'stopped', detail: 'The telemetry bridge is not running.' }, shown: 0, received: 0, paused: false }),
      /^<span class="state stopped">stopped<\/span> The telemetry bridge is not running\.$/,
    );
  });

  it("does not move while paused as records keep arriving (the page's render loop + store + status line)", () => {
    // Wired as client/telemetry/ui/main.ts does: the count shown is the store total at the last drawn frame.
    const store = new TelemetryStore({ historyMs: 60_000 });
    const frames: Array<() => void> = [];
    let shown = 0;
    const loop = new RenderLoop({
      requestFrame: (cb) => frames.push(cb),
      now: () => 0,
      renderAll: () => undefined,
      renderVehicle: () => true,
      afterFrame: () => (shown = store.total),
    });
    const line = (paused: boolean) => statusLineHtml({ status, shown, received: store.total, paused, locale: 'en' });
    const arrive = (n: number) => {
      for (let i = 0; i < n; i++) if (store.add(v(COMMUTER, 1000 + store.total, [['VehicleSpeed', { doubleValue: i }]]))) loop.vehicleChanged(COMMUTER);
    };
    loop.layoutChanged();
    arrive(10);
    while (frames.length) frames.shift()!();
    assert.equal(shownOf(line(false)), '10');
    loop.setPaused(true);
    arrive(25);
    while (frames.length) frames.shift()!();
    assert.equal(shownOf(line(true)), '10', 'paused: still what is on screen');
    assert.match(line(true), /\(<span id="waiting">25<\/span> new\)/);
    loop.setPaused(false);
    while (frames.length) frames.shift()!();
    assert.equal(shownOf(line(false)), '35', 'resumed: everything is drawn and counted');
  });
});

describe('tree rows read as they look (client/views/tree-accessibility.ts)', () => {
  it('is the label and the description, never the tooltip', () => {
    assert.deepEqual(rowAccessibility('PEM hosting: 2 failed', 'https://fleetkit.example.com · 5 passed, 0 warning(s), 0 skipped'), {
      label: 'PEM hosting: 2 failed, https://fleetkit.example.com · 5 passed, 0 warning(s), 0 skipped',
    });
    assert.deepEqual(rowAccessibility('Commuter', `${COMMUTER} · connected · 31 fields · just now`), {
      label: `Commuter, ${COMMUTER} · connected · 31 fields · just now`,
    });
    assert.deepEqual(rowAccessibility('Bridge: stopped', ''), { label: 'Bridge: stopped' });
    assert.deepEqual(rowAccessibility('Range', undefined), { label: 'Range' });
  });
});
