/**
 * Feeds the history store from the bridge's records without holding up ingest: the record tap only keeps a
 * reference to the record's line; every `flushMs` (or sooner when `batchLimit` lines wait) the lines are parsed,
 * aggregated per minute and written in one transaction, outside the frames' handling. Alerts arrive either as the
 * bridge's alert records (their `record` is the Alert) or through recordAlert.
 */
import { isAlert, type Alert } from '../../core/alerts/alert';
import type { Logger } from '../../core/log/logger';
import { ChangeTracker, MinuteAggregator, recordSamples, recordTime, type StateChange } from '../../core/telemetry-history';
import type { RawRecordRow } from './store';
import { type HistoryStore } from './store';

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
}

export class HistoryWriter {
  private queue: Buffer[] = [];
  private alerts: Alert[] = [];
  private readonly tracker = new ChangeTracker();
  private readonly timer: NodeJS.Timeout;
  private scheduled = false;
  private newest: number;
  private writesSincePrune = 0;
  private closed = false;
  readonly stats: HistoryWriterStats = { records: 0, writes: 0, errors: 0 };

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
    if (!this.queue.length && !this.alerts.length) return;
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
    try {
      this.store.write({ buckets: agg.take(), changes, alerts, raw });
      this.stats.writes++;
      if (++this.writesSincePrune >= (this.options.pruneEvery ?? 120)) {
        this.writesSincePrune = 0;
        this.store.prune(this.newest);
      }
    } catch (err) {
      this.stats.errors++;
      this.options.logger?.error(`history: a write failed (${lines.length} records lost from history)`, (err as Error).message);
    }
  }

  /** Writes what is left, prunes and closes the database. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.flush();
    try {
      this.store.prune(this.newest);
    } finally {
      this.store.close();
    }
  }
}
