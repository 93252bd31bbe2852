/**
 * startBridge: the vehicle server, its connections, the outputs and the counters, wired together; close() stops
 * accepting, disconnects vehicles (emitting their DISCONNECTED records), flushes the spool and the feed.
 */
import { connectivityRecord, encodeVehicleConnectivity, JsonOut, type ConnectivityStatus } from '../core/telemetry-wire';
import { createLogger, type Logger } from '../core/log/logger';
import { RecordDispatch } from './dispatchers/router';
import type { DispatchConfig, Dispatcher, DispatcherName } from './dispatchers/types';
import { LiveFeed } from './outputs/live-feed';
import { Outputs, type RecordTap } from './outputs/outputs';
import { JsonlSpool } from './outputs/spool';
import { loadTeslaVehicleCas, type TeslaCaEnv } from './certs/tesla-vehicle-cas';
import { writeRecordLine, type BridgeRecord, type RecordMeta } from './record';
import { IngestGate } from './server/ingest-gate';
import { createRateLimiter, type RateLimit } from './server/rate-limiter';
import { VehicleConnection, type ConnectionCounters, type ConnectionInfo } from './server/vehicle-connection';
import { startVehicleServer } from './server/vehicle-server';
import { RateMeter } from './stats';
import { HistoryStore, type HistoryRetention } from './history/store';
import { HistoryWriter } from './history/writer';
import { historyHttpHandler } from './history/http';
import type { BridgeStats } from '../core/messages/live-feed';
import { createBridgeMetrics, type BridgeMetrics } from './metrics/bridge-metrics';
import { NO_DISPATCHER_METRICS, type DispatcherMetrics } from './metrics/dispatcher-metrics';
import { startMetricsServer, type MetricsServer } from './metrics/metrics-server';
import { alertRecord } from '../core/alerts/record';
import { AlertEvaluator, type AlertEvaluatorStats } from './alerts/evaluator';
import { AlertWebhook, type WebhookOptions, type WebhookStats } from './alerts/webhook';

export interface BridgeOptions {
  /** Bind address of the vehicle server; default 127.0.0.1. */
  host?: string;
  /** Vehicle server port; 0 picks a free one. Default 4443. */
  port?: number;
  /** Server certificate chain and key (PEM). */
  certPem: string;
  keyPem: string;
  /**
   * Tesla's vehicle CA bundle, always trusted as fleet-telemetry does: 'prod' (default), or 'eng' instead (its
   * `use_default_eng_ca`).
   */
  teslaCa?: TeslaCaEnv;
  /** Extra trusted vehicle CA certificates, one PEM each (see loadCaBundles): your own CA, the simulator's. */
  vehicleCas?: string[];
  /** Ack only after the spool has the record on disk. Requires `spool`. */
  reliableAck?: boolean;
  /** Per-connection limit; undefined = no limit. */
  rateLimit?: RateLimit;
  /** backlogLimit: characters not yet on disk above which vehicles stop being read (default SPOOL_HIGH_WATER). */
  spool?: { dir: string; maxBytes?: number; maxFiles?: number; fsync?: boolean; backlogLimit?: number };
  feed?: { host?: string; port?: number; token?: string; queueLimit?: number };
  /** Write every record as a JSON line to this stream. */
  stdout?: NodeJS.WritableStream;
  /** Keep history (per-minute aggregates, state changes, alerts) in this SQLite file (docs/history.md). */
  history?: { file: string; retention?: Partial<HistoryRetention>; flushMs?: number };
  /** fleet-telemetry's dispatchers (from its server config): which record types go where, reliable ack sources. */
  dispatch?: DispatchConfig;
  /** Replaces a built-in dispatcher by name (in-process consumers and tests). */
  makeDispatcher?: (name: DispatcherName) => Dispatcher | undefined;
  logger?: Logger;
  /**
   * Prometheus metrics (telemetry-bridge/metrics): a registry, served at http://host:port/metrics when `port` is
   * given (0 = any free port); without `port` only the registry (a cluster worker's primary serves it).
   */
  metrics?: { port?: number; host?: string };
  /** Record sequence numbers are offset + k × step (k = 1, 2, …): a cluster's workers interleave theirs. */
  seq?: { offset: number; step: number };
  /**
   * Alert rules (docs/alerts.md): evaluated over every record, reloaded when the file changes; alerts become
   * `fleetkit_alerts` records in the spool, stdout, history and the dispatchers `dispatch.records.fleetkit_alerts`
   * names, `alert` messages on the feed, and POSTs to `webhook`.
   */
  alerts?: { file: string; webhook?: string; webhookOptions?: Omit<WebhookOptions, 'logger'> };
}

export interface RunningBridge {
  host: string;
  port: number;
  statusUrl: string;
  feed?: { host: string; port: number; url: string; token: string };
  spoolDir?: string;
  reliableAck: boolean;
  /** The history writer when `history` is on: its store answers queries; recordAlert stores an alert. */
  history?: HistoryWriter;
  /** What vehicle certificates are trusted: Tesla's bundle and how many certificates, plus the extra CAs. */
  trust: { teslaCa: TeslaCaEnv; teslaCertificates: number; extraCertificates: number };
  stats(): BridgeStats;
  /** The Prometheus registry, with `metrics` set; `url` when it is served. */
  metrics?: BridgeMetrics & { url?: string; port?: number };
  /** What dispatchers report their publishes to (no-op without `metrics`). */
  dispatcherMetrics: DispatcherMetrics;
  /** Vehicles connected now. */
  vehicles(): ConnectionInfo[];
  /** In-process listener for every record (connectivity included); returns an unsubscribe function. */
  onRecord(listener: RecordTap): () => void;
  /** The fleet-telemetry dispatchers in use, with their live counters. */
  dispatchers(): Dispatcher[];
  /** With `alerts`: the rules' and the webhook's counters, and a reload of the rules file now. */
  alerts?: { stats(): AlertEvaluatorStats & { webhook?: WebhookStats }; reload(): Promise<void> };
  close(): Promise<void>;
}

function silentLogger(): Logger {
  return createLogger({ sink: { write: () => undefined } });
}

/** Spool backlog (characters not yet on disk) above which the bridge stops reading from vehicles until it halves. */
export const SPOOL_HIGH_WATER = 8 * 1024 * 1024;

export async function startBridge(options: BridgeOptions): Promise<RunningBridge> {
  if (options.reliableAck && !options.spool) throw new Error('reliable_ack needs the spool (records are acked once they are on disk)');
  const logger = options.logger ?? silentLogger();
  const host = options.host ?? '127.0.0.1';
  const teslaCa = options.teslaCa ?? 'prod';
  const teslaCas = await loadTeslaVehicleCas(teslaCa);
  const extraCas = options.vehicleCas ?? [];
  // Opened first: a file that is not a history database stops the start before anything listens.
  const historyStore = options.history ? HistoryStore.open(options.history.file, { retention: options.history.retention }) : undefined;
  const history = historyStore ? new HistoryWriter(historyStore, { flushMs: options.history?.flushMs, logger: logger.child('history') }) : undefined;

  let spool: JsonlSpool | undefined;
  let gate: IngestGate | undefined;
  if (options.spool) {
    spool = new JsonlSpool({
      ...options.spool,
      fsync: options.spool.fsync ?? !!options.reliableAck,
      logger: logger.child('spool'),
      onWritten: () => gate?.check(),
    });
    await spool.open();
    const s = spool;
    gate = new IngestGate(() => s.backlog, options.spool.backlogLimit ?? SPOOL_HIGH_WATER);
  }
  const connections = new Set<VehicleConnection>();
  let feed: LiveFeed | undefined;
  if (options.feed) {
    feed = new LiveFeed({
      ...options.feed,
      logger: logger.child('feed'),
      vehicles: () => [...connections].map((c) => c.info),
      // History answers include what is still queued: flushed first.
      http: historyHttpHandler(() => {
        history?.flush();
        return history ? historyStore : undefined;
      }),
    });
    await feed.start();
  }
  let dispatch: RecordDispatch | undefined;
  if (options.dispatch && Object.keys(options.dispatch.records).length) {
    dispatch = new RecordDispatch(options.dispatch, logger.child('dispatch'), options.makeDispatcher);
    try {
      await dispatch.start();
    } catch (err) {
      await spool?.close();
      await feed?.close();
      history?.close();
      throw err;
    }
  }
  const outputs = new Outputs({ feed, spool, stdout: options.stdout, dispatch });
  if (history) outputs.tap(history.tap);

  const counters: ConnectionCounters = { records: 0, acks: 0, malformed: 0, oversized: 0, rateLimited: 0, textFrames: 0, spoolErrors: 0, replyPauses: 0 };
  const serverCounters = { handshakeFailures: 0, identityRefused: 0 };
  const byTopic: Record<string, number> = {};
  const bytesByTopic: Record<string, number> = {};
  const meter = new RateMeter();
  let seq = 0;
  let recordsTotal = 0;
  let connectionsTotal = 0;
  const seqOffset = options.seq?.offset ?? 0;
  const seqStep = options.seq?.step ?? 1;
  const nextSeq = (): number => seqOffset + ++seq * seqStep;
  const onRecord = (r: BridgeRecord): void => {
    byTopic[r.txtype] = (byTopic[r.txtype] ?? 0) + 1;
    bytesByTopic[r.txtype] = (bytesByTopic[r.txtype] ?? 0) + r.line.length;
    recordsTotal++;
    meter.add();
  };

  let alerts: AlertEvaluator | undefined;
  let webhook: AlertWebhook | undefined;
  if (options.alerts) {
    const alog = logger.child('alerts');
    const hook = options.alerts.webhook ? new AlertWebhook(options.alerts.webhook, { ...options.alerts.webhookOptions, logger: alog }) : undefined;
    webhook = hook;
    alerts = new AlertEvaluator({
      file: options.alerts.file,
      logger: alog,
      emit(alert) {
        const record = alertRecord(alert, Date.now(), nextSeq());
        outputs.dispatchOwn({ ...record, line: Buffer.from(JSON.stringify(record)) }, { type: 'alert', alert });
        hook?.send(alert);
        alog.info(`${alert.severity} ${alert.rule} ${alert.vin} at ${alert.at}: ${alert.message}`);
      },
    });
    try {
      await alerts.start();
    } catch (err) {
      await dispatch?.close();
      await spool?.close();
      await feed?.close();
      history?.close();
      throw err;
    }
    outputs.tap(alerts.tap);
  }

  const emitConnectivity = (info: ConnectionInfo, status: ConnectivityStatus): void => {
    const now = Date.now();
    const meta: RecordMeta = {
      txtype: 'connectivity',
      vin: info.vin,
      txid: '',
      received_at: now,
      connection_id: info.connectionId,
      device_client_version: info.clientVersion,
      message_id: '',
      seq: nextSeq(),
    };
    const connectivity = connectivityRecord({
      vin: info.vin,
      connectionId: info.connectionId,
      status,
      createdAtMs: now,
      networkInterface: info.networkInterface,
    });
    const json = JSON.stringify(connectivity);
    const out = new JsonOut();
    writeRecordLine(out, meta, (o) => o.text(json));
    const payload = dispatch ? encodeVehicleConnectivity(connectivity as unknown as Parameters<typeof encodeVehicleConnectivity>[0]) : undefined;
    const record: BridgeRecord = { ...meta, line: out.toBuffer(), payload };
    onRecord(record);
    outputs.dispatch(record)?.catch(() => undefined);
  };

  const vlog = logger.child('vehicles');
  const vehicleServer = await startVehicleServer({
    host,
    port: options.port ?? 4443,
    certPem: options.certPem,
    keyPem: options.keyPem,
    vehicleCas: [...teslaCas, ...extraCas],
    logger: vlog,
    counters: serverCounters,
    onConnection(ws, info, socket) {
      connectionsTotal++;
      const conn = new VehicleConnection(
        ws,
        info,
        {
          outputs,
          limiter: createRateLimiter(options.rateLimit),
          gate,
          nextSeq,
          onRecord,
          counters,
          logger: vlog,
        },
        socket,
      );
      connections.add(conn);
      vlog.info(`vehicle ${info.vin} connected (${info.connectionId})`);
      emitConnectivity(info, 'CONNECTED');
      ws.on('error', (err) => vlog.debug(`vehicle ${info.vin} socket error`, err.message));
      ws.on('close', () => {
        connections.delete(conn);
        vlog.info(`vehicle ${info.vin} disconnected (${info.connectionId})`);
        emitConnectivity(info, 'DISCONNECTED');
      });
    },
  }).catch(async (err: unknown) => {
    // Broker connections would keep the process alive (and reconnecting) after a failed start.
    await dispatch?.close();
    throw err;
  });

  const stats = (): BridgeStats => ({
    connected_vehicles: connections.size,
    connections_total: connectionsTotal,
    records_total: recordsTotal,
    records_by_topic: { ...byTopic },
    records_per_second: meter.rate(),
    acks_sent: counters.acks,
    malformed_total: counters.malformed,
    oversized_total: counters.oversized,
    rate_limited_total: counters.rateLimited,
    text_frames_total: counters.textFrames,
    handshake_failures_total: serverCounters.handshakeFailures,
    identity_refused_total: serverCounters.identityRefused,
    spool_errors_total: counters.spoolErrors,
    ingest_paused: gate?.isClosed ?? false,
    ingest_pauses_total: gate?.closings ?? 0,
    reply_pauses_total: counters.replyPauses,
    feed_subscribers: feed?.subscriberCount ?? 0,
    feed_dropped_total: feed?.droppedTotal ?? 0,
    stdout_dropped_total: outputs.stdoutDropped,
    ...(dispatch ? { dispatchers: dispatcherStats(dispatch) } : {}),
  });

  let metrics: (BridgeMetrics & { url?: string; port?: number }) | undefined;
  let metricsServer: MetricsServer | undefined;
  if (options.metrics) {
    const m = createBridgeMetrics(
      { stats, bytesByTopic: () => bytesByTopic, spoolBacklog: () => spool?.backlog ?? 0 },
      { withFeed: !!options.feed || !!options.stdout },
    );
    metrics = m;
    if (options.metrics.port !== undefined) {
      const mlog = logger.child('metrics');
      metricsServer = await startMetricsServer(
        options.metrics.host ?? host,
        options.metrics.port,
        async () => ({ text: await m.registry.metrics(), contentType: m.registry.contentType }),
        (err) => mlog.warn('metrics scrape failed', err.message),
      );
      metrics = { ...m, url: metricsServer.url, port: metricsServer.port };
    }
    if (dispatch) dispatch.metrics = m.dispatchers;
  }

  const statsTimer = feed ? setInterval(() => feed?.broadcast({ type: 'stats', at: Date.now(), ...stats() }), 1000) : undefined;
  statsTimer?.unref();

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      if (statsTimer) clearInterval(statsTimer);
      const server = vehicleServer.server;
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      const open = [...connections];
      await Promise.all(
        open.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.ws.readyState === c.ws.CLOSED) return resolve();
              const t = setTimeout(() => {
                c.ws.terminate();
              }, 1000);
              c.ws.once('close', () => {
                clearTimeout(t);
                resolve();
              });
              c.ws.close(1001, 'bridge stopping');
            }),
        ),
      );
      server.closeAllConnections();
      await serverClosed;
      // The last records' alerts reach the spool before it closes.
      alerts?.close();
      webhook?.close();
      await dispatch?.close();
      await spool?.close();
      history?.close();
      await feed?.close();
      await metricsServer?.close();
      if (options.stdout && options.stdout !== process.stdout) {
        await new Promise<void>((resolve) => options.stdout?.write('', () => resolve()));
      }
    })();
    return closing;
  };

  return {
    host,
    port: vehicleServer.port,
    dispatchers: () => dispatch?.list() ?? [],
    statusUrl: `https://${host.includes(':') ? `[${host}]` : host}:${vehicleServer.port}/status`,
    feed: feed ? { host: feed.host, port: feed.port, url: feed.url, token: feed.token } : undefined,
    spoolDir: options.spool?.dir,
    reliableAck: !!options.reliableAck,
    history,
    trust: { teslaCa, teslaCertificates: teslaCas.length, extraCertificates: extraCas.length },
    stats,
    metrics,
    dispatcherMetrics: metrics?.dispatchers ?? NO_DISPATCHER_METRICS,
    vehicles: () => [...connections].map((c) => c.info),
    onRecord: (listener) => outputs.tap(listener),
    ...(alerts
      ? {
          alerts: {
            stats: () => ({ ...alerts.stats(), ...(webhook ? { webhook: webhook.stats() } : {}) }),
            reload: () => alerts.reload(),
          },
        }
      : {}),
    close,
  };
}

function dispatcherStats(dispatch: RecordDispatch): NonNullable<BridgeStats['dispatchers']> {
  const out: NonNullable<BridgeStats['dispatchers']> = {};
  for (const [name, s] of Object.entries(dispatch.stats())) {
    out[name] = {
      published: s.published,
      messages: s.messages,
      bytes: s.bytes,
      errors: s.errors,
      dropped: s.dropped,
      inflight: s.inflight,
      connected: s.connected,
    };
  }
  return out;
}
