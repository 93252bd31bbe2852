/** `fleetkit telemetry replay`: a recorded drive (the bridge's spool) sent back through a telemetry server as the vehicles. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { formatCount } from '../../../core/format/quantity';
import { replaySpool, type ReplaySummary } from '../../../core/telemetry-replay';
import { UsageError, type CliIO } from '../../command';
import { parseOptions } from '../../args';
import { configDir } from '../sim';
import { SPOOL_FILE_PATTERN } from '../../../telemetry-bridge/outputs/spool';
import type { TelemetrySubcommand } from './index';

const USAGE = `Usage: fleetkit telemetry replay SPOOL_FILE_OR_DIR... --to wss://HOST:PORT [--speed N]
                                 [--certs DIR | --vehicle-ca-cert FILE --vehicle-ca-key FILE] [--ca FILE] [--json]

Sends the records of the bridge's spool files (telemetry-*.jsonl, in the order given) back through a telemetry
server — a Fleetkit bridge or Tesla's fleet-telemetry — as the recorded vehicles (a directory stands for its spool
files, oldest first): one mTLS WebSocket per VIN with a
client certificate for that VIN (CN = VIN) from a local vehicle CA, each record encoded as the car sent it, at the
recorded pace (its createdAt), waiting for the server's acks. Connectivity records are not sent (the server writes
its own when each vehicle connects). A line that is not a record is reported with FILE:LINE and skipped.

  --to URL                the server: wss://HOST:PORT (what a vehicle config's hostname and port point at)
  --speed N               1 = as recorded (default), 10 = ten times faster, 0 = as fast as the acks come back
  --certs DIR             a directory made by \`fleetkit certs init --out DIR\`: its vehicle CA issues the vehicle
                          certificates and its server CA is trusted (default $FLEETKIT_CONFIG_DIR/bridge, i.e.
                          ~/.config/fleetkit/bridge); the server must trust that vehicle CA (certs init's bridge.json does)
  --vehicle-ca-cert FILE  another vehicle CA: its certificate (PEM) …
  --vehicle-ca-key FILE   … and its private key (PEM)
  --ca FILE               the CA certificate(s) (PEM) to trust for the server: a vehicle config's "ca" (default
                          server-ca.pem in --certs)
  --window N              most unacked records per vehicle (default 500)
  --json                  the summary as JSON on stdout: {"ok","sent","acked","rejected","skipped_connectivity",
                          "bad_lines","duration_ms","vehicles":[{"vin","sent","acked","rejected","unacked","not_sent","failure"}]}

Progress goes to stderr once a second. Exit code 0 when every record sent was acked, 1 when some were not (a vehicle
was refused or cut off: what it had in flight is counted as unacked and not sent again), 2 bad usage.
`;

const OPTIONS = {
  to: { type: 'string' },
  speed: { type: 'string' },
  certs: { type: 'string' },
  'vehicle-ca-cert': { type: 'string' },
  'vehicle-ca-key': { type: 'string' },
  ca: { type: 'string' },
  window: { type: 'string' },
  json: { type: 'boolean' },
} as const;

async function readPem(file: string, what: string, fix: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${what} ${file}${code === 'ENOENT' ? '' : ` (${code ?? (err as Error).message})`}: ${fix}`);
  }
}

function parseUrl(to: string | undefined): string {
  if (!to) throw new UsageError('--to wss://HOST:PORT is required (the telemetry server to replay into)');
  let url: URL;
  try {
    url = new URL(to);
  } catch {
    throw new UsageError(`--to must be a URL like wss://localhost:4443, got '${to}'`);
  }
  if (url.protocol !== 'wss:') throw new UsageError(`--to must be a wss:// URL (vehicles stream over mTLS), got '${to}'`);
  return url.href;
}

function parseNumber(text: string | undefined, name: string, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n < min || text.trim() === '') throw new UsageError(`${name} must be a number ≥ ${min}, got '${text}'`);
  return n;
}

function printSummary(io: CliIO, s: ReplaySummary, json: boolean): void {
  const ok = !s.aborted && s.vehicles.every((v) => v.acked === v.sent && !v.failure);
  if (json) {
    io.stdout.write(
      JSON.stringify({
        ok,
        sent: s.sent,
        acked: s.acked,
        rejected: s.rejected,
        skipped_connectivity: s.skippedConnectivity,
        bad_lines: s.badLines,
        duration_ms: s.durationMs,
        vehicles: s.vehicles.map((v) => ({
          vin: v.vin,
          sent: v.sent,
          acked: v.acked,
          rejected: v.rejected,
          unacked: v.unacked,
          not_sent: v.notSent,
          ...(v.failure ? { failure: v.failure } : {}),
        })),
      }) + '\n',
    );
  }
  const lines = [
    `Replayed ${formatCount(s.sent)} records from ${formatCount(s.vehicles.length)} vehicles in ${(s.durationMs / 1000).toFixed(1)} s: ${formatCount(s.acked)} acked` +
      `${s.rejected ? `, ${formatCount(s.rejected)} rejected` : ''}${s.aborted ? ' (stopped before the end)' : ''}.`,
  ];
  for (const v of s.vehicles) {
    const extra = [v.rejected ? `${v.rejected} rejected` : '', v.unacked ? `${v.unacked} unacked` : '', v.notSent ? `${v.notSent} not sent` : ''].filter(
      Boolean,
    );
    lines.push(
      `  ${v.vin}  ${formatCount(v.sent)} sent · ${formatCount(v.acked)} acked${extra.length ? ` · ${extra.join(' · ')}` : ''}${v.failure ? ` — ${v.failure}` : ''}`,
    );
  }
  if (s.skippedConnectivity) lines.push(`${formatCount(s.skippedConnectivity)} connectivity records not sent: the server records its own connections.`);
  if (s.badLines) lines.push(`${formatCount(s.badLines)} lines skipped (listed above).`);
  io.stderr.write(lines.join('\n') + '\n');
}

/** The files named, a directory standing for its spool files in name (= time) order. */
export async function spoolFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths.map((f) => resolve(f))) {
    const st = await stat(p).catch((err: NodeJS.ErrnoException) => {
      throw new UsageError(`cannot read the spool file ${p} (${err.code ?? err.message})`);
    });
    if (!st.isDirectory()) files.push(p);
    else {
      const inDir = (await readdir(p)).filter((f) => SPOOL_FILE_PATTERN.test(f)).sort();
      if (!inDir.length) throw new UsageError(`${p} holds no spool files (telemetry-*.jsonl)`);
      files.push(...inDir.map((f) => join(p, f)));
    }
  }
  return files;
}

async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseOptions(args, OPTIONS, true);
  if (!positionals.length) throw new UsageError("name the spool files to replay (telemetry-*.jsonl from the bridge's --spool-dir)");
  const url = parseUrl(values.to);
  const speed = parseNumber(values.speed, '--speed', 1, 0);
  const window = Math.floor(parseNumber(values.window, '--window', 500, 1));
  const certCa = values['vehicle-ca-cert'];
  const keyCa = values['vehicle-ca-key'];
  if ((certCa === undefined) !== (keyCa === undefined)) throw new UsageError('give both --vehicle-ca-cert and --vehicle-ca-key, or neither (to use --certs)');
  const certsDir = resolve(values.certs ?? join(configDir(io.env), 'bridge'));
  const initFix = `run \`fleetkit certs init --hostname localhost --out ${certsDir}\` (and start the bridge with its bridge.json), or give --vehicle-ca-cert and --vehicle-ca-key`;
  const vehicleCa = {
    certPem: await readPem(certCa ? resolve(certCa) : join(certsDir, 'vehicle-ca.pem'), 'the vehicle CA certificate', initFix),
    keyPem: await readPem(keyCa ? resolve(keyCa) : join(certsDir, 'vehicle-ca-key.pem'), 'the vehicle CA key', initFix),
  };
  const ca = await readPem(
    values.ca ? resolve(values.ca) : join(certsDir, 'server-ca.pem'),
    'the server CA certificate',
    'give --ca FILE with the CA that signed the server certificate (a vehicle config\'s "ca")',
  );
  const files = await spoolFiles(positionals);
  let summary: ReplaySummary;
  try {
    summary = await replaySpool({
      files,
      url,
      speed,
      window,
      vehicleCa,
      ca,
      signal: io.signal,
      onBadLine: (b) => io.stderr.write(`${b.file}:${b.line}: skipped: ${b.error}\n`),
      onProgress: (p) =>
        io.stderr.write(
          `replay: ${formatCount(p.sent)} sent · ${formatCount(p.acked)} acked · ${formatCount(p.vehicles)} vehicles · ${(p.elapsedMs / 1000).toFixed(0)} s\n`,
        ),
    });
  } catch (err) {
    throw new UsageError(`replay failed: ${(err as Error).message}`, 1);
  }
  printSummary(io, summary, values.json === true);
  return !summary.aborted && summary.vehicles.every((v) => v.acked === v.sent && !v.failure) ? 0 : 1;
}

export const replaySubcommand: TelemetrySubcommand = { summary: 'Replay spool files through a telemetry server as the recorded vehicles', usage: USAGE, run };
