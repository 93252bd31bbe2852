/**
 * One vehicle frame → the decoded record: envelope, then the topic's protobuf payload, then the decoded JSON.
 * Pure; the bridge adds identity (the VIN from the certificate) and metadata.
 */
import { decodeEnvelope, EnvelopeError, type Envelope } from './envelope/reader';
import { MESSAGE_TYPE_STREAM } from './envelope/layout';
import { decodePayloadJson, isVehicleTopic, type VehicleTopic } from './payload/codec';

/** Frames larger than this are refused (fleet-telemetry's 1 MB limit). */
export const MAX_FRAME_BYTES = 1_000_000;

export interface DecodedFrame {
  envelope: Envelope;
  topic: VehicleTopic;
  txid: string;
  messageId: string;
  /** The decoded record as JSON text, in fleet-telemetry's transmit_decoded_records shape. */
  recordJson: string;
  /** recordJson parsed (on first use). */
  readonly record: Record<string, unknown>;
}

export class FrameError extends Error {
  constructor(
    message: string,
    /** The envelope's txid when the envelope itself could be read (used in the error reply). */
    readonly txid: Uint8Array = new Uint8Array(0),
  ) {
    super(message);
    this.name = 'FrameError';
  }
}

const utf8 = new TextDecoder();

export function bytesToText(b: Uint8Array): string {
  return utf8.decode(b);
}

/** Decodes a vehicle → server frame. Throws FrameError (with the txid if readable) for anything unusable. */
export function decodeVehicleFrame(frame: Uint8Array, vin: string): DecodedFrame {
  if (frame.length > MAX_FRAME_BYTES) throw new FrameError(`frame of ${frame.length} bytes exceeds ${MAX_FRAME_BYTES}`);
  let envelope: Envelope;
  try {
    envelope = decodeEnvelope(frame);
  } catch (err) {
    throw new FrameError(err instanceof EnvelopeError ? err.message : `unreadable envelope: ${String(err)}`);
  }
  if (envelope.messageType !== MESSAGE_TYPE_STREAM || !envelope.stream) {
    throw new FrameError(`unexpected message type ${envelope.messageType}`, envelope.txid);
  }
  const topic = utf8.decode(envelope.topic);
  if (!isVehicleTopic(topic)) throw new FrameError(`unknown topic ${JSON.stringify(topic.slice(0, 40))}`, envelope.txid);
  let recordJson: string;
  try {
    recordJson = decodePayloadJson(topic, envelope.stream.payload, vin);
  } catch (err) {
    throw new FrameError((err as Error).message, envelope.txid);
  }
  let record: Record<string, unknown> | undefined;
  return {
    envelope,
    topic,
    txid: utf8.decode(envelope.txid),
    messageId: utf8.decode(envelope.messageId),
    recordJson,
    get record() {
      return (record ??= JSON.parse(recordJson) as Record<string, unknown>);
    },
  };
}
