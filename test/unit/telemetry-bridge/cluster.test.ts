import assert from 'node:assert/strict';
import type { BridgeDispatcherStats } from '../../../core/messages/live-feed';
import { emptyStats, sumStats } from '../../../telemetry-bridge/cluster/stats-sum';
import { workerCount, workersAllowed } from '../../../telemetry-bridge/cluster/worker-count';
import type { DispatchConfig } from '../../../telemetry-bridge/dispatchers/types';

describe('telemetry bridge cluster: worker count and summed stats', () => {
  it('defaults to one worker per core and caps a request at the core count', () => {
    assert.deepEqual(workerCount(undefined, 8), { count: 8, capped: false, cores: 8 });
    assert.deepEqual(workerCount(1, 8), { count: 1, capped: false, cores: 8 });
    assert.deepEqual(workerCount(3, 8), { count: 3, capped: false, cores: 8 });
    assert.deepEqual(workerCount(16, 8), { count: 8, capped: true, cores: 8 });
    assert.deepEqual(workerCount(undefined, 1), { count: 1, capped: false, cores: 1 });
  });

  it('runs one process with the zmq dispatcher (one PUB socket) and refuses more by name', () => {
    const zmq = { records: { V: ['zmq'] } } as unknown as DispatchConfig;
    const mqtt = { records: { V: ['mqtt'], alerts: ['logger'] } } as unknown as DispatchConfig;
    assert.equal(workersAllowed(undefined, zmq), 1);
    assert.equal(workersAllowed(1, zmq), 1);
    assert.throws(() => workersAllowed(2, zmq), /zmq dispatcher binds one socket .*--workers 1/);
    assert.equal(workersAllowed(undefined, mqtt), undefined);
    assert.equal(workersAllowed(3, mqtt), 3);
    assert.equal(workersAllowed(4, undefined), 4);
  });

  it("adds the workers' counters up, merges records by topic, and is paused when any worker is", () => {
    const a = { ...emptyStats(), records_total: 10, acks_sent: 8, records_by_topic: { V: 7, connectivity: 3 }, records_per_second: 2.5 };
    const b = { ...emptyStats(), records_total: 5, acks_sent: 5, records_by_topic: { V: 4, alerts: 1 }, ingest_paused: true, records_per_second: 1 };
    const sum = sumStats([a, b]);
    assert.equal(sum.records_total, 15);
    assert.equal(sum.acks_sent, 13);
    assert.equal(sum.records_per_second, 3.5);
    assert.deepEqual(sum.records_by_topic, { V: 11, connectivity: 3, alerts: 1 });
    assert.equal(sum.ingest_paused, true);
    assert.equal(sumStats([a]).ingest_paused, false);
    assert.deepEqual(sumStats([]), emptyStats());
    const mqtt = (published: number, connected: boolean): BridgeDispatcherStats => ({
      published,
      messages: published * 3,
      bytes: 10,
      errors: 1,
      dropped: 0,
      inflight: 2,
      connected,
    });
    const d = sumStats([
      { ...a, dispatchers: { mqtt: mqtt(5, true) } },
      { ...b, dispatchers: { mqtt: mqtt(7, false) } },
    ]).dispatchers;
    assert.deepEqual(d, { mqtt: { published: 12, messages: 36, bytes: 20, errors: 2, dropped: 0, inflight: 4, connected: false } });
  });
});
