/**
 * A live telemetry source reading the MQTT broker a production fleet-telemetry writes to: subscribes to
 * `<topic_base>/#` and hands on the records of its messages (records.ts), in batches. Reconnects by itself once it
 * has been connected; the first connection's failure is an error naming the fix. The password is only passed to the
 * client, never logged or kept anywhere else.
 */
import { EventEmitter } from 'node:events';
import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import { mqttMessageToRecord, type MqttRecord } from './records';
import { subscriptionFor, topicBaseProblem } from './topics';

export interface MqttSourceOptions {
  /** mqtt://HOST:PORT, mqtts://HOST:PORT (TLS), ws:// or wss://. */
  url: string;
  /** fleet-telemetry's `topic_base`. */
  topicBase: string;
  username?: string;
  password?: string;
  /** PEM CA certificate(s) to trust for mqtts:// or wss:// (else the system roots). */
  ca?: string;
  /** Default: fleetkit-panel-<random>. */
  clientId?: string;
  /** First connection, ms (default 10 s). */
  connectTimeoutMs?: number;
}

export type MqttSourceState = 'connecting' | 'connected' | 'reconnecting' | 'closed';

export interface MqttSourceEvents {
  records: [MqttRecord[]];
  state: [MqttSourceState];
  /** A message under the topic base that is not of the layout's shape (counted, first few reported). */
  badMessage: [string];
}

/** Checks the URL and topic base before anything connects; returns the problem, worded with its fix. */
export function mqttSourceProblem(o: Pick<MqttSourceOptions, 'url' | 'topicBase'>): string | undefined {
  let url: URL;
  try {
    url = new URL(o.url);
  } catch {
    return `"${o.url}" is not a broker URL: give mqtt://HOST:PORT (or mqtts://, ws://, wss://)`;
  }
  if (!['mqtt:', 'mqtts:', 'ws:', 'wss:'].includes(url.protocol)) return `"${o.url}" is not an MQTT URL: use mqtt://HOST:PORT, mqtts://, ws:// or wss://`;
  if (url.username || url.password) return 'put the user name and password in their own fields, not in the broker URL';
  return topicBaseProblem(o.topicBase);
}

function connectProblem(err: Error & { code?: number | string }, url: string): string {
  const code = err.code;
  if (code === 4 || code === 134) return `the broker at ${url} refused the user name or password: check them and attach again`;
  if (code === 5 || code === 135) {
    return `the broker at ${url} refused the connection (not authorized): check the user name and password, and that the broker lets this user connect`;
  }
  if (code === 'ECONNREFUSED') return `nothing answers at ${url}: is the broker running, and is the port right?`;
  if (code === 'ENOTFOUND') return `the broker host in ${url} is not known: check the URL`;
  if (typeof code === 'string' && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
    return `the broker's TLS certificate is not trusted (${code}): give its CA file`;
  }
  return `could not connect to ${url}: ${err.message}`;
}

export class MqttTelemetrySource extends EventEmitter<MqttSourceEvents> {
  private batch: MqttRecord[] = [];
  private flushScheduled = false;
  private closed = false;
  state: MqttSourceState = 'connecting';
  messages = 0;
  badMessages = 0;
  lastMessageAt = 0;

  private constructor(
    private readonly client: MqttClient,
    readonly options: MqttSourceOptions,
  ) {
    super();
  }

  /** Connects and subscribes; rejects with a message naming the fix when the broker cannot be used. */
  static async open(options: MqttSourceOptions): Promise<MqttTelemetrySource> {
    const problem = mqttSourceProblem(options);
    if (problem) throw new Error(problem);
    const timeout = options.connectTimeoutMs ?? 10_000;
    const clientOptions: IClientOptions = {
      clientId: options.clientId ?? `fleetkit-panel-${Math.random().toString(16).slice(2, 10)}`,
      connectTimeout: timeout,
      reconnectPeriod: 1000,
      clean: true,
      ...(options.username ? { username: options.username } : {}),
      ...(options.password ? { password: options.password } : {}),
      ...(options.ca ? { ca: options.ca } : {}),
    };
    const client = connect(options.url, clientOptions);
    const source = new MqttTelemetrySource(client, options);
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the broker at ${options.url} did not answer within ${Math.round(timeout / 1000)} s`)), timeout);
        client.once('connect', () => {
          clearTimeout(timer);
          resolve();
        });
        client.once('error', (err) => {
          clearTimeout(timer);
          reject(new Error(connectProblem(err as Error & { code?: number | string }, options.url)));
        });
      });
      await client.subscribeAsync(subscriptionFor(options.topicBase), { qos: 1 });
    } catch (err) {
      client.end(true);
      throw err;
    }
    source.wire();
    return source;
  }

  private wire(): void {
    this.setState('connected');
    this.client.on('connect', () => this.setState('connected'));
    this.client.on('reconnect', () => this.setState('reconnecting'));
    this.client.on('offline', () => this.setState('reconnecting'));
    this.client.on('error', () => undefined); // reconnects follow; the state says so
    this.client.on('message', (topic, payload) => this.onMessage(topic, payload));
  }

  private setState(s: MqttSourceState): void {
    if (this.closed || this.state === s) return;
    this.state = s;
    this.emit('state', s);
  }

  private onMessage(topic: string, payload: Buffer): void {
    const now = Date.now();
    this.messages++;
    this.lastMessageAt = now;
    const m = mqttMessageToRecord(this.options.topicBase, topic, payload, now);
    if (m.ok) {
      this.batch.push(m.record);
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    } else if ('error' in m) {
      this.badMessages++;
      if (this.badMessages <= 20) this.emit('badMessage', m.error);
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    const records = this.batch;
    this.batch = [];
    if (records.length && !this.closed) this.emit('records', records);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.state = 'closed';
    this.emit('state', 'closed');
    await this.client.endAsync(true).catch(() => undefined);
  }
}
