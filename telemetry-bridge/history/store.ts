/**
 * The history database (docs/history.md): one SQLite file (rollback journal; see sqlite.ts for locking). Tables:
 * minute_aggregates (numbers, merged per VIN, field and minute), state_changes, alerts and, only when a raw window is
 * set, raw_records. Every write of a batch is one transaction. Times are the records' createdAt (epoch ms); retention
 * is judged against the newest record time written, never the wall clock, so a replay keeps what a live run keeps.
 */
import { isAlert, type Alert } from '../../core/alerts/alert';
import type { MinuteBucket, StateChange } from '../../core/telemetry-history';
import { isBusyError, lockedMessage, openSqlite, type SqliteDatabase, type SqliteStatement } from './sqlite';

export interface HistoryRetention {
  /** Days of minute aggregates, state changes and alerts kept (default 90; 0 = keep everything). */
  aggregateDays: number;
  /** Hours of raw records kept (default 0 = raw records off). */
  rawHours: number;
}

export const DEFAULT_RETENTION: HistoryRetention = { aggregateDays: 90, rawHours: 0 };

export interface RawRecordRow {
  vin: string;
  at: number;
  txtype: string;
  line: string;
}

export interface HistoryBatch {
  buckets?: readonly MinuteBucket[];
  changes?: readonly StateChange[];
  alerts?: readonly Alert[];
  raw?: readonly RawRecordRow[];
}

export interface TimeQuery {
  vin: string;
  since?: number;
  until?: number;
}

export interface FieldInfo {
  field: string;
  kind: 'number' | 'state';
  /** Newest time this field has in the store (epoch ms). */
  lastAt: number;
}

const SCHEMA_VERSION = 1;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS minute_aggregates (
  vin TEXT NOT NULL, field TEXT NOT NULL, minute INTEGER NOT NULL,
  count INTEGER NOT NULL, sum REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL,
  first REAL NOT NULL, first_at INTEGER NOT NULL, last REAL NOT NULL, last_at INTEGER NOT NULL,
  PRIMARY KEY (vin, field, minute)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS state_changes (vin TEXT NOT NULL, field TEXT NOT NULL, at INTEGER NOT NULL, value TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS state_changes_by_field ON state_changes (vin, field, at);
CREATE TABLE IF NOT EXISTS alerts (
  vin TEXT NOT NULL, at INTEGER NOT NULL, rule TEXT NOT NULL, field TEXT NOT NULL, severity TEXT NOT NULL, kind TEXT NOT NULL,
  message TEXT NOT NULL, value TEXT NOT NULL, at_iso TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alerts_by_vin ON alerts (vin, at);
CREATE TABLE IF NOT EXISTS raw_records (vin TEXT NOT NULL, at INTEGER NOT NULL, txtype TEXT NOT NULL, line TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS raw_records_by_time ON raw_records (at);
`;

// SQLite evaluates every SET expression with the row's values from before the update.
const UPSERT_BUCKET = `
INSERT INTO minute_aggregates (vin, field, minute, count, sum, min, max, first, first_at, last, last_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (vin, field, minute) DO UPDATE SET
  count = count + excluded.count, sum = sum + excluded.sum,
  min = min(min, excluded.min), max = max(max, excluded.max),
  first = CASE WHEN excluded.first_at < first_at THEN excluded.first ELSE first END, first_at = min(first_at, excluded.first_at),
  last = CASE WHEN excluded.last_at >= last_at THEN excluded.last ELSE last END, last_at = max(last_at, excluded.last_at)`;

interface BucketRow {
  vin: string;
  field: string;
  minute: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  first: number;
  first_at: number;
  last: number;
  last_at: number;
}

const toBucket = (r: BucketRow): MinuteBucket => ({
  vin: r.vin,
  field: r.field,
  minute: r.minute,
  count: r.count,
  sum: r.sum,
  min: r.min,
  max: r.max,
  first: r.first,
  firstAt: r.first_at,
  last: r.last,
  lastAt: r.last_at,
});

export class HistoryStore {
  private readonly stmts: Record<'bucket' | 'change' | 'alert' | 'raw', SqliteStatement>;
  private readonly writeBatch: (batch: HistoryBatch) => void;
  readonly retention: HistoryRetention;

  private constructor(
    private readonly db: SqliteDatabase,
    retention: Partial<HistoryRetention>,
    readonly file: string,
  ) {
    this.retention = { ...DEFAULT_RETENTION, ...retention };
    this.stmts = {
      bucket: db.prepare(UPSERT_BUCKET),
      change: db.prepare('INSERT INTO state_changes (vin, field, at, value) VALUES (?, ?, ?, ?)'),
      alert: db.prepare('INSERT INTO alerts (vin, at, rule, field, severity, kind, message, value, at_iso) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      raw: db.prepare('INSERT INTO raw_records (vin, at, txtype, line) VALUES (?, ?, ?, ?)'),
    };
    this.writeBatch = db.transaction((batch: HistoryBatch) => {
      for (const b of batch.buckets ?? []) this.stmts.bucket.run(b.vin, b.field, b.minute, b.count, b.sum, b.min, b.max, b.first, b.firstAt, b.last, b.lastAt);
      for (const c of batch.changes ?? []) this.stmts.change.run(c.vin, c.field, c.at, c.value);
      for (const a of batch.alerts ?? []) {
        const at = Date.parse(a.at);
        this.stmts.alert.run(a.vin, at, a.rule, a.field, a.severity, a.kind, a.message, JSON.stringify(a.value ?? null), a.at);
      }
      for (const r of batch.raw ?? []) this.stmts.raw.run(r.vin, r.at, r.txtype, r.line);
    });
  }

  /** Opens (creating when missing, unless read-only) a history file. Throws a readable Error for a file that is not one. */
  static open(file: string, options: { retention?: Partial<HistoryRetention>; readonly?: boolean; busyMs?: number } = {}): HistoryStore {
    let db: SqliteDatabase;
    try {
      db = openSqlite(file, { readonly: options.readonly, busyMs: options.busyMs });
    } catch (err) {
      throw new Error(`cannot open the history database ${file}: ${(err as Error).message}`);
    }
    try {
      if (!options.readonly) {
        db.exec(SCHEMA);
        db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)").run(String(SCHEMA_VERSION));
      }
      const v = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
      if (!v) throw new Error('it has no Fleetkit history tables (start a bridge with --history FILE to create one)');
      if (Number(v.value) > SCHEMA_VERSION) throw new Error(`it was written by a newer Fleetkit (schema ${v.value}); update Fleetkit to read it`);
    } catch (err) {
      db.close();
      const msg = (err as Error).message;
      if (isBusyError(err)) throw new Error(lockedMessage(file));
      throw new Error(`${file} is not a Fleetkit history database: ${/not a database/i.test(msg) ? 'the file is not SQLite' : msg}`);
    }
    return new HistoryStore(db, options.retention ?? {}, file);
  }

  /** Writes a batch in one transaction (buckets merge into those already stored). */
  write(batch: HistoryBatch): void {
    this.writeBatch(batch);
  }

  /** Deletes what is older than the retention windows, judged from `newest` (the newest record time written). */
  prune(newest: number): { aggregates: number; changes: number; alerts: number; raw: number } {
    const out = { aggregates: 0, changes: 0, alerts: 0, raw: 0 };
    if (this.retention.aggregateDays > 0) {
      const cut = newest - this.retention.aggregateDays * DAY_MS;
      out.aggregates = this.db.prepare('DELETE FROM minute_aggregates WHERE minute < ?').run(cut).changes;
      // The newest change of each field stays whatever its age: it is still the field's state.
      out.changes = this.db
        .prepare('DELETE FROM state_changes WHERE at < ? AND rowid NOT IN (SELECT max(rowid) FROM state_changes GROUP BY vin, field)')
        .run(cut).changes;
      out.alerts = this.db.prepare('DELETE FROM alerts WHERE at < ?').run(cut).changes;
    }
    out.raw = this.db.prepare('DELETE FROM raw_records WHERE at < ?').run(newest - this.retention.rawHours * HOUR_MS).changes;
    return out;
  }

  /** The newest change of every VIN and field (to seed a ChangeTracker after a restart). */
  latestChanges(): StateChange[] {
    return this.db
      .prepare('SELECT vin, field, at, value FROM state_changes WHERE rowid IN (SELECT max(rowid) FROM state_changes GROUP BY vin, field) ORDER BY vin, field')
      .all() as StateChange[];
  }

  /** The newest record time stored (epoch ms), 0 when empty. */
  newestTime(): number {
    const r = this.db
      .prepare(
        'SELECT max(t) AS t FROM (SELECT max(last_at) AS t FROM minute_aggregates UNION ALL SELECT max(at) FROM state_changes UNION ALL SELECT max(at) FROM alerts)',
      )
      .get() as { t: number | null };
    return r.t ?? 0;
  }

  vins(): string[] {
    return (
      this.db
        .prepare('SELECT DISTINCT vin FROM minute_aggregates UNION SELECT DISTINCT vin FROM state_changes UNION SELECT DISTINCT vin FROM alerts ORDER BY vin')
        .all() as Array<{
        vin: string;
      }>
    ).map((r) => r.vin);
  }

  /** The fields stored for a VIN, numbers and states, by name. */
  fields(vin: string): FieldInfo[] {
    const nums = this.db.prepare('SELECT field, max(last_at) AS lastAt FROM minute_aggregates WHERE vin = ? GROUP BY field').all(vin) as Array<{
      field: string;
      lastAt: number;
    }>;
    const states = this.db.prepare('SELECT field, max(at) AS lastAt FROM state_changes WHERE vin = ? GROUP BY field').all(vin) as Array<{
      field: string;
      lastAt: number;
    }>;
    return [...nums.map((r) => ({ ...r, kind: 'number' as const })), ...states.map((r) => ({ ...r, kind: 'state' as const }))].sort((a, b) =>
      a.field.localeCompare(b.field),
    );
  }

  /** Minute buckets of `fields` (all when omitted) for a VIN whose minute lies in [since, until], by field and time. */
  buckets(q: TimeQuery & { fields?: readonly string[] }): MinuteBucket[] {
    const since = q.since ?? 0;
    const until = q.until ?? Number.MAX_SAFE_INTEGER;
    const sql = 'SELECT * FROM minute_aggregates WHERE vin = ? AND minute >= ? AND minute <= ?';
    const rows = q.fields?.length
      ? (this.db
          .prepare(`${sql} AND field IN (${q.fields.map(() => '?').join(',')}) ORDER BY field, minute`)
          .all(q.vin, minuteFloor(since), until, ...q.fields) as BucketRow[])
      : (this.db.prepare(`${sql} ORDER BY field, minute`).all(q.vin, minuteFloor(since), until) as BucketRow[]);
    return rows.map(toBucket);
  }

  /**
   * Changes of `fields` (all when omitted) for a VIN in [since, until], in time order, preceded by the change that was
   * in force at `since` (so a chart or a summary knows the state the window starts in).
   */
  changes(q: TimeQuery & { fields?: readonly string[] }): StateChange[] {
    const since = q.since ?? 0;
    const until = q.until ?? Number.MAX_SAFE_INTEGER;
    const fieldList = q.fields?.length
      ? q.fields
      : (this.db.prepare('SELECT DISTINCT field FROM state_changes WHERE vin = ?').all(q.vin) as Array<{ field: string }>).map((r) => r.field);
    const before = this.db.prepare(
      'SELECT vin, field, at, value FROM state_changes WHERE vin = ? AND field = ? AND at < ? ORDER BY at DESC, rowid DESC LIMIT 1',
    );
    const inside = this.db.prepare('SELECT vin, field, at, value FROM state_changes WHERE vin = ? AND field = ? AND at >= ? AND at <= ? ORDER BY at, rowid');
    const out: StateChange[] = [];
    for (const f of fieldList) {
      const b = before.get(q.vin, f, since) as StateChange | undefined;
      if (b) out.push(b);
      out.push(...(inside.all(q.vin, f, since, until) as StateChange[]));
    }
    return out.sort((a, b) => a.at - b.at);
  }

  /** Alerts (of one VIN, or every VIN when `vin` is empty) in [since, until], in time order. */
  alerts(q: Partial<TimeQuery>): Alert[] {
    const since = q.since ?? 0;
    const until = q.until ?? Number.MAX_SAFE_INTEGER;
    const rows = (
      q.vin
        ? this.db.prepare('SELECT * FROM alerts WHERE vin = ? AND at >= ? AND at <= ? ORDER BY at, rowid').all(q.vin, since, until)
        : this.db.prepare('SELECT * FROM alerts WHERE at >= ? AND at <= ? ORDER BY at, rowid').all(since, until)
    ) as Array<{ vin: string; rule: string; field: string; severity: string; kind: string; message: string; value: string; at_iso: string }>;
    return rows
      .map((r) => ({
        rule: r.rule,
        vin: r.vin,
        at: r.at_iso,
        field: r.field,
        value: JSON.parse(r.value) as unknown,
        severity: r.severity,
        kind: r.kind,
        message: r.message,
      }))
      .filter(isAlert);
  }

  /** Raw record lines of a VIN in [since, until] (only while a raw window is set). */
  raw(q: TimeQuery): RawRecordRow[] {
    return this.db
      .prepare('SELECT vin, at, txtype, line FROM raw_records WHERE vin = ? AND at >= ? AND at <= ? ORDER BY at, rowid')
      .all(q.vin, q.since ?? 0, q.until ?? Number.MAX_SAFE_INTEGER) as RawRecordRow[];
  }

  close(): void {
    this.db.close();
  }
}

const minuteFloor = (t: number): number => Math.floor(t / 60_000) * 60_000;
