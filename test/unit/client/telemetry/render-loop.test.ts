import assert from 'node:assert/strict';
import { RenderLoop, type RenderHost } from '../../../../client/telemetry/ui/render-loop';

/** A page stand-in: frames run when the test says, the clock advances by what each render costs. */
class FakePage implements RenderHost {
  frames: Array<() => void> = [];
  clock = 0;
  log: string[] = [];
  shown = new Set<string>();
  costMs = 1;
  requestFrame(cb: () => void): void {
    this.frames.push(cb);
  }
  now(): number {
    return this.clock;
  }
  renderAll(): void {
    this.log.push('all');
  }
  renderVehicle(vin: string): boolean {
    this.clock += this.costMs;
    if (!this.shown.has(vin)) return false;
    this.log.push(vin);
    return true;
  }
  runFrame(): void {
    const f = this.frames.shift();
    assert.ok(f, 'a frame was requested');
    f();
  }
}

describe('telemetry panel render loop', () => {
  it('coalesces any number of updates into one frame, and renders each dirty vehicle once', () => {
    const page = new FakePage();
    const loop = new RenderLoop(page);
    loop.layoutChanged();
    page.runFrame(); // the first frame is a full render
    assert.deepEqual(page.log, ['all']);
    page.log = [];
    page.shown = new Set(['A', 'B']);
    for (let i = 0; i < 500; i++) loop.vehicleChanged(i % 2 ? 'A' : 'B');
    assert.equal(page.frames.length, 1, '500 updates ask for a single frame');
    page.runFrame();
    assert.deepEqual(page.log.sort(), ['A', 'B']);
    assert.equal(page.frames.length, 0, 'nothing left: no frame requested');
  });

  it('spreads a large refresh over frames by its time budget instead of freezing one frame', () => {
    const page = new FakePage();
    const loop = new RenderLoop(page, 8);
    loop.layoutChanged();
    page.runFrame();
    page.log = [];
    const vins = Array.from({ length: 50 }, (_, i) => `V${i}`);
    page.shown = new Set(vins);
    page.costMs = 3;
    for (const v of vins) loop.vehicleChanged(v);
    let frames = 0;
    while (page.frames.length) {
      const before = page.clock;
      page.runFrame();
      frames++;
      assert.ok(page.clock - before <= 8 + page.costMs, 'a frame stays within its budget (plus the render that crossed it)');
    }
    assert.equal(frames, Math.ceil(50 / 3));
    assert.deepEqual(page.log.sort(), [...vins].sort());
  });

  it('falls back to one full render when a vehicle cannot be updated in place, and pauses', () => {
    const page = new FakePage();
    const loop = new RenderLoop(page);
    loop.layoutChanged();
    page.runFrame();
    page.log = [];
    loop.vehicleChanged('NEW'); // not on the page yet
    page.runFrame();
    page.runFrame();
    assert.deepEqual(page.log, ['all']);
    loop.setPaused(true);
    loop.vehicleChanged('NEW');
    loop.layoutChanged();
    assert.equal(page.frames.length, 0, 'nothing renders while paused');
    loop.setPaused(false);
    page.runFrame();
    assert.deepEqual(page.log, ['all', 'all']);
  });
});
