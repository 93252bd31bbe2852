import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonlSpool, SPOOL_FILE_PATTERN } from '../../../telemetry-bridge/outputs/spool';

function spooled(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => SPOOL_FILE_PATTERN.test(f))
    .sort()
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').slice(0, -1));
}

describe('JSONL spool batches', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'fleetkit-spool-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('without fsync nothing waits for the disk, and close writes every line gathered, in order, across rotations', async () => {
    const spool = new JsonlSpool({ dir, maxBytes: 100 });
    await spool.open();
    const lines = Array.from({ length: 40 }, (_, i) => `{"n":${i}}`);
    for (const l of lines.slice(0, 20)) assert.equal(spool.append(Buffer.from(l)), undefined);
    await new Promise((r) => setImmediate(r));
    for (const l of lines.slice(20)) spool.append(Buffer.from(l));
    await spool.close();
    assert.deepEqual(spooled(dir), lines);
    assert.equal(spool.backlog, 0);
    assert.ok(readdirSync(dir).length > 1, 'rotated');
  });

  it('with fsync a line’s promise resolves once the line is in the file', async () => {
    const spool = new JsonlSpool({ dir, fsync: true });
    await spool.open();
    const first = spool.append(Buffer.from('{"a":1}'));
    const second = spool.append(Buffer.from('{"b":2}'));
    assert.ok(first && second);
    await first;
    assert.deepEqual(spooled(dir), ['{"a":1}', '{"b":2}']);
    await second;
    spool.append(Buffer.from('{"c":3}'));
    await spool.close();
    assert.deepEqual(spooled(dir), ['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it('flush writes what is gathered without waiting for the batch to start', async () => {
    const spool = new JsonlSpool({ dir });
    await spool.open();
    spool.append(Buffer.from('{"x":1}'));
    assert.deepEqual(spooled(dir), []);
    await spool.flush();
    assert.deepEqual(spooled(dir), ['{"x":1}']);
    await spool.close();
  });
});
