import { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import { parseFeedMessage, type FeedHelloVehicle, type FeedMessage } from '../../core/messages/live-feed';
import type { FeedRecord } from './model/store';

export type { FeedHelloVehicle, FeedStats } from '../../core/messages/live-feed';

/** A connectivity record standing in for a CONNECTED event that happened before the panel subscribed. */
export function helloRecord(v: Pick<FeedHelloVehicle, 'vin'> & Partial<FeedHelloVehicle>, now: number): FeedRecord {
  const at = typeof v.connectedAt === 'number' ? v.connectedAt : now;
  return {
    txtype: 'connectivity',
    vin: v.vin,
    received_at: now,
    ...(v.connectionId ? { connection_id: v.connectionId } : {}),
    record: {
      vin: v.vin,
      connectionId: v.connectionId ?? '',
      status: 'CONNECTED',
      createdAt: new Date(at).toISOString(),
      networkInterface: v.networkInterface ?? '',
    },
  };
}

/**
 * A subscriber of the bridge's live feed (extension host only: the token never leaves it). Reconnects with
 * backoff until closed. Every message is read with core's parseFeedMessage (malformed ones go to `feedError`). Events:
 * `open`, `hello` (FeedHelloVehicle[]), `records` (TelemetryRecord[]), `stats` (FeedStats), `dropped` (count), `alert` (Alert), `close`.
 */
export class FeedClient extends EventEmitter {
  private ws: WebSocket | undefined;
  private closed = false;
  private backoff = 500;
  private timer: NodeJS.Timeout | undefined;
  connected = false;

  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {
    super();
    this.connect();
  }

  private connect(): void {
    if (this.closed) return;
    const ws = new WebSocket(this.url, { headers: { authorization: `Bearer ${this.token}` }, perMessageDeflate: false });
    this.ws = ws;
    ws.on('open', () => {
      this.connected = true;
      this.backoff = 500;
      this.emit('open');
    });
    ws.on('message', (data) => {
      let msg: FeedMessage | undefined;
      try {
        msg = parseFeedMessage(String(data));
      } catch (err) {
        this.emit('feedError', err);
        return;
      }
      if (msg?.type === 'records') this.emit('records', msg.records);
      else if (msg?.type === 'stats') this.emit('stats', msg);
      else if (msg?.type === 'hello') this.emit('hello', msg.vehicles);
      else if (msg?.type === 'dropped') this.emit('dropped', msg.count);
      else if (msg?.type === 'alert') this.emit('alert', msg.alert);
    });
    ws.on('error', (err) => this.emit('feedError', err));
    ws.on('close', () => {
      const was = this.connected;
      this.connected = false;
      if (was) this.emit('close');
      if (this.closed) return;
      this.timer = setTimeout(() => this.connect(), this.backoff);
      this.backoff = Math.min(this.backoff * 2, 10_000);
    });
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.ws?.terminate();
  }
}
