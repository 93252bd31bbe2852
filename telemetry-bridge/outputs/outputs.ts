/**
 * Fans a record out to the configured outputs (live feed, spool, stdout, in-process taps). Returns a promise only
 * when the ack must wait for the spool (reliable_ack), otherwise undefined: the record has been handed on.
 */
import { serializeRecord, type BridgeRecord } from '../record';
import type { LiveFeed } from './live-feed';
import type { JsonlSpool } from './spool';

/** An in-process listener: the record and its JSON line (UTF-8, no newline). */
export type RecordTap = (record: BridgeRecord, line: Buffer) => void;

export interface OutputSet {
  feed?: LiveFeed;
  spool?: JsonlSpool;
  stdout?: NodeJS.WritableStream;
}

/** Unwritten stdout bytes above which records are not written to stdout (a stalled reader must not exhaust memory). */
export const STDOUT_MAX_BUFFERED = 16 * 1024 * 1024;

const NEWLINE = Buffer.from('\n');

export class Outputs {
  private readonly taps = new Set<RecordTap>();
  stdoutDropped = 0;

  constructor(private readonly set: OutputSet) {}

  tap(listener: RecordTap): () => void {
    this.taps.add(listener);
    return () => this.taps.delete(listener);
  }

  /**
   * Serializes the record once, and only if some output will take it (a feed nobody subscribes to does not).
   * Outputs share one Buffer per record: queued records cost their bytes, not a string built from many pieces.
   */
  dispatch(record: BridgeRecord): Promise<void> | undefined {
    const { feed, spool } = this.set;
    const toFeed = !!feed && feed.subscriberCount > 0;
    if (!spool && !this.set.stdout && !toFeed && this.taps.size === 0) return undefined;
    const line = Buffer.from(serializeRecord(record));
    const durable = spool?.append(line);
    if (toFeed) feed.publish(line);
    const out = this.set.stdout;
    if (out) {
      const buffered = (out as NodeJS.WritableStream & { writableLength?: number }).writableLength ?? 0;
      if (buffered > STDOUT_MAX_BUFFERED) this.stdoutDropped++;
      else out.write(Buffer.concat([line, NEWLINE]));
    }
    for (const t of this.taps) {
      try {
        t(record, line);
      } catch {
        // a faulty in-process listener must not break ingest
      }
    }
    return durable;
  }
}
