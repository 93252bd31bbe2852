/** What the bridge hands to its outputs: the decoded record plus metadata, serialized once as one JSON line. */
import type { JsonOut, RecordTopic } from '../core/telemetry-wire';

export interface RecordMeta {
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
}

/** A record handed to the outputs: its metadata and its JSON line. */
export interface BridgeRecord extends RecordMeta {
  /** The whole record as one JSON line (UTF-8, no newline), shared by every output. */
  line: Buffer;
}

/**
 * Writes a record's JSON line into `out`: the metadata fields, then fleet-telemetry's transmit_decoded_records JSON
 * under `record`, written by `writeRecord`. The caller resets `out` first and takes the bytes after.
 */
export function writeRecordLine(out: JsonOut, meta: RecordMeta, writeRecord: (out: JsonOut) => void): void {
  out.ascii('{"txtype":');
  out.string(meta.txtype);
  out.ascii(',"vin":');
  out.string(meta.vin);
  out.ascii(',"txid":');
  out.string(meta.txid);
  out.ascii(`,"received_at":${meta.received_at},"connection_id":`);
  out.string(meta.connection_id);
  out.ascii(',"device_client_version":');
  out.string(meta.device_client_version);
  out.ascii(',"message_id":');
  out.string(meta.message_id);
  out.ascii(`,"seq":${meta.seq},"record":`);
  writeRecord(out);
  out.ascii('}');
}
