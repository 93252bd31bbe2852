import assert from 'node:assert/strict';
import type { TelemetryRecord } from '../../../../core/messages/live-feed';
import { parseSpoolLine, recordTime, ReplayPace, replayPayload } from '../../../../core/telemetry-replay';
import { decodePayload, encodeVehicleAlerts, encodeVehicleData, encodeVehicleErrors } from '../../../../core/telemetry-wire';

const VIN = '5YJ3E1EA8KF000001';

function meta(txtype: TelemetryRecord['txtype'], record: Record<string, unknown>): TelemetryRecord {
  return { txtype, vin: VIN, txid: 't', received_at: 1_700_000_000_500, connection_id: 'c', device_client_version: '1.2.0', message_id: 'm', seq: 1, record };
}

describe('telemetry replay: spool lines', () => {
  it('reads a bridge spool line and its vehicle time', () => {
    const line = JSON.stringify(meta('V', { data: [], createdAt: '2023-11-14T22:13:20.250Z', vin: VIN, isResend: false }));
    const r = parseSpoolLine(line);
    assert.ok(r.ok);
    assert.equal(r.record.vin, VIN);
    assert.equal(r.createdAt, Date.parse('2023-11-14T22:13:20.250Z'));
  });

  it('falls back to the receive time when a record has no createdAt', () => {
    assert.equal(recordTime(meta('V', { data: [] })), 1_700_000_000_500);
    assert.equal(recordTime(meta('V', { data: [], createdAt: 'yesterday' })), 1_700_000_000_500);
  });

  it('says why a line cannot be used', () => {
    assert.deepEqual(parseSpoolLine('{"txtype":"V","vin":"X'), { ok: false, error: 'not JSON (a torn last line?)' });
    assert.deepEqual(parseSpoolLine('[1,2}'), { ok: false, error: 'not JSON' });
    const r = parseSpoolLine(JSON.stringify({ txtype: 'V', vin: VIN, record: {} }));
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.error : '', /not a telemetry record/);
    assert.equal(parseSpoolLine(JSON.stringify({ ...meta('V', {}), txtype: 'X' })).ok, false);
  });
});

describe('telemetry replay: the recorded pace', () => {
  it('sends at the createdAt deltas, scaled by the speed', () => {
    const pace = new ReplayPace(2);
    assert.deepEqual(
      [1000, 1500, 3000, 3000].map((t) => pace.offsetOf(t)),
      [0, 250, 1000, 1000],
    );
  });

  it('never goes back in time: a record behind the one before it goes out at once', () => {
    const pace = new ReplayPace(1);
    assert.deepEqual(
      [10_000, 12_000, 11_000, 13_000].map((t) => pace.offsetOf(t)),
      [0, 2000, 2000, 3000],
    );
  });

  it('speed 0 does not wait at all; a negative or non-numeric speed is refused', () => {
    const pace = new ReplayPace(0);
    assert.deepEqual(
      [0, 60_000, 3_600_000].map((t) => pace.offsetOf(t)),
      [0, 0, 0],
    );
    assert.throws(() => new ReplayPace(-1), /≥ 0/);
    assert.throws(() => new ReplayPace(Number.NaN), /≥ 0/);
  });
});

describe('telemetry replay: records back into what the car sent', () => {
  it('re-encodes V, alerts and errors records so a server decodes the same record', () => {
    const cases: Array<[TelemetryRecord['txtype'], Uint8Array]> = [
      [
        'V',
        encodeVehicleData({
          data: [
            { key: 'VehicleSpeed', value: { doubleValue: 31.5 } },
            { key: 'Location', value: { locationValue: { latitude: 37.49, longitude: -121.94 } } },
            { key: 'Gear', value: { shiftStateValue: 'ShiftStateD' } },
            { key: 'Soc', value: { stringValue: '71.25' } },
            { key: 'Odometer', value: { invalid: true } },
          ],
          createdAt: '2026-12-07T10:00:01.500Z',
        }),
      ],
      [
        'alerts',
        encodeVehicleAlerts({
          alerts: [{ name: 'BMS_a066', audiences: ['Customer', 'Service'], startedAt: '2026-12-07T10:00:00Z' }],
          createdAt: '2026-12-07T10:00:01Z',
        }),
      ],
      ['errors', encodeVehicleErrors({ errors: [{ name: 'unsupported_field', tags: { field_name: 'X' }, body: 'b', createdAt: '2026-12-07T10:00:01Z' }] })],
    ];
    for (const [topic, bytes] of cases) {
      const record = decodePayload(topic, bytes, VIN);
      const p = replayPayload(meta(topic, record));
      assert.ok(p.ok, topic);
      assert.equal(p.topic, topic);
      assert.deepEqual(decodePayload(topic, p.payload, VIN), record, topic);
    }
  });

  it('skips connectivity (the server writes its own) and names what cannot be encoded', () => {
    assert.deepEqual(replayPayload(meta('connectivity', { vin: VIN, status: 'CONNECTED' })), { ok: false, skip: 'connectivity' });
    const bad = replayPayload(meta('V', { data: [{ key: 'NoSuchField', value: { stringValue: 'x' } }] }));
    assert.equal(bad.ok, false);
    assert.match('error' in bad ? bad.error : '', /V record cannot be encoded: .*NoSuchField/);
  });
});
