import assert from 'node:assert/strict';
import { clockPosition, Playback, playbackTimeline } from '../../../../client/telemetry/model/playback';
import type { FeedRecord } from '../../../../client/telemetry/model/store';

const T0 = Date.parse('2026-12-07T10:00:00Z');
const rec = (i: number): FeedRecord => ({ txtype: 'V', vin: 'VIN1', received_at: T0 + i, record: { data: [{ key: 'Soc', value: { intValue: i } }] } });
const soc = (records: FeedRecord[]) => records.map((r) => (r.record!.data as Array<{ value: { intValue: number } }>)[0]!.value.intValue);

/** Records at T0 + 0, 1, 2 … 9 s. */
function tenSeconds(): Playback {
  return new Playback(playbackTimeline(Array.from({ length: 10 }, (_, i) => ({ record: rec(i), createdAt: T0 + i * 1000 }))));
}

describe('Live Telemetry: playing a recording', () => {
  it('keeps spool order on the timeline: a record behind the one before it plays with it', () => {
    const items = playbackTimeline([
      { record: rec(0), createdAt: T0 + 1000 },
      { record: rec(1), createdAt: T0 },
      { record: rec(2), createdAt: T0 + 3000 },
    ]);
    assert.deepEqual(
      items.map((i) => i.at - T0),
      [1000, 1000, 3000],
    );
  });

  it('shows the first records at once, then plays at the recorded pace', () => {
    const p = tenSeconds();
    const wall = 5_000_000;
    assert.deepEqual(soc(p.advance(wall)), [0], 'opened: the state at the start');
    p.play(wall);
    assert.deepEqual(soc(p.advance(wall + 2500)), [1, 2]);
    assert.equal(p.position(wall + 2500), T0 + 2500);
    assert.deepEqual(soc(p.advance(wall + 2600)), []);
  });

  it('pause holds the position; speed scales what follows', () => {
    const p = tenSeconds();
    const wall = 1_000;
    p.play(wall);
    p.advance(wall + 1000);
    p.pause(wall + 1000);
    assert.deepEqual(soc(p.advance(wall + 60_000)), [], 'nothing moves while paused');
    assert.equal(p.position(wall + 60_000), T0 + 1000);
    p.setSpeed(4, wall + 60_000);
    p.play(wall + 60_000);
    assert.deepEqual(soc(p.advance(wall + 61_000)), [2, 3, 4, 5], 'one wall second at ×4 is four recorded seconds');
    assert.throws(() => p.setSpeed(0, wall), /above 0/);
  });

  it('stops at the end, and plays from the start again', () => {
    const p = tenSeconds();
    p.play(0);
    assert.equal(p.advance(60_000).length, 10);
    assert.equal(p.playing, false);
    assert.equal(p.clock(60_000).position, T0 + 9000);
    assert.equal(p.play(61_000), true, 'back to the start');
    assert.deepEqual(soc(p.advance(61_000)), [0]);
  });

  it('seeks forward with the records in between, back by starting over', () => {
    const p = tenSeconds();
    p.advance(0);
    let s = p.seek(T0 + 4000, 0);
    assert.deepEqual([s.reset, soc(s.records)], [false, [1, 2, 3, 4]]);
    s = p.seek(T0 + 1500, 0);
    assert.deepEqual([s.reset, soc(s.records)], [true, [0, 1]]);
    s = p.seek(T0 - 99_000, 0);
    assert.deepEqual([s.reset, soc(s.records)], [true, [0]], 'clamped to the start');
    assert.deepEqual(p.clock(0), { position: T0, start: T0, end: T0 + 9000, speed: 1, playing: false, shown: 1, count: 10 });
  });

  it('the webview moves the clock on its own between host messages, never past the end', () => {
    const c = { position: T0, end: T0 + 9000, speed: 2, playing: true };
    assert.equal(clockPosition(c, 1000), T0 + 2000);
    assert.equal(clockPosition(c, 60_000), T0 + 9000);
    assert.equal(clockPosition({ ...c, playing: false }, 60_000), T0);
  });

  it('an empty recording has nothing to play', () => {
    const p = new Playback([]);
    p.play(0);
    assert.deepEqual(p.advance(10_000), []);
    assert.equal(p.playing, false);
  });
});
