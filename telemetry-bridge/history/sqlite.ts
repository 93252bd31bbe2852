/**
 * SQLite for the history, from node-sqlite3-wasm: SQLite compiled to WebAssembly with a Node file-system VFS, so it
 * installs from npm with nothing to download or compile, and the bundles carry it (esbuild copies its .wasm beside
 * dist/bridge.js and dist/cli.js). Loaded only when history is on.
 *
 * Its VFS locks a database with a `<file>.lock` directory for the length of each transaction, shared or not, so a
 * reader and the writer take turns: every connection waits up to `busyMs` for the other (SQLite's busy timeout), and
 * the writer requeues a batch that still finds the file locked. A lock directory older than STALE_LOCK_MS cannot
 * belong to a live transaction (ours last milliseconds); it was left by a process that died inside one and is removed.
 */
import { rmdirSync, statSync } from 'node:fs';
import type * as Wasm from 'node-sqlite3-wasm';

export interface SqliteStatement {
  run(...params: unknown[]): { changes: number };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

export interface SqliteDatabase {
  /** A statement of this connection, prepared once per SQL text and finalized by close(). */
  prepare(sql: string): SqliteStatement;
  exec(sql: string): void;
  /** `fn` wrapped in BEGIN IMMEDIATE … COMMIT, rolled back when it throws. */
  transaction<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void;
  close(): void;
}

export const STALE_LOCK_MS = 30_000;

/** True for SQLite's "database is locked" (SQLITE_BUSY), which goes away by waiting. */
export function isBusyError(err: unknown): boolean {
  return err instanceof Error && /database is locked/i.test(err.message);
}

/** What a reader that waited its busy timeout in vain is told (the CLI, HistoryStore.open). */
export function lockedMessage(file: string): string {
  return `${file} stayed locked by another process (database is locked); try again, or stop the process writing it`;
}

/** Removes `<file>.lock` when it is older than STALE_LOCK_MS; returns its age in ms when it did. */
export function clearStaleLock(file: string, now = Date.now()): number | undefined {
  const lock = `${file}.lock`;
  let age: number;
  try {
    age = now - statSync(lock).mtimeMs;
  } catch {
    return undefined;
  }
  if (age < STALE_LOCK_MS) return undefined;
  try {
    rmdirSync(lock);
  } catch {
    return undefined; // its owner released it meanwhile
  }
  return age;
}

let wasm: typeof Wasm | undefined;

// esbuild bundles the module; its loader finds node-sqlite3-wasm.wasm beside the running bundle.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = (): typeof Wasm => (wasm ??= require('node-sqlite3-wasm') as typeof Wasm);

class WasmStatement implements SqliteStatement {
  private stmt: Wasm.Statement | undefined;

  constructor(
    private readonly db: Wasm.Database,
    private readonly sql: string,
  ) {
    this.stmt = db.prepare(sql);
  }

  run(...params: unknown[]): { changes: number } {
    return this.use((s) => ({ changes: s.run(params as Wasm.BindValues).changes }));
  }

  /** The first row. Runs the statement to its end: node-sqlite3-wasm's own get() leaves it open, and with it the read lock. */
  get(...params: unknown[]): unknown {
    return this.use((s) => s.all(params as Wasm.BindValues)[0]);
  }

  all(...params: unknown[]): unknown[] {
    return this.use((s) => s.all(params as Wasm.BindValues));
  }

  finalize(): void {
    this.stmt?.finalize();
    this.stmt = undefined;
  }

  /**
   * A statement whose step failed (busy) reports that error again at its next reset, which node-sqlite3-wasm turns
   * into a failure of the next use: it is finalized instead, and the next use prepares it afresh.
   */
  private use<T>(fn: (s: Wasm.Statement) => T): T {
    const s = (this.stmt ??= this.db.prepare(this.sql));
    try {
      return fn(s);
    } catch (err) {
      this.stmt = undefined;
      try {
        s.finalize();
      } catch {
        // finalize returns the step's error once more; the statement is freed all the same
      }
      throw err;
    }
  }
}

class WasmDatabase implements SqliteDatabase {
  private readonly statements = new Map<string, WasmStatement>();

  constructor(private readonly db: Wasm.Database) {}

  prepare(sql: string): SqliteStatement {
    let s = this.statements.get(sql);
    if (!s) {
      s = new WasmStatement(this.db, sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  exec(sql: string): void {
    this.db.exec(sql);
  }

  transaction<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
    return (...args: A) => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        fn(...args);
        this.db.exec('COMMIT');
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      }
    };
  }

  close(): void {
    for (const s of this.statements.values()) s.finalize();
    this.statements.clear();
    this.db.close();
  }
}

export interface OpenSqliteOptions {
  readonly?: boolean;
  /**
   * How long a statement waits for another process's transaction (SQLite's busy timeout). Default: 10 s for a
   * reader; 250 ms for the writer, which waits on the bridge's event loop and retries a busy batch later instead.
   */
  busyMs?: number;
}

export function openSqlite(file: string, options: OpenSqliteOptions = {}): SqliteDatabase {
  const { Database } = load();
  clearStaleLock(file);
  const db = options.readonly ? new Database(file, { readOnly: true }) : new Database(file);
  try {
    db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(options.busyMs ?? (options.readonly ? 10_000 : 250)))}`);
  } catch (err) {
    db.close();
    throw err;
  }
  return new WasmDatabase(db);
}
