/**
 * Reads envelopes. The `flatbuffers` ByteBuffer does no bounds checking, so every offset, vtable and vector is
 * verified here before it is read: any byte string yields either a well-formed Envelope or an EnvelopeError.
 */
import { ByteBuffer } from 'flatbuffers';
import { ENVELOPE_SLOTS, MESSAGE_TYPE_STREAM, STREAM_SLOTS } from './layout';

export class EnvelopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvelopeError';
  }
}

export interface StreamMessage {
  createdAt: number;
  senderId: Uint8Array;
  payload: Uint8Array;
  deviceType: Uint8Array;
  deviceId: Uint8Array;
  deliveredAtEpochMs: bigint;
}

export interface Envelope {
  /** Raw bytes, echoed as-is in acks. */
  txid: Uint8Array;
  topic: Uint8Array;
  messageId: Uint8Array;
  messageType: number;
  /** Present when messageType is 4 (FlatbuffersStream). */
  stream?: StreamMessage;
}

const EMPTY = new Uint8Array(0);

/** A verified table: its position and vtable, with bounds-checked field access. */
class Table {
  private readonly vtable: number;
  private readonly vtableSize: number;
  private readonly objectSize: number;

  constructor(
    private readonly bb: ByteBuffer,
    readonly pos: number,
    private readonly what: string,
  ) {
    const len = bb.capacity();
    if (pos < 0 || pos + 4 > len) throw new EnvelopeError(`${what}: table offset out of range`);
    const vt = pos - bb.readInt32(pos);
    if (vt < 0 || vt + 4 > len) throw new EnvelopeError(`${what}: vtable out of range`);
    const vtSize = bb.readUint16(vt);
    const objSize = bb.readUint16(vt + 2);
    if (vtSize < 4 || vtSize % 2 !== 0 || vt + vtSize > len) throw new EnvelopeError(`${what}: bad vtable size`);
    if (objSize < 4 || pos + objSize > len) throw new EnvelopeError(`${what}: bad table size`);
    this.vtable = vt;
    this.vtableSize = vtSize;
    this.objectSize = objSize;
  }

  /** Absolute position of a scalar/offset field, or 0 when absent. */
  private field(slot: number, size: number): number {
    const vo = 4 + 2 * slot;
    if (vo >= this.vtableSize) return 0;
    const o = this.bb.readUint16(this.vtable + vo);
    if (o === 0) return 0;
    if (o < 4 || o + size > this.objectSize) throw new EnvelopeError(`${this.what}: field ${slot} outside its table`);
    return this.pos + o;
  }

  uint8(slot: number): number {
    const at = this.field(slot, 1);
    return at ? this.bb.readUint8(at) : 0;
  }

  uint32(slot: number): number {
    const at = this.field(slot, 4);
    return at ? this.bb.readUint32(at) : 0;
  }

  uint64(slot: number): bigint {
    const at = this.field(slot, 8);
    return at ? this.bb.readUint64(at) : BigInt(0);
  }

  /** Position the uoffset at `slot` points to, or 0 when absent. */
  private target(slot: number): number {
    const at = this.field(slot, 4);
    if (!at) return 0;
    const to = at + this.bb.readUint32(at);
    if (to > this.bb.capacity() - 4) throw new EnvelopeError(`${this.what}: offset of field ${slot} out of range`);
    return to;
  }

  bytes(slot: number): Uint8Array {
    const vec = this.target(slot);
    if (!vec) return EMPTY;
    const n = this.bb.readUint32(vec);
    const start = vec + 4;
    if (start + n > this.bb.capacity()) throw new EnvelopeError(`${this.what}: vector ${slot} runs past the end`);
    return this.bb.bytes().subarray(start, start + n);
  }

  table(slot: number, what: string): Table | undefined {
    const to = this.target(slot);
    return to ? new Table(this.bb, to, what) : undefined;
  }
}

function readStream(t: Table): StreamMessage {
  return {
    createdAt: t.uint32(STREAM_SLOTS.createdAt),
    senderId: t.bytes(STREAM_SLOTS.senderId),
    payload: t.bytes(STREAM_SLOTS.payload),
    deviceType: t.bytes(STREAM_SLOTS.deviceType),
    deviceId: t.bytes(STREAM_SLOTS.deviceId),
    deliveredAtEpochMs: t.uint64(STREAM_SLOTS.deliveredAtEpochMs),
  };
}

/** Decodes one frame (a FlatBuffer whose root is the envelope). Throws EnvelopeError when it is not one. */
export function decodeEnvelope(frame: Uint8Array): Envelope {
  if (frame.length < 12) throw new EnvelopeError('frame too short for an envelope');
  const bb = new ByteBuffer(frame);
  const root = new Table(bb, bb.readUint32(0), 'envelope');
  const messageType = root.uint8(ENVELOPE_SLOTS.messageType);
  const envelope: Envelope = {
    txid: root.bytes(ENVELOPE_SLOTS.txid),
    topic: root.bytes(ENVELOPE_SLOTS.topic),
    messageId: root.bytes(ENVELOPE_SLOTS.messageId),
    messageType,
  };
  // Only the stream message has a table behind the union; an ack's union value is not a table (see builder.ts).
  if (messageType === MESSAGE_TYPE_STREAM) {
    const table = root.table(ENVELOPE_SLOTS.message, 'stream message');
    if (!table) throw new EnvelopeError('stream envelope without a message');
    envelope.stream = readStream(table);
  }
  return envelope;
}
