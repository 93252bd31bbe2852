import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  decodePayload,
  decodeVehicleFrame,
  encodeStreamEnvelope,
  encodeVehicleAlerts,
  encodeVehicleConnectivity,
  encodeVehicleData,
  encodeVehicleErrors,
  FIELD_ENUM,
  formatTimestamp,
  FrameError,
  parseLocationText,
  TYPES,
  type DatumJson,
} from '../../../core/telemetry-wire';

const vectors = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'telemetry-envelope-vectors.json'), 'utf8')) as Record<string, string>;

describe('telemetry-wire payloads and decoded JSON', () => {
  it('decodes the reference V payload into the documented transmit_decoded_records JSON', () => {
    const json = decodePayload('V', Buffer.from(vectors.V_payload_protobuf, 'hex'), 'device-1');
    assert.deepEqual(json, {
      data: [
        { key: 'VehicleName', value: { stringValue: 'My Test Vehicle' } },
        { key: 'Location', value: { locationValue: { latitude: -37.412374, longitude: 122.145867 } } },
      ],
      createdAt: '2023-11-14T22:13:20.123Z',
      vin: 'device-1',
      isResend: false,
    });
  });

  it('emits unpopulated fields like protojson: null timestamp, false/empty scalars', () => {
    const bytes = encodeVehicleData({ data: [{ key: 'VehicleName', value: { stringValue: 'cybertruck' } }], vin: 'BODY-VIN' });
    assert.deepEqual(decodePayload('V', bytes, '42'), {
      data: [{ key: 'VehicleName', value: { stringValue: 'cybertruck' } }],
      createdAt: null,
      vin: '42',
      isResend: false,
    });
  });

  it('the VIN always comes from the caller (certificate), never the body', () => {
    const bytes = encodeVehicleData({ data: [], vin: 'SPOOFED0000000000' });
    assert.equal(decodePayload('V', bytes, 'REALVIN0000000001').vin, 'REALVIN0000000001');
    const alerts = encodeVehicleAlerts({ alerts: [], vin: 'SPOOFED0000000000' });
    assert.equal(decodePayload('alerts', alerts, 'REALVIN0000000001').vin, 'REALVIN0000000001');
  });

  it('renders every special Value member in protojson form', () => {
    const data: DatumJson[] = [
      { key: 'Gear', value: { shiftStateValue: 'ShiftStateD' } },
      { key: 'DoorState', value: { doorValue: { DriverFront: true, PassengerRear: true } } },
      { key: 'TpmsHardWarnings', value: { tireLocationValue: { frontLeft: true, semiMiddleAxleLeft2: true } } },
      { key: 'ScheduledChargingStartTime', value: { timeValue: { hour: 7, minute: 30 } } },
      { key: 'VehicleSpeed', value: { invalid: true } },
      { key: 'Odometer', value: { longValue: '9007199254740993' } },
      { key: 'PackVoltage', value: { floatValue: 21.3 } },
      { key: 'Soc', value: { doubleValue: Infinity } },
    ];
    const out = decodePayload('V', encodeVehicleData({ data }), 'V1').data as Array<{ value: unknown }>;
    assert.deepEqual(out[0].value, { shiftStateValue: 'ShiftStateD' });
    assert.deepEqual(out[1].value, {
      doorValue: { DriverFront: true, DriverRear: false, PassengerFront: false, PassengerRear: true, TrunkFront: false, TrunkRear: false },
    });
    assert.deepEqual(out[2].value, {
      tireLocationValue: {
        frontLeft: true,
        frontRight: false,
        rearLeft: false,
        rearRight: false,
        semiMiddleAxleLeft2: true,
        semiMiddleAxleRight2: false,
        semiRearAxleLeft: false,
        semiRearAxleRight: false,
        semiRearAxleLeft2: false,
        semiRearAxleRight2: false,
      },
    });
    assert.deepEqual(out[3].value, { timeValue: { hour: 7, minute: 30, second: 0 } });
    assert.deepEqual(out[4].value, { invalid: true });
    assert.deepEqual(out[5].value, { longValue: '9007199254740993' }, 'int64 beyond 2^53 keeps every digit');
    assert.deepEqual(out[6].value, { floatValue: 21.3 }, 'float32 printed with the shortest round-tripping digits');
    assert.deepEqual(out[7].value, { doubleValue: 'Infinity' });
  });

  it('formats timestamps with 0, 3, 6 or 9 fractional digits', () => {
    assert.equal(formatTimestamp(1700000000, 0), '2023-11-14T22:13:20Z');
    assert.equal(formatTimestamp(1700000000, 120000000), '2023-11-14T22:13:20.120Z');
    assert.equal(formatTimestamp(1700000000, 123456000), '2023-11-14T22:13:20.123456Z');
    assert.equal(formatTimestamp(1700000000, 123456789), '2023-11-14T22:13:20.123456789Z');
    assert.throws(() => formatTimestamp(1e13, 0), /out of range/);
  });

  it('parses Location strings with hemispheres into signed coordinates', () => {
    assert.deepEqual(parseLocationText('(37.412374 N, 122.145867 W)'), { latitude: 37.412374, longitude: -122.145867 });
    assert.equal(parseLocationText('somewhere'), undefined);
  });

  it('alerts: millisecond timestamps from buggy firmware are read as milliseconds', () => {
    const bytes = TYPES.VehicleAlerts.encode({
      alerts: [{ name: 'BMS_a066', audiences: [1, 2], started_at: { seconds: 1700000000123, nanos: 0 } }],
    }).finish();
    assert.deepEqual(decodePayload('alerts', bytes, 'V1'), {
      alerts: [{ name: 'BMS_a066', audiences: ['Customer', 'Service'], startedAt: '2023-11-14T22:13:20.123Z', endedAt: null }],
      createdAt: null,
      vin: 'V1',
    });
  });

  it('errors and connectivity round-trip through our encoders', () => {
    const errors = encodeVehicleErrors({
      errors: [
        { name: 'unsuported_interval', tags: { field_name: 'Soc', requested: '10.000000', authorized: '60000' }, body: 'x', createdAt: '2024-01-01T00:00:00Z' },
      ],
      createdAt: 1700000000000,
    });
    assert.deepEqual(decodePayload('errors', errors, 'V1'), {
      errors: [
        { createdAt: '2024-01-01T00:00:00Z', name: 'unsuported_interval', tags: { field_name: 'Soc', requested: '10.000000', authorized: '60000' }, body: 'x' },
      ],
      createdAt: '2023-11-14T22:13:20Z',
      vin: 'V1',
    });
    const conn = encodeVehicleConnectivity({
      vin: 'V1',
      connectionId: 'c-1',
      status: 'DISCONNECTED',
      createdAt: '2024-05-01T10:00:00.5Z',
      networkInterface: 'wifi',
    });
    assert.deepEqual(decodePayload('connectivity', conn, 'V1'), {
      vin: 'V1',
      connectionId: 'c-1',
      status: 'DISCONNECTED',
      createdAt: '2024-05-01T10:00:00.500Z',
      networkInterface: 'wifi',
    });
  });

  it('round-trips random vehicle data through envelope + payload encoders and decoders', () => {
    const fieldNames = Object.keys(FIELD_ENUM.values);
    const value = fc.oneof(
      fc.string().map((s) => ({ stringValue: s })),
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map((n) => ({ intValue: n })),
      fc.bigInt({ min: -(BigInt(2) ** BigInt(63)), max: BigInt(2) ** BigInt(63) - BigInt(1) }).map((n) => ({ longValue: n.toString() })),
      fc.float({ noNaN: true, noDefaultInfinity: true }).map((f) => ({ floatValue: Object.is(f, -0) ? 0 : f })),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => ({ doubleValue: Object.is(d, -0) ? 0 : d })),
      fc.boolean().map((b) => ({ booleanValue: b })),
      fc.record({ latitude: fc.double({ min: -90, max: 90, noNaN: true }), longitude: fc.double({ min: -180, max: 180, noNaN: true }) }).map((l) => ({
        locationValue: { latitude: l.latitude || 0, longitude: l.longitude || 0 },
      })),
      fc.constantFrom('ShiftStateP', 'ShiftStateR', 'ShiftStateD').map((s) => ({ shiftStateValue: s })),
      fc.constant({ invalid: true }),
    );
    const datum = fc.record({ key: fc.constantFrom(...fieldNames), value });
    const payload = fc.record({
      data: fc.array(datum, { maxLength: 20 }),
      createdAt: fc.option(fc.integer({ min: 0, max: 4102444800000 }), { nil: null }),
      isResend: fc.boolean(),
    });
    fc.assert(
      fc.property(payload, fc.string({ maxLength: 40 }), (p, txid) => {
        const frame = encodeStreamEnvelope({ txid, topic: 'V', payload: encodeVehicleData(p) });
        const decoded = decodeVehicleFrame(frame, 'VIN0000000000000X');
        assert.equal(decoded.txid, txid);
        assert.equal(decoded.topic, 'V');
        const expected = {
          data: p.data,
          createdAt: p.createdAt === null ? null : new Date(p.createdAt).toISOString().replace('.000Z', 'Z'),
          vin: 'VIN0000000000000X',
          isResend: p.isResend,
        };
        // float32 values print with the shortest digits that round-trip as float32: compare as float32.
        const norm = (r: unknown): unknown => JSON.parse(JSON.stringify(r), (k, v: unknown) => (k === 'floatValue' ? Math.fround(Number(v)) : v));
        assert.deepEqual(norm(decoded.record), norm(expected));
      }),
      { numRuns: 300 },
    );
  });

  it('random bytes and wrong union types only ever produce a FrameError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          decodeVehicleFrame(bytes, 'V1');
        } catch (err) {
          assert.ok(err instanceof FrameError, String(err));
        }
      }),
      { numRuns: 2000 },
    );
    const wrongTopicPayload = encodeStreamEnvelope({ txid: 't1', topic: 'alerts', payload: Buffer.from(vectors.V_payload_protobuf, 'hex') });
    assert.throws(() => decodeVehicleFrame(wrongTopicPayload, 'V1'), FrameError);
    const unknownTopic = encodeStreamEnvelope({ txid: 't2', topic: 'metrics', payload: new Uint8Array() });
    assert.throws(() => decodeVehicleFrame(unknownTopic, 'V1'), /unknown topic/);
  });
});
