import assert from 'node:assert/strict';
import type { RunningBridge } from '../../../telemetry-bridge';
import { freePort } from '../../support/net';
import { makePki, startTestBridge, vehicleFor, FeedClient, type Pki } from './helpers';

describe('vehicle streamer (core/telemetry-wire) against the bridge', function () {
  this.timeout(60000);
  let pki: Pki;
  before(() => {
    pki = makePki();
  });

  it('buffers while the server is down (oldest dropped beyond maxPending), then delivers on connect without marking never-sent messages as resends', async () => {
    const port = await freePort();
    const v = vehicleFor({ port }, pki, pki.vehicle('5YJ3BUFFER0000001'), { maxPending: 5, reconnect: { initialMs: 50, maxMs: 200 } });
    let bridge: RunningBridge | undefined;
    let feed: FeedClient | undefined;
    try {
      const txids = Array.from({ length: 8 }, (_, i) => v.sendVehicleData({ data: [{ key: 'Soc', value: { intValue: i } }] }));
      assert.equal(v.pendingCount, 5);
      assert.equal(v.droppedCount, 3);
      bridge = await startTestBridge(pki, { port });
      feed = new FeedClient(bridge.feed?.url ?? '', bridge.feed?.token);
      await feed.opened();
      await v.waitConnected();
      await v.waitIdle();
      await feed.until(() => feed!.records().filter((r) => r.txtype === 'V').length === 5, '5 records');
      const got = feed.records().filter((r) => r.txtype === 'V');
      assert.deepEqual(
        got.map((r) => r.txid),
        txids.slice(3),
      );
      assert.ok(got.every((r) => r.record.isResend === false));
    } finally {
      feed?.close();
      await v.close();
      await bridge?.close();
    }
  });

  it('reports refusals: an error reply for a payload the server cannot decode', async () => {
    const bridge = await startTestBridge(pki, { feed: undefined });
    const v = vehicleFor(bridge, pki, pki.vehicle('5YJ3REJECT0000001'));
    try {
      await v.waitConnected();
      const rejected = new Promise<{ txid: string; reason: string }>((resolve) => v.on('rejected', resolve));
      const txid = v.sendPayload('V', Buffer.from([0x0a, 0x05, 0xff]));
      assert.deepEqual(await rejected, { txid, reason: 'incorrect message format' });
      assert.equal(v.pendingCount, 0);
    } finally {
      await v.close();
      await bridge.close();
    }
  });
});
