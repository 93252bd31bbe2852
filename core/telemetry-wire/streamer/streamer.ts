/**
 * The vehicle side of Fleet Telemetry: connects to a telemetry server over mTLS WebSocket with the vehicle's client
 * certificate (trusting only the config's `ca`), sends envelopes, matches acks by txid, keeps unacked messages
 * (up to `maxPending`, oldest dropped first) and resends them after reconnecting with exponential backoff.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import type { Logger } from '../../log/logger';
import { encodeStreamEnvelope } from '../envelope/builder';
import { MESSAGE_TYPE_ACK, MESSAGE_TYPE_STREAM } from '../envelope/layout';
import { decodeEnvelope } from '../envelope/reader';
import {
  encodeVehicleAlerts,
  encodeVehicleData,
  encodeVehicleErrors,
  type VehicleAlertsJson,
  type VehicleDataJson,
  type VehicleErrorsJson,
} from '../payload/codec';

export interface VehicleStreamerOptions {
  /** `wss://host:port/` (the server accepts any path). */
  url: string;
  /** The vehicle's client certificate and key (PEM); the server takes the VIN from the certificate's CN. */
  certPem: string;
  keyPem: string;
  /** PEM certificate(s) to trust for the server: the telemetry config's `ca`. Nothing else is trusted. */
  ca: string;
  /** VIN written into the message body (device_id / sender_id); servers ignore it. Default: none. */
  vin?: string;
  /** TLS server name (SNI and certificate check); default the URL's host. */
  servername?: string;
  /** `X-Network-Interface` header; default `wifi`. */
  networkInterface?: string;
  /** `Version` header (device client version); default `1.2.0`. */
  clientVersion?: string;
  /** Most unacked messages kept for resending; the oldest are dropped beyond it. Default 5000. */
  maxPending?: number;
  /** Reconnect after a drop: false, or backoff bounds. Default 500 ms doubling to 30 s. */
  reconnect?: false | { initialMs?: number; maxMs?: number };
  logger?: Logger;
}

export interface AckEvent {
  txid: string;
  topic: string;
}

export interface RejectedEvent {
  /** Empty when the server could not read the frame's txid. */
  txid: string;
  reason: string;
}

export interface DisconnectedEvent {
  code?: number;
  reason: string;
  /** True when the connection never opened (TLS or HTTP refused it). */
  refused: boolean;
}

interface Pending {
  topic: string;
  build(resend: boolean): Uint8Array;
  /** Sent on the current connection. */
  sent: boolean;
  /** Sent on any connection: a later transmission is a resend. */
  everSent: boolean;
}

export interface VehicleStreamer {
  /** Queues a `V` message; returns its txid. Sent now when connected, else after connecting. */
  sendVehicleData(input: VehicleDataJson): string;
  sendAlerts(input: VehicleAlertsJson): string;
  sendErrors(input: VehicleErrorsJson): string;
  /** Queues an envelope around arbitrary payload bytes for `topic`. */
  sendPayload(topic: string, payload: Uint8Array): string;
  /** Writes the messages queued so far in this tick now (they otherwise leave together at the end of the tick). */
  flush(): void;
  /** Sends bytes as they are, untracked (for tests of malformed input). Strings go as text frames. */
  sendRaw(data: Uint8Array | string): boolean;
  readonly connected: boolean;
  readonly pendingCount: number;
  /** Messages dropped because more than `maxPending` were unacked. */
  readonly droppedCount: number;
  /** Resolves on the next successful connection (now if connected); rejects if it is closed first. */
  waitConnected(): Promise<void>;
  /** Resolves when nothing is pending (every message acked or rejected). */
  waitIdle(): Promise<void>;
  close(): Promise<void>;
  on(event: 'connected', listener: () => void): this;
  on(event: 'disconnected', listener: (e: DisconnectedEvent) => void): this;
  on(event: 'ack', listener: (e: AckEvent) => void): this;
  on(event: 'rejected', listener: (e: RejectedEvent) => void): this;
  off(event: 'connected' | 'disconnected' | 'ack' | 'rejected', listener: (e: never) => void): this;
}

const utf8 = new TextDecoder();
const utf8Encoder = new TextEncoder();

class Streamer extends EventEmitter {
  private ws: WebSocket | undefined;
  /** The TLS socket under `ws`, corked while the messages of one tick accumulate. */
  private socket: { cork(): void; uncork(): void } | undefined;
  /** The socket corked for this tick, if any. */
  private corked: { cork(): void; uncork(): void } | undefined;
  private readonly pending = new Map<string, Pending>();
  private readonly prefix = randomBytes(11).toString('hex');
  private seq = 0;
  private dropped = 0;
  private closed = false;
  private opened = false;
  private backoffMs: number;
  private timer: NodeJS.Timeout | undefined;
  private idleWaiters: Array<() => void> = [];
  /** The envelope fields that never change for this vehicle, encoded once. */
  private readonly identity: { senderId: Uint8Array; deviceType: Uint8Array; deviceId: Uint8Array };

  constructor(private readonly options: VehicleStreamerOptions) {
    super();
    const vin = options.vin ?? '';
    this.identity = {
      senderId: utf8Encoder.encode(vin ? `vehicle_device.${vin}` : ''),
      deviceType: utf8Encoder.encode('vehicle_device'),
      deviceId: utf8Encoder.encode(vin),
    };
    this.backoffMs = this.initialBackoff();
    this.connect();
  }

  get connected(): boolean {
    return this.opened && this.ws?.readyState === WebSocket.OPEN;
  }
  get pendingCount(): number {
    return this.pending.size;
  }
  get droppedCount(): number {
    return this.dropped;
  }

  private initialBackoff(): number {
    return (this.options.reconnect && this.options.reconnect.initialMs) || 500;
  }

  private connect(): void {
    const o = this.options;
    const wsOptions: WebSocket.ClientOptions & { servername?: string } = {
      cert: o.certPem,
      key: o.keyPem,
      ca: o.ca,
      servername: o.servername,
      perMessageDeflate: false,
      maxPayload: 2 * 1024 * 1024,
      headers: {
        'X-TXID': randomUUID(),
        'X-Network-Interface': o.networkInterface ?? 'wifi',
        Version: o.clientVersion ?? '1.2.0',
      },
    };
    const ws = new WebSocket(o.url, wsOptions);
    ws.binaryType = 'nodebuffer';
    this.ws = ws;
    this.socket = undefined;
    this.opened = false;
    ws.on('upgrade', (res) => {
      this.socket = res.socket;
    });
    let reason = '';
    ws.on('open', () => {
      this.opened = true;
      this.backoffMs = this.initialBackoff();
      this.emit('connected');
      this.flushPending();
    });
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) this.onFrame(data);
    });
    ws.on('unexpected-response', (_req, res) => {
      reason = `HTTP ${res.statusCode ?? '?'}`;
      ws.terminate();
    });
    ws.on('error', (err) => {
      reason = err.message;
      o.logger?.debug('telemetry stream error', err.message);
    });
    ws.on('close', (code: number, why: Buffer) => {
      const wasOpen = this.opened;
      this.opened = false;
      for (const p of this.pending.values()) p.sent = false;
      this.emit('disconnected', { code, reason: why.toString() || reason || 'closed', refused: !wasOpen } satisfies DisconnectedEvent);
      this.scheduleReconnect();
    });
  }

  private scheduleReconnect(): void {
    if (this.closed || this.options.reconnect === false) return;
    const max = (this.options.reconnect && this.options.reconnect.maxMs) || 30_000;
    const delay = Math.min(max, this.backoffMs) * (0.75 + Math.random() * 0.5);
    this.backoffMs = Math.min(max, this.backoffMs * 2);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.closed) this.connect();
    }, delay);
  }

  private onFrame(data: Buffer): void {
    let env;
    try {
      env = decodeEnvelope(data);
    } catch (err) {
      this.options.logger?.warn('unreadable frame from the telemetry server', (err as Error).message);
      return;
    }
    const txid = utf8.decode(env.txid);
    if (env.messageType === MESSAGE_TYPE_ACK) {
      // One ack per message: the event object is only built for someone listening.
      if (this.pending.delete(txid) && this.listenerCount('ack') > 0) this.emit('ack', { txid, topic: utf8.decode(env.topic) } satisfies AckEvent);
    } else if (env.messageType === MESSAGE_TYPE_STREAM && env.stream) {
      this.pending.delete(txid);
      this.emit('rejected', { txid, reason: utf8.decode(env.stream.payload) } satisfies RejectedEvent);
    }
    if (this.pending.size === 0) this.notifyIdle();
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private flushPending(): void {
    for (const p of this.pending.values()) {
      if (!this.connected) return;
      if (!p.sent) this.transmit(p, p.everSent);
    }
  }

  private transmit(p: Pending, resend: boolean): void {
    p.sent = true;
    p.everSent = true;
    this.corkForTick();
    this.ws?.send(p.build(resend), { binary: true });
  }

  /** Messages queued in the same tick (a 500 ms bucket spread over several messages, a resend burst) leave in one TLS write. */
  private corkForTick(): void {
    const socket = this.socket;
    if (!socket || this.corked) return;
    this.corked = socket;
    socket.cork();
    process.nextTick(() => this.flush());
  }

  flush(): void {
    const socket = this.corked;
    if (!socket) return;
    this.corked = undefined;
    socket.uncork();
  }

  private nextTxid(): string {
    this.seq++;
    return `${this.prefix}-${String(this.seq % 1e9).padStart(9, '0')}`;
  }

  private enqueue(topic: string, build: (txid: string, resend: boolean) => Uint8Array): string {
    const txid = this.nextTxid();
    const p: Pending = { topic, build: (resend) => build(txid, resend), sent: false, everSent: false };
    this.pending.set(txid, p);
    while (this.pending.size > (this.options.maxPending ?? 5000)) {
      const oldest = this.pending.keys().next().value as string;
      this.pending.delete(oldest);
      this.dropped++;
    }
    if (this.connected) this.transmit(p, false);
    return txid;
  }

  private envelope(topic: string, txid: string, payload: Uint8Array): Uint8Array {
    return encodeStreamEnvelope({
      txid,
      topic: this.topicBytes(topic),
      payload,
      messageId: randomUUID(),
      createdAt: Math.floor(Date.now() / 1000),
      ...this.identity,
    });
  }

  private readonly topics = new Map<string, Uint8Array>();
  private topicBytes(topic: string): Uint8Array {
    let b = this.topics.get(topic);
    if (!b) this.topics.set(topic, (b = utf8Encoder.encode(topic)));
    return b;
  }

  sendVehicleData(input: VehicleDataJson): string {
    const first = encodeVehicleData(input);
    return this.enqueue('V', (txid, resend) => this.envelope('V', txid, resend && !input.isResend ? encodeVehicleData({ ...input, isResend: true }) : first));
  }

  sendAlerts(input: VehicleAlertsJson): string {
    const payload = encodeVehicleAlerts(input);
    return this.enqueue('alerts', (txid) => this.envelope('alerts', txid, payload));
  }

  sendErrors(input: VehicleErrorsJson): string {
    const payload = encodeVehicleErrors(input);
    return this.enqueue('errors', (txid) => this.envelope('errors', txid, payload));
  }

  sendPayload(topic: string, payload: Uint8Array): string {
    return this.enqueue(topic, (txid) => this.envelope(topic, txid, payload));
  }

  sendRaw(data: Uint8Array | string): boolean {
    if (!this.connected || !this.ws) return false;
    this.ws.send(data, { binary: typeof data !== 'string' });
    return true;
  }

  waitConnected(): Promise<void> {
    if (this.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onUp = (): void => {
        this.off('closed', onClosed);
        resolve();
      };
      const onClosed = (): void => {
        this.off('connected', onUp);
        reject(new Error('streamer closed before connecting'));
      };
      this.once('connected', onUp);
      this.once('closed', onClosed);
    });
  }

  waitIdle(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.emit('closed');
    const ws = this.ws;
    if (!ws || ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        ws.terminate();
        resolve();
      }, 2000);
      ws.once('close', () => {
        clearTimeout(t);
        resolve();
      });
      if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
      else ws.close(1000, 'vehicle closing');
    });
  }
}

/** Starts a streaming vehicle; it connects at once and keeps reconnecting until closed. */
export function createVehicleStreamer(options: VehicleStreamerOptions): VehicleStreamer {
  return new Streamer(options) as unknown as VehicleStreamer;
}
