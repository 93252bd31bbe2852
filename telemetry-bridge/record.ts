/** What the bridge hands to its outputs: the decoded record plus metadata, serialized once as one JSON line. */
import type { RecordTopic } from '../core/telemetry-wire';

export interface BridgeRecord {
  /** Topic / record type: V, alerts, errors, connectivity. */
  txtype: RecordTopic;
  /** From the verified client certificate, never the message body. */
  vin: string;
  /** The envelope's txid (empty for bridge-generated connectivity records). */
  txid: string;
  /** Receive time, epoch milliseconds. */
  received_at: number;
  connection_id: string;
  /** The vehicle's `Version` header. */
  device_client_version: string;
  /** The envelope's message_id. */
  message_id: string;
  /** Monotonic per bridge process. */
  seq: number;
  /** fleet-telemetry's transmit_decoded_records JSON, as text (decoded straight to text; parsed only by consumers). */
  recordJson: string;
}

const q = (s: string): string => JSON.stringify(s);

/** One JSON line: the metadata fields, then the decoded record under `record`. */
export function serializeRecord(r: BridgeRecord): string {
  return (
    `{"txtype":${q(r.txtype)},"vin":${q(r.vin)},"txid":${q(r.txid)},"received_at":${r.received_at},` +
    `"connection_id":${q(r.connection_id)},"device_client_version":${q(r.device_client_version)},` +
    `"message_id":${q(r.message_id)},"seq":${r.seq},"record":${r.recordJson}}`
  );
}
