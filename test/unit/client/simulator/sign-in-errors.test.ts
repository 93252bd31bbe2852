import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { request } from 'undici';
import { describeError } from '../../../../core/errors/describe-error';
import { TransportError } from '../../../../core/fleet-api/errors';
import { asTransportError } from '../../../../client/simulator/unavailable';

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('sign-in errors: a refused simulator reads "not running" with Start Simulator', () => {
  it("undici's own ECONNREFUSED (as the token exchange throws it) becomes the TransportError describeError knows", async () => {
    const port = await closedPort();
    const raw = await request(`http://127.0.0.1:${port}/oauth2/v3/token`, { method: 'POST' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(raw instanceof Error && !(raw instanceof TransportError));
    assert.deepEqual(describeError(raw, { simulator: true }).actions, ['showLog'], 'unwrapped, nothing offers to start the simulator');
    const wrapped = asTransportError(raw);
    assert.ok(wrapped instanceof TransportError);
    assert.equal(wrapped.notSent, true);
    assert.deepEqual(describeError(wrapped, { simulator: true }), {
      message: 'The local simulator is not running: start it, then try again.',
      actions: ['startSimulator', 'showLog'],
    });
  });

  it('leaves every other error as it is', () => {
    const plain = new Error('Tesla rejected the client id / secret.');
    assert.equal(asTransportError(plain), plain);
    const cancelled = Object.assign(new Error('Canceled'), { name: 'Canceled' });
    assert.equal(asTransportError(cancelled), cancelled);
    assert.equal(asTransportError('text'), 'text');
  });
});
