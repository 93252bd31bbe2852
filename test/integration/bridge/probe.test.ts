import { strict as assert } from 'node:assert';
import { probeBridge } from '../../../client/telemetry/bridge-probe';
import { parseBridgeReady } from '../../../core/messages/bridge-ready';
import { readyLine } from '../../../telemetry-bridge/command';
import { makePki, startTestBridge } from './helpers';

/** The telemetry service probes a bridge's ready line before it claims the bridge runs (and before Stop/Detach). */
describe('probeBridge against a real bridge', () => {
  it('answers while the bridge runs and reads "connection refused" once it is closed', async () => {
    const bridge = await startTestBridge(makePki());
    const ready = parseBridgeReady(readyLine(bridge));
    let closed = false;
    try {
      assert.deepEqual(await probeBridge(ready), { ok: true });
      // The probe never touches the mTLS vehicle port: a bare connection there counts as a failed vehicle handshake.
      assert.equal(bridge.stats().handshake_failures_total, 0);
      await bridge.close();
      closed = true;
      assert.deepEqual(await probeBridge(ready), { ok: false, at: `127.0.0.1:${ready.port}`, why: 'connection refused' });
    } finally {
      if (!closed) await bridge.close();
    }
  });
});
