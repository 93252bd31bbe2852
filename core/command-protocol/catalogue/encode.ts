/** Turns a catalogue command + validated params into the bytes that go in `protobuf_message_as_bytes`. */
import type { Type } from 'protobufjs/light';
import { CarServerActionType, VcsecUnsignedMessageType } from '../schema';
import type { CommandParams, SignedCommandSpec } from './types';

function isDefaultScalar(value: unknown): boolean {
  return value === 0 || value === false || value === '' || (value instanceof Uint8Array && value.length === 0);
}

/**
 * The object without proto3 fields at their default value (0, false, ""), as Tesla's Go encoder leaves them out
 * (fields without presence are not written when zero). Oneof members are kept — a set oneof member is always
 * written, even as 0 or an empty message (door_unlock's RKEAction 0) — and messages are walked into.
 */
export function withoutProto3Defaults(type: Type, object: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    const field = type.fields[key];
    if (!field) {
      out[key] = value; // verify() reports it
      continue;
    }
    const message = field.resolve().resolvedType;
    const sub = message && 'fields' in message ? (message as Type) : undefined;
    if (field.repeated) {
      out[key] = Array.isArray(value) && sub ? value.map((v) => withoutProto3Defaults(sub, v as Record<string, unknown>)) : value;
    } else if (sub && value && typeof value === 'object') {
      out[key] = withoutProto3Defaults(sub, value as Record<string, unknown>);
    } else if (field.partOf || !isDefaultScalar(value)) {
      out[key] = value;
    }
  }
  return out;
}

export function encodeCommandPayload(spec: SignedCommandSpec, params: CommandParams, now: () => number = Date.now): Uint8Array {
  const type = spec.domain === 'vcsec' ? VcsecUnsignedMessageType : CarServerActionType;
  const object = withoutProto3Defaults(type, spec.payload(params, now));
  const problem = type.verify(object);
  if (problem) throw new Error(`internal error: ${spec.name} built an invalid payload (${problem})`);
  return type.encode(object).finish();
}
