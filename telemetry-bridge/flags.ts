/** `fleetkit bridge` flags: the usage text and parseBridgeFlags (into config.ts CliFlags). */
import { parseArgs } from 'node:util';
import { BridgeConfigError, type CliFlags } from './config';

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
  --alerts FILE        evaluate the alert rules of FILE (*.alerts.json, docs/alerts.md) over every record,
                       reloaded when it changes; alerts become fleetkit_alerts records (bridge.json
                       "alerts": {"file", "webhook"}). Runs the bridge as one process
  --alerts-webhook URL also POST each alert as JSON to URL (retried with backoff, never holding up ingest)
  --stdout             also write every record as a JSON line on stdout (after the ready line)
  --log-level LEVEL    trace|debug|info|warn|error (default info; logs go to stderr)
  --workers N          worker processes sharing the vehicle port (default: one per core, at most the
                       core count; 1 = a single process). Records reach the feed and stdout through
                       the primary; each worker writes its own spool files
  --metrics-port N     serve Prometheus metrics at http://HOST:N/metrics (bridge.json:
                       monitoring.prometheus_metrics_port; 0 = any free port; default off)
`;

function num(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new BridgeConfigError(`${flag} must be a port number (0-65535)`);
  return n;
}

function workersFlag(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 1024) throw new BridgeConfigError('--workers must be a whole number of processes, 1 or more');
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
        alerts: { type: 'string' },
        'alerts-webhook': { type: 'string' },
        'log-level': { type: 'string' },
        'metrics-port': { type: 'string' },
        workers: { type: 'string' },
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
    alerts: v.alerts,
    alertsWebhook: v['alerts-webhook'],
    workers: workersFlag(v.workers),
  };
}
