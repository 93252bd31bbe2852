/**
 * bridge.json: parsing and validation (strict: unknown keys are errors, unlike the reference server), merged with
 * command-line flags, then resolved (files read) into BridgeOptions. Key names follow fleet-telemetry's config
 * where an equivalent exists (port, tls.server_cert/server_key/ca_file, use_default_eng_ca, rate_limit, reliable_ack).
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { LogLevel } from '../core/log/logger';
import { LOG_LEVELS } from '../core/log/logger';
import { CertificateFileError, splitPemCertificates } from '../core/certs/pem-certificates';
import type { TeslaCaEnv } from './certs/tesla-vehicle-cas';

export class BridgeConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BridgeConfigError';
  }
}

export interface BridgeFileConfig {
  host?: string;
  port?: number;
  tls?: { server_cert?: string; server_key?: string; ca_file?: string | string[] };
  /** Trust Tesla's eng vehicle CA bundle instead of prod (fleet-telemetry's key of the same name). */
  use_default_eng_ca?: boolean;
  reliable_ack?: boolean;
  rate_limit?: { enabled?: boolean; message_limit?: number; message_interval_time?: number };
  spool?: { dir?: string; max_bytes?: number; max_files?: number; fsync?: boolean } | false;
  feed?: { host?: string; port?: number; queue_limit?: number } | false;
  stdout?: boolean;
  log_level?: LogLevel;
  /** fleet-telemetry's monitoring block: Prometheus /metrics on this port. */
  monitoring?: { prometheus_metrics_port?: number };
  /** Worker processes sharing the vehicle port (`--workers`). */
  workers?: number;
  /** History database (docs/history.md). */
  history?: { file?: string; aggregate_days?: number; raw_hours?: number } | false;
  /** Alert rules (docs/alerts.md). */
  alerts?: { file?: string; webhook?: string } | false;
}

/** Everything needed to start, with paths absolute and defaults applied (files not read yet). */
export interface ResolvedConfig {
  host: string;
  port: number;
  certFile: string;
  keyFile: string;
  /** Tesla's vehicle CA bundle, always trusted. */
  teslaCa: TeslaCaEnv;
  /** Extra vehicle CA files, trusted besides Tesla's bundle. */
  vehicleCaFiles: string[];
  reliableAck: boolean;
  rateLimit?: { limit: number; intervalMs: number };
  spool?: { dir: string; maxBytes?: number; maxFiles?: number; fsync?: boolean };
  feed?: { host: string; port: number; queueLimit?: number };
  stdout: boolean;
  logLevel: LogLevel;
  /** Serve Prometheus /metrics on this port (0 = any free port); undefined = off. */
  metricsPort?: number;
  /** Worker processes; undefined = one per core (see command.ts defaultWorkers). */
  workers?: number;
  history?: { file: string; retention: { aggregateDays?: number; rawHours?: number } };
  alerts?: { file: string; webhook?: string };
}

export interface CliFlags {
  config?: string;
  host?: string;
  port?: number;
  cert?: string;
  key?: string;
  vehicleCa?: string[];
  useDefaultEngCa?: boolean;
  spoolDir?: string;
  feedPort?: number;
  noFeed?: boolean;
  reliableAck?: boolean;
  stdout?: boolean;
  logLevel?: string;
  metricsPort?: number;
  workers?: number;
  history?: string;
  alerts?: string;
  alertsWebhook?: string;
}

export const DEFAULT_PORT = 4443;
export const DEFAULT_RATE_LIMIT = { message_limit: 1000, message_interval_time: 30 };

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function only(o: Obj, where: string, keys: string[]): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) throw new BridgeConfigError(`${where}: unknown key "${k}" (allowed: ${keys.join(', ')})`);
}

function str(v: unknown, where: string): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !v) throw new BridgeConfigError(`${where} must be a non-empty string`);
  return v;
}

function int(v: unknown, where: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new BridgeConfigError(`${where} must be an integer in ${min}..${max}`);
  return v;
}

function bool(v: unknown, where: string): boolean | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw new BridgeConfigError(`${where} must be true or false`);
  return v;
}

/** Validates a parsed bridge.json. Paths stay as written. */
export function parseFileConfig(json: unknown): BridgeFileConfig {
  if (!isObj(json)) throw new BridgeConfigError('the bridge config must be a JSON object');
  only(json, 'config', [
    'host',
    'port',
    'tls',
    'use_default_eng_ca',
    'reliable_ack',
    'rate_limit',
    'spool',
    'feed',
    'stdout',
    'log_level',
    'monitoring',
    'workers',
    'history',
    'alerts',
  ]);
  const out: BridgeFileConfig = {
    host: str(json.host, 'host'),
    port: int(json.port, 'port', 0, 65535),
    use_default_eng_ca: bool(json.use_default_eng_ca, 'use_default_eng_ca'),
    reliable_ack: bool(json.reliable_ack, 'reliable_ack'),
    stdout: bool(json.stdout, 'stdout'),
    workers: int(json.workers, 'workers', 1, 1024),
  };
  if (json.monitoring !== undefined) {
    if (!isObj(json.monitoring)) throw new BridgeConfigError('monitoring must be an object');
    only(json.monitoring, 'monitoring', ['prometheus_metrics_port']);
    out.monitoring = { prometheus_metrics_port: int(json.monitoring.prometheus_metrics_port, 'monitoring.prometheus_metrics_port', 0, 65535) };
  }
  if (json.log_level !== undefined) {
    if (!LOG_LEVELS.includes(json.log_level as LogLevel)) throw new BridgeConfigError(`log_level must be one of ${LOG_LEVELS.join(', ')}`);
    out.log_level = json.log_level as LogLevel;
  }
  if (json.tls !== undefined) {
    if (!isObj(json.tls)) throw new BridgeConfigError('tls must be an object');
    only(json.tls, 'tls', ['server_cert', 'server_key', 'ca_file']);
    const ca = json.tls.ca_file;
    let caFiles: string | string[] | undefined;
    if (Array.isArray(ca)) caFiles = ca.map((c, i) => str(c, `tls.ca_file[${i}]`) as string);
    else caFiles = str(ca, 'tls.ca_file');
    out.tls = { server_cert: str(json.tls.server_cert, 'tls.server_cert'), server_key: str(json.tls.server_key, 'tls.server_key'), ca_file: caFiles };
  }
  if (json.rate_limit !== undefined) {
    const r = json.rate_limit;
    if (!isObj(r)) throw new BridgeConfigError('rate_limit must be an object');
    only(r, 'rate_limit', ['enabled', 'message_limit', 'message_interval_time']);
    out.rate_limit = {
      enabled: bool(r.enabled, 'rate_limit.enabled'),
      message_limit: int(r.message_limit, 'rate_limit.message_limit', 1, 1e9),
      message_interval_time: int(r.message_interval_time, 'rate_limit.message_interval_time', 1, 86400),
    };
  }
  if (json.spool !== undefined && json.spool !== false) {
    const s = json.spool;
    if (!isObj(s)) throw new BridgeConfigError('spool must be an object or false');
    only(s, 'spool', ['dir', 'max_bytes', 'max_files', 'fsync']);
    out.spool = {
      dir: str(s.dir, 'spool.dir'),
      max_bytes: int(s.max_bytes, 'spool.max_bytes', 1024, Number.MAX_SAFE_INTEGER),
      max_files: int(s.max_files, 'spool.max_files', 0, 1e6),
      fsync: bool(s.fsync, 'spool.fsync'),
    };
  } else if (json.spool === false) out.spool = false;
  if (json.feed !== undefined && json.feed !== false) {
    const f = json.feed;
    if (!isObj(f)) throw new BridgeConfigError('feed must be an object or false');
    only(f, 'feed', ['host', 'port', 'queue_limit']);
    out.feed = { host: str(f.host, 'feed.host'), port: int(f.port, 'feed.port', 0, 65535), queue_limit: int(f.queue_limit, 'feed.queue_limit', 1, 1e7) };
  } else if (json.feed === false) out.feed = false;
  if (json.history !== undefined && json.history !== false) {
    const h = json.history;
    if (!isObj(h)) throw new BridgeConfigError('history must be an object ({"file": "history.db"}) or false');
    only(h, 'history', ['file', 'aggregate_days', 'raw_hours']);
    out.history = {
      file: str(h.file, 'history.file'),
      aggregate_days: int(h.aggregate_days, 'history.aggregate_days', 0, 36500),
      raw_hours: int(h.raw_hours, 'history.raw_hours', 0, 8760),
    };
  } else if (json.history === false) out.history = false;
  if (json.alerts !== undefined && json.alerts !== false) {
    const a = json.alerts;
    if (!isObj(a)) throw new BridgeConfigError('alerts must be an object ({"file": "fleet.alerts.json", "webhook": "https://…"}) or false');
    only(a, 'alerts', ['file', 'webhook']);
    out.alerts = { file: str(a.file, 'alerts.file'), webhook: str(a.webhook, 'alerts.webhook') };
  } else if (json.alerts === false) out.alerts = false;
  return out;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Merges flags over the file config (flags win) and applies defaults. */
export function resolveConfig(file: BridgeFileConfig, flags: CliFlags, baseDir: string): ResolvedConfig {
  const at = (p: string | undefined): string | undefined => (p === undefined ? undefined : resolve(baseDir, p));
  const here = (p: string | undefined): string | undefined => (p === undefined ? undefined : resolve(p));
  const certFile = here(flags.cert) ?? at(file.tls?.server_cert);
  const keyFile = here(flags.key) ?? at(file.tls?.server_key);
  const fileCas = file.tls?.ca_file === undefined ? [] : Array.isArray(file.tls.ca_file) ? file.tls.ca_file : [file.tls.ca_file];
  const vehicleCaFiles = flags.vehicleCa?.length ? flags.vehicleCa.map((f) => resolve(f)) : fileCas.map((f) => resolve(baseDir, f));
  if (!certFile || !keyFile) {
    throw new BridgeConfigError(
      'the server certificate and key are required (--cert/--key or tls.server_cert/tls.server_key); `fleetkit certs init` makes them',
    );
  }

  const rl = { ...DEFAULT_RATE_LIMIT, enabled: true, ...stripUndefined(file.rate_limit ?? {}) };
  const spoolDir = here(flags.spoolDir) ?? (file.spool ? at(file.spool.dir) : undefined);
  const reliableAck = flags.reliableAck ?? file.reliable_ack ?? false;
  if (reliableAck && !spoolDir) {
    throw new BridgeConfigError('reliable_ack needs a spool directory (--spool-dir or spool.dir): records are acked once they are on disk');
  }
  const feedHost = (file.feed && file.feed.host) || '127.0.0.1';
  if (!LOOPBACK.has(feedHost)) throw new BridgeConfigError('feed.host must be a loopback address (the feed is for local tools)');
  const feedOff = flags.noFeed || (file.feed === false && flags.feedPort === undefined);
  const historyFile = here(flags.history) ?? (file.history ? at(file.history.file) : undefined);
  if (file.history && !historyFile) throw new BridgeConfigError('history.file is required (the SQLite file to keep history in), or set history to false');
  const alertsFile = here(flags.alerts) ?? (file.alerts ? at(file.alerts.file) : undefined);
  if (file.alerts && !alertsFile) throw new BridgeConfigError('alerts.file is required (an *.alerts.json rules file, docs/alerts.md), or set alerts to false');
  const alertsWebhook = flags.alertsWebhook ?? (file.alerts ? file.alerts.webhook : undefined);
  if (alertsWebhook !== undefined) {
    if (!alertsFile) throw new BridgeConfigError('--alerts-webhook needs alert rules: give --alerts FILE (or alerts.file in bridge.json) too');
    let url: URL | undefined;
    try {
      url = new URL(alertsWebhook);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new BridgeConfigError('the alerts webhook must be an http:// or https:// URL');
    }
  }
  const logLevel = (flags.logLevel ?? file.log_level ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new BridgeConfigError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  return {
    host: flags.host ?? file.host ?? '127.0.0.1',
    port: flags.port ?? file.port ?? DEFAULT_PORT,
    certFile,
    keyFile,
    teslaCa: (flags.useDefaultEngCa ?? file.use_default_eng_ca) ? 'eng' : 'prod',
    vehicleCaFiles,
    reliableAck,
    rateLimit: rl.enabled ? { limit: rl.message_limit, intervalMs: rl.message_interval_time * 1000 } : undefined,
    spool: spoolDir
      ? {
          dir: spoolDir,
          maxBytes: file.spool ? file.spool.max_bytes : undefined,
          maxFiles: file.spool ? file.spool.max_files : undefined,
          fsync: file.spool ? file.spool.fsync : undefined,
        }
      : undefined,
    feed: feedOff
      ? undefined
      : { host: feedHost, port: flags.feedPort ?? (file.feed ? file.feed.port : undefined) ?? 0, queueLimit: file.feed ? file.feed.queue_limit : undefined },
    stdout: flags.stdout ?? file.stdout ?? false,
    logLevel,
    metricsPort: flags.metricsPort ?? file.monitoring?.prometheus_metrics_port,
    workers: flags.workers ?? file.workers,
    history: historyFile
      ? {
          file: historyFile,
          retention: stripUndefined({
            aggregateDays: file.history ? file.history.aggregate_days : undefined,
            rawHours: file.history ? file.history.raw_hours : undefined,
          }),
        }
      : undefined,
    alerts: alertsFile ? { file: alertsFile, ...(alertsWebhook ? { webhook: alertsWebhook } : {}) } : undefined,
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export async function loadFileConfig(path: string): Promise<{ config: BridgeFileConfig; baseDir: string }> {
  const { json, baseDir } = await readConfigJson(path);
  return { config: parseFileConfig(json), baseDir };
}

/** Reads a config file's JSON (either format) and the directory it is in. */
export async function readConfigJson(path: string): Promise<{ json: unknown; baseDir: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new BridgeConfigError(`cannot read ${path}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new BridgeConfigError(`${path} is not valid JSON: ${(err as Error).message}`);
  }
  return { json, baseDir: dirname(resolve(path)) };
}

/** Splits PEM text into certificates, each checked to parse. Throws naming `source` when none or a bad one. */
export function splitCertificates(pem: string, source: string): string[] {
  try {
    return splitPemCertificates(pem, source);
  } catch (err) {
    throw err instanceof CertificateFileError ? new BridgeConfigError(err.message) : err;
  }
}

/** Reads CA bundle files (several certificates per file allowed). */
export async function loadCaBundles(files: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const f of files) {
    let text: string;
    try {
      text = await readFile(f, 'utf8');
    } catch (err) {
      throw new BridgeConfigError(`cannot read vehicle CA file ${f}: ${(err as Error).message}`);
    }
    out.push(...splitCertificates(text, f));
  }
  return out;
}

export async function readPem(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new BridgeConfigError(`cannot read the ${what} ${path}: ${(err as Error).message}`);
  }
}
