import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import WebSocket from 'ws';
import {
  decodeEnvelope,
  encodeAck,
  encodeStreamEnvelope,
  encodeVehicleData,
  INCORRECT_MESSAGE_FORMAT,
  type VehicleStreamer,
} from '../../../core/telemetry-wire';
import type { RunningBridge } from '../../../telemetry-bridge';
import { FeedClient, makePki, startTestBridge, vehicleFor, waitFor, type Pki } from './helpers';

/** A raw mTLS WebSocket to the bridge, collecting every frame it receives. */
async function rawVehicle(bridge: RunningBridge, pki: Pki, vin: string): Promise<{ ws: WebSocket; frames: Buffer[]; closed: Promise<number> }> {
  const cert = pki.vehicle(vin);
  const ws = new WebSocket(`wss://localhost:${bridge.port}/any/path`, { cert: cert.certPem, key: cert.keyPem, ca: pki.serverCa.certPem, maxPayload: 4 << 20 });
  const frames: Buffer[] = [];
  ws.on('message', (d: Buffer) => frames.push(d));
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  ws.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, frames, closed };
}

function replies(frames: Buffer[]): Array<{ type: number; txid: string; payload: string }> {
  return frames.map((f) => {
    const e = decodeEnvelope(f);
    return { type: e.messageType, txid: Buffer.from(e.txid).toString(), payload: Buffer.from(e.stream?.payload ?? []).toString() };
  });
}

describe('telemetry bridge: malformed input, fuzzing and rate limits', function () {
  this.timeout(120000);
  let pki: Pki;
  let bridge: RunningBridge;
  let steady: VehicleStreamer;
  let steadySent = 0;
  let steadyTimer: NodeJS.Timeout;

  before(async () => {
    pki = makePki();
    bridge = await startTestBridge(pki, { feed: undefined });
    // A well-behaved vehicle streams throughout; every one of its messages must be acked.
    steady = vehicleFor(bridge, pki, pki.vehicle('5YJ3STEADY0000001'));
    await steady.waitConnected();
    steadyTimer = setInterval(() => {
      steady.sendVehicleData({ data: [{ key: 'Soc', value: { doubleValue: steadySent++ } }] });
    }, 5);
  });

  after(async () => {
    clearInterval(steadyTimer);
    await steady.waitIdle();
    const acked = steadySent - steady.pendingCount;
    await steady.close();
    await bridge.close();
    assert.equal(acked, steadySent, 'the well-behaved vehicle got every ack while others misbehaved');
    assert.ok(steadySent >= 20, `steady vehicle sent only ${steadySent}`);
  });

  it('answers a malformed frame with "incorrect message format" and keeps the connection', async () => {
    const v = await rawVehicle(bridge, pki, '5YJ3FUZZ000000001');
    v.ws.send(Buffer.from('definitely not a flatbuffer'));
    await waitFor(() => v.frames.length === 1, 'the error reply');
    assert.deepEqual(replies(v.frames)[0], { type: 4, txid: '', payload: INCORRECT_MESSAGE_FORMAT });
    // Wrong payload for the topic: the txid is readable, so it is echoed.
    v.ws.send(encodeStreamEnvelope({ txid: 'tx-bad-payload', topic: 'alerts', payload: Buffer.from([0x0a, 0xff, 0xff]) }));
    // Wrong union type: an ack envelope sent by a vehicle.
    v.ws.send(encodeAck('tx-ack-from-car', 'V'));
    // Unknown topic.
    v.ws.send(encodeStreamEnvelope({ txid: 'tx-topic', topic: 'connectivity', payload: new Uint8Array() }));
    // And a good one still works on the same connection.
    v.ws.send(encodeStreamEnvelope({ txid: 'tx-good', topic: 'V', payload: encodeVehicleData({ data: [] }) }));
    await waitFor(() => v.frames.length === 5, 'all replies');
    assert.deepEqual(replies(v.frames).slice(1), [
      { type: 4, txid: 'tx-bad-payload', payload: INCORRECT_MESSAGE_FORMAT },
      { type: 4, txid: 'tx-ack-from-car', payload: INCORRECT_MESSAGE_FORMAT },
      { type: 4, txid: 'tx-topic', payload: INCORRECT_MESSAGE_FORMAT },
      { type: 5, txid: 'tx-good', payload: '' },
    ]);
    assert.equal(v.ws.readyState, WebSocket.OPEN);
    v.ws.terminate();
  });

  it('survives random and truncated frames; each gets exactly one reply and the socket stays open', async () => {
    const v = await rawVehicle(bridge, pki, '5YJ3FUZZ000000002');
    const good = Buffer.from(
      encodeStreamEnvelope({ txid: 'tx-trunc', topic: 'V', payload: encodeVehicleData({ data: [{ key: 'Odometer', value: { doubleValue: 1 } }] }) }),
    );
    const frames = fc.sample(
      fc.oneof(
        fc.uint8Array({ minLength: 1, maxLength: 400 }),
        fc.integer({ min: 1, max: good.length - 1 }).map((n) => good.subarray(0, n)),
        fc.tuple(fc.integer({ min: 0, max: good.length - 1 }), fc.integer({ min: 0, max: 255 })).map(([i, b]) => {
          const copy = Buffer.from(good);
          copy[i] = b;
          return copy;
        }),
      ),
      { numRuns: 400, seed: 42 },
    );
    for (const f of frames) v.ws.send(f);
    await waitFor(() => v.frames.length === frames.length, `${frames.length} replies`, 30000);
    for (const r of replies(v.frames)) assert.ok((r.type === 4 && r.payload === INCORRECT_MESSAGE_FORMAT) || r.type === 5);
    assert.equal(v.ws.readyState, WebSocket.OPEN);
    v.ws.terminate();
  });

  it('refuses oversized frames: over 1,000,000 bytes gets the error reply, far larger closes with 1009', async () => {
    const v = await rawVehicle(bridge, pki, '5YJ3BIGFRAME00001');
    v.ws.send(randomBytes(1_000_001));
    await waitFor(() => v.frames.length === 1, 'the error reply');
    assert.deepEqual(replies(v.frames)[0], { type: 4, txid: '', payload: INCORRECT_MESSAGE_FORMAT });
    assert.equal(v.ws.readyState, WebSocket.OPEN);
    v.ws.send(randomBytes(3_000_000));
    assert.equal(await v.closed, 1009);
    assert.ok(bridge.stats().oversized_total >= 1);
  });

  it('closes a connection that sends a text frame (binary frames only)', async () => {
    const v = await rawVehicle(bridge, pki, '5YJ3TEXTFRAME0001');
    v.ws.send('{"hello":"text"}');
    assert.equal(await v.closed, 1003);
    assert.ok(bridge.stats().text_frames_total >= 1);
  });

  it('rate-limits a flooding vehicle per connection without slowing another one', async () => {
    const limited = await startTestBridge(pki, { feed: { port: 0 }, rateLimit: { limit: 20, intervalMs: 3_600_000 } });
    const feed = new FeedClient(limited.feed?.url ?? '', limited.feed?.token);
    await feed.opened();
    const flood = vehicleFor(limited, pki, pki.vehicle('5YJ3FLOOD00000001'));
    const calm = vehicleFor(limited, pki, pki.vehicle('5YJ3CALM000000001'));
    try {
      await Promise.all([flood.waitConnected(), calm.waitConnected()]);
      let floodAcks = 0;
      flood.on('ack', () => floodAcks++);
      for (let i = 0; i < 200; i++) flood.sendVehicleData({ data: [{ key: 'Soc', value: { doubleValue: i } }] });
      for (let i = 0; i < 20; i++) calm.sendVehicleData({ data: [{ key: 'Soc', value: { doubleValue: i } }] });
      await calm.waitIdle();
      await waitFor(() => limited.stats().rate_limited_total === 180, 'the flood to be counted');
      assert.equal(calm.pendingCount, 0, 'the calm vehicle got all 20 acks');
      assert.equal(floodAcks, 20, 'only the first 20 flood messages were acked');
      assert.equal(flood.pendingCount, 180, 'the rest stay pending on the vehicle for a later resend');
      await feed.until(() => feed.records().filter((r) => r.txtype === 'V').length === 40, '40 V records');
    } finally {
      feed.close();
      await Promise.all([flood.close(), calm.close()]);
      await limited.close();
    }
  });
});
