/**
 * One vehicle frame → the decoded record: envelope, then the topic's protobuf payload, then the decoded JSON.
 * Pure; the bridge adds identity (the VIN from the certificate) and metadata.
 */
import { decodeEnvelope, EnvelopeError, type Envelope } from './envelope/reader';
import { MESSAGE_TYPE_STREAM } from './envelope/layout';
import { isVehicleTopic, writePayloadJson, type VehicleTopic } from './payload/codec';
import { JsonOut } from './payload/json-out';

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

/** A vehicle frame whose envelope has been read and checked; the payload is not decoded yet. */
export interface VehicleFrame {
  envelope: Envelope;
  topic: VehicleTopic;
  payload: Uint8Array;
}

/** Reads a vehicle → server frame's envelope. Throws FrameError (with the txid if readable) for anything unusable. */
export function readVehicleFrame(frame: Uint8Array): VehicleFrame {
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
  return { envelope, topic, payload: envelope.stream.payload };
}

/** Writes the frame's decoded record (JSON) into `out`. Throws FrameError when the payload is not valid for its topic. */
export function writeFrameRecord(out: JsonOut, frame: VehicleFrame, vin: string): void {
  try {
    writePayloadJson(out, frame.topic, frame.payload, vin);
  } catch (err) {
    throw new FrameError((err as Error).message, frame.envelope.txid);
  }
}

const scratch = new JsonOut();

/** Decodes a vehicle → server frame. Throws FrameError (with the txid if readable) for anything unusable. */
export function decodeVehicleFrame(frame: Uint8Array, vin: string): DecodedFrame {
  const f = readVehicleFrame(frame);
  scratch.reset();
  writeFrameRecord(scratch, f, vin);
  const recordJson = scratch.toString();
  let record: Record<string, unknown> | undefined;
  return {
    envelope: f.envelope,
    topic: f.topic,
    txid: utf8.decode(f.envelope.txid),
    messageId: utf8.decode(f.envelope.messageId),
    recordJson,
    get record() {
      return (record ??= JSON.parse(recordJson) as Record<string, unknown>);
    },
  };
}
