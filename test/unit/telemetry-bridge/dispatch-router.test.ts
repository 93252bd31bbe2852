/**
 * RecordDispatch's routing and acks with in-process dispatchers whose publishes the test settles by hand: records go
 * to the dispatchers their type names (serializer.go Dispatch), the ack waits only for the reliable-ack source
 * (server/streaming/server.go handleAcks), a full queue drops and counts.
 */
import assert from 'node:assert/strict';
import { createLogger } from '../../../core/log/logger';
import { RecordDispatch } from '../../../telemetry-bridge/dispatchers/router';
import { DispatchError, emptyStats, type DispatchConfig, type Dispatcher, type DispatcherName } from '../../../telemetry-bridge/dispatchers/types';
import type { DispatchRecord } from '../../../telemetry-bridge/dispatchers/dispatch-record';
import type { BridgeRecord } from '../../../telemetry-bridge/record';
import { alertRecord } from '../../../core/alerts/record';

class ManualDispatcher implements Dispatcher {
  readonly stats = emptyStats();
  readonly pending: Array<{ rec: DispatchRecord; resolve: () => void; reject: (e: Error) => void }> = [];
  constructor(readonly name: DispatcherName) {}
  start(): Promise<void> {
    return Promise.resolve();
  }
  publish(rec: DispatchRecord): Promise<void> {
    return new Promise((resolve, reject) => this.pending.push({ rec, resolve, reject }));
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

function record(txtype: BridgeRecord['txtype'], seq: number): BridgeRecord {
  return { txtype, vin: 'VIN1', txid: `t${seq}`, received_at: 0, connection_id: 'c', device_client_version: '1', message_id: '', seq, line: Buffer.from('{}') };
}

function alert(seq: number): ReturnType<typeof alertRecord> & { line: Buffer } {
  const a = alertRecord(
    { rule: 'low-soc', vin: 'VIN1', at: '2026-12-07T10:00:00.000Z', field: 'Soc', value: 19, severity: 'critical', kind: 'threshold', message: 'm' },
    0,
    seq,
  );
  return { ...a, line: Buffer.from(JSON.stringify(a)) };
}

/** Settled state of a promise after the microtasks queued so far. */
async function state(p: Promise<void> | undefined): Promise<'none' | 'pending' | 'resolved' | 'rejected'> {
  if (!p) return 'none';
  let s: 'pending' | 'resolved' | 'rejected' = 'pending';
  p.then(
    () => (s = 'resolved'),
    () => (s = 'rejected'),
  );
  await new Promise((r) => setImmediate(r));
  return s;
}

function setUp(config: Partial<DispatchConfig>): { router: RecordDispatch; d: Record<string, ManualDispatcher>; warnings: string[] } {
  const d: Record<string, ManualDispatcher> = {};
  const warnings: string[] = [];
  const logger = createLogger({ level: 'warn', sink: { write: (_l, line) => warnings.push(line) } });
  const router = new RecordDispatch(
    { namespace: 'ns', format: 'json', records: {}, reliableAckSources: {}, logger: { verbose: false }, ...config },
    logger,
    (name) => (d[name] = new ManualDispatcher(name)),
  );
  return { router, d, warnings };
}

describe('telemetry bridge: dispatch router', () => {
  it('routes each record type to its dispatchers only; without a reliable-ack source nothing waits', async () => {
    const { router, d } = setUp({ records: { V: ['mqtt', 'redis'], alerts: ['redis'] } });
    assert.equal(router.dispatch(record('V', 1)), undefined);
    assert.equal(router.dispatch(record('alerts', 2)), undefined);
    assert.equal(router.dispatch(record('errors', 3)), undefined);
    assert.deepEqual(
      d.mqtt.pending.map((p) => p.rec.record.seq),
      [1],
    );
    assert.deepEqual(
      d.redis.pending.map((p) => p.rec.record.seq),
      [1, 2],
    );
  });

  it('acks after the reliable-ack source confirms, whatever the other dispatchers do; its failure withholds the ack', async () => {
    const { router, d } = setUp({ records: { V: ['mqtt', 'redis'] }, reliableAckSources: { V: 'redis' } });
    const first = router.dispatch(record('V', 1));
    assert.equal(await state(first), 'pending');
    d.mqtt.pending[0].reject(new Error('mqtt down'));
    assert.equal(await state(first), 'pending', 'another dispatcher failing does not decide the ack');
    d.redis.pending[0].resolve();
    assert.equal(await state(first), 'resolved');

    const second = router.dispatch(record('V', 2));
    d.redis.pending[1].reject(new Error('publish timed out'));
    await assert.rejects(second ?? Promise.resolve(), (e: unknown) => e instanceof DispatchError && /redis: publish timed out/.test(e.message));
    assert.deepEqual([d.redis.stats.published, d.redis.stats.errors, d.mqtt.stats.errors], [1, 1, 1]);
  });

  it('sends alert records to the dispatchers records.fleetkit_alerts names, counting failures and drops past the queue limit', async () => {
    const { router, d, warnings } = setUp({ records: { V: ['mqtt'], fleetkit_alerts: ['redis', 'logger'] }, queueLimit: 2 });
    router.dispatchAlert(alert(1));
    router.dispatchAlert(alert(2));
    router.dispatchAlert(alert(3));
    assert.equal(d.mqtt.pending.length, 0, 'mqtt is not routed alerts');
    assert.deepEqual(
      d.redis.pending.map((p) => [p.rec.txtype, p.rec.record.seq]),
      [
        ['fleetkit_alerts', 1],
        ['fleetkit_alerts', 2],
      ],
    );
    assert.deepEqual([d.redis.stats.dropped, d.logger.stats.dropped], [1, 1]);
    assert.match(warnings[0], /redis: 2 records unconfirmed by the broker, record 3 \(fleetkit_alerts of VIN1\) dropped/);
    d.redis.pending[0].reject(new Error('publish timed out'));
    d.redis.pending[1].resolve();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual([d.redis.stats.errors, d.redis.stats.published, d.redis.stats.inflight], [1, 1, 0]);
    setUp({ records: { V: ['mqtt'] } }).router.dispatchAlert(alert(4)); // no fleetkit_alerts entry: nothing to do, no error
  });

  it('drops (and counts, and logs) past the queue limit; a dropped reliable record is not acked', async () => {
    const { router, d, warnings } = setUp({ records: { V: ['mqtt'] }, reliableAckSources: { V: 'mqtt' }, queueLimit: 2 });
    const acks = [1, 2, 3, 4].map((i) => router.dispatch(record('V', i)));
    assert.equal(d.mqtt.pending.length, 2);
    assert.equal(d.mqtt.stats.inflight, 2);
    assert.equal(d.mqtt.stats.dropped, 2);
    assert.deepEqual(await Promise.all(acks.map(state)), ['pending', 'pending', 'rejected', 'rejected']);
    assert.equal(warnings.length, 1, 'the first loss is logged at once, the rest summarised later');
    assert.match(warnings[0], /mqtt: 2 records unconfirmed by the broker, record 3 .*dropped/);
    d.mqtt.pending[0].resolve();
    assert.equal(await state(acks[0]), 'resolved');
    assert.equal(d.mqtt.stats.inflight, 1);
    const later = router.dispatch(record('V', 5));
    assert.equal(d.mqtt.pending.length, 3, 'room again once the broker confirmed one');
    assert.equal(await state(later), 'pending');
  });
});
