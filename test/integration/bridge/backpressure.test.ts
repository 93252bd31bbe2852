import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { decodeEnvelope, encodeStreamEnvelope, encodeVehicleData, MESSAGE_TYPE_ACK } from '../../../core/telemetry-wire';
import type { RunningBridge } from '../../../telemetry-bridge';
import { makePki, startTestBridge, tempDir, vehicleFor, waitFor, type Pki } from './helpers';

/** A raw mTLS WebSocket whose reading the test controls (ws.pause / ws.resume), counting the acks it reads. */
async function rawVehicle(bridge: RunningBridge, pki: Pki, vin: string): Promise<{ ws: WebSocket; acks: string[] }> {
  const cert = pki.vehicle(vin);
  const ws = new WebSocket(`wss://localhost:${bridge.port}/`, { cert: cert.certPem, key: cert.keyPem, ca: pki.serverCa.certPem, maxPayload: 4 << 20 });
  const acks: string[] = [];
  ws.on('message', (d: Buffer) => {
    const e = decodeEnvelope(d);
    if (e.messageType === MESSAGE_TYPE_ACK) acks.push(Buffer.from(e.txid).toString());
  });
  ws.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, acks };
}

describe('telemetry bridge: backpressure', function () {
  this.timeout(120000);
  let pki: Pki;

  before(() => {
    pki = makePki();
  });

  it('stops reading a vehicle that does not read its acks, keeps serving others, and loses nothing once it reads again', async () => {
    const bridge = await startTestBridge(pki, { feed: undefined });
    const calm = vehicleFor(bridge, pki, pki.vehicle('5YJ3CALM000000002'));
    try {
      const v = await rawVehicle(bridge, pki, '5YJ3NOREAD0000001');
      await calm.waitConnected();
      v.ws.pause(); // the car stops reading: its acks pile up in the bridge
      // Acks echo the txid, so 100 kB txids make 100 kB acks: far more reply bytes than the kernel buffers hold.
      const n = 400;
      const payload = encodeVehicleData({ data: [{ key: 'Soc', value: { doubleValue: 50 } }] });
      const txids = Array.from({ length: n }, (_, i) => `${String(i).padStart(6, '0')}-${'x'.repeat(100_000)}`);
      for (const txid of txids) v.ws.send(encodeStreamEnvelope({ txid, topic: 'V', payload }));
      await waitFor(() => bridge.stats().reply_pauses_total >= 1, 'the bridge to stop reading the vehicle that does not read');
      // Let whatever was already read settle: the count must stop short of n.
      let readWhilePaused = -1;
      for (let now = 0; now !== readWhilePaused; now = bridge.stats().records_by_topic.V ?? 0) {
        readWhilePaused = now;
        await new Promise((r) => setTimeout(r, 500));
      }
      assert.ok(readWhilePaused < n, `the bridge stopped reading before all ${n} messages (it had read ${readWhilePaused})`);
      // Another vehicle is still served meanwhile.
      for (let i = 0; i < 20; i++) calm.sendVehicleData({ data: [{ key: 'Odometer', value: { doubleValue: i } }] });
      await calm.waitIdle();
      assert.equal(calm.pendingCount, 0);
      // The car reads again: every message is read and acked, in order.
      v.ws.resume();
      await waitFor(() => v.acks.length === n, `all ${n} acks`, 60000);
      assert.deepEqual(v.acks, txids);
      v.ws.terminate();
    } finally {
      await calm.close();
      await bridge.close();
    }
  });

  it('pauses every vehicle while the spool is behind, resumes when it catches up, and every acked record is on disk', async () => {
    const dir = tempDir('bridge-backpressure');
    // A 1-character limit: every record closes the gate until its batch is on disk, exercising pause/resume all the time.
    const bridge = await startTestBridge(pki, { feed: undefined, spool: { dir, fsync: true, backlogLimit: 1 }, reliableAck: true });
    const cars = ['5YJ3SPOOLBP000001', '5YJ3SPOOLBP000002', '5YJ3SPOOLBP000003'].map((vin) => vehicleFor(bridge, pki, pki.vehicle(vin), { vin }));
    const sent: string[] = [];
    try {
      await Promise.all(cars.map((c) => c.waitConnected()));
      for (let round = 0; round < 50; round++) {
        for (const c of cars) sent.push(c.sendVehicleData({ data: [{ key: 'Soc', value: { doubleValue: round } }] }));
      }
      await Promise.all(cars.map((c) => c.waitIdle()));
      const stats = bridge.stats();
      assert.ok(stats.ingest_pauses_total >= 1, 'the spool backlog paused ingest at least once');
      assert.equal(stats.ingest_paused, false, 'ingest resumed once the spool caught up');
      assert.equal(stats.acks_sent, sent.length);
    } finally {
      await Promise.all(cars.map((c) => c.close()));
      await bridge.close();
    }
    const lines = readdirSync(dir).flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean));
    const spooled = new Set(lines.map((l) => (JSON.parse(l) as { txid: string }).txid));
    for (const txid of sent) assert.ok(spooled.has(txid), `acked record ${txid} is in the spool`);
  });
});
