/**
 * `fleetkit bridge` / `node dist/bridge.js`: parse flags, load bridge.json, start the bridge, print one JSON ready
 * line on stdout, run until the signal aborts, then shut down gracefully (flushing spool and feed).
 */
import { parseArgs } from 'node:util';
import { createLogger } from '../core/log/logger';
import type { BridgeReadyLine } from '../core/messages/bridge-ready';
import { untilAborted } from '../core/process/signals';
import { startBridge, type RunningBridge } from './bridge';
import { BridgeConfigError, loadCaBundles, parseFileConfig, readConfigJson, readPem, resolveConfig, type BridgeFileConfig, type CliFlags } from './config';
import type { DispatchConfig } from './dispatchers/types';
import { detectConfigFormat, parseServerConfig, type ServerConfigResult } from './server-config';

export interface BridgeIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
}

export const BRIDGE_USAGE = `Usage: fleetkit bridge [options]

Runs the Fleet Telemetry bridge: vehicles stream to it over mTLS WebSocket; records go to the live feed,
a JSONL spool and/or stdout. Prints one JSON "ready" line on stdout (ports, feed URL and token).
Like Tesla's fleet-telemetry it always trusts Tesla's vehicle CAs (the prod bundle shipped with Fleetkit),
so real cars can connect; --vehicle-ca adds CAs to those.

Options:
  --config FILE        bridge.json, or fleet-telemetry's own server config (records, dispatchers mqtt/redis/
                       zmq/logger, reliable_ack_sources: see docs/bridge-dispatchers.md); flags override it
  --host ADDR          vehicle server bind address (default 127.0.0.1)
  --port N             vehicle server port (default 4443; 0 = any free port)
  --cert FILE          server certificate chain (PEM)
  --key FILE           server private key (PEM)
  --vehicle-ca FILE…   extra vehicle CA bundle(s) trusted besides Tesla's (repeatable; several certificates
                       per file allowed; replaces bridge.json's tls.ca_file): your own CA, the simulator's,
                       the vehicle-ca.pem of \`fleetkit certs init\`
  --use-default-eng-ca trust Tesla's eng vehicle CAs instead of prod (as fleet-telemetry's use_default_eng_ca)
  --spool-dir DIR      write records to rotating JSONL files in DIR
  --reliable-ack       ack only after the record is fsync'd in the spool (needs --spool-dir)
  --feed-port N        live feed port on 127.0.0.1 (default: any free port)
  --no-feed            no live feed
  --history FILE       keep history (per-minute aggregates, state changes, alerts) in this SQLite file
                       (docs/history.md; bridge.json "history": {"file", "aggregate_days", "raw_hours"})
  --stdout             also write every record as a JSON line on stdout (after the ready line)
  --log-level LEVEL    trace|debug|info|warn|error (default info; logs go to stderr)
  --metrics-port N     serve Prometheus metrics at http://HOST:N/metrics (bridge.json:
                       monitoring.prometheus_metrics_port; 0 = any free port; default off)
`;

function num(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new BridgeConfigError(`${flag} must be a port number (0-65535)`);
  return n;
}

export function parseBridgeFlags(args: string[]): CliFlags {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        config: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        cert: { type: 'string' },
        key: { type: 'string' },
        'vehicle-ca': { type: 'string', multiple: true },
        'use-default-eng-ca': { type: 'boolean' },
        'spool-dir': { type: 'string' },
        'reliable-ack': { type: 'boolean' },
        'feed-port': { type: 'string' },
        'no-feed': { type: 'boolean' },
        stdout: { type: 'boolean' },
        history: { type: 'string' },
        'log-level': { type: 'string' },
        'metrics-port': { type: 'string' },
      },
    });
  } catch (err) {
    throw new BridgeConfigError((err as Error).message);
  }
  const v = parsed.values;
  const cas = v['vehicle-ca'] ?? [];
  // `--vehicle-ca a.pem b.pem`: files listed after the flag arrive as positionals.
  if (parsed.positionals.length) {
    if (!cas.length) throw new BridgeConfigError(`unexpected argument '${parsed.positionals[0]}'`);
    cas.push(...parsed.positionals);
  }
  return {
    config: v.config,
    host: v.host,
    port: num(v.port, '--port'),
    cert: v.cert,
    key: v.key,
    vehicleCa: cas.length ? cas : undefined,
    useDefaultEngCa: v['use-default-eng-ca'],
    spoolDir: v['spool-dir'],
    reliableAck: v['reliable-ack'],
    feedPort: num(v['feed-port'], '--feed-port'),
    noFeed: v['no-feed'],
    stdout: v.stdout,
    logLevel: v['log-level'],
    metricsPort: num(v['metrics-port'], '--metrics-port'),
    history: v.history,
  };
}

/** Starts the bridge from flags; resolves with the running bridge (the caller owns shutdown). */
export async function startBridgeFromArgs(args: string[], io: Pick<BridgeIO, 'stdout' | 'stderr' | 'env'>): Promise<RunningBridge> {
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
    scope: 'bridge',
    sink: {
      write: (level, line) => {
        io.stderr.write(`${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${line}\n`);
      },
    },
  });
  logger.addSecret(dispatch?.mqtt?.password);
  logger.addSecret(dispatch?.redis?.password);
  for (const w of server?.warnings ?? []) logger.warn(`${flags.config}: ${w}`);
  const [certPem, keyPem, vehicleCas] = await Promise.all([
    readPem(cfg.certFile, 'server certificate'),
    readPem(cfg.keyFile, 'server key'),
    loadCaBundles(cfg.vehicleCaFiles),
  ]);
  const bridge = await startBridge({
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
    dispatch,
    logger,
    ...(cfg.metricsPort !== undefined ? { metrics: { port: cfg.metricsPort } } : {}),
  });
  const { teslaCertificates, extraCertificates } = bridge.trust;
  logger.info(
    `listening on ${bridge.statusUrl.replace('/status', '')}; trusting Tesla's ${cfg.teslaCa} vehicle CAs (${teslaCertificates} certificates)` +
      ` and ${extraCertificates} extra CA certificate(s)${extraCertificates ? ` from ${cfg.vehicleCaFiles.join(', ')}` : ''}`,
  );
  return bridge;
}

/** The ready line (core/messages/bridge-ready.ts), without its newline. */
export function readyLine(bridge: RunningBridge): string {
  const line: BridgeReadyLine = {
    event: 'ready',
    host: bridge.host,
    port: bridge.port,
    status_url: bridge.statusUrl,
    feed: bridge.feed ? { port: bridge.feed.port, url: bridge.feed.url, token: bridge.feed.token } : null,
    spool_dir: bridge.spoolDir ?? null,
    reliable_ack: bridge.reliableAck,
    metrics_url: bridge.metrics?.url ?? null,
    pid: process.pid,
  };
  return JSON.stringify(line);
}

/** Runs until `io.signal` aborts. Resolves to an exit code. Throws BridgeConfigError for bad flags/config. */
export async function runBridgeCommand(args: string[], io: BridgeIO): Promise<number> {
  const bridge = await startBridgeFromArgs(args, io);
  io.stdout.write(readyLine(bridge) + '\n');
  await untilAborted(io.signal);
  io.stderr.write('bridge: stopping (flushing outputs)…\n');
  await bridge.close();
  io.stderr.write(`bridge: stopped after ${bridge.stats().records_total} records\n`);
  return 0;
}
