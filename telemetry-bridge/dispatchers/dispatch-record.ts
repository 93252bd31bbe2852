/**
 * A record as the dispatchers see it: the bridge's record plus, computed once on first use and shared by every
 * dispatcher, the decoded message, fleet-telemetry's protobuf payload (Go proto.Marshal) and its decoded JSON
 * (the `record` of the bridge's JSON line, already in transmit_decoded_records' shape). An alert record (the bridge's
 * own `fleetkit_alerts`) has no protobuf: its message is the Alert, its payload always the Alert's JSON.
 */
import { ALERT_RECORD_TYPE, type AlertRecord } from '../../core/alerts/record';
import { decodeRecordMessage, encodeRecordMessage } from '../../core/telemetry-wire';
import type { BridgeRecord } from '../record';
import type { DispatchTopic, PayloadFormat } from './types';

/** An alert record with its JSON line (the spool's), as the bridge hands it to the dispatchers. */
export type AlertDispatchRecord = AlertRecord & { line: Buffer };

const RECORD_KEY = Buffer.from(',"record":');

export class DispatchRecord {
  private decoded?: Record<string, unknown>;
  private proto?: Uint8Array;

  constructor(readonly record: BridgeRecord | AlertDispatchRecord) {}

  get txtype(): DispatchTopic {
    return this.record.txtype;
  }

  get vin(): string {
    return this.record.vin;
  }

  /** The decoded message with fleet-telemetry's transforms and the certificate's VIN (protobufjs object); an alert's Alert. */
  message(): Record<string, unknown> {
    const r = this.record;
    if (r.txtype === ALERT_RECORD_TYPE) return r.record as unknown as Record<string, unknown>;
    if (!this.decoded) {
      const payload = r.payload;
      if (!payload) throw new Error(`record ${r.seq} has no protobuf payload`);
      this.decoded = decodeRecordMessage(r.txtype, payload, this.vin);
    }
    return this.decoded;
  }

  /** The protobuf payload fleet-telemetry dispatches when transmit_decoded_records is off. */
  protobuf(): Uint8Array {
    const r = this.record;
    if (r.txtype === ALERT_RECORD_TYPE) throw new Error(`record ${r.seq} is an alert: alerts have no protobuf (Tesla's protos define none)`);
    // The message is decoded afresh: encoding unsets zero scalars, which must not change what message() shows.
    this.proto ??= encodeRecordMessage(r.txtype, decodeRecordMessage(r.txtype, r.payload ?? new Uint8Array(0), this.vin));
    return this.proto;
  }

  /** The decoded JSON fleet-telemetry dispatches when transmit_decoded_records is on (a view into the line). */
  json(): Buffer {
    const line = this.record.line;
    // Keys and string values before it are JSON-escaped, so the first unescaped `,"record":` is the key itself.
    const at = line.indexOf(RECORD_KEY);
    return line.subarray(at + RECORD_KEY.length, line.length - 1);
  }

  payload(format: PayloadFormat): Uint8Array {
    return format === 'json' || this.txtype === ALERT_RECORD_TYPE ? this.json() : this.protobuf();
  }
}
