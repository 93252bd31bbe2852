/** The dispatchers' lifecycle inside the bridge: connected before vehicles are accepted, closed on every way out. */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { emptyStats, type DispatchConfig, type Dispatcher, type DispatcherName } from '../../../telemetry-bridge/dispatchers/types';
import { makePki, startTestBridge, type Pki } from './helpers';

class RecordingDispatcher implements Dispatcher {
  readonly stats = emptyStats();
  readonly events: string[] = [];
  constructor(readonly name: DispatcherName) {}
  start(): Promise<void> {
    this.events.push('start');
    return Promise.resolve();
  }
  publish(): Promise<void> {
    this.events.push('publish');
    return Promise.resolve();
  }
  close(): Promise<void> {
    this.events.push('close');
    return Promise.resolve();
  }
}

const dispatch: DispatchConfig = { namespace: 'ns', format: 'json', records: { connectivity: ['redis'] }, reliableAckSources: {}, logger: { verbose: false } };

describe('telemetry bridge: dispatcher lifecycle', function () {
  this.timeout(60000);
  let pki: Pki;
  before(() => {
    pki = makePki();
  });

  it('closes the dispatchers when the vehicle port cannot be bound, and on close()', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', () => resolve()));
    const port = (taken.address() as { port: number }).port;
    try {
      let d: RecordingDispatcher | undefined;
      await assert.rejects(startTestBridge(pki, { port, feed: undefined, dispatch, makeDispatcher: (n) => (d = new RecordingDispatcher(n)) }), /EADDRINUSE/);
      assert.deepEqual(d?.events, ['start', 'close']);
    } finally {
      taken.close();
    }
    let d: RecordingDispatcher | undefined;
    const bridge = await startTestBridge(pki, { feed: undefined, dispatch, makeDispatcher: (n) => (d = new RecordingDispatcher(n)) });
    await bridge.close();
    assert.deepEqual(d?.events, ['start', 'close']);
  });
});
