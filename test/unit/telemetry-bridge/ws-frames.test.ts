import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import ws from 'ws';
import { binaryFrames } from '../../../telemetry-bridge/server/ws-frames';

// ws exports its frame parser at runtime; @types/ws does not declare it.
interface FrameReceiver extends EventEmitter {
  write(chunk: Buffer, cb: (err?: Error | null) => void): void;
}
const Receiver = (ws as unknown as { Receiver: new (options: { isServer: boolean; maxPayload: number }) => FrameReceiver }).Receiver;

/** Parses server → client frames with ws's own receiver, as a vehicle's WebSocket client would. */
function parse(bytes: Buffer): Promise<Array<{ data: Buffer; binary: boolean }>> {
  return new Promise((resolve, reject) => {
    const got: Array<{ data: Buffer; binary: boolean }> = [];
    const receiver = new Receiver({ isServer: false, maxPayload: 1 << 24 });
    receiver.on('message', (data: Buffer, binary: boolean) => got.push({ data: Buffer.from(data), binary }));
    receiver.on('error', reject);
    receiver.write(bytes, (err?: Error | null) => (err ? reject(err) : resolve(got)));
  });
}

describe('telemetry bridge ws frames', () => {
  it('writes binary frames that a WebSocket client reads back, at every length encoding', async () => {
    const payloads = [0, 1, 125, 126, 127, 65535, 65536, 70000].map((n) => randomBytes(n));
    const got = await parse(binaryFrames(payloads));
    assert.equal(got.length, payloads.length);
    got.forEach((m, i) => {
      assert.equal(m.binary, true);
      assert.ok(m.data.equals(payloads[i]), `payload ${i} (${payloads[i].length} bytes)`);
    });
  });

  it('uses the shortest length form and never masks', () => {
    const small = binaryFrames([Buffer.from('ack')]);
    assert.deepEqual([...small.subarray(0, 2)], [0x82, 3]);
    const mid = binaryFrames([Buffer.alloc(300)]);
    assert.deepEqual([...mid.subarray(0, 4)], [0x82, 126, 0x01, 0x2c]);
    const big = binaryFrames([Buffer.alloc(65536)]);
    assert.deepEqual([...big.subarray(0, 10)], [0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0]);
  });
});
