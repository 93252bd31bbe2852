/**
 * The `zmq` dispatcher, as fleet-telemetry's datastore/zmq/zmq.go: a PUB socket bound to `addr`; each record is one
 * two-frame message, the topic `<namespace>_<txtype>` (telemetry.BuildTopicName) then the payload (protobuf or decoded
 * JSON per transmit_decoded_records). A subscriber filters on the topic frame's prefix. PUB sends never wait for
 * subscribers (ZeroMQ drops for absent or slow ones), so a record is confirmed once the socket took it, as in Go.
 */
import type { Publisher } from 'zeromq';
import type { Logger } from '../../core/log/logger';
import type { DispatchRecord } from './dispatch-record';
import { emptyStats, type Dispatcher, type PayloadFormat, type ZmqDispatcherConfig } from './types';

export class ZmqDispatcher implements Dispatcher {
  readonly name = 'zmq' as const;
  readonly stats = emptyStats();
  private socket?: Publisher;
  /** zeromq allows one send at a time per socket: sends are chained. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly config: ZmqDispatcherConfig,
    private readonly namespace: string,
    private readonly format: PayloadFormat,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    // Loaded on use: a native addon, external to the bundles (esbuild.mjs), needed only by configs that name zmq.
    const { Publisher: PublisherSocket } = await import('zeromq').catch((err: Error) => {
      throw new Error(`zmq: the zeromq package cannot be loaded (${err.message}); install it beside Fleetkit with npm install zeromq`);
    });
    const socket = new PublisherSocket({ linger: 0 });
    try {
      await socket.bind(this.config.addr);
    } catch (err) {
      socket.close();
      throw new Error(`zmq: cannot bind ${this.config.addr}: ${(err as Error).message} (check zmq.addr)`);
    }
    this.socket = socket;
    this.stats.connected = true;
    this.logger.info(`publishing on ${this.endpoint ?? this.config.addr}`);
  }

  /** The bound endpoint (with the port chosen when addr asked for tcp://host:*). */
  get endpoint(): string | undefined {
    return this.socket?.lastEndpoint ?? undefined;
  }

  publish(rec: DispatchRecord): Promise<void> {
    const socket = this.socket;
    if (!socket) return Promise.reject(new Error('zmq dispatcher not started'));
    const topic = `${this.namespace}_${rec.txtype}`;
    const payload = rec.payload(this.format);
    const sent = this.tail.then(() => socket.send([topic, payload]));
    this.tail = sent.catch(() => undefined);
    return sent.then(() => {
      this.stats.messages++;
      this.stats.bytes += payload.length;
    });
  }

  async close(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (!socket) return;
    await this.tail;
    socket.close();
    this.stats.connected = false;
  }
}
