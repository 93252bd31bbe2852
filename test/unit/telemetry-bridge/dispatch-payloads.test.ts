/**
 * The dispatchers' pure payload code: MQTT messages as fleet-telemetry's datastore/mqtt/mqtt_payload.go builds them
 * (Go encoding/json of getDatumValue, vehicleAlertToMqttMap, vehicleErrorToMqttMap), and the protobuf payload as
 * telemetry/record.go's proto.Marshal of the transformed record. Expected texts are written by hand from those files.
 */
import assert from 'node:assert/strict';
import { decodeRecordMessage, encodePayload, encodeRecordMessage } from '../../../core/telemetry-wire';
import { goJson, goJsonString, float32, float64, integer } from '../../../telemetry-bridge/dispatchers/go-json';
import { mqttMessages, topicLevel } from '../../../telemetry-bridge/dispatchers/mqtt-messages';
import type { RecordTopic } from '../../../core/telemetry-wire/topics';
import { alertRecord } from '../../../core/alerts/record';
import type { Alert } from '../../../core/alerts/alert';
import { DispatchRecord } from '../../../telemetry-bridge/dispatchers/dispatch-record';
import { LoggerDispatcher } from '../../../telemetry-bridge/dispatchers/logger';
import { createLogger } from '../../../core/log/logger';

const VIN = '5YJ3UNIT000000001';

function messages(topic: RecordTopic, json: object): Record<string, string> {
  const m = decodeRecordMessage(topic, encodePayload(topic, json), VIN);
  return Object.fromEntries(mqttMessages('tb', topic, VIN, m).map((x) => [x.topic, x.payload.toString('utf8')]));
}

function field(value: object, key = 'Soc'): string {
  return messages('V', { data: [{ key, value }] })[`tb/${VIN}/v/${key}`];
}

describe('telemetry bridge: dispatcher payloads', () => {
  describe('Go encoding/json', () => {
    it('escapes strings as Go does (HTML-safe, U+2028/9, \\b \\f since Go 1.22, lone surrogates → U+FFFD)', () => {
      assert.equal(goJsonString('<a href="x">&</a>'), '"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e"');
      assert.equal(goJsonString('\u2028\u2029\b\f\n\r\t\u0001\u007f'), '"\\u2028\\u2029\\b\\f\\n\\r\\t\\u0001\u007f"');
      assert.equal(goJsonString('a\ud800b'), '"a\\ufffdb"');
      assert.equal(goJsonString('😀'), '"😀"');
    });

    it('sorts map keys by their bytes and writes float32, float64 and int64 numbers as Go does', () => {
      assert.equal(goJson({ b: integer(1), a: null, Z: true, é: 'x', z: [] }), '{"Z":true,"a":null,"b":1,"z":[],"é":"x"}');
      // UTF-16 puts U+1F600 (a surrogate pair) before U+FFFF; Go compares UTF-8 bytes and puts it after.
      assert.equal(goJson({ '\u{1F600}': null, '\uffff': true }), '{"\uffff":true,"\u{1F600}":null}');
      assert.equal(goJson(float32(Math.fround(0.1))), '0.1');
      assert.equal(goJson(float64(Math.fround(0.1))), '0.10000000149011612');
      assert.equal(goJson(float32(Math.fround(1e-7))), '1e-7');
      assert.equal(goJson(float64(1e21)), '1e+21');
      assert.equal(goJson(float64(-0)), '-0');
      assert.equal(goJson(integer('9223372036854775807')), '9223372036854775807');
      assert.throws(() => float64(Number.NaN), /unsupported value: NaN/);
    });
  });

  describe('MQTT messages (datastore/mqtt/mqtt_payload.go)', () => {
    it('maps each Value member as getDatumValue does', () => {
      assert.equal(field({ floatValue: 12.3 }), '12.3');
      assert.equal(field({ doubleValue: 0.1 }), '0.1');
      assert.equal(field({ intValue: -5 }), '-5');
      assert.equal(field({ longValue: '-9007199254740993' }), '-9007199254740993');
      assert.equal(field({ booleanValue: false }), 'false');
      assert.equal(field({ stringValue: '' }), '""');
      assert.equal(field({ invalid: true }), 'null');
      assert.equal(field({ locationValue: { latitude: 0, longitude: 0 } }), '{"latitude":0,"longitude":0}');
      assert.equal(field({ timeValue: { hour: 7, minute: 5, second: 0 } }), '"07:05:00"');
      assert.equal(field({ shiftStateValue: 'ShiftStateP' }), '"ShiftStateP"');
      // A member outside getDatumValue's list goes through getProtoValue: the enum's name...
      assert.equal(field({ hvacAutoModeValue: 'HvacAutoModeStateOn' }), '"HvacAutoModeStateOn"');
      // ...a message's set fields by proto name (false bools are not populated), the only top-level value unwrapped.
      assert.equal(field({ tireLocationValue: { frontLeft: true, rearRight: true } }), '{"front_left":true,"rear_right":true}');
      assert.equal(
        field({ doorValue: {} }),
        '{"DriverFront":false,"DriverRear":false,"PassengerFront":false,"PassengerRear":false,"TrunkFront":false,"TrunkRear":false}',
      );
    });

    it('an unknown enum number: String() digits in the listed members, a number through getProtoValue', () => {
      // Value.shift_state_value = 9 (varint 99) and Value.hvac_auto_mode_value = 33 (varint 99), under Datum key Soc (8).
      const shift = decodeRecordMessage('V', new Uint8Array([0x0a, 0x06, 0x08, 0x08, 0x12, 0x02, (9 << 3) | 0, 99]), VIN);
      assert.equal(mqttMessages('tb', 'V', VIN, shift)[0].payload.toString(), '"99"');
      const hvac = decodeRecordMessage('V', new Uint8Array([0x0a, 0x07, 0x08, 0x08, 0x12, 0x03, 0x88, 0x02, 99]), VIN);
      assert.equal(mqttMessages('tb', 'V', VIN, hvac)[0].payload.toString(), '99');
    });

    it('one message per field name, the last datum of a name winning (payloadToMap)', () => {
      const m = messages('V', {
        data: [
          { key: 'Soc', value: { intValue: 1 } },
          { key: 'Gear', value: { shiftStateValue: 'ShiftStateD' } },
          { key: 'Soc', value: { intValue: 2 } },
        ],
      });
      assert.deepEqual(m, { [`tb/${VIN}/v/Soc`]: '2', [`tb/${VIN}/v/Gear`]: '"ShiftStateD"' });
    });

    it('alerts: current is the latest StartedAt (the first on a tie, none without a start), history keeps every one', () => {
      const m = messages('alerts', {
        alerts: [
          { name: 'A', audiences: ['Customer'], startedAt: '2026-12-07T10:00:00Z' },
          { name: 'A', audiences: ['Service'], startedAt: '2026-12-07T10:00:00Z', endedAt: '2026-12-07T10:01:00.900Z' },
          { name: 'B', audiences: ['ServiceFix'] },
        ],
      });
      assert.deepEqual(m, {
        [`tb/${VIN}/alerts/A/current`]: '{"Audiences":["Customer"],"StartedAt":"2026-12-07T10:00:00Z"}',
        [`tb/${VIN}/alerts/A/history`]:
          '[{"Audiences":["Customer"],"StartedAt":"2026-12-07T10:00:00Z"},{"Audiences":["Service"],"EndedAt":"2026-12-07T10:01:00Z","StartedAt":"2026-12-07T10:00:00Z"}]',
        [`tb/${VIN}/alerts/B/history`]: '[{"Audiences":["ServiceFix"]}]',
      });
    });

    it('errors without tags or time, and connectivity', () => {
      assert.deepEqual(messages('errors', { errors: [{ name: 'e1', body: '' }] }), { [`tb/${VIN}/errors/e1`]: '{"Body":"","Tags":null}' });
      const c = messages('connectivity', { vin: VIN, connectionId: 'c-1', status: 'DISCONNECTED', createdAt: '2026-12-07T10:00:00.250Z' });
      assert.deepEqual(c, { [`tb/${VIN}/connectivity`]: '{"ConnectionId":"c-1","CreatedAt":"2026-12-07T10:00:00Z","Status":"DISCONNECTED"}' });
    });
  });

  describe("Fleetkit's alert records (fleetkit_alerts: no fleet-telemetry counterpart)", () => {
    const alert: Alert = {
      rule: 'low-soc',
      vin: VIN,
      at: '2026-12-07T10:00:00.000Z',
      field: 'Soc',
      value: 19.5,
      severity: 'critical',
      kind: 'threshold',
      message: 'Soc fell below 20 % (19.5 %)',
    };
    const record = alertRecord(alert, 1796637600123, 42);
    const rec = new DispatchRecord({ ...record, line: Buffer.from(JSON.stringify(record)) });

    it('MQTT: one message at <topic_base>/<VIN>/fleetkit_alerts/<rule> holding the Alert as the spool line has it', () => {
      const [m, ...rest] = mqttMessages('tb', rec.txtype, rec.vin, rec.message());
      assert.equal(rest.length, 0);
      assert.equal(m.topic, `tb/${VIN}/fleetkit_alerts/low-soc`);
      assert.deepEqual(JSON.parse(m.payload.toString()), alert);
      assert.equal(m.payload.toString(), rec.json().toString(), "the same bytes as the line's record (Redis and ZeroMQ payloads)");
    });

    it('MQTT: a rule name is one topic level: / + # and % are percent-encoded, reversibly', () => {
      const name = 'pack/temp+50% #1';
      assert.equal(topicLevel(name), 'pack%2Ftemp%2B50%25 %231');
      assert.equal(decodeURIComponent(topicLevel(name)), name);
      const [m] = mqttMessages('tb', 'fleetkit_alerts', VIN, { ...alert, rule: name });
      assert.equal(m.topic, `tb/${VIN}/fleetkit_alerts/pack%2Ftemp%2B50%25 %231`);
    });

    it('Redis and ZeroMQ payloads are the JSON even without transmit_decoded_records (alerts have no protobuf)', () => {
      assert.equal(Buffer.from(rec.payload('protobuf')).toString(), JSON.stringify(alert));
      assert.equal(Buffer.from(rec.payload('json')).toString(), JSON.stringify(alert));
      assert.throws(() => rec.protobuf(), /alerts have no protobuf/);
    });

    it('logger: one record_payload line with the metadata and the Alert as data', async () => {
      const lines: string[] = [];
      const logger = new LoggerDispatcher({ verbose: false }, createLogger({ sink: { write: (_l, line) => lines.push(line) } }));
      await logger.publish(rec);
      assert.deepEqual(lines, [
        `record_payload vin=${VIN} metadata={"device_client_version":"","receivedat":"1796637600123","txid":"","txtype":"fleetkit_alerts","vin":"${VIN}"} ` +
          `data=${JSON.stringify(alert)}`,
      ]);
    });
  });

  describe('protobuf payload (record.go proto.Marshal)', () => {
    it('leaves out zero scalars set on the wire but keeps a zero oneof member, and sets the VIN', () => {
      // Payload{data: [Datum{key: Soc (8), value: Value{int_value: 0}}], vin: "x", is_resend: false (written as 0x20 0x00)}
      const wire = new Uint8Array([0x0a, 0x06, 0x08, 0x08, 0x12, 0x02, 0x10, 0x00, 0x1a, 0x01, 0x78, 0x20, 0x00]);
      const out = Buffer.from(encodeRecordMessage('V', decodeRecordMessage('V', wire, 'V1')));
      assert.equal(out.toString('hex'), Buffer.from([0x0a, 0x06, 0x08, 0x08, 0x12, 0x02, 0x10, 0x00, 0x1a, 0x02, 0x56, 0x31]).toString('hex'));
    });

    it('writes fields in field-number order whatever the order on the wire', () => {
      // VehicleConnectivity with status (3) before vin (1) on the wire.
      const wire = new Uint8Array([0x18, 0x01, 0x0a, 0x01, 0x61]);
      assert.equal(Buffer.from(encodeRecordMessage('connectivity', decodeRecordMessage('connectivity', wire, 'b'))).toString('hex'), '0a01621801');
    });
  });
});
