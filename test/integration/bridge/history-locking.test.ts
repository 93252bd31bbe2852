import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { clearStaleLock, STALE_LOCK_MS } from '../../../telemetry-bridge/history/sqlite';
import { HistoryStore } from '../../../telemetry-bridge/history/store';
import { HistoryWriter } from '../../../telemetry-bridge/history/writer';
import { historyRequestPath } from '../../../core/messages/history';
import { makePki, startTestBridge, tempDir } from './helpers';

const VIN = '5YJ3E1EA8KF000001';
const T0 = Date.parse('2026-12-07T08:00:00.000Z');

/** The bridge's record line of one V record with a numeric Soc. */
const line = (i: number): Buffer =>
  Buffer.from(
    JSON.stringify({
      txtype: 'V',
      vin: VIN,
      record: { vin: VIN, createdAt: new Date(T0 + i * 1000).toISOString(), data: [{ key: 'Soc', value: { doubleValue: 80 - i / 100 } }] },
    }),
  );

/**
 * Another process in a transaction on the history file, as `fleetkit telemetry history` (a read) or a second writer:
 * node-sqlite3-wasm's lock is the `<file>.lock` directory, taken by readers too. It commits when told to, or after
 * `commitAfterMs`.
 */
async function holdLock(file: string, transaction: string, commitAfterMs?: number): Promise<{ child: ChildProcess; release: () => Promise<void> }> {
  const script = `
    const { Database } = require('node-sqlite3-wasm');
    const db = new Database(process.argv[1]);
    db.exec(process.argv[2]);
    process.stdout.write('held\\n');
    const commit = () => { db.exec('COMMIT'); db.close(); process.exit(0); };
    if (process.argv[3]) setTimeout(commit, Number(process.argv[3]));
    else process.stdin.once('data', commit);`;
  const args = ['-e', script, file, transaction, ...(commitAfterMs ? [String(commitAfterMs)] : [])];
  const child = spawn(process.execPath, args, { cwd: process.cwd(), stdio: ['pipe', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  assert.equal(chunk.toString(), 'held\n');
  return {
    child,
    release: async () => {
      if (!commitAfterMs) child.stdin!.write('go\n');
      const [code] = (await once(child, 'exit')) as [number];
      assert.equal(code, 0);
    },
  };
}

describe('history database: a reader in another process and the bridge take turns; a stale lock is cleared', function () {
  this.timeout(30_000);

  it('a batch that finds the file locked by a reader waits for the next flush and is written whole', async () => {
    const file = join(tempDir('history-lock'), 'history.db');
    const writer = new HistoryWriter(HistoryStore.open(file, { busyMs: 20 }), { flushMs: 60_000 });
    try {
      for (let i = 0; i < 60; i++) writer.tap(undefined, line(i));
      writer.flush();
      assert.equal(writer.stats.writes, 1);

      const reader = await holdLock(file, 'BEGIN; SELECT count(*) FROM minute_aggregates;');
      for (let i = 60; i < 180; i++) writer.tap(undefined, line(i));
      writer.flush();
      assert.deepEqual({ ...writer.stats }, { records: 180, writes: 1, errors: 0, busy: 1 }, 'the second batch is turned back, not lost');
      for (let i = 180; i < 240; i++) writer.tap(undefined, line(i));
      writer.flush();
      assert.equal(writer.stats.busy, 2);
      await reader.release();

      writer.flush();
      assert.deepEqual({ ...writer.stats }, { records: 240, writes: 2, errors: 0, busy: 2 });
      const buckets = writer.store.buckets({ vin: VIN, fields: ['Soc'] });
      assert.deepEqual(
        buckets.map((b) => [b.minute - T0, b.count]),
        [
          [0, 60],
          [60_000, 60],
          [120_000, 60],
          [180_000, 60],
        ],
        'four whole minutes: every record counted once',
      );
      assert.equal(buckets[3]!.last, 80 - 239 / 100);
    } finally {
      writer.close();
    }
  });

  it('a reader waits for the writer; one that finds a live lock for too long gets an error naming the fix', async () => {
    const file = join(tempDir('history-lock'), 'history.db');
    HistoryStore.open(file).close();
    const writer = await holdLock(
      file,
      `BEGIN IMMEDIATE; INSERT INTO alerts VALUES ('${VIN}', ${T0}, 'low-soc', 'Soc', 'warning', 'threshold', 'Soc fell below 20 %', '19', '${new Date(T0).toISOString()}');`,
      300,
    );
    const reader = HistoryStore.open(file, { readonly: true }); // waits (up to 10 s) for the writer's commit
    try {
      assert.deepEqual(
        reader.alerts({}).map((a) => a.rule),
        ['low-soc'],
        'read after the other process committed',
      );
    } finally {
      reader.close();
    }
    await writer.release();

    mkdirSync(`${file}.lock`); // a transaction of another process, in progress
    assert.throws(
      () => HistoryStore.open(file, { readonly: true, busyMs: 50 }),
      (err: Error) => err.message === `${file} stayed locked by another process (database is locked); try again, or stop the process writing it`,
    );
    assert.ok(existsSync(`${file}.lock`), 'a fresh lock is left to its owner');
  });

  it("the bridge's history over HTTP answers 503 (try again) while another process holds the file, and answers once it lets go", async () => {
    const file = join(tempDir('history-lock'), 'history.db');
    const bridge = await startTestBridge(makePki(), { history: { file, flushMs: 60_000 } });
    try {
      const get = (path: string) => fetch(`http://127.0.0.1:${bridge.feed!.port}${path}`, { headers: { authorization: `Bearer ${bridge.feed!.token}` } });
      const path = historyRequestPath({ query: 'fields' });
      const first = await get(path);
      assert.equal(first.status, 200, await first.text());
      const reader = await holdLock(file, 'BEGIN; SELECT count(*) FROM alerts;');
      const locked = await get(path);
      assert.equal(locked.status, 503);
      assert.deepEqual(await locked.json(), { type: 'error', message: `${file} is locked by another process reading it; try again in a moment` });
      await reader.release();
      assert.equal((await get(path)).status, 200);
    } finally {
      await bridge.close();
    }
  });

  it(`a lock left by a process that died inside a transaction (older than ${STALE_LOCK_MS / 1000} s) is removed on open`, () => {
    const file = join(tempDir('history-lock'), 'history.db');
    const w = HistoryStore.open(file);
    w.write({ buckets: [{ vin: VIN, field: 'Soc', minute: T0, count: 1, sum: 50, min: 50, max: 50, first: 50, firstAt: T0, last: 50, lastAt: T0 }] });
    w.close();
    mkdirSync(`${file}.lock`);
    const old = (Date.now() - STALE_LOCK_MS - 5000) / 1000;
    utimesSync(`${file}.lock`, old, old);
    const r = HistoryStore.open(file, { readonly: true, busyMs: 50 });
    try {
      assert.equal(r.buckets({ vin: VIN }).length, 1);
      assert.ok(!existsSync(`${file}.lock`));
    } finally {
      r.close();
    }
    assert.equal(clearStaleLock(file), undefined, 'nothing to clear');
  });
});
