/**
 * The `redis` dispatcher, as fleet-telemetry's datastore/redis/redis.go: a record's payload (protobuf or decoded JSON
 * per transmit_decoded_records) is PUBLISHed to every live member of the per-VIN sorted set
 * `<subscriber_set_prefix>_<namespace>_<txtype>_{<vin>}` (members whose score, a lease expiry in epoch seconds, is
 * already past are removed first with ZREMRANGEBYSCORE -inf (now), then to the VIN channel
 * `<namespace>_<txtype>_{<vin>}` when publish_vin_topics is set. Commands are sent one after another, each within
 * publish_timeout; the record is confirmed when all succeeded. While Redis is away commands wait in the client's
 * offline queue and run when it reconnects.
 */
import { createClient } from 'redis';
import type { Logger } from '../../core/log/logger';
import type { DispatchRecord } from './dispatch-record';
import { emptyStats, type Dispatcher, type PayloadFormat, type RedisDispatcherConfig } from './types';

// redis.go NewProducer pings with a 10 s timeout.
const CONNECT_TIMEOUT_MS = 10_000;
const RECONNECT_MAX_MS = 1000;

type Client = ReturnType<typeof createClient>;

/** telemetry.BuildTopicName plus the VIN hash tag, as redis.go vinChannel. */
export function redisVinChannel(namespace: string, txtype: string, vin: string): string {
  return `${namespace}_${txtype}_{${vin}}`;
}

export class RedisDispatcher implements Dispatcher {
  readonly name = 'redis' as const;
  readonly stats = emptyStats();
  private client?: Client;

  constructor(
    private readonly config: RedisDispatcherConfig,
    private readonly namespace: string,
    private readonly format: PayloadFormat,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const c = this.config;
    const client = createClient({
      url: c.url,
      username: c.username,
      password: c.password,
      database: c.db,
      socket: { connectTimeout: CONNECT_TIMEOUT_MS, reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, RECONNECT_MAX_MS) },
    });
    this.client = client;
    client.on('ready', () => {
      if (!this.stats.connected) this.logger.info(`connected to ${c.url}`);
      this.stats.connected = true;
    });
    client.on('end', () => (this.stats.connected = false));
    client.on('error', (err: Error) => {
      if (this.stats.connected && this.client) this.logger.warn(`lost Redis at ${c.url} (${err.message}); publishing resumes when it is back`);
      this.stats.connected = false;
    });
    const timer = new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error(`redis: cannot connect to ${c.url} within ${CONNECT_TIMEOUT_MS} ms (is it running? check redis.addrs)`)),
        CONNECT_TIMEOUT_MS,
      ).unref(),
    );
    try {
      await Promise.race([client.connect().then(() => client.ping()), timer]);
    } catch (err) {
      this.client = undefined;
      await client.disconnect().catch(() => undefined);
      throw new Error(`redis_connect_error ${c.url}: ${(err as Error).message}`);
    }
  }

  private timed<T>(p: Promise<T>, what: string): Promise<T> {
    const ms = this.config.publishTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} unconfirmed after publish_timeout (${ms} ms)`)), ms);
    });
    return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
  }

  /** redis.go channelsForRecord: live subscriber channels first, then the VIN channel. */
  private async channels(rec: DispatchRecord, client: Client): Promise<string[]> {
    const vinChannel = redisVinChannel(this.namespace, rec.txtype, rec.vin);
    const out: string[] = [];
    if (this.config.subscriberSetPrefix) {
      const setKey = `${this.config.subscriberSetPrefix}_${vinChannel}`;
      const now = Math.floor(Date.now() / 1000);
      await this.timed(client.zRemRangeByScore(setKey, '-inf', `(${now}`), `ZREMRANGEBYSCORE ${setKey}`);
      out.push(...(await this.timed(client.zRange(setKey, 0, -1), `ZRANGE ${setKey}`)));
    }
    if (this.config.publishVinTopics) out.push(vinChannel);
    return out;
  }

  async publish(rec: DispatchRecord): Promise<void> {
    const client = this.client;
    if (!client) throw new Error('redis dispatcher not started');
    const payload = Buffer.from(rec.payload(this.format));
    for (const channel of await this.channels(rec, client)) {
      await this.timed(client.publish(channel, payload), `PUBLISH ${channel}`);
      this.stats.messages++;
      this.stats.bytes += payload.length;
    }
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    await client.disconnect().catch(() => undefined);
    this.stats.connected = false;
  }
}
