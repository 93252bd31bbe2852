import assert from 'node:assert/strict';
import { isTelemetryRecord, parseFeedMessage, type FeedStats, type RecordMeta, type TelemetryRecord } from '../../../../core/messages/live-feed';
import type { Alert } from '../../../../core/alerts/alert';
import { JsonOut, type RecordTopic } from '../../../../core/telemetry-wire';
import { ConnectionLineWriter, writeRecordLine } from '../../../../telemetry-bridge/record';

const VIN = '5YJ3E1EA7JF000001';
const META: RecordMeta = {
  txtype: 'V',
  vin: VIN,
  txid: 'a1b2c3-000000001',
  received_at: 1_700_000_000_123,
  connection_id: '6f1c2d3e-0000-4000-8000-000000000001',
  device_client_version: '1.2.0',
  message_id: '0b6f5a2e-1111-4222-8333-444455556666',
  seq: 42,
};
const RECORD: TelemetryRecord = {
  ...META,
  record: { data: [{ key: 'VehicleSpeed', value: { doubleValue: 55.5 } }], createdAt: '2024-11-23T04:14:31.734Z', vin: VIN, isResend: false },
};
const STATS: FeedStats = {
  type: 'stats',
  at: 1_700_000_001_000,
  connected_vehicles: 2,
  connections_total: 3,
  records_total: 120,
  records_by_topic: { V: 100, connectivity: 20 },
  records_per_second: 4.2,
  acks_sent: 100,
  malformed_total: 0,
  oversized_total: 0,
  rate_limited_total: 0,
  text_frames_total: 0,
  handshake_failures_total: 1,
  identity_refused_total: 0,
  spool_errors_total: 0,
  ingest_paused: false,
  ingest_pauses_total: 0,
  reply_pauses_total: 0,
  feed_subscribers: 1,
  feed_dropped_total: 0,
  stdout_dropped_total: 0,
};

const ALERT: Alert = {
  rule: 'low-soc',
  vin: VIN,
  at: '2024-11-23T04:14:31.734Z',
  field: 'Soc',
  value: 19.5,
  severity: 'warning',
  kind: 'threshold',
  message: 'Soc fell below 20 % (19.5 %)',
};

const text = (v: unknown): string => JSON.stringify(v);

describe('core/messages/live-feed', () => {
  it("reads the bridge's record lines, as its hot path writes them, as TelemetryRecords", () => {
    const body = (o: JsonOut): void => o.text(text(RECORD.record));
    const topics: RecordTopic[] = ['V', 'alerts', 'errors', 'connectivity'];
    for (const txtype of topics) {
      const meta = { ...META, txtype, ...(txtype === 'connectivity' ? { txid: '', message_id: '' } : {}) };
      for (const write of [
        (o: JsonOut) => writeRecordLine(o, meta, body),
        (o: JsonOut) => new ConnectionLineWriter(meta.vin, meta.connection_id, meta.device_client_version).write(o, meta, body),
      ]) {
        const out = new JsonOut();
        write(out);
        const line: unknown = JSON.parse(out.toString());
        assert.ok(isTelemetryRecord(line), out.toString());
        assert.deepEqual(line, { ...meta, record: RECORD.record });
        assert.deepEqual(Object.keys(line), [...Object.keys(META), 'record'], 'the keys in RecordMeta order');
      }
    }
  });

  it('reads each message type', () => {
    assert.deepEqual(parseFeedMessage(text({ type: 'records', records: [RECORD] })), { type: 'records', records: [RECORD] });
    const vehicle = { vin: VIN, connectionId: 'c1', clientVersion: '1.2.0', networkInterface: 'wifi', connectedAt: 5000 };
    assert.deepEqual(parseFeedMessage(text({ type: 'hello', protocol: 1, queue_limit: 10_000, vehicles: [vehicle] })), {
      type: 'hello',
      protocol: 1,
      queue_limit: 10_000,
      vehicles: [vehicle],
    });
    assert.deepEqual(parseFeedMessage(text({ type: 'dropped', count: 3, total: 7 })), { type: 'dropped', count: 3, total: 7 });
    assert.deepEqual(parseFeedMessage(text(STATS)), STATS);
    assert.deepEqual(parseFeedMessage(text({ type: 'alert', alert: ALERT })), { type: 'alert', alert: ALERT });
    const located = { ...ALERT, field: 'Location', value: { latitude: 37.4, longitude: -122.1 }, kind: 'stale', severity: 'info' };
    assert.deepEqual(parseFeedMessage(text({ type: 'alert', alert: located })), { type: 'alert', alert: located });
  });

  it('ignores a well-formed message of a type it does not know (a newer bridge)', () => {
    assert.equal(parseFeedMessage(text({ type: 'pong', at: 1 })), undefined);
  });

  it('refuses malformed messages with a readable error', () => {
    assert.throws(() => parseFeedMessage('{"type":"records",'), /not JSON/);
    for (const bad of ['[]', 'null', '"records"', text({ records: [] }), text({ type: 7 })]) {
      assert.throws(() => parseFeedMessage(bad), /not a JSON object with a "type"/, bad);
    }
    assert.throws(() => parseFeedMessage(text({ type: 'records', records: {} })), /"records" message has no records list/);
    assert.throws(
      () => parseFeedMessage(text({ type: 'hello', protocol: 1, queue_limit: 10 })),
      /"hello" needs a protocol number, a queue_limit and a vehicles list/,
    );
    assert.throws(() => parseFeedMessage(text({ type: 'hello', protocol: '1', queue_limit: 10, vehicles: [] })), /"hello" needs/);
    assert.throws(() => parseFeedMessage(text({ type: 'dropped', count: -1, total: 2 })), /"dropped" needs whole numbers "count" and "total"/);
    assert.throws(() => parseFeedMessage(text({ type: 'dropped', count: 1.5, total: 2 })), /"dropped" needs/);
    assert.throws(() => parseFeedMessage(text({ type: 'dropped', count: '3', total: 3 })), /"dropped" needs/);
    const { records_total: _t, ...noTotal } = STATS;
    assert.throws(() => parseFeedMessage(text({ ...noTotal, at: 'now', ingest_paused: 0 })), /"stats" message has no valid at, records_total, ingest_paused$/);
    assert.throws(() => parseFeedMessage(text({ ...STATS, records_by_topic: { V: 'many' } })), /no valid records_by_topic$/);
    const { value: _v, ...noValue } = ALERT;
    for (const alert of [
      undefined,
      'x',
      noValue,
      { ...ALERT, at: 'yesterday' },
      { ...ALERT, severity: 'fatal' },
      { ...ALERT, kind: 'toString' },
      { ...ALERT, rule: 1 },
    ]) {
      assert.throws(() => parseFeedMessage(text({ type: 'alert', alert })), /"alert" needs an alert with rule, vin, at \(ISO 8601\)/, text(alert));
    }
  });

  it('keeps the good items of a batch and leaves out the malformed ones', () => {
    const { seq: _s, ...noSeq } = RECORD;
    const malformed: unknown[] = [
      null,
      'x',
      [RECORD],
      noSeq,
      { ...RECORD, txtype: 'X' },
      { ...RECORD, txtype: 'toString' },
      { ...RECORD, vin: 5 },
      { ...RECORD, received_at: '1700000000123' },
      { ...RECORD, record: null },
      { ...RECORD, record: [1] },
    ];
    const second = { ...RECORD, seq: 43 };
    const parsed = parseFeedMessage(text({ type: 'records', records: [RECORD, ...malformed, second] }));
    assert.deepEqual(parsed, { type: 'records', records: [RECORD, second] });
    for (const m of malformed) assert.equal(isTelemetryRecord(m), false, text(m));

    const good = { vin: VIN, connectionId: 'c1', clientVersion: '1.2.0', networkInterface: 'wifi', connectedAt: 5000 };
    const hello = parseFeedMessage(
      text({ type: 'hello', protocol: 1, queue_limit: 10, vehicles: [{ vin: VIN }, good, { ...good, connectedAt: '5000' }, 'x'] }),
    );
    assert.deepEqual(hello, { type: 'hello', protocol: 1, queue_limit: 10, vehicles: [good] });
  });
});
