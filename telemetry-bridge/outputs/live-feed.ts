/**
 * The live feed: a loopback WebSocket server (token required) that pushes records to subscribers. Each subscriber
 * has a bounded queue; when it cannot keep up, its oldest items are dropped and it is told how many. Publishing is
 * O(1) per subscriber and never waits for a subscriber, so a slow panel never slows ingest.
 * Protocol: telemetry-bridge/README.md ("Live feed protocol"); the messages' types: core/messages/live-feed.ts.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import type { Logger } from '../../core/log/logger';
import {
  FEED_PROTOCOL_VERSION,
  type FeedDropped,
  type FeedHello,
  type FeedHelloVehicle,
  type FeedMessage,
  type FeedRecords,
} from '../../core/messages/live-feed';

export interface LiveFeedOptions {
  host?: string;
  port?: number;
  /** Default: 32 random bytes, hex. */
  token?: string;
  /** Items a subscriber may have queued before the oldest are dropped; default 10,000. */
  queueLimit?: number;
  logger?: Logger;
  /** The vehicles connected now, for the hello message. */
  vehicles?: () => FeedHelloVehicle[];
  /** Called when a subscriber arrives or leaves, with how many there are now. */
  onSubscribers?: (count: number) => void;
  /**
   * Plain HTTP requests that carry the token (e.g. the history queries, docs/history.md): answered when this returns
   * true; everything else gets 426 (upgrade to the feed) or 401 without the token.
   */
  http?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

/** Bytes buffered in a subscriber's socket above which we stop sending to it and let its queue absorb. */
const HIGH_WATER = 1 << 20;
const MAX_BATCH = 1000;
/** Queued items that are sent right away instead of at the end of the event-loop turn. */
const SEND_AT = 250;

class Queue {
  private items: Buffer[] = [];
  private head = 0;
  get length(): number {
    return this.items.length - this.head;
  }
  push(item: Buffer): void {
    this.items.push(item);
  }
  shift(): void {
    this.head++;
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
  take(n: number): Buffer[] {
    const out = this.items.slice(this.head, this.head + n);
    this.head += out.length;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    }
    return out;
  }
}

const RECORDS_TYPE: FeedRecords['type'] = 'records';
const RECORDS_HEAD = Buffer.from(`{"type":"${RECORDS_TYPE}","records":[`);
const RECORDS_TAIL = Buffer.from(']}');
const COMMA = Buffer.from(',');

/** `{"type":"records","records":[…]}` (FeedRecords) around the queued lines, as the bytes of one text frame. */
function recordsMessage(lines: Buffer[]): Buffer {
  const parts: Buffer[] = [RECORDS_HEAD];
  for (let i = 0; i < lines.length; i++) {
    if (i) parts.push(COMMA);
    parts.push(lines[i]);
  }
  parts.push(RECORDS_TAIL);
  return Buffer.concat(parts);
}

interface Subscriber {
  ws: WebSocket;
  queue: Queue;
  droppedPending: number;
  droppedTotal: number;
  scheduled: boolean;
  retry: NodeJS.Timeout | undefined;
}

export class LiveFeed {
  readonly token: string;
  private readonly queueLimit: number;
  private readonly subscribers = new Set<Subscriber>();
  private server: Server | undefined;
  private wss: WebSocketServer | undefined;
  droppedTotal = 0;
  port = 0;
  host: string;

  constructor(private readonly options: LiveFeedOptions = {}) {
    this.token = options.token ?? randomBytes(32).toString('hex');
    this.queueLimit = options.queueLimit ?? 10_000;
    this.host = options.host ?? '127.0.0.1';
    options.logger?.addSecret(this.token);
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  get url(): string {
    return `ws://${this.host.includes(':') ? `[${this.host}]` : this.host}:${this.port}/feed`;
  }

  async start(): Promise<void> {
    const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 64 * 1024 });
    const server = createServer((req, res) => {
      const handler = this.options.http;
      if (handler && req.url?.startsWith('/history')) {
        if (!this.authorized(req)) {
          res.writeHead(401, { 'content-type': 'text/plain' }).end('the feed token is required (Authorization: Bearer <token>)\n');
          return;
        }
        if (handler(req, res)) return;
      }
      res.writeHead(426, { 'content-type': 'text/plain' }).end('WebSocket upgrade required\n');
    });
    server.on('upgrade', (req, socket, head) => {
      if (!this.authorized(req)) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => this.add(ws));
    });
    server.on('clientError', (_err, socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, this.host, () => resolve());
    });
    this.server = server;
    this.wss = wss;
    this.port = (server.address() as AddressInfo).port;
  }

  private authorized(req: IncomingMessage): boolean {
    let given: string | undefined;
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) given = auth.slice(7).trim();
    if (!given) {
      try {
        given = new URL(req.url ?? '/', 'http://feed').searchParams.get('token') ?? undefined;
      } catch {
        given = undefined;
      }
    }
    if (!given) return false;
    const a = Buffer.from(given);
    const b = Buffer.from(this.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private add(ws: WebSocket): void {
    const sub: Subscriber = { ws, queue: new Queue(), droppedPending: 0, droppedTotal: 0, scheduled: false, retry: undefined };
    this.subscribers.add(sub);
    ws.on('close', () => {
      this.subscribers.delete(sub);
      if (sub.retry) clearTimeout(sub.retry);
      this.options.onSubscribers?.(this.subscribers.size);
    });
    ws.on('error', () => undefined);
    ws.on('message', () => undefined); // the feed is one-way; anything sent to it is ignored
    const hello: FeedHello = { type: 'hello', protocol: FEED_PROTOCOL_VERSION, queue_limit: this.queueLimit, vehicles: this.options.vehicles?.() ?? [] };
    ws.send(JSON.stringify(hello));
    this.options.onSubscribers?.(this.subscribers.size);
  }

  /** Queues one serialized record (a JSON object's UTF-8 text) for every subscriber. */
  publish(line: Buffer): void {
    for (const sub of this.subscribers) {
      sub.queue.push(line);
      if (sub.queue.length > this.queueLimit) {
        sub.queue.shift();
        sub.droppedPending++;
        sub.droppedTotal++;
        this.droppedTotal++;
      }
      // A full batch goes out at once: a long stretch of vehicle I/O (one event-loop turn) must not hold the feed back.
      if (sub.queue.length >= SEND_AT && !sub.retry) this.pump(sub);
      else this.schedule(sub);
    }
  }

  /** Sends a small control message (e.g. stats) to every subscriber that is keeping up; skipped for the others. */
  broadcast(message: FeedMessage): void {
    const text = JSON.stringify(message);
    for (const sub of this.subscribers) {
      if (sub.ws.readyState === WebSocket.OPEN && sub.ws.bufferedAmount < HIGH_WATER) sub.ws.send(text);
    }
  }

  private schedule(sub: Subscriber): void {
    if (sub.scheduled || sub.retry) return;
    sub.scheduled = true;
    setImmediate(() => {
      sub.scheduled = false;
      this.pump(sub);
    });
  }

  private pump(sub: Subscriber): void {
    const ws = sub.ws;
    if (ws.readyState !== WebSocket.OPEN) return;
    while (sub.queue.length > 0 || sub.droppedPending > 0) {
      if (ws.bufferedAmount >= HIGH_WATER) {
        // Let the socket drain; the queue (bounded) absorbs what arrives meanwhile.
        sub.retry = setTimeout(() => {
          sub.retry = undefined;
          this.pump(sub);
        }, 20);
        return;
      }
      if (sub.droppedPending > 0) {
        const dropped: FeedDropped = { type: 'dropped', count: sub.droppedPending, total: sub.droppedTotal };
        ws.send(JSON.stringify(dropped));
        sub.droppedPending = 0;
      }
      const batch = sub.queue.take(MAX_BATCH);
      if (batch.length) ws.send(recordsMessage(batch), { binary: false });
    }
  }

  /** Sends what is queued (best effort, bounded by `timeoutMs`), then closes every subscriber and the server. */
  async close(timeoutMs = 2000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (const sub of this.subscribers) this.pump(sub);
    while (Date.now() < deadline && [...this.subscribers].some((s) => s.queue.length > 0 || s.ws.bufferedAmount > 0)) {
      await new Promise((r) => setTimeout(r, 20));
    }
    for (const sub of this.subscribers) {
      if (sub.retry) clearTimeout(sub.retry);
      sub.ws.close(1001, 'bridge stopping');
    }
    const server = this.server;
    this.wss?.close();
    if (server) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        setTimeout(() => {
          for (const sub of this.subscribers) sub.ws.terminate();
          server.closeAllConnections();
        }, 500).unref();
      });
    }
  }
}
