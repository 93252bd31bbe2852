import assert from 'node:assert/strict';
import { flushRepliesSoon } from '../../../telemetry-bridge/server/reply-flush';

const tick = (): Promise<void> => new Promise((r) => process.nextTick(r));
const immediate = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('reply flush (server/reply-flush.ts)', () => {
  it("writes every connection's replies together at the end of the poll phase, not after each read", async () => {
    const flushed: number[] = [];
    for (let i = 0; i < 3; i++) flushRepliesSoon(() => flushed.push(i));
    await tick();
    assert.deepEqual(flushed, [], 'still reading sockets: nothing written yet');
    await immediate();
    assert.deepEqual(flushed, [0, 1, 2]);
  });

  it('a burst of 64 connections is written at once, without waiting for the poll phase to end', async () => {
    const flushed: number[] = [];
    for (let i = 0; i < 64; i++) flushRepliesSoon(() => flushed.push(i));
    await tick();
    assert.equal(flushed.length, 64);
    flushRepliesSoon(() => flushed.push(64));
    await immediate();
    assert.equal(flushed.length, 65, 'the next connection goes with the following batch');
  });
});
