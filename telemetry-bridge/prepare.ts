/**
 * From flags to a bridge: flags and bridge.json resolved and the PEM files read (prepareBridge), then started
 * (startPrepared); and the ready line. Shared by the single-process command and the cluster's primary and workers.
 */
import { createLogger, type Logger } from '../core/log/logger';
import type { BridgeReadyLine } from '../core/messages/bridge-ready';
import { startBridge, type BridgeOptions, type RunningBridge } from './bridge';
import { parseBridgeFlags, type BridgeIO } from './flags';
import { loadCaBundles, parseFileConfig, readConfigJson, readPem, resolveConfig, type BridgeFileConfig, type ResolvedConfig } from './config';
import type { DispatchConfig } from './dispatchers/types';
import { detectConfigFormat, parseServerConfig, type ServerConfigResult } from './server-config';

/** Flags and bridge.json resolved, certificate files read: everything startBridge needs, not started yet. */
export interface PreparedBridge {
  cfg: ResolvedConfig;
  options: BridgeOptions;
  logger: Logger;
  /** fleet-telemetry's dispatchers, when --config is its server config. */
  dispatch?: DispatchConfig;
}

/** Reads flags, bridge.json and the PEM files; throws BridgeConfigError naming the fix. `scope` prefixes log lines. */
export async function prepareBridge(args: string[], io: Pick<BridgeIO, 'stdout' | 'stderr' | 'env'>, scope = 'bridge'): Promise<PreparedBridge> {
  const flags = parseBridgeFlags(args);
  let file: BridgeFileConfig = {};
  let baseDir = process.cwd();
  let server: ServerConfigResult | undefined;
  if (flags.config) {
    const read = await readConfigJson(flags.config);
    if (detectConfigFormat(read.json) === 'fleet-telemetry') {
      server = parseServerConfig(read.json);
      file = server.file; // fleet-telemetry reads its paths from its working directory: so does the bridge here
    } else {
      file = parseFileConfig(read.json);
      baseDir = read.baseDir;
    }
  }
  const cfg = resolveConfig(file, flags, baseDir);
  const dispatch: DispatchConfig | undefined = server?.dispatch;
  // config.go Redis.options(): REDIS_PASSWORD in the environment wins over the file's password.
  if (dispatch?.redis && io.env.REDIS_PASSWORD) dispatch.redis.password = io.env.REDIS_PASSWORD;
  const logger = createLogger({
    level: cfg.logLevel,
    scope,
    sink: {
      write: (level, line) => {
        io.stderr.write(`${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${line}\n`);
      },
    },
  });
  logger.addSecret(dispatch?.mqtt?.password);
  logger.addSecret(dispatch?.redis?.password);
  logger.addSecret(cfg.alerts?.webhook);
  for (const w of server?.warnings ?? []) logger.warn(`${flags.config}: ${w}`);
  if (dispatch?.records.fleetkit_alerts && !cfg.alerts) {
    logger.warn(`${flags.config}: records.fleetkit_alerts: no alert rules are set, so no alerts will be dispatched (give --alerts FILE)`);
  }
  const [certPem, keyPem, vehicleCas] = await Promise.all([
    readPem(cfg.certFile, 'server certificate'),
    readPem(cfg.keyFile, 'server key'),
    loadCaBundles(cfg.vehicleCaFiles),
  ]);
  const options: BridgeOptions = {
    host: cfg.host,
    port: cfg.port,
    certPem,
    keyPem,
    teslaCa: cfg.teslaCa,
    vehicleCas,
    reliableAck: cfg.reliableAck,
    rateLimit: cfg.rateLimit,
    spool: cfg.spool,
    feed: cfg.feed,
    stdout: cfg.stdout ? io.stdout : undefined,
    history: cfg.history,
    alerts: cfg.alerts,
    dispatch,
    logger,
    ...(cfg.metricsPort !== undefined ? { metrics: { port: cfg.metricsPort } } : {}),
  };
  return { cfg, options, logger, dispatch };
}

/** Starts a prepared bridge (`overrides` win over its options) and logs what it listens on and trusts. */
export async function startPrepared({ cfg, options, logger }: PreparedBridge, overrides: Partial<BridgeOptions> = {}): Promise<RunningBridge> {
  const bridge = await startBridge({ ...options, ...overrides });
  const { teslaCertificates, extraCertificates } = bridge.trust;
  logger.info(
    `listening on ${bridge.statusUrl.replace('/status', '')}; trusting Tesla's ${cfg.teslaCa} vehicle CAs (${teslaCertificates} certificates)` +
      ` and ${extraCertificates} extra CA certificate(s)${extraCertificates ? ` from ${cfg.vehicleCaFiles.join(', ')}` : ''}`,
  );
  return bridge;
}

/** The ready line (core/messages/bridge-ready.ts), without its newline. */
export function readyLine(
  bridge: Pick<RunningBridge, 'host' | 'port' | 'statusUrl' | 'feed' | 'spoolDir' | 'reliableAck'> & { metrics?: { url?: string } },
  workers = 1,
): string {
  const line: BridgeReadyLine = {
    event: 'ready',
    host: bridge.host,
    port: bridge.port,
    status_url: bridge.statusUrl,
    feed: bridge.feed ? { port: bridge.feed.port, url: bridge.feed.url, token: bridge.feed.token } : null,
    spool_dir: bridge.spoolDir ?? null,
    reliable_ack: bridge.reliableAck,
    metrics_url: bridge.metrics?.url ?? null,
    workers,
    pid: process.pid,
  };
  return JSON.stringify(line);
}
