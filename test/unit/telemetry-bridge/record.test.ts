import assert from 'node:assert/strict';
import { encodeStreamEnvelope, encodeVehicleData, JsonOut, readVehicleFrame, writeFrameRecord } from '../../../core/telemetry-wire';
import { ConnectionLineWriter, writeRecordLine, type RecordMeta } from '../../../telemetry-bridge/record';

function meta(over: Partial<RecordMeta>): RecordMeta {
  return {
    txtype: 'V',
    vin: '5YJ3E1EA7JF000001',
    txid: 'a1b2c3-000000001',
    received_at: 1_700_000_000_123,
    connection_id: '6f1c2d3e-0000-4000-8000-000000000001',
    device_client_version: '1.2.0',
    message_id: '0b6f5a2e-1111-4222-8333-444455556666',
    seq: 42,
    ...over,
  };
}

describe('record lines', () => {
  const record = (o: JsonOut): void => o.ascii('{"data":[],"createdAt":null}');
  const line = (write: (out: JsonOut) => void): string => {
    const out = new JsonOut();
    write(out);
    return out.toString();
  };

  it("a connection's cached parts give the same bytes as writeRecordLine, for every topic and hostile text", () => {
    const cases = [
      meta({}),
      meta({ txtype: 'alerts', txid: 'tx "quoted" \\ back', message_id: 'ünïcode ✓', seq: 7 }),
      meta({ txtype: 'errors', txid: '', message_id: '', device_client_version: 'v"1\n2', connection_id: 'c\u0001d' }),
      meta({ txtype: 'connectivity', vin: 'VIN"<script>' }),
    ];
    assert.equal(
      line((o) => writeRecordLine(o, cases[0], record)),
      '{"txtype":"V","vin":"5YJ3E1EA7JF000001","txid":"a1b2c3-000000001","received_at":1700000000123,' +
        '"connection_id":"6f1c2d3e-0000-4000-8000-000000000001","device_client_version":"1.2.0",' +
        '"message_id":"0b6f5a2e-1111-4222-8333-444455556666","seq":42,"record":{"data":[],"createdAt":null}}',
    );
    for (const m of cases) {
      const writer = new ConnectionLineWriter(m.vin, m.connection_id, m.device_client_version);
      const cached = line((o) => writer.write(o, m, record));
      assert.equal(
        cached,
        line((o) => writeRecordLine(o, m, record)),
      );
      const parsed = JSON.parse(cached) as Record<string, unknown>;
      assert.equal(parsed.txid, m.txid);
      assert.equal(parsed.device_client_version, m.device_client_version);
      assert.equal(parsed.vin, m.vin);
    }
    // The same writer serves a connection's records of several topics.
    const writer = new ConnectionLineWriter('VIN1', 'conn', '1.0');
    for (const txtype of ['V', 'alerts', 'V', 'errors'] as const) {
      const m = meta({ txtype, vin: 'VIN1', connection_id: 'conn', device_client_version: '1.0' });
      assert.equal(
        line((o) => writer.write(o, m, record)),
        line((o) => writeRecordLine(o, m, record)),
      );
    }
  });

  it('carries the record exactly as fleet-telemetry decodes it, with its record.go transforms applied', () => {
    // teslamotors/fleet-telemetry telemetry/record.go: for "V" records the first Location string becomes a
    // LocationValue and every string value matching ^[+-]?(\d*\.\d+|\d+\.\d*)([eE][+-]?\d+)$ is replaced by
    // fmt.Sprintf("%.5f", <its float32>); the VIN comes from the connection, never the body.
    const m = meta({});
    const payload = encodeVehicleData({
      data: [
        { key: 'Location', value: { stringValue: '(37.412374 S, 122.145867 E)' } },
        { key: 'PackCurrent', value: { stringValue: '-2.E+2' } },
        { key: 'Soc', value: { stringValue: '1.5e-3' } },
        { key: 'Odometer', value: { stringValue: '1e5' } },
        { key: 'VehicleSpeed', value: { floatValue: -0 } },
      ],
      createdAt: '2023-11-14T22:13:20.123Z',
      vin: 'SPOOFED0000000000',
    });
    const frame = readVehicleFrame(encodeStreamEnvelope({ txid: m.txid, topic: 'V', payload }));
    const writer = new ConnectionLineWriter(m.vin, m.connection_id, m.device_client_version);
    assert.equal(
      line((o) => writer.write(o, m, (r) => writeFrameRecord(r, frame, m.vin))),
      '{"txtype":"V","vin":"5YJ3E1EA7JF000001","txid":"a1b2c3-000000001","received_at":1700000000123,' +
        '"connection_id":"6f1c2d3e-0000-4000-8000-000000000001","device_client_version":"1.2.0",' +
        '"message_id":"0b6f5a2e-1111-4222-8333-444455556666","seq":42,"record":{"data":[' +
        '{"key":"Location","value":{"locationValue":{"latitude":-37.412374,"longitude":122.145867}}},' +
        '{"key":"PackCurrent","value":{"stringValue":"-200.00000"}},' +
        '{"key":"Soc","value":{"stringValue":"0.00150"}},' +
        '{"key":"Odometer","value":{"stringValue":"1e5"}},' +
        '{"key":"VehicleSpeed","value":{"floatValue":-0}}],' +
        '"createdAt":"2023-11-14T22:13:20.123Z","vin":"5YJ3E1EA7JF000001","isResend":false}}',
    );
  });
});
