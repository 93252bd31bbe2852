import { strict as assert } from 'node:assert';
import {
  BRIDGE,
  canDetach,
  canStop,
  detachNotice,
  isLinked,
  linkAt,
  linkSummary,
  linkWord,
  readyNotice,
  SIMULATOR,
  simulatorAccountUnavailable,
  stopRefusal,
  type Link,
} from '../../../../client/process/link-state';

const AT = 'https://127.0.0.1:8440';
const started: Link = { kind: 'started', at: AT, pid: 4242 };
const attached: Link = { kind: 'attached', at: AT, source: '/tmp/simulator-ready.json' };

describe('link state: started by Fleetkit vs attached', () => {
  it('only a process Fleetkit started can be stopped; only an attached one can be detached from', () => {
    assert.deepEqual([canStop(started), canDetach(started)], [true, false]);
    assert.deepEqual([canStop(attached), canDetach(attached)], [false, true]);
    for (const l of [{ kind: 'stopped' }, { kind: 'starting' }, { kind: 'detached', at: AT }, { kind: 'failed', message: 'x' }] as Link[]) {
      assert.deepEqual([canStop(l), canDetach(l), isLinked(l)], [false, false, false], l.kind);
    }
    // A silent simulator keeps what applies to it: Fleetkit's own process can still be stopped (killed) …
    assert.deepEqual(
      [
        canStop({ kind: 'unreachable', at: AT, why: 'connection refused', started: true }),
        canDetach({ kind: 'unreachable', at: AT, why: 'connection refused', started: true }),
      ],
      [true, false],
    );
    // … and an attached one can only be let go.
    assert.deepEqual(
      [
        canStop({ kind: 'unreachable', at: AT, why: 'connection refused', started: false }),
        canDetach({ kind: 'unreachable', at: AT, why: 'connection refused', started: false }),
      ],
      [false, true],
    );
    assert.equal(isLinked(started) && isLinked(attached), true);
  });

  it('names the state in the words the status bar and the trees show', () => {
    assert.equal(linkWord(started), 'started by Fleetkit');
    assert.equal(linkWord(attached), 'attached');
    assert.equal(linkWord({ kind: 'detached', at: AT }), 'detached');
    assert.equal(linkWord({ kind: 'unreachable', at: AT, why: 'connection refused', started: false }), 'not answering');
    assert.equal(linkWord({ kind: 'stopped' }), 'not running');
    assert.equal(linkAt(attached), AT);
    assert.equal(linkAt({ kind: 'stopped' }), undefined);
  });

  it('says who started it and what Stop or Detach will do', () => {
    assert.equal(linkSummary(SIMULATOR, started), `Fleetkit started the local simulator (pid 4242) at ${AT}; stopping it ends the process.`);
    assert.equal(
      linkSummary(SIMULATOR, attached),
      `Fleetkit is attached to the local simulator at ${AT}, started outside Fleetkit (npm start or fleetkit sim); detaching leaves it running.`,
    );
    assert.equal(
      linkSummary(BRIDGE, { kind: 'detached', at: '127.0.0.1:4443' }),
      'Fleetkit is detached from the telemetry bridge at 127.0.0.1:4443; it was started outside Fleetkit and may still run. Start it from Fleetkit to attach again.',
    );
    assert.equal(
      linkSummary(SIMULATOR, { kind: 'unreachable', at: AT, why: 'connection refused', started: false }),
      `The local simulator at ${AT} does not answer (connection refused).`,
    );
    assert.equal(linkSummary(BRIDGE, { kind: 'stopped' }), 'The telemetry bridge is not running.');
    assert.equal(
      linkSummary(BRIDGE, { kind: 'stopped', note: 'the one Fleetkit started exited with code 1' }),
      'The telemetry bridge is not running (the one Fleetkit started exited with code 1).',
    );
  });

  it('Stop on a process started elsewhere says so plainly and points at Detach (neither service has a remote stop)', () => {
    const text = stopRefusal(BRIDGE, '127.0.0.1:4443');
    assert.match(text, /^The telemetry bridge at 127\.0\.0\.1:4443 was started outside Fleetkit \(npm start or fleetkit bridge\) and has no remote stop/);
    assert.match(text, /stop it where it runs/);
    assert.match(text, /detach from it instead; it keeps running\.$/);
    assert.equal(detachNotice(SIMULATOR, AT), `Fleetkit detached from the local simulator at ${AT}; it keeps running.`);
  });

  it('the Start notification tells attached from started, and why a named simulator was passed over', () => {
    assert.equal(
      readyNotice(SIMULATOR, attached),
      `Fleetkit is attached to the local simulator at ${AT} (started outside Fleetkit: npm start or fleetkit sim).`,
    );
    assert.equal(
      readyNotice(SIMULATOR, { kind: 'started', at: 'https://127.0.0.1:9000' }, { at: AT, why: 'connection refused' }),
      `Fleetkit started the local simulator at https://127.0.0.1:9000. The one at ${AT} did not answer (connection refused).`,
    );
  });

  it('a simulator account without a simulator says why: never started, detached, or not answering', () => {
    assert.equal(
      simulatorAccountUnavailable({ kind: 'stopped' }),
      'The local simulator this account belongs to is not running: start it (Fleetkit: Start Local Simulator).',
    );
    assert.match(
      simulatorAccountUnavailable({ kind: 'detached', at: AT }),
      /^Fleetkit is detached from the local simulator this account belongs to .*it may still run\): attach again with Fleetkit: Start Local Simulator\.$/,
    );
    assert.equal(
      simulatorAccountUnavailable({ kind: 'unreachable', at: AT, why: 'connection refused', started: false }),
      `The local simulator this account belongs to does not answer at ${AT} (connection refused): start it (Fleetkit: Start Local Simulator).`,
    );
  });
});
