/**
 * Sends each record type to the dispatchers its `records` entry names (fleet-telemetry's serializer.go Dispatch),
 * beside the bridge's own outputs. Each dispatcher holds at most `queueLimit` unconfirmed records: beyond that a
 * record is dropped for it and counted, so a slow or absent broker never holds up ingest. When reliable_ack_sources
 * names a dispatcher for the record type, dispatch() returns a promise that settles with that dispatcher's publish:
 * the vehicle is acked only once the broker confirmed every publish of the record (server/streaming/server.go
 * handleAcks); a failed, timed-out or dropped record is not acked, so the vehicle sends it again. The bridge's own
 * alert records (`fleetkit_alerts`) go the same way, through dispatchAlert: nothing waits for them.
 */
import type { Logger } from '../../core/log/logger';
import type { RecordTopic } from '../../core/telemetry-wire/topics';
import { NO_DISPATCHER_METRICS, type DispatcherMetrics } from '../metrics/dispatcher-metrics';
import type { BridgeRecord } from '../record';
import { DispatchRecord, type AlertDispatchRecord } from './dispatch-record';
import { LoggerDispatcher } from './logger';
import { MqttDispatcher } from './mqtt';
import { RedisDispatcher } from './redis';
import {
  DEFAULT_QUEUE_LIMIT,
  DispatchError,
  type DispatchConfig,
  type Dispatcher,
  type DispatcherName,
  type DispatcherStats,
  type DispatchTopic,
} from './types';
import { ZmqDispatcher } from './zmq';

/** How often losses are summarised in the log at most. */
const LOSS_LOG_INTERVAL_MS = 10_000;

export class RecordDispatch {
  private readonly dispatchers = new Map<DispatcherName, Dispatcher>();
  private readonly routes = new Map<DispatchTopic, Dispatcher[]>();
  private readonly queueLimit: number;
  private lastLossLog = 0;
  private lossesLogged = 0;
  /** Publish counts, failures and latency for /metrics (telemetry-bridge/metrics). */
  metrics: DispatcherMetrics = NO_DISPATCHER_METRICS;

  constructor(
    private readonly config: DispatchConfig,
    private readonly logger: Logger,
    /** Extra dispatchers by name (tests, and others sending through this path); replaces the built-in one. */
    make?: (name: DispatcherName) => Dispatcher | undefined,
  ) {
    this.queueLimit = config.queueLimit ?? DEFAULT_QUEUE_LIMIT;
    for (const [type, names] of Object.entries(config.records) as Array<[DispatchTopic, DispatcherName[]]>) {
      this.routes.set(
        type,
        names.map((name) => {
          let d = this.dispatchers.get(name);
          if (!d) {
            d = make?.(name) ?? this.create(name);
            this.dispatchers.set(name, d);
          }
          return d;
        }),
      );
    }
  }

  private create(name: DispatcherName): Dispatcher {
    const { config, logger } = this;
    switch (name) {
      case 'logger':
        return new LoggerDispatcher(config.logger, logger.child('logger'));
      case 'mqtt':
        if (!config.mqtt) throw new Error('the mqtt dispatcher needs an mqtt block');
        return new MqttDispatcher(config.mqtt, logger.child('mqtt'));
      case 'redis':
        if (!config.redis) throw new Error('the redis dispatcher needs a redis block');
        return new RedisDispatcher(config.redis, config.namespace, config.format, logger.child('redis'));
      case 'zmq':
        if (!config.zmq) throw new Error('the zmq dispatcher needs a zmq block');
        return new ZmqDispatcher(config.zmq, config.namespace, config.format, logger.child('zmq'));
    }
  }

  /** Connects every dispatcher in use; on a failure the ones started are closed again. */
  async start(): Promise<void> {
    try {
      await Promise.all([...this.dispatchers.values()].map((d) => d.start()));
    } catch (err) {
      await this.close();
      throw err;
    }
  }

  /** True when records of this type wait for a dispatcher before their ack. */
  isReliable(txtype: RecordTopic): boolean {
    return this.config.reliableAckSources[txtype] !== undefined;
  }

  /**
   * Hands the record to its dispatchers. Returns a promise only when its type is acked by a dispatcher (it rejects
   * with DispatchError when that dispatcher did not confirm the record).
   */
  dispatch(record: BridgeRecord): Promise<void> | undefined {
    const targets = this.routes.get(record.txtype);
    if (!targets) return undefined;
    const reliable = this.config.reliableAckSources[record.txtype];
    const rec = new DispatchRecord(record);
    let ack: Promise<void> | undefined;
    for (const d of targets) {
      const p = this.publish(d, rec);
      if (d.name === reliable) ack = p;
      else p.catch(() => undefined);
    }
    return ack;
  }

  /** Hands an alert record to the dispatchers `records.fleetkit_alerts` names; losses are counted and logged as any. */
  dispatchAlert(record: AlertDispatchRecord): void {
    const targets = this.routes.get(record.txtype);
    if (!targets) return;
    const rec = new DispatchRecord(record);
    for (const d of targets) this.publish(d, rec).catch(() => undefined);
  }

  private publish(d: Dispatcher, rec: DispatchRecord): Promise<void> {
    const s = d.stats;
    if (s.inflight >= this.queueLimit) {
      s.dropped++;
      this.metrics.failed(d.name, 'queue_full');
      this.noteLoss(`${d.name}: ${this.queueLimit} records unconfirmed by the broker, record ${rec.record.seq} (${rec.txtype} of ${rec.vin}) dropped`);
      return Promise.reject(new DispatchError(`${d.name} queue full`));
    }
    s.inflight++;
    const started = performance.now();
    let p: Promise<void>;
    try {
      p = d.publish(rec);
    } catch (err) {
      p = Promise.reject(err as Error);
    }
    return p.then(
      () => {
        s.inflight--;
        s.published++;
        const ms = performance.now() - started;
        s.latencyMsTotal += ms;
        this.metrics.published(d.name, ms / 1000);
      },
      (err: unknown) => {
        s.inflight--;
        s.errors++;
        const why = err instanceof Error ? err.message : String(err);
        this.metrics.failed(d.name, /unconfirmed after|timed out/.test(why) ? 'timeout' : 'rejected');
        this.noteLoss(`${d.name}: record ${rec.record.seq} (${rec.txtype} of ${rec.vin}, txid ${rec.record.txid}) not published: ${why}`);
        throw new DispatchError(`${d.name}: ${why}`);
      },
    );
  }

  /** Logs a loss: the first one, then a summary at most every LOSS_LOG_INTERVAL_MS. */
  private noteLoss(detail: string): void {
    const now = Date.now();
    if (this.lossesLogged > 0 && now - this.lastLossLog < LOSS_LOG_INTERVAL_MS) return;
    this.lastLossLog = now;
    this.lossesLogged++;
    const totals = [...this.dispatchers.values()].map((d) => `${d.name} errors=${d.stats.errors} dropped=${d.stats.dropped}`).join(', ');
    this.logger.warn(`${detail} (so far: ${totals})`);
  }

  stats(): Record<string, DispatcherStats> {
    return Object.fromEntries([...this.dispatchers].map(([name, d]) => [name, { ...d.stats }]));
  }

  /** Every dispatcher in use, for in-process observers (metrics). */
  list(): Dispatcher[] {
    return [...this.dispatchers.values()];
  }

  async close(): Promise<void> {
    await Promise.all([...this.dispatchers.values()].map((d) => d.close().catch(() => undefined)));
  }
}
