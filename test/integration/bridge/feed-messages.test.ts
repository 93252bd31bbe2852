/**
 * What a real bridge writes conforms to the types in core/messages (issue 17): every live-feed message parses with
 * parseFeedMessage without losing an item, the extension's FeedClient reads them, and the ready line parses.
 */
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { parseBridgeReady, type BridgeReadyLine } from '../../../core/messages/bridge-ready';
import { parseFeedMessage, type FeedHelloVehicle, type FeedMessage, type FeedStats, type TelemetryRecord } from '../../../core/messages/live-feed';
import { FeedClient } from '../../../client/telemetry/feed-client';
import { readyLine, type RunningBridge } from '../../../telemetry-bridge';
import { makePki, startTestBridge, vehicleFor, waitFor, type Pki } from './helpers';

const VIN = '5YJ3MSGS000000001';

/** A subscriber that reads every text frame with core's parseFeedMessage and keeps what it refused. */
class RawFeed {
  readonly messages: FeedMessage[] = [];
  readonly refused: string[] = [];
  readonly ws: WebSocket;
  constructor(bridge: RunningBridge) {
    this.ws = new WebSocket(bridge.feed?.url ?? '', { headers: { authorization: `Bearer ${bridge.feed?.token}` } });
    this.ws.on('message', (data) => {
      const text = String(data);
      try {
        const m = parseFeedMessage(text);
        if (!m) return void this.refused.push(`a message type core does not know: ${text.slice(0, 80)}`);
        const raw = JSON.parse(text) as { records?: unknown[]; vehicles?: unknown[] };
        if (m.type === 'records' && m.records.length !== raw.records?.length) this.refused.push('records left out of a batch');
        if (m.type === 'hello' && m.vehicles.length !== raw.vehicles?.length) this.refused.push('vehicles left out of the hello');
        this.messages.push(m);
      } catch (err) {
        this.refused.push((err as Error).message);
      }
    });
  }
  opened(): Promise<void> {
    return new Promise((resolve, reject) => this.ws.once('open', () => resolve()).once('error', reject));
  }
  records(): TelemetryRecord[] {
    return this.messages.flatMap((m) => (m.type === 'records' ? m.records : []));
  }
}

describe('telemetry bridge: what it writes parses with core/messages', function () {
  this.timeout(60000);
  let pki: Pki;
  before(() => {
    pki = makePki();
  });

  it("the ready line, the hello, records of every topic and stats; the extension's FeedClient reads them all", async () => {
    const bridge = await startTestBridge(pki);
    const car = vehicleFor(bridge, pki, pki.vehicle(VIN), { networkInterface: 'wifi', clientVersion: '1.2.0' });
    let feed: RawFeed | undefined;
    let client: FeedClient | undefined;
    try {
      const line = JSON.parse(readyLine(bridge)) as BridgeReadyLine;
      assert.deepEqual(Object.keys(line).sort(), ['event', 'feed', 'host', 'metrics_url', 'pid', 'port', 'reliable_ack', 'spool_dir', 'status_url', 'workers']);
      assert.deepEqual(parseBridgeReady(readyLine(bridge)).feed, { url: bridge.feed?.url, token: bridge.feed?.token });

      await car.waitConnected();
      feed = new RawFeed(bridge);
      await feed.opened();
      client = new FeedClient(bridge.feed?.url ?? '', bridge.feed?.token ?? '');
      const seen = { hello: [] as FeedHelloVehicle[][], records: [] as TelemetryRecord[], stats: [] as FeedStats[], errors: [] as Error[] };
      client.on('hello', (v: FeedHelloVehicle[]) => seen.hello.push(v));
      client.on('records', (r: TelemetryRecord[]) => seen.records.push(...r));
      client.on('stats', (s: FeedStats) => seen.stats.push(s));
      client.on('feedError', (e: Error) => seen.errors.push(e));
      await waitFor(() => seen.hello.length > 0, "the FeedClient's hello");

      const total = 200;
      for (let i = 0; i < total; i++) {
        car.sendVehicleData({
          data: [
            { key: 'Soc', value: { intValue: i } },
            { key: 'Gear', value: { shiftStateValue: 'ShiftStateD' } },
          ],
        });
      }
      car.sendAlerts({ alerts: [{ name: 'BMS_a066', audiences: ['Service'], startedAt: Date.now() }] });
      car.sendErrors({ errors: [{ name: 'unsupported_field', tags: { field_name: 'Foo' } }] });
      await car.waitIdle();
      await car.close();
      const disconnected = (records: TelemetryRecord[]): boolean => records.some((r) => r.txtype === 'connectivity' && r.record.status === 'DISCONNECTED');
      await waitFor(() => disconnected(feed!.records()) && disconnected(seen.records), 'the DISCONNECTED record on both subscribers');
      await waitFor(() => feed!.messages.some((m) => m.type === 'stats') && seen.stats.length > 0, 'a stats message', 5000);

      assert.deepEqual(feed.refused, [], 'core read every message the bridge sent');
      const hello = feed.messages[0];
      assert.equal(hello.type, 'hello');
      assert.deepEqual(hello.type === 'hello' && [hello.protocol, hello.queue_limit], [1, 10_000]);
      assert.deepEqual(hello.type === 'hello' && hello.vehicles.map((v) => [v.vin, v.networkInterface, v.clientVersion]), [[VIN, 'wifi', '1.2.0']]);
      const topics = (records: TelemetryRecord[]): Record<string, number> => {
        const n: Record<string, number> = {};
        for (const r of records) n[r.txtype] = (n[r.txtype] ?? 0) + 1;
        return n;
      };
      assert.deepEqual(topics(feed.records()), { V: total, alerts: 1, errors: 1, connectivity: 1 });

      assert.deepEqual(seen.errors, [], 'the FeedClient refused none of the messages');
      assert.deepEqual(
        seen.hello[0].map((v) => v.vin),
        [VIN],
      );
      assert.deepEqual(topics(seen.records), { V: total, alerts: 1, errors: 1, connectivity: 1 });
      assert.ok(seen.stats.every((s) => s.records_total >= 0 && typeof s.ingest_paused === 'boolean'));
    } finally {
      client?.close();
      feed?.ws.terminate();
      await car.close();
      await bridge.close();
    }
  });

  it('a subscriber that fell behind gets dropped notices that parse', async () => {
    const bridge = await startTestBridge(pki, { feed: { port: 0, queueLimit: 20 } });
    const car = vehicleFor(bridge, pki, pki.vehicle(VIN));
    const slow = new RawFeed(bridge);
    try {
      await slow.opened();
      await waitFor(() => slow.messages.length > 0, 'the hello');
      (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
      await car.waitConnected();
      // Big records, so the paused subscriber's socket fills and the bridge drops from its queue.
      const big = 'x'.repeat(20_000);
      for (let i = 0; i < 1000; i++) car.sendVehicleData({ data: [{ key: 'VehicleName', value: { stringValue: big } }] });
      await car.waitIdle();
      (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
      await waitFor(() => slow.messages.some((m) => m.type === 'dropped'), 'a dropped notice');
      assert.deepEqual(slow.refused, [], 'core read every message the bridge sent');
      const dropped = slow.messages.flatMap((m) => (m.type === 'dropped' ? [m] : []));
      assert.ok(dropped[0].count > 0);
      assert.ok(
        dropped.every((d, i) => d.total === dropped.slice(0, i + 1).reduce((n, x) => n + x.count, 0)),
        'total counts every dropped record',
      );
    } finally {
      slow.ws.terminate();
      await car.close();
      await bridge.close();
    }
  });
});
