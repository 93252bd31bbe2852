import assert from 'node:assert/strict';
import { helloRecord } from '../../../../client/telemetry/feed-client';
import { TelemetryStore, type FeedRecord } from '../../../../client/telemetry/model/store';

const VIN = '5YJ3E1EA8KF000001';
const v = (createdAt: number, data: Array<[string, Record<string, unknown>]>, received = createdAt + 50): FeedRecord => ({
  txtype: 'V',
  vin: VIN,
  txid: `t${createdAt}`,
  received_at: received,
  record: { data: data.map(([key, value]) => ({ key, value })), createdAt: new Date(createdAt).toISOString(), vin: VIN, isResend: false },
});

describe('telemetry panel: record store', () => {
  it('keeps the latest value of every field with unit, and a numeric series', () => {
    const s = new TelemetryStore({ historyMs: 60_000 });
    s.add(
      v(1000, [
        ['VehicleSpeed', { doubleValue: 30 }],
        ['Gear', { shiftStateValue: 'ShiftStateD' }],
      ]),
    );
    s.add(
      v(2000, [
        ['VehicleSpeed', { doubleValue: 35.5 }],
        ['Soc', { stringValue: '71.25' }],
      ]),
    );
    const view = s.vehicle(VIN)!;
    assert.deepEqual(view.fields.get('VehicleSpeed'), { key: 'VehicleSpeed', text: '35.5', num: 35.5, unit: 'mph', at: 2000, receivedAt: 2050 });
    assert.equal(view.fields.get('Gear')!.text, 'ShiftStateD');
    assert.equal(view.fields.get('Gear')!.num, undefined);
    assert.equal(view.fields.get('Soc')!.num, 71.25, 'numeric strings (no prefer_typed) are charted too');
    assert.deepEqual(view.series.get('VehicleSpeed'), [
      [1000, 30],
      [2000, 35.5],
    ]);
    assert.equal(view.series.has('Gear'), false);
    assert.equal(view.records, 2);
  });

  it('does not let an older resend replace a newer value, but files it in the series in time order', () => {
    const s = new TelemetryStore({ historyMs: 60_000 });
    s.add(v(3000, [['VehicleSpeed', { doubleValue: 50 }]]));
    s.add(v(2000, [['VehicleSpeed', { doubleValue: 40 }]]));
    assert.equal(s.vehicle(VIN)!.fields.get('VehicleSpeed')!.text, '50');
    assert.deepEqual(s.vehicle(VIN)!.series.get('VehicleSpeed'), [
      [2000, 40],
      [3000, 50],
    ]);
  });

  it('drops history older than the window and bounds the raw records', () => {
    const s = new TelemetryStore({ historyMs: 10_000, maxRecords: 5 });
    for (let t = 0; t <= 30_000; t += 1000) s.add(v(t, [['Soc', { doubleValue: t / 1000 }]]));
    const series = s.vehicle(VIN)!.series.get('Soc')!;
    assert.ok(series[0]![0] >= 20_000 - 2_500 && series[0]![0] <= 20_000, `oldest kept ${series[0]![0]}: within the window (+25 % slack, trimmed in batches)`);
    assert.equal(series[series.length - 1]![0], 30_000);
    assert.equal(s.records().length, 5);
    assert.equal(s.total, 31);
  });

  it('tracks connectivity, alerts (start then end) and errors', () => {
    const s = new TelemetryStore({ historyMs: 60_000 });
    s.add({
      txtype: 'connectivity',
      vin: VIN,
      received_at: 10,
      record: { vin: VIN, connectionId: 'c', status: 'CONNECTED', createdAt: '1970-01-01T00:00:00.010Z', networkInterface: 'wifi' },
    });
    assert.equal(s.vehicle(VIN)!.connected, true);
    s.add({
      txtype: 'alerts',
      vin: VIN,
      received_at: 20,
      record: { alerts: [{ name: 'BMS_w140_HighPackTemperature', audiences: ['Service'], startedAt: '1970-01-01T00:00:00.015Z' }] },
    });
    s.add({
      txtype: 'alerts',
      vin: VIN,
      received_at: 30,
      record: {
        alerts: [{ name: 'BMS_w140_HighPackTemperature', audiences: ['Service'], startedAt: '1970-01-01T00:00:00.015Z', endedAt: '1970-01-01T00:00:00.025Z' }],
      },
    });
    s.add({
      txtype: 'errors',
      vin: VIN,
      received_at: 40,
      record: { errors: [{ name: 'unsupported_field', tags: { field_name: 'Foo' }, body: 'nope' }], createdAt: '1970-01-01T00:00:00.040Z' },
    });
    s.add({ txtype: 'connectivity', vin: VIN, received_at: 50, record: { status: 'DISCONNECTED', createdAt: '1970-01-01T00:00:00.050Z' } });
    const view = s.vehicle(VIN)!;
    assert.deepEqual(
      view.alerts.map((a) => [a.name, a.startedAt, a.endedAt]),
      [['BMS_w140_HighPackTemperature', 15, 25]],
    );
    assert.deepEqual(view.errors, [{ name: 'unsupported_field', body: 'nope', tags: { field_name: 'Foo' }, at: 40 }]);
    assert.deepEqual(
      view.connectivity.map((c) => c.status),
      ['CONNECTED', 'DISCONNECTED'],
    );
    assert.equal(view.connected, false);
  });

  it('ignores malformed records and computes the arrival rate', () => {
    const s = new TelemetryStore({ historyMs: 60_000 });
    assert.equal(s.add(null as unknown as FeedRecord), false);
    assert.equal(s.add({ txtype: 'V' } as unknown as FeedRecord), false);
    assert.equal(s.add({ txtype: 'V', vin: VIN, received_at: 1, record: { data: 'x' } }), true);
    for (let i = 0; i < 50; i++) s.add(v(1000 + i, [], 10_000 + i * 10));
    assert.equal(s.rate(10_500, 5000), 10);
    assert.equal(s.rate(100_000, 5000), 0);
  });
});

describe('telemetry panel: vehicles connected before the panel subscribed', () => {
  it('turns the feed hello into CONNECTED timeline entries', () => {
    const s = new TelemetryStore({ historyMs: 60_000 });
    s.add(helloRecord({ vin: VIN, connectionId: 'c1', networkInterface: 'wifi', connectedAt: 5000 }, 9000));
    const view = s.vehicle(VIN)!;
    assert.equal(view.connected, true);
    assert.deepEqual(view.connectivity, [{ at: 5000, status: 'CONNECTED', networkInterface: 'wifi' }]);
  });
});
