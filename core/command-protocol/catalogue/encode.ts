/** Turns a catalogue command + validated params into the bytes that go in `protobuf_message_as_bytes`. */
import { CarServerActionType, VcsecUnsignedMessageType } from '../schema';
import type { CommandParams, SignedCommandSpec } from './types';

export function encodeCommandPayload(spec: SignedCommandSpec, params: CommandParams, now: () => number = Date.now): Uint8Array {
  const type = spec.domain === 'vcsec' ? VcsecUnsignedMessageType : CarServerActionType;
  const object = spec.payload(params, now);
  const problem = type.verify(object);
  if (problem) throw new Error(`internal error: ${spec.name} built an invalid payload (${problem})`);
  return type.encode(object).finish();
}
