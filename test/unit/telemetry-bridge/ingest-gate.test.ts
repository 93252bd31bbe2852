import assert from 'node:assert/strict';
import { IngestGate, PauseState, type Pausable } from '../../../telemetry-bridge/server/ingest-gate';

class Socketish implements Pausable {
  calls: string[] = [];
  pause(): void {
    this.calls.push('pause');
  }
  resume(): void {
    this.calls.push('resume');
  }
}

describe('telemetry bridge ingest gate (backpressure)', () => {
  it('pauses every member above the high-water mark and resumes them only at or below the low one', () => {
    let backlog = 0;
    const gate = new IngestGate(() => backlog, 100, 40);
    const a = new Socketish();
    const b = new Socketish();
    gate.add(new PauseState(a));
    gate.add(new PauseState(b));
    backlog = 100;
    gate.check();
    assert.deepEqual(a.calls, [], 'at the mark, not above it');
    backlog = 101;
    gate.check();
    assert.equal(gate.isClosed, true);
    assert.deepEqual([a.calls, b.calls], [['pause'], ['pause']]);
    backlog = 60;
    gate.check();
    assert.deepEqual(a.calls, ['pause'], 'still above the low-water mark: stays paused');
    backlog = 40;
    gate.check();
    assert.equal(gate.isClosed, false);
    assert.deepEqual(
      [a.calls, b.calls],
      [
        ['pause', 'resume'],
        ['pause', 'resume'],
      ],
    );
    assert.equal(gate.closings, 1);
  });

  it('a member that joins while the gate is closed starts paused; a removed member is left alone', () => {
    let backlog = 500;
    const gate = new IngestGate(() => backlog, 100);
    gate.check();
    const late = new Socketish();
    gate.add(new PauseState(late));
    assert.deepEqual(late.calls, ['pause']);
    const gone = new Socketish();
    const goneState = new PauseState(gone);
    gate.add(goneState);
    gate.delete(goneState);
    backlog = 0;
    gate.check();
    assert.deepEqual(late.calls, ['pause', 'resume']);
    assert.deepEqual(gone.calls, ['pause']);
  });

  it('a connection paused for two reasons resumes only when both have cleared', () => {
    const s = new Socketish();
    const state = new PauseState(s);
    state.set('outputs', true);
    state.set('replies', true);
    state.set('outputs', false);
    assert.equal(state.paused, true);
    assert.deepEqual(s.calls, ['pause']);
    state.set('replies', false);
    assert.equal(state.paused, false);
    assert.deepEqual(s.calls, ['pause', 'resume']);
  });
});
