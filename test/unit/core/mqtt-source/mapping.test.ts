import assert from 'node:assert/strict';
import { mqttMessageToRecord, mqttSourceProblem, parseMqttTopic, valueFromMqtt, type MqttMapped } from '../../../../core/mqtt-source';

const AT = Date.parse('2026-12-07T10:00:00.000Z');
const record = (m: MqttMapped) => {
  assert.ok(m.ok, JSON.stringify(m));
  return m.record;
};

describe('MQTT source: fleet-telemetry topics', () => {
  // Topic layout from fleet-telemetry datastore/mqtt/README.md ("Topic Structure") and mqtt_payload.go.
  it('reads every topic of the layout under a topic base (which may hold slashes)', () => {
    assert.deepEqual(parseMqttTopic('test/topic', 'test/topic/TEST123/v/VehicleName'), { kind: 'field', vin: 'TEST123', field: 'VehicleName' });
    assert.deepEqual(parseMqttTopic('telemetry', 'telemetry/TEST123/alerts/TestAlert1/current'), {
      kind: 'alert',
      vin: 'TEST123',
      name: 'TestAlert1',
      part: 'current',
    });
    assert.deepEqual(parseMqttTopic('telemetry', 'telemetry/TEST123/alerts/TestAlert1/history'), {
      kind: 'alert',
      vin: 'TEST123',
      name: 'TestAlert1',
      part: 'history',
    });
    assert.deepEqual(parseMqttTopic('telemetry', 'telemetry/TEST123/errors/TestError1'), { kind: 'error', vin: 'TEST123', name: 'TestError1' });
    assert.deepEqual(parseMqttTopic('telemetry', 'telemetry/TEST123/connectivity'), { kind: 'connectivity', vin: 'TEST123' });
  });

  it('ignores what is not of the layout', () => {
    for (const t of [
      'other/TEST123/v/Soc',
      'telemetry/TEST123',
      'telemetry/TEST123/v',
      'telemetry/TEST123/v/Soc/x',
      'telemetry/TEST123/alerts/A',
      'telemetry//v/Soc',
      'telemetry/TEST123/fleetkit_alerts/low-soc', // the bridge's own alert topic (docs/bridge-dispatchers.md): not fleet-telemetry's
    ]) {
      assert.equal(parseMqttTopic('telemetry', t), undefined, t);
    }
  });

  it('checks the broker URL and topic base, naming the fix', () => {
    assert.equal(mqttSourceProblem({ url: 'mqtt://localhost:1883', topicBase: 'telemetry' }), undefined);
    assert.equal(mqttSourceProblem({ url: 'mqtts://broker.example.com:8883', topicBase: 'fleet/telemetry' }), undefined);
    assert.match(mqttSourceProblem({ url: 'localhost:1883', topicBase: 't' }) ?? '', /mqtt:\/\/HOST:PORT/);
    assert.match(mqttSourceProblem({ url: 'http://localhost:1883', topicBase: 't' }) ?? '', /not an MQTT URL/);
    assert.match(mqttSourceProblem({ url: 'mqtt://u:p@localhost:1883', topicBase: 't' }) ?? '', /own fields/);
    assert.match(mqttSourceProblem({ url: 'mqtt://localhost:1883', topicBase: '' }) ?? '', /topic_base/);
    assert.match(mqttSourceProblem({ url: 'mqtt://localhost:1883', topicBase: 'telemetry/#' }) ?? '', /wildcard/);
    assert.match(mqttSourceProblem({ url: 'mqtt://localhost:1883', topicBase: 'telemetry/' }) ?? '', /drop it/);
  });
});

describe('MQTT source: field values back into protojson values', () => {
  // Payloads from fleet-telemetry datastore/mqtt/mqtt_test.go: "\"My Tesla\"", "null",
  // "{\"latitude\":37.7749,\"longitude\":-122.4194}", "75.5"; getDatumValue in mqtt_payload.go for the rest.
  it('maps the values of fleet-telemetry mqtt_test.go', () => {
    assert.deepEqual(valueFromMqtt('VehicleName', JSON.parse('"My Tesla"')), { stringValue: 'My Tesla' });
    assert.deepEqual(valueFromMqtt('TimeToFullCharge', JSON.parse('null')), { invalid: true });
    assert.deepEqual(valueFromMqtt('Location', JSON.parse('{"latitude":37.7749,"longitude":-122.4194}')), {
      locationValue: { latitude: 37.7749, longitude: -122.4194 },
    });
    assert.deepEqual(valueFromMqtt('BatteryLevel', JSON.parse('75.5')), { doubleValue: 75.5 });
  });

  it('gives enum names of an enum field their enum member, and keeps untyped strings as strings', () => {
    assert.deepEqual(valueFromMqtt('Gear', 'ShiftStateD'), { shiftStateValue: 'ShiftStateD' });
    assert.deepEqual(valueFromMqtt('DetailedChargeState', 'DetailedChargeStateCharging'), { detailedChargeStateValue: 'DetailedChargeStateCharging' });
    assert.deepEqual(valueFromMqtt('Gear', 'D'), { stringValue: 'D' }, 'a car without prefer_typed sends "D"');
    assert.deepEqual(valueFromMqtt('Soc', '71.25'), { stringValue: '71.25' });
  });

  it('numbers, booleans, doors and anything else', () => {
    assert.deepEqual(valueFromMqtt('Odometer', 12345), { intValue: 12345 });
    assert.deepEqual(valueFromMqtt('Odometer', 2 ** 40), { doubleValue: 2 ** 40 });
    assert.deepEqual(valueFromMqtt('Locked', true), { booleanValue: true });
    const doors = { DriverFront: true, PassengerFront: false, DriverRear: false, PassengerRear: false, TrunkFront: false, TrunkRear: true };
    assert.deepEqual(valueFromMqtt('DoorState', doors), { doorValue: doors });
    assert.deepEqual(valueFromMqtt('Unknown', [1, 2]), { stringValue: '[1,2]' });
  });
});

describe('MQTT source: messages into feed records', () => {
  it('a field message is a V record with one datum at the time it arrived', () => {
    const r = record(mqttMessageToRecord('telemetry', 'telemetry/TEST123/v/VehicleSpeed', Buffer.from('42.5'), AT));
    assert.deepEqual(r, {
      txtype: 'V',
      vin: 'TEST123',
      received_at: AT,
      record: { data: [{ key: 'VehicleSpeed', value: { doubleValue: 42.5 } }], createdAt: '2026-12-07T10:00:00.000Z', vin: 'TEST123' },
    });
  });

  it('alerts are read from their history topic (every alert of the message); the current topic repeats one of them', () => {
    // vehicleAlertToMqttMap: StartedAt/EndedAt in RFC 3339, Audiences by name.
    const history = [
      { StartedAt: '2026-12-07T09:59:00Z', Audiences: ['Customer', 'Service'] },
      { StartedAt: '2026-12-07T09:58:00Z', EndedAt: '2026-12-07T09:58:30Z', Audiences: ['ServiceFix'] },
    ];
    const r = record(mqttMessageToRecord('telemetry', 'telemetry/TEST123/alerts/TestAlert1/history', JSON.stringify(history), AT));
    assert.equal(r.txtype, 'alerts');
    assert.deepEqual(r.record.alerts, [
      { name: 'TestAlert1', audiences: ['Customer', 'Service'], startedAt: '2026-12-07T09:59:00Z', endedAt: null },
      { name: 'TestAlert1', audiences: ['ServiceFix'], startedAt: '2026-12-07T09:58:00Z', endedAt: '2026-12-07T09:58:30Z' },
    ]);
    const current = mqttMessageToRecord('telemetry', 'telemetry/TEST123/alerts/TestAlert1/current', JSON.stringify(history[0]), AT);
    assert.equal(current.ok, false);
    assert.ok('ignored' in current);
  });

  it('errors and connectivity carry their own times', () => {
    // vehicleErrorToMqttMap: Body, Tags, CreatedAt; processVehicleConnectivity: ConnectionId, Status, CreatedAt.
    const e = record(
      mqttMessageToRecord(
        'telemetry',
        'telemetry/TEST123/errors/TestError1',
        JSON.stringify({ Body: 'This is a test error', Tags: { tag1: 'value1', tag2: 'value2' }, CreatedAt: '2026-12-07T09:00:00Z' }),
        AT,
      ),
    );
    assert.equal(e.txtype, 'errors');
    assert.deepEqual(e.record.errors, [
      { createdAt: '2026-12-07T09:00:00Z', name: 'TestError1', tags: { tag1: 'value1', tag2: 'value2' }, body: 'This is a test error' },
    ]);
    const c = record(
      mqttMessageToRecord(
        'telemetry',
        'telemetry/TEST123/connectivity',
        JSON.stringify({ ConnectionId: 'abc', Status: 'DISCONNECTED', CreatedAt: '2026-12-07T09:30:00Z' }),
        AT,
      ),
    );
    assert.deepEqual(c.record, { vin: 'TEST123', connectionId: 'abc', status: 'DISCONNECTED', createdAt: '2026-12-07T09:30:00Z', networkInterface: '' });
  });

  it('names the topic of a payload that does not fit', () => {
    for (const [topic, payload] of [
      ['telemetry/TEST123/v/Soc', '{oops'],
      ['telemetry/TEST123/errors/E', '"text"'],
      ['telemetry/TEST123/connectivity', '{}'],
      ['telemetry/TEST123/alerts/A/history', '[1]'],
    ] as const) {
      const m = mqttMessageToRecord('telemetry', topic, payload, AT);
      assert.equal(m.ok, false, topic);
      assert.match('error' in m ? m.error : '', new RegExp(`^${topic}: `), topic);
    }
  });
});
