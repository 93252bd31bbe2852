/**
 * Fans a record out to the configured outputs (live feed, spool, stdout, fleet-telemetry dispatchers, in-process
 * taps). Returns a promise only when the ack must wait: for the spool (reliable_ack) and/or for the record type's
 * reliable-ack dispatcher (reliable_ack_sources); otherwise undefined: the record has been handed on.
 */
import type { FeedMessage } from '../../core/messages/live-feed';
import type { AlertDispatchRecord } from '../dispatchers/dispatch-record';
import type { RecordDispatch } from '../dispatchers/router';
import type { BridgeRecord } from '../record';
import type { LiveFeed } from './live-feed';
import type { JsonlSpool } from './spool';

/** An in-process listener: the record and its JSON line (UTF-8, no newline; shared with the outputs, do not modify). */
export type RecordTap = (record: BridgeRecord, line: Buffer) => void;

export interface OutputSet {
  feed?: LiveFeed;
  spool?: JsonlSpool;
  stdout?: NodeJS.WritableStream;
  dispatch?: RecordDispatch;
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

  /** Hands the record's line to every output; they share the one Buffer. */
  dispatch(record: BridgeRecord): Promise<void> | undefined {
    const { feed, spool } = this.set;
    const line = record.line;
    const onDisk = spool?.append(line);
    const confirmed = this.set.dispatch?.dispatch(record);
    const durable = onDisk && confirmed ? Promise.all([onDisk, confirmed]).then(() => undefined) : (onDisk ?? confirmed);
    if (feed && feed.subscriberCount > 0) feed.publish(line);
    const out = this.set.stdout;
    if (out) {
      const buffered = (out as NodeJS.WritableStream & { writableLength?: number }).writableLength ?? 0;
      if (buffered > STDOUT_MAX_BUFFERED) this.stdoutDropped++;
      else out.write(Buffer.concat([line, NEWLINE]));
    }
    this.toTaps(record, line);
    return durable;
  }

  /**
   * A record the bridge makes itself (an alert, docs/alerts.md): its line goes to the spool, stdout, the dispatchers
   * that `records.fleetkit_alerts` names and the taps, the feed gets `feedMessage` instead. Nothing waits for it.
   */
  dispatchOwn(record: AlertDispatchRecord, feedMessage: FeedMessage): void {
    const { feed, spool } = this.set;
    spool?.append(record.line)?.catch(() => undefined);
    this.set.dispatch?.dispatchAlert(record);
    if (feed && feed.subscriberCount > 0) feed.broadcast(feedMessage);
    const out = this.set.stdout;
    if (out) {
      const buffered = (out as NodeJS.WritableStream & { writableLength?: number }).writableLength ?? 0;
      if (buffered > STDOUT_MAX_BUFFERED) this.stdoutDropped++;
      else out.write(Buffer.concat([record.line, NEWLINE]));
    }
    this.toTaps(record as unknown as BridgeRecord, record.line);
  }

  private toTaps(record: BridgeRecord, line: Buffer): void {
    for (const t of this.taps) {
      try {
        t(record, line);
      } catch {
        // a faulty in-process listener must not break ingest
      }
    }
  }
}
