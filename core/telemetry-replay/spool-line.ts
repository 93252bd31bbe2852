/**
 * Reading the bridge's spool back: one JSONL line (telemetry-bridge/record.ts writes them, in the shape of
 * core/messages/live-feed.ts TelemetryRecord) → the record, or why it cannot be used.
 */
import { isTelemetryRecord, type TelemetryRecord } from '../messages/live-feed';
import { ALERT_RECORD_TYPE } from '../alerts/record';

/** `alert`: the line is one of the bridge's `fleetkit_alerts` records (docs/alerts.md), not telemetry. */
export type SpoolLine = { ok: true; record: TelemetryRecord; createdAt: number } | { ok: false; error: string; alert?: true };

/** A record's vehicle time (its `createdAt`) in epoch ms, else when the bridge received it. */
export function recordTime(r: Pick<TelemetryRecord, 'received_at' | 'record'>): number {
  const at = r.record.createdAt;
  const ms = typeof at === 'string' ? Date.parse(at) : NaN;
  return Number.isFinite(ms) ? ms : r.received_at;
}

/** Parses one spool line (without its newline). Blank lines are the caller's to skip. */
export function parseSpoolLine(text: string): SpoolLine {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { ok: false, error: text.length > 0 && !text.trimEnd().endsWith('}') ? 'not JSON (a torn last line?)' : 'not JSON' };
  }
  if (typeof v === 'object' && v !== null && (v as { txtype?: unknown }).txtype === ALERT_RECORD_TYPE) {
    return { ok: false, error: 'an alert the bridge fired (fleetkit_alerts), not telemetry', alert: true };
  }
  if (!isTelemetryRecord(v)) {
    return { ok: false, error: 'not a telemetry record (needs txtype, vin, txid, received_at, connection_id, message_id, seq and record)' };
  }
  return { ok: true, record: v, createdAt: recordTime(v) };
}
