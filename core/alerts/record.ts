/**
 * An alert as a record of its own type, `fleetkit_alerts` (docs/alerts.md, "Alerts in the bridge"): a spool and
 * `--stdout` line with the record metadata's keys (core/messages/live-feed.ts RecordMeta; no connection, txid or
 * message id: the bridge made it) and the Alert as `record`. Not a vehicle topic, so not a TelemetryRecord.
 */
import { isAlert, type Alert } from './alert';

export const ALERT_RECORD_TYPE = 'fleetkit_alerts';

export interface AlertRecord {
  txtype: typeof ALERT_RECORD_TYPE;
  vin: string;
  txid: '';
  /** When the bridge fired it, epoch milliseconds (the alert's own time is `record.at`). */
  received_at: number;
  connection_id: '';
  device_client_version: '';
  message_id: '';
  seq: number;
  record: Alert;
}

export function alertRecord(alert: Alert, receivedAt: number, seq: number): AlertRecord {
  return {
    txtype: ALERT_RECORD_TYPE,
    vin: alert.vin,
    txid: '',
    received_at: receivedAt,
    connection_id: '',
    device_client_version: '',
    message_id: '',
    seq,
    record: alert,
  };
}

export function isAlertRecord(v: unknown): v is AlertRecord {
  return typeof v === 'object' && v !== null && (v as { txtype?: unknown }).txtype === ALERT_RECORD_TYPE && isAlert((v as { record?: unknown }).record);
}
