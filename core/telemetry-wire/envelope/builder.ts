/**
 * Writes envelopes with the `flatbuffers` Builder in the same call order as the reference server, so the bytes
 * match its output exactly (checked against the reference vectors).
 */
import { Builder } from 'flatbuffers';
import {
  ENVELOPE_SLOT_COUNT,
  ENVELOPE_SLOTS,
  INCORRECT_MESSAGE_FORMAT,
  MESSAGE_TYPE_ACK,
  MESSAGE_TYPE_STREAM,
  STREAM_SLOT_COUNT,
  STREAM_SLOTS,
} from './layout';

export type Bytes = Uint8Array | string;

export interface StreamEnvelopeInput {
  txid: Bytes;
  topic: Bytes;
  payload: Uint8Array;
  messageId?: Bytes;
  /** Epoch seconds. */
  createdAt?: number;
  senderId?: Bytes;
  deviceType?: Bytes;
  deviceId?: Bytes;
  deliveredAtEpochMs?: number | bigint;
}

const encoder = new TextEncoder();
const EMPTY = new Uint8Array(0);

// Reused for short ASCII strings (txids, message ids): a TextEncoder result is a fresh ArrayBuffer each time. The
// Builder copies a string's bytes as soon as it is given them, so one scratch serves every string in turn.
const scratch = new Uint8Array(256);

function bytes(v: Bytes | undefined): Uint8Array {
  if (v === undefined) return EMPTY;
  if (typeof v !== 'string') return v;
  const n = v.length;
  if (n > scratch.length) return encoder.encode(v);
  for (let i = 0; i < n; i++) {
    const c = v.charCodeAt(i);
    if (c > 0x7f) return encoder.encode(v);
    scratch[i] = c;
  }
  return scratch.subarray(0, n);
}

// One builder reused for every envelope (cleared each time); the finished bytes are copied out.
const shared = new Builder(1024);

function builder(): Builder {
  shared.clear();
  return shared;
}

function finishEnvelope(b: Builder, txid: Bytes, topic: Bytes, messageId: Bytes | undefined, type: number, message: number): Uint8Array {
  const txidOff = b.createString(bytes(txid));
  const topicOff = b.createString(bytes(topic));
  const messageIdOff = b.createString(bytes(messageId));
  b.startObject(ENVELOPE_SLOT_COUNT);
  b.addFieldOffset(ENVELOPE_SLOTS.txid, txidOff, 0);
  b.addFieldOffset(ENVELOPE_SLOTS.topic, topicOff, 0);
  b.addFieldInt8(ENVELOPE_SLOTS.messageType, type, 0);
  b.addFieldOffset(ENVELOPE_SLOTS.message, message, 0);
  b.addFieldOffset(ENVELOPE_SLOTS.messageId, messageIdOff, 0);
  b.finish(b.endObject());
  // A copy from Node's buffer pool: a fresh ArrayBuffer per envelope (what slice() makes) costs a malloc each.
  return Buffer.from(b.asUint8Array());
}

/** A vehicle → server stream message (union tag 4). */
export function encodeStreamEnvelope(input: StreamEnvelopeInput): Uint8Array {
  const payload = input.payload;
  const b = builder();
  const senderId = b.createString(bytes(input.senderId));
  const payloadOff = b.createString(payload);
  const deviceType = b.createString(bytes(input.deviceType));
  const deviceId = b.createString(bytes(input.deviceId));
  b.startObject(STREAM_SLOT_COUNT);
  b.addFieldOffset(STREAM_SLOTS.senderId, senderId, 0);
  b.addFieldInt32(STREAM_SLOTS.createdAt, (input.createdAt ?? 0) | 0, 0);
  b.addFieldOffset(STREAM_SLOTS.payload, payloadOff, 0);
  b.addFieldOffset(STREAM_SLOTS.deviceType, deviceType, 0);
  b.addFieldOffset(STREAM_SLOTS.deviceId, deviceId, 0);
  b.addFieldInt64(STREAM_SLOTS.deliveredAtEpochMs, BigInt(input.deliveredAtEpochMs ?? 0), BigInt(0));
  const stream = b.endObject();
  return finishEnvelope(b, input.txid, input.topic, input.messageId, MESSAGE_TYPE_STREAM, stream);
}

/**
 * The server's ack: txid and topic echoed, an empty message_id, message type 5. Like the reference server, the
 * union value points at an empty byte vector (cars only read the type, txid and topic).
 */
export function encodeAck(txid: Bytes, topic: Bytes): Uint8Array {
  const tp = typeof topic === 'string' ? encoder.encode(topic) : topic; // not the scratch: the txid uses it
  const t = bytes(txid);
  const template = ackTemplate(t.length, tp);
  if (!template) return buildAck(t, tp);
  // The builder's layout depends only on the lengths, so the ack is the template with this txid written in.
  const out = Buffer.from(template.bytes);
  out.set(t, template.txidAt);
  return out;
}

function buildAck(txid: Uint8Array, topic: Uint8Array): Uint8Array {
  const b = builder();
  const empty = b.createString(EMPTY);
  return finishEnvelope(b, txid, topic, EMPTY, MESSAGE_TYPE_ACK, empty);
}

// Acks are one per record; building each with the Builder was a measurable share of the bridge's time.
interface AckTemplate {
  txidLength: number;
  topic: Uint8Array;
  bytes: Uint8Array;
  txidAt: number;
}
const ackTemplates: AckTemplate[] = [];
const MAX_TEMPLATES = 64;
const MAX_TEMPLATE_TXID = 256;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function ackTemplate(txidLength: number, topic: Uint8Array): AckTemplate | undefined {
  if (txidLength === 0 || txidLength > MAX_TEMPLATE_TXID || topic.length > 64) return undefined;
  for (let i = 0; i < ackTemplates.length; i++) {
    const t = ackTemplates[i];
    if (t.txidLength === txidLength && sameBytes(t.topic, topic)) return t;
  }
  if (ackTemplates.length >= MAX_TEMPLATES) return undefined;
  // Two builds that differ only in the txid's bytes: where they differ is where the txid goes.
  const zeros = buildAck(new Uint8Array(txidLength), topic);
  const ones = buildAck(new Uint8Array(txidLength).fill(0xff), topic);
  const template = { txidLength, topic: topic.slice(), bytes: zeros, txidAt: zeros.findIndex((b, i) => b !== ones[i]) };
  ackTemplates.push(template);
  return template;
}

/** The server's reply to a frame it cannot use: a stream message whose payload is "incorrect message format". */
export function encodeErrorResponse(txid: Bytes): Uint8Array {
  return encodeStreamEnvelope({ txid, topic: EMPTY, payload: encoder.encode(INCORRECT_MESSAGE_FORMAT) });
}
