/**
 * What the bridge hands to its outputs: the decoded record plus metadata, serialized once as one JSON line in the
 * shape of core/messages/live-feed.ts TelemetryRecord (RecordMeta's keys in order, then `record`).
 */
import { JsonOut } from '../core/telemetry-wire';
import type { RecordMeta } from '../core/messages/live-feed';

export type { RecordMeta };

/** A record handed to the outputs: its metadata and its JSON line. */
export interface BridgeRecord extends RecordMeta {
  /** The whole record as one JSON line (UTF-8, no newline), shared by every output. */
  line: Buffer;
  /** The record's protobuf payload as the vehicle sent it (for connectivity, as the bridge encoded it), for the dispatchers. */
  payload?: Uint8Array;
}

/**
 * Writes a record's JSON line into `out`: the metadata fields, then fleet-telemetry's transmit_decoded_records JSON
 * under `record`, written by `writeRecord`. The caller resets `out` first and takes the bytes after.
 */
export function writeRecordLine(out: JsonOut, meta: RecordMeta, writeRecord: (out: JsonOut) => void): void {
  writeLine(out, meta, writeRecord);
}

/** The line's layout, in one place. `head` and `connection` are those parts already rendered, when the caller has them. */
function writeLine(out: JsonOut, meta: RecordMeta, writeRecord: (out: JsonOut) => void, head?: Uint8Array, connection?: Uint8Array): void {
  if (head) out.bytes(head);
  else writeHead(out, meta.txtype, meta.vin);
  out.string(meta.txid);
  out.ascii(`,"received_at":${meta.received_at}`);
  if (connection) out.bytes(connection);
  else writeConnection(out, meta.connection_id, meta.device_client_version);
  out.string(meta.message_id);
  out.ascii(`,"seq":${meta.seq},"record":`);
  writeRecord(out);
  out.ascii('}');
}

/** From the opening brace to the txid's key. */
function writeHead(out: JsonOut, txtype: string, vin: string): void {
  out.ascii('{"txtype":');
  out.string(txtype);
  out.ascii(',"vin":');
  out.string(vin);
  out.ascii(',"txid":');
}

/** From the connection id's key to the message id's key. */
function writeConnection(out: JsonOut, connectionId: string, clientVersion: string): void {
  out.ascii(',"connection_id":');
  out.string(connectionId);
  out.ascii(',"device_client_version":');
  out.string(clientVersion);
  out.ascii(',"message_id":');
}

/**
 * writeRecordLine for the records of one vehicle connection: the parts that never change on a connection (the vin,
 * connection id and client version with their keys) are rendered once, and each record copies them in.
 */
export class ConnectionLineWriter {
  private readonly heads = new Map<string, Buffer>();
  private readonly connection: Buffer;

  constructor(
    private readonly vin: string,
    connectionId: string,
    clientVersion: string,
  ) {
    this.connection = render((o) => writeConnection(o, connectionId, clientVersion));
  }

  private head(txtype: string): Buffer {
    let head = this.heads.get(txtype);
    if (!head) {
      head = render((o) => writeHead(o, txtype, this.vin));
      this.heads.set(txtype, head);
    }
    return head;
  }

  /** Same bytes as writeRecordLine for a record of this connection. */
  write(out: JsonOut, meta: RecordMeta, writeRecord: (out: JsonOut) => void): void {
    writeLine(out, meta, writeRecord, this.head(meta.txtype), this.connection);
  }
}

function render(write: (out: JsonOut) => void): Buffer {
  const out = new JsonOut();
  write(out);
  return out.toBuffer();
}
