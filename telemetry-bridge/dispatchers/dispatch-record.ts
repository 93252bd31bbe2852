/**
 * A record as the dispatchers see it: the bridge's record plus, computed once on first use and shared by every
 * dispatcher, the decoded message, fleet-telemetry's protobuf payload (Go proto.Marshal) and its decoded JSON
 * (the `record` of the bridge's JSON line, already in transmit_decoded_records' shape).
 */
import { decodeRecordMessage, encodeRecordMessage } from '../../core/telemetry-wire';
import type { BridgeRecord } from '../record';
import type { PayloadFormat } from './types';

const RECORD_KEY = Buffer.from(',"record":');

export class DispatchRecord {
  private decoded?: Record<string, unknown>;
  private proto?: Uint8Array;

  constructor(readonly record: BridgeRecord) {}

  get txtype(): BridgeRecord['txtype'] {
    return this.record.txtype;
  }

  get vin(): string {
    return this.record.vin;
  }

  /** The decoded message with fleet-telemetry's transforms and the certificate's VIN (protobufjs object). */
  message(): Record<string, unknown> {
    if (!this.decoded) {
      const payload = this.record.payload;
      if (!payload) throw new Error(`record ${this.record.seq} has no protobuf payload`);
      this.decoded = decodeRecordMessage(this.txtype, payload, this.vin);
    }
    return this.decoded;
  }

  /** The protobuf payload fleet-telemetry dispatches when transmit_decoded_records is off. */
  protobuf(): Uint8Array {
    // The message is decoded afresh: encoding unsets zero scalars, which must not change what message() shows.
    this.proto ??= encodeRecordMessage(this.txtype, decodeRecordMessage(this.txtype, this.record.payload ?? new Uint8Array(0), this.vin));
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
    return format === 'json' ? this.json() : this.protobuf();
  }
}
