/**
 * The bridge's Prometheus metrics (prom-client). Counters the bridge already keeps are read at scrape time (collect
 * callbacks), so ingest pays nothing per record for them; only dispatchers observe into a histogram as they publish.
 * Names follow Prometheus conventions: fleetkit_bridge_…_total counters, _seconds and _bytes units. The Grafana
 * dashboard (docs/grafana/bridge-dashboard.json) uses exactly these names; a unit test holds them together.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BridgeStats } from '../../core/messages/live-feed';
import type { DispatcherMetrics } from './dispatcher-metrics';

export const METRIC_PREFIX = 'fleetkit_bridge_';

/** What the metrics read at scrape time. */
export interface MetricsSource {
  stats(): BridgeStats;
  /** Bytes of the records' JSON lines by record type (txtype). */
  bytesByTopic(): Record<string, number>;
  /** Bytes queued for the spool, not yet on disk (0 without a spool). */
  spoolBacklog(): number;
}

export interface BridgeMetrics {
  registry: Registry;
  dispatchers: DispatcherMetrics;
}

/** Error kinds of fleetkit_bridge_errors_total and the stats counter each one reads. */
const ERROR_KINDS = {
  malformed: 'malformed_total',
  oversized: 'oversized_total',
  text_frame: 'text_frames_total',
  tls_handshake: 'handshake_failures_total',
  identity_refused: 'identity_refused_total',
  spool_write: 'spool_errors_total',
} as const satisfies Record<string, keyof BridgeStats>;

/**
 * A registry with the bridge's metrics. `withFeed` false leaves out the live feed's and stdout's metrics (a cluster
 * worker has neither; the primary registers them). `defaults` adds prom-client's process and Node metrics
 * (event-loop lag, RSS, CPU, GC), prefixed fleetkit_bridge_.
 */
export function createBridgeMetrics(source: MetricsSource, opts: { withFeed?: boolean; defaults?: boolean } = {}): BridgeMetrics {
  const registry = new Registry();
  const registers = [registry];
  const p = METRIC_PREFIX;
  const stat = <K extends keyof BridgeStats>(k: K): BridgeStats[K] => source.stats()[k];
  const counter = (name: string, help: string, read: () => number): void => {
    new Counter({
      name: p + name,
      help,
      registers,
      collect() {
        this.reset();
        this.inc(read());
      },
    });
  };
  const gauge = (name: string, help: string, read: () => number, aggregator: 'sum' | 'max' = 'sum'): void => {
    new Gauge({
      name: p + name,
      help,
      registers,
      aggregator,
      collect() {
        this.set(read());
      },
    });
  };

  gauge('connections', 'Vehicles connected now', () => stat('connected_vehicles'));
  counter('connections_total', 'Vehicle WebSocket connections accepted', () => stat('connections_total'));
  new Counter({
    name: `${p}records_total`,
    help: 'Records handed to the outputs, by record type (V, alerts, errors, connectivity)',
    labelNames: ['topic'],
    registers,
    collect() {
      this.reset();
      for (const [topic, n] of Object.entries(source.stats().records_by_topic)) this.inc({ topic }, n);
    },
  });
  new Counter({
    name: `${p}record_bytes_total`,
    help: "Bytes of the records' JSON lines, by record type",
    labelNames: ['topic'],
    registers,
    collect() {
      this.reset();
      for (const [topic, n] of Object.entries(source.bytesByTopic())) this.inc({ topic }, n);
    },
  });
  counter('acks_total', 'Acks sent to vehicles', () => stat('acks_sent'));
  new Counter({
    name: `${p}errors_total`,
    help: 'Errors by kind: malformed and oversized frames, text frames, refused TLS handshakes and identities, spool write failures',
    labelNames: ['kind'],
    registers,
    collect() {
      this.reset();
      const s = source.stats();
      for (const [kind, key] of Object.entries(ERROR_KINDS)) this.inc({ kind }, s[key]);
    },
  });
  counter('rate_limited_total', 'Frames dropped unacked by the per-connection rate limit', () => stat('rate_limited_total'));
  gauge('spool_backlog_bytes', 'Bytes queued for the spool, not yet written', () => source.spoolBacklog());
  gauge('ingest_paused', '1 while vehicles are not read because the spool is behind (backpressure)', () => (stat('ingest_paused') ? 1 : 0), 'max');
  counter('ingest_pauses_total', 'Times backpressure paused ingest', () => stat('ingest_pauses_total'));
  counter('reply_pauses_total', 'Times a vehicle stopped being read because it did not read its acks', () => stat('reply_pauses_total'));
  if (opts.withFeed !== false) registerFeedMetrics(registry, () => source.stats());

  const publishes = new Counter({
    name: `${p}dispatcher_publishes_total`,
    help: 'Records published by each dispatcher',
    labelNames: ['dispatcher'],
    registers,
  });
  const errors = new Counter({
    name: `${p}dispatcher_errors_total`,
    help: 'Failed publishes by dispatcher and reason',
    labelNames: ['dispatcher', 'reason'],
    registers,
  });
  const latency = new Histogram({
    name: `${p}dispatcher_publish_seconds`,
    help: 'Time from handing a record to a dispatcher to its confirmed publish',
    labelNames: ['dispatcher'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  });
  const dispatchers: DispatcherMetrics = {
    published(dispatcher, seconds) {
      publishes.inc({ dispatcher });
      latency.observe({ dispatcher }, seconds);
    },
    failed(dispatcher, reason) {
      errors.inc({ dispatcher, reason });
    },
  };
  if (opts.defaults !== false) collectDefaultMetrics({ register: registry, prefix: p });
  return { registry, dispatchers };
}

/** The live feed's and stdout's metrics (in the process that runs the feed). */
export function registerFeedMetrics(
  registry: Registry,
  stats: () => Pick<BridgeStats, 'feed_subscribers' | 'feed_dropped_total' | 'stdout_dropped_total'>,
): void {
  const registers = [registry];
  new Gauge({
    name: `${METRIC_PREFIX}feed_subscribers`,
    help: 'Live feed subscribers connected now',
    registers,
    collect() {
      this.set(stats().feed_subscribers);
    },
  });
  for (const [name, help, key] of [
    ['feed_dropped_total', 'Records a slow live-feed subscriber did not get (its queue was full)', 'feed_dropped_total'],
    ['stdout_dropped_total', 'Records not written to stdout because its reader stalled', 'stdout_dropped_total'],
  ] as const) {
    new Counter({
      name: METRIC_PREFIX + name,
      help,
      registers,
      collect() {
        this.reset();
        this.inc(stats()[key]);
      },
    });
  }
}

/** The cluster primary's own metrics: its workers. */
export function registerClusterMetrics(registry: Registry, read: { workers(): number; restarts(): number }): void {
  const registers = [registry];
  new Gauge({
    name: `${METRIC_PREFIX}workers`,
    help: 'Worker processes listening now',
    registers,
    collect() {
      this.set(read.workers());
    },
  });
  new Counter({
    name: `${METRIC_PREFIX}worker_restarts_total`,
    help: 'Worker processes restarted after they died',
    registers,
    collect() {
      this.reset();
      this.inc(read.restarts());
    },
  });
}
