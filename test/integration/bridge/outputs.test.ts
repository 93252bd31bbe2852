import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { SPOOL_FILE_PATTERN } from '../../../telemetry-bridge';
import { textSink } from '../../support/cli';
import { FeedClient, makePki, startTestBridge, tempDir, vehicleFor, waitFor, type Pki } from './helpers';

function spoolLines(dir: string): Array<{ txid: string; txtype: string; vin: string; seq: number }> {
  const files = readdirSync(dir)
    .filter((f) => SPOOL_FILE_PATTERN.test(f))
    .sort();
  return files.flatMap((f) =>
    readFileSync(join(dir, f), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { txid: string; txtype: string; vin: string; seq: number }),
  );
}

describe('telemetry bridge: outputs (live feed, spool, stdout)', function () {
  this.timeout(120000);
  let pki: Pki;
  before(() => {
    pki = makePki();
  });

  it('the feed refuses subscribers without the right token', async () => {
    const bridge = await startTestBridge(pki);
    try {
      for (const token of [undefined, 'wrong', `${bridge.feed?.token}x`]) {
        const ws = new WebSocket(token === undefined ? (bridge.feed?.url ?? '') : `${bridge.feed?.url}?token=${token}`);
        const status = await new Promise<number>((resolve) => {
          ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
          ws.on('open', () => resolve(101));
          ws.on('error', () => undefined);
        });
        ws.terminate();
        assert.equal(status, 401);
      }
      const ok = new WebSocket(bridge.feed?.url ?? '', { headers: { authorization: `Bearer ${bridge.feed?.token}` } });
      const hello = await new Promise<{ type: string; protocol: number }>((resolve) => ok.once('message', (d) => resolve(JSON.parse(String(d)))));
      assert.equal(hello.type, 'hello');
      assert.equal(hello.protocol, 1);
      ok.terminate();
    } finally {
      await bridge.close();
    }
  });

  it('a slow subscriber loses its oldest items and is told so; a fast one gets everything; ingest is not slowed', async () => {
    const bridge = await startTestBridge(pki, { feed: { port: 0, queueLimit: 200 } });
    const fast = new FeedClient(bridge.feed?.url ?? '', bridge.feed?.token);
    const slow = new FeedClient(bridge.feed?.url ?? '', bridge.feed?.token);
    await Promise.all([fast.opened(), slow.opened()]);
    await slow.until(() => slow.messages.length > 0, 'hello');
    // Stop reading: the slow subscriber's socket fills up and the bridge must queue, then drop.
    (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    const v = vehicleFor(bridge, pki, pki.vehicle('5YJ3FEED000000001'));
    try {
      await v.waitConnected();
      const big = 'x'.repeat(10_000);
      const total = 3000;
      for (let i = 0; i < total; i++) {
        v.sendVehicleData({
          data: [
            { key: 'VehicleName', value: { stringValue: big } },
            { key: 'Soc', value: { intValue: i } },
          ],
        });
      }
      await v.waitIdle(); // every message acked while the slow subscriber is stalled
      await fast.until(() => fast.records().filter((r) => r.txtype === 'V').length === total, 'all records on the fast subscriber', 60000);
      (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
      await slow.until(() => slow.messages.some((m) => m.type === 'dropped'), 'a dropped notice', 60000);
      const dropped = slow.messages.filter((m) => m.type === 'dropped').reduce((n, m) => n + (m.count ?? 0), 0);
      await slow.until(() => slow.records().filter((r) => r.txtype === 'V').length + dropped >= total, 'the rest', 60000);
      const got = slow.records().filter((r) => r.txtype === 'V');
      assert.ok(dropped > 0);
      assert.equal(got.length + dropped, total, 'every record was either delivered or reported as dropped');
      const last = got[got.length - 1].record as { data: Array<{ value: { intValue?: number } }> };
      assert.equal(last.data[1].value.intValue, total - 1, 'the newest records were kept');
      assert.ok(bridge.stats().feed_dropped_total >= dropped);
    } finally {
      fast.close();
      slow.close();
      await v.close();
      await bridge.close();
    }
  });

  it('the spool rotates by size and keeps every record in order; stdout gets the same lines', async () => {
    const dir = tempDir('spool');
    const out = textSink();
    const bridge = await startTestBridge(pki, { feed: undefined, spool: { dir, maxBytes: 8 * 1024 }, reliableAck: true, stdout: out.stream });
    const v = vehicleFor(bridge, pki, pki.vehicle('5YJ3SPOOL00000001'));
    const txids: string[] = [];
    try {
      await v.waitConnected();
      for (let i = 0; i < 300; i++) txids.push(v.sendVehicleData({ data: [{ key: 'Odometer', value: { doubleValue: i } }] }));
      await v.waitIdle();
    } finally {
      await v.close();
      await bridge.close();
    }
    const files = readdirSync(dir).filter((f) => SPOOL_FILE_PATTERN.test(f));
    assert.ok(files.length > 3, `expected rotation, got ${files.length} file(s)`);
    for (const f of files) assert.ok(readFileSync(join(dir, f)).length <= 8 * 1024 + 4096, `${f} far over max_bytes`);
    const lines = spoolLines(dir);
    assert.deepEqual(
      lines.filter((l) => l.txtype === 'V').map((l) => l.txid),
      txids,
    );
    assert.deepEqual(lines.map((l) => l.txtype).filter((t) => t === 'connectivity').length, 2);
    const seqs = lines.map((l) => l.seq);
    assert.deepEqual(
      seqs,
      [...seqs].sort((a, b) => a - b),
    );
    assert.equal(out.text().split('\n').filter(Boolean).length, lines.length);
  });

  it('the spool keeps at most max_files files, deleting the oldest', async () => {
    const dir = tempDir('prune');
    const bridge = await startTestBridge(pki, { feed: undefined, spool: { dir, maxBytes: 2048, maxFiles: 2 } });
    const v = vehicleFor(bridge, pki, pki.vehicle('5YJ3PRUNE00000001'));
    const txids: string[] = [];
    try {
      await v.waitConnected();
      for (let i = 0; i < 100; i++) txids.push(v.sendVehicleData({ data: [{ key: 'Odometer', value: { doubleValue: i } }] }));
      await v.waitIdle();
    } finally {
      await v.close();
      await bridge.close();
    }
    assert.equal(readdirSync(dir).filter((f) => SPOOL_FILE_PATTERN.test(f)).length, 2);
    const kept = spoolLines(dir)
      .filter((l) => l.txtype === 'V')
      .map((l) => l.txid);
    assert.ok(kept.length > 0 && kept.length < txids.length);
    assert.deepEqual(kept, txids.slice(txids.length - kept.length), 'the newest records are the ones kept');
  });

  it('graceful close delivers DISCONNECTED records for connected vehicles and flushes the spool', async () => {
    const dir = tempDir('close');
    const bridge = await startTestBridge(pki, { feed: undefined, spool: { dir } });
    const v = vehicleFor(bridge, pki, pki.vehicle('5YJ3CLOSE00000001'));
    await v.waitConnected();
    v.sendVehicleData({ data: [] });
    await v.waitIdle();
    await bridge.close();
    await waitFor(() => !v.connected, 'the vehicle to see the close');
    await v.close();
    const types = spoolLines(dir).map((l) => `${l.txtype}:${l.vin}`);
    assert.deepEqual(types, ['connectivity:5YJ3CLOSE00000001', 'V:5YJ3CLOSE00000001', 'connectivity:5YJ3CLOSE00000001']);
  });
});
