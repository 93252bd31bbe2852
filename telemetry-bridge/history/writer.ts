/**
 * Feeds the history store from the bridge's records without holding up ingest: the record tap only keeps a
 * reference to the record's line; every `flushMs` (or sooner when `batchLimit` lines wait) the lines are parsed,
 * aggregated per minute and written in one transaction, outside the frames' handling. Alerts arrive either as the
 * bridge's alert records (their `record` is the Alert) or through recordAlert.
 */
import { isAlert, type Alert } from '../../core/alerts/alert';
import type { Logger } from '../../core/log/logger';
import { ChangeTracker, MinuteAggregator, recordSamples, recordTime, type StateChange } from '../../core/telemetry-history';
import { clearStaleLock, isBusyError } from './sqlite';
import type { HistoryBatch, HistoryStore, RawRecordRow } from './store';

/** Rows a batch turned back by a busy database may grow to before history gives it up (about a minute at 20,000 records/s). */
const MAX_WAITING_ROWS = 1_000_000;

const batchRows = (b: HistoryBatch): number => (b.buckets?.length ?? 0) + (b.changes?.length ?? 0) + (b.alerts?.length ?? 0) + (b.raw?.length ?? 0);

/** `next` after `first`, in one batch (bucket upserts merge, so the order within a transaction is all that matters). */
function appendBatch(first: HistoryBatch | undefined, next: HistoryBatch): HistoryBatch {
  if (!first) return next;
  return {
    buckets: [...(first.buckets ?? []), ...(next.buckets ?? [])],
    changes: [...(first.changes ?? []), ...(next.changes ?? [])],
    alerts: [...(first.alerts ?? []), ...(next.alerts ?? [])],
    raw: [...(first.raw ?? []), ...(next.raw ?? [])],
  };
}

export interface HistoryWriterOptions {
  /** Milliseconds between writes (default 500). */
  flushMs?: number;
  /** Lines waiting that trigger a write right away (default 5,000). */
  batchLimit?: number;
  /** Writes between prunes (default 120: about a minute at the default interval). */
  pruneEvery?: number;
  logger?: Logger;
}

export interface HistoryWriterStats {
  records: number;
  writes: number;
  errors: number;
  /** Writes the database turned back as locked by another process (retried with the next flush). */
  busy: number;
}

export class HistoryWriter {
  private queue: Buffer[] = [];
  private alerts: Alert[] = [];
  private readonly tracker = new ChangeTracker();
  private readonly timer: NodeJS.Timeout;
  private scheduled = false;
  private newest: number;
  private writesSincePrune = 0;
  /** A batch a busy database turned back, written first by the next flush. */
  private waiting: HistoryBatch | undefined;
  private closed = false;
  readonly stats: HistoryWriterStats = { records: 0, writes: 0, errors: 0, busy: 0 };

  constructor(
    readonly store: HistoryStore,
    private readonly options: HistoryWriterOptions = {},
  ) {
    for (const c of store.latestChanges()) this.tracker.seed(c.vin, c.field, c.at, c.value);
    this.newest = store.newestTime();
    this.timer = setInterval(() => this.flush(), options.flushMs ?? 500);
    this.timer.unref();
  }

  /** The bridge's record tap: O(1), no parsing. */
  readonly tap = (_record: unknown, line: Buffer): void => {
    if (this.closed) return;
    this.queue.push(line);
    if (this.queue.length >= (this.options.batchLimit ?? 5000) && !this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  };

  /** An alert from the rules engine, stored with the next write. */
  recordAlert(alert: Alert): void {
    if (!this.closed) this.alerts.push(alert);
  }

  /** Parses what is queued and writes it in one transaction. */
  flush(): void {
    this.scheduled = false;
    if (!this.queue.length && !this.alerts.length && !this.waiting) return;
    const lines = this.queue;
    const alerts = this.alerts;
    this.queue = [];
    this.alerts = [];
    const agg = new MinuteAggregator();
    const changes: StateChange[] = [];
    const raw: RawRecordRow[] = [];
    const keepRaw = this.store.retention.rawHours > 0;
    for (const line of lines) {
      let rec: { txtype: string; vin: string; record: Record<string, unknown> };
      try {
        rec = JSON.parse(line.toString('utf8')) as typeof rec;
      } catch {
        this.stats.errors++;
        continue;
      }
      this.stats.records++;
      if (isAlert(rec.record)) {
        alerts.push(rec.record);
        continue;
      }
      const at = recordTime(rec.record);
      if (at !== undefined && at > this.newest) this.newest = at;
      for (const s of recordSamples(rec)) {
        if (s.num !== undefined) agg.add(s);
        else {
          const c = this.tracker.observe(s);
          if (c) changes.push(c);
        }
      }
      if (keepRaw && at !== undefined) raw.push({ vin: rec.vin, at, txtype: rec.txtype, line: line.toString('utf8') });
    }
    for (const a of alerts) {
      const t = Date.parse(a.at);
      if (t > this.newest) this.newest = t;
    }
    const batch = appendBatch(this.waiting, { buckets: agg.take(), changes, alerts, raw });
    try {
      this.store.write(batch);
    } catch (err) {
      this.writeFailed(err, batch, lines.length);
      return;
    }
    this.waiting = undefined;
    this.stats.writes++;
    if (++this.writesSincePrune >= (this.options.pruneEvery ?? 120)) this.prune();
  }

  private prune(): void {
    try {
      this.store.prune(this.newest);
      this.writesSincePrune = 0;
    } catch (err) {
      // A busy file is pruned after the next write instead.
      if (!isBusyError(err)) this.options.logger?.error('history: pruning failed', (err as Error).message);
    }
  }

  /**
   * A reader holding the file (`fleetkit telemetry history`) makes a write wait, then fail as busy: the batch waits
   * for the next flush, up to MAX_WAITING_ROWS rows. Any other failure loses the batch, and says so.
   */
  private writeFailed(err: unknown, batch: HistoryBatch, records: number): void {
    const log = this.options.logger;
    if (isBusyError(err)) {
      this.stats.busy++;
      const age = clearStaleLock(this.store.file);
      if (age !== undefined) {
        log?.warn(`history: removed ${this.store.file}.lock, left ${Math.round(age / 1000)} s ago by a process that stopped while holding it`);
      }
      if (batchRows(batch) <= MAX_WAITING_ROWS) {
        this.waiting = batch;
        return;
      }
      log?.error(`history: ${this.store.file} stayed locked by another process; ${batchRows(batch)} waiting rows dropped from history`);
    } else {
      log?.error(`history: a write failed (${records} records lost from history)`, (err as Error).message);
    }
    this.waiting = undefined;
    this.stats.errors++;
  }

  /** Writes what is left, prunes and closes the database. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.flush();
    // A reader may hold the file right now: a few more waits before giving the rows up.
    for (let attempt = 0; this.waiting && attempt < 5; attempt++) this.flush();
    if (this.waiting) this.options.logger?.error(`history: ${this.store.file} stayed locked; ${batchRows(this.waiting)} rows not written`);
    try {
      this.prune();
    } finally {
      this.store.close();
    }
  }
}
