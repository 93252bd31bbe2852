/**
 * One vehicle WebSocket: each binary frame → rate limit → size check → envelope + payload decode → record to the
 * outputs → ack (after the spool has it when reliable_ack is on). Malformed frames get the "incorrect message
 * format" reply and the connection carries on; text frames close it (binary frames only).
 */
import WebSocket from 'ws';
import type { Logger } from '../../core/log/logger';
import {
  encodeAck,
  encodeErrorResponse,
  FrameError,
  JsonOut,
  MAX_FRAME_BYTES,
  readVehicleFrame,
  writeFrameRecord,
  type VehicleFrame,
} from '../../core/telemetry-wire';
import { DispatchError } from '../dispatchers/types';
import type { Outputs } from '../outputs/outputs';
import { ConnectionLineWriter, type BridgeRecord } from '../record';
import { PauseState, type IngestGate } from './ingest-gate';
import { flushRepliesSoon } from './reply-flush';
import { binaryFrames } from './ws-frames';
import type { RateLimiter } from './rate-limiter';

export interface ConnectionInfo {
  vin: string;
  connectionId: string;
  clientVersion: string;
  networkInterface: string;
  connectedAt: number;
}

export interface ConnectionCounters {
  records: number;
  acks: number;
  malformed: number;
  oversized: number;
  rateLimited: number;
  textFrames: number;
  spoolErrors: number;
  replyPauses: number;
}

export interface ConnectionDeps {
  outputs: Outputs;
  limiter: RateLimiter;
  /** Closes while the outputs are backlogged (reading pauses). */
  gate?: IngestGate;
  nextSeq(): number;
  onRecord(record: BridgeRecord): void;
  counters: ConnectionCounters;
  logger: Logger;
}

const EMPTY = new Uint8Array(0);
const NO_LINE = Buffer.alloc(0);
const utf8 = new TextDecoder();
// Scratch space for one record at a time (frames are handled synchronously, one after another).
const payloadOut = new JsonOut();
const lineOut = new JsonOut();

const appendPayload = (o: JsonOut): void => o.append(payloadOut);

/** Unsent reply bytes above which this vehicle's socket stops being read until they drain (it is not reading acks). */
export const REPLY_HIGH_WATER = 256 * 1024;

export class VehicleConnection {
  private warnedRate = false;
  private readonly pause: PauseState;
  private readonly lines: ConnectionLineWriter;

  constructor(
    readonly ws: WebSocket,
    readonly info: ConnectionInfo,
    private readonly deps: ConnectionDeps,
    /** The raw socket under `ws`: replies are written to it directly, a tick's worth at a time. */
    private readonly socket: { write(data: Uint8Array): boolean; readonly writableLength: number; once(event: 'drain', listener: () => void): unknown },
  ) {
    this.pause = new PauseState(ws);
    this.lines = new ConnectionLineWriter(info.vin, info.connectionId, info.clientVersion);
    deps.gate?.add(this.pause);
    ws.on('message', (data: Buffer, isBinary: boolean) => this.onMessage(data, isBinary));
    ws.on('close', () => deps.gate?.delete(this.pause));
  }

  /** Queues a reply; this connection's replies leave together, with the other connections' (server/reply-flush.ts). */
  private send(frame: Uint8Array): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    if (this.replies.push(frame) === 1) flushRepliesSoon(this.flushReplies);
  }

  private replies: Uint8Array[] = [];
  private replyWait = false;

  private readonly flushReplies = (): void => {
    const frames = this.replies;
    this.replies = [];
    // Whole frames written straight to the socket: ws writes only whole frames too (no compression), so they never
    // interleave inside one.
    if (this.ws.readyState !== WebSocket.OPEN) return;
    const socket = this.socket;
    socket.write(binaryFrames(frames));
    if (socket.writableLength > REPLY_HIGH_WATER && !this.replyWait) {
      this.replyWait = true;
      this.deps.counters.replyPauses++;
      this.pause.set('replies', true);
      socket.once('drain', () => {
        this.replyWait = false;
        this.pause.set('replies', false);
      });
    }
  };

  private onMessage(data: Buffer, isBinary: boolean): void {
    const c = this.deps.counters;
    if (!isBinary) {
      c.textFrames++;
      this.ws.close(1003, 'binary frames only');
      return;
    }
    if (data.length > MAX_FRAME_BYTES) {
      c.oversized++;
      this.send(encodeErrorResponse(EMPTY));
      return;
    }
    if (!this.deps.limiter.tryTake()) {
      // Dropped without an ack, like the reference server: the vehicle keeps the message and resends it later.
      c.rateLimited++;
      if (!this.warnedRate) {
        this.warnedRate = true;
        this.deps.logger.warn(`vehicle ${this.info.vin} is over its rate limit; excess messages are not acked`);
      }
      return;
    }
    let frame: VehicleFrame;
    try {
      frame = readVehicleFrame(data);
      payloadOut.reset();
      writeFrameRecord(payloadOut, frame, this.info.vin);
    } catch (err) {
      c.malformed++;
      this.deps.logger.debug(`malformed frame from ${this.info.vin}: ${(err as Error).message}`);
      this.send(encodeErrorResponse(err instanceof FrameError ? err.txid : EMPTY));
      return;
    }
    // One literal with every field, line last: an object spread here ({ ...meta, line }) made V8 place each record in
    // the old generation, where a major GC had to collect it (bench: old-space growth 700 → 90 bytes per frame).
    const record: BridgeRecord = {
      txtype: frame.topic,
      vin: this.info.vin,
      txid: utf8.decode(frame.envelope.txid),
      received_at: Date.now(),
      connection_id: this.info.connectionId,
      device_client_version: this.info.clientVersion,
      message_id: utf8.decode(frame.envelope.messageId),
      seq: this.deps.nextSeq(),
      line: NO_LINE,
      payload: frame.payload,
    };
    lineOut.reset();
    this.lines.write(lineOut, record, appendPayload);
    record.line = lineOut.toBuffer();
    c.records++;
    this.deps.onRecord(record);
    const durable = this.deps.outputs.dispatch(record);
    this.deps.gate?.check();
    if (!durable) {
      this.ack(frame.envelope);
      return;
    }
    const envelope = frame.envelope;
    durable.then(
      () => this.ack(envelope),
      (err: unknown) => {
        // A record its reliable-ack dispatcher did not confirm is counted by that dispatcher; the vehicle resends it.
        if (!(err instanceof DispatchError)) c.spoolErrors++;
      },
    );
  }

  private ack(envelope: { txid: Uint8Array; topic: Uint8Array }): void {
    this.deps.counters.acks++;
    this.send(encodeAck(envelope.txid, envelope.topic));
  }
}
