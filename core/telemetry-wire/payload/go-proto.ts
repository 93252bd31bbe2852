/**
 * The protobuf bytes fleet-telemetry dispatches when transmit_decoded_records is off: Go's proto.Marshal of the
 * record's message after its transforms (telemetry/record.go applyProtoRecordTransforms). protobufjs writes fields in
 * field-number order as Go does, but it also writes a proto3 scalar that holds its zero value when the property is
 * set, where Go leaves it out: those are removed first. Unknown fields are not kept (Go would re-emit them) and map
 * entries come in insertion order (Go's are in random order unless deterministic), so consumers decode, never
 * compare, map-carrying messages byte for byte.
 */
import protobuf from 'protobufjs/light';
import { Long, TYPES } from './schema';
import type { RecordTopic } from '../topics';

type Msg = Record<string, unknown>;

const TYPE_OF: Record<RecordTopic, protobuf.Type> = {
  V: TYPES.Payload,
  alerts: TYPES.VehicleAlerts,
  errors: TYPES.VehicleErrors,
  connectivity: TYPES.VehicleConnectivity,
};

function isZero(v: unknown): boolean {
  if (v === 0 || v === '' || v === false) return true;
  if (v instanceof Uint8Array) return v.length === 0;
  if (Long.isLong(v)) return (v as Long).isZero();
  return false;
}

/** Removes set-but-zero proto3 scalars (outside oneofs), recursively, in place. */
function dropZeroScalars(type: protobuf.Type, m: Msg): void {
  for (const field of type.fieldsArray) {
    if (!Object.prototype.hasOwnProperty.call(m, field.name)) continue;
    const v = m[field.name];
    if (field.map || field.repeated) {
      if (field.repeated && field.resolvedType instanceof protobuf.Type && Array.isArray(v)) {
        for (const item of v) if (item) dropZeroScalars(field.resolvedType, item as Msg);
      }
      continue;
    }
    if (field.resolvedType instanceof protobuf.Type) {
      if (v) dropZeroScalars(field.resolvedType, v as Msg);
      continue;
    }
    if (!field.partOf && isZero(v)) delete m[field.name];
  }
}

/** Go proto.Marshal of a record message from decodeRecordMessage (which it may modify: zero scalars are unset). */
export function encodeRecordMessage(topic: RecordTopic, message: Msg): Uint8Array {
  const type = TYPE_OF[topic];
  dropZeroScalars(type, message);
  return type.encode(message).finish();
}
