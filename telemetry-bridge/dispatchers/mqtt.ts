/**
 * The `mqtt` dispatcher (fleet-telemetry's datastore/mqtt/mqtt.go): each record becomes its MQTT messages
 * (mqtt-messages.ts), published with the configured qos and retain flag; the record is confirmed when every one of
 * them is (PUBACK/PUBCOMP for qos 1/2, written for qos 0) within publish_timeout_ms. While the broker is away the
 * client queues publishes and reconnects every connect_retry_interval_ms; qos 1/2 messages unconfirmed at a
 * disconnect are sent again on reconnect (at least once).
 */
import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from '../../core/log/logger';
import type { DispatchRecord } from './dispatch-record';
import { mqttMessages } from './mqtt-messages';
import { emptyStats, type Dispatcher, type MqttDispatcherConfig } from './types';

// mqtt.go Connect(): the first connection must succeed within 5 s (defaultTimeout).
const FIRST_CONNECT_TIMEOUT_MS = 5000;

export class MqttDispatcher implements Dispatcher {
  readonly name = 'mqtt' as const;
  readonly stats = emptyStats();
  private client?: MqttClient;

  constructor(
    private readonly config: MqttDispatcherConfig,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const c = this.config;
    const client = mqtt.connect(c.url, {
      clientId: c.clientId || undefined,
      username: c.username,
      password: c.password,
      keepalive: c.keepAliveSeconds,
      connectTimeout: c.connectTimeoutMs,
      reconnectPeriod: c.connectRetryIntervalMs,
      clean: true,
      queueQoSZero: true,
      resubscribe: false,
    });
    this.client = client;
    client.on('connect', () => {
      if (!this.stats.connected) this.logger.info(`connected to ${c.url}`);
      this.stats.connected = true;
    });
    client.on('close', () => {
      // this.client is unset once close() began: a disconnect then is ours, not an outage.
      if (this.stats.connected && this.client) {
        this.logger.warn(`lost the broker at ${c.url}; publishing resumes when it is back (retry every ${c.connectRetryIntervalMs} ms)`);
      }
      this.stats.connected = false;
    });
    client.on('error', (err) => this.logger.debug(`client error: ${err.message}`));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`mqtt: cannot connect to ${c.url} within ${FIRST_CONNECT_TIMEOUT_MS} ms (is the broker running? check mqtt.broker)`));
      }, FIRST_CONNECT_TIMEOUT_MS);
      client.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
    }).catch(async (err: unknown) => {
      await this.close();
      throw err;
    });
  }

  publish(rec: DispatchRecord): Promise<void> {
    const client = this.client;
    if (!client) return Promise.reject(new Error('mqtt dispatcher not started'));
    const { qos, retained: retain, topicBase, publishTimeoutMs } = this.config;
    const messages = mqttMessages(topicBase, rec.txtype, rec.vin, rec.message());
    if (!messages.length) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      let pending = messages.length;
      let failed = false;
      const timer = setTimeout(() => {
        failed = true;
        reject(new Error(`${pending} of ${messages.length} MQTT publishes unconfirmed after publish_timeout_ms (${publishTimeoutMs} ms)`));
      }, publishTimeoutMs);
      for (const m of messages) {
        this.stats.messages++;
        this.stats.bytes += m.payload.length;
        client.publish(m.topic, m.payload, { qos, retain }, (err) => {
          if (failed) return;
          if (err) {
            failed = true;
            clearTimeout(timer);
            reject(new Error(`publish to ${m.topic} failed: ${err.message}`));
            return;
          }
          if (--pending === 0) {
            clearTimeout(timer);
            resolve();
          }
        });
      }
    });
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    // mqtt.go Close(): Disconnect(disconnect_timeout_ms) lets in-flight publishes finish for that long at most.
    const forced = new Promise<void>((resolve) => setTimeout(resolve, this.config.disconnectTimeoutMs).unref());
    await Promise.race([client.endAsync(false), forced]);
    await client.endAsync(true);
    this.stats.connected = false;
  }
}
