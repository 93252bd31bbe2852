/** `fleetkit telemetry check-server`: the telemetry server a config points vehicles at, checked as a vehicle meets it. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError, type CliIO } from '../../command';
import { parseOptions } from '../../args';
import { parseResolveEntries } from '../../../core/checks/pem/resolve-map';
import { formatReportJson, formatReportText } from '../../../core/checks/report/format';
import { readServerTarget } from '../../../core/checks/telemetry-server/config';
import { checkTelemetryServer } from '../../../core/checks/telemetry-server/run';
import { summarize } from '../../../core/checks/types';
import type { TelemetrySubcommand } from './index';

const USAGE = `Usage: fleetkit telemetry check-server --config CONFIG.json [--resolve HOST=ADDR:PORT]... [--partner-domain DOMAIN]
                                     [--timeout MS] [--json]

Checks the telemetry server that the config's hostname, port and ca point vehicles at, the way a vehicle meets it
(Tesla's fleet-telemetry tools/check_server_cert.sh, and more):
  - the port answers;
  - the chain the server sends verifies against exactly the config's ca (not the system roots), and ca alone
    verifies the server certificate, as check_server_cert.sh requires;
  - the certificate covers the hostname (Subject Alternative Name) and the chain is in date;
  - the server asks for a client certificate, names Tesla's vehicle CAs in that request, and refuses a client that
    has none (as Tesla's server does);
  - the hostname is under your registered partner domain (with --partner-domain).

  --config FILE            a fleet_telemetry_config (bare, or a {"vins", "config"} request; comments allowed)
  --resolve H=ADDR:PORT    connect to ADDR:PORT for host H, still using H for SNI and verification (test before DNS)
  --partner-domain DOMAIN  the domain registered with Tesla as your partner domain
  --timeout MS             budget per connection, default 10000

The report goes to stderr; with --json it is JSON on stdout. Exit code 0 when no check fails (warnings allowed),
1 when a check fails, 2 on bad usage or a config that cannot be read.
`;

async function run(args: string[], io: CliIO): Promise<number> {
  const { values } = parseOptions(args, {
    config: { type: 'string' },
    resolve: { type: 'string', multiple: true },
    'partner-domain': { type: 'string' },
    timeout: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (!values.config) throw new UsageError('--config CONFIG.json is required (the fleet_telemetry_config whose server to check)');
  const timeoutMs = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0)) throw new UsageError('--timeout takes a positive number of milliseconds');
  let text: string;
  try {
    text = await readFile(resolve(values.config), 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read the config ${values.config}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let target;
  let resolveMap;
  try {
    target = readServerTarget(text, values.config);
    resolveMap = values.resolve ? parseResolveEntries(values.resolve) : undefined;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (resolveMap && !resolveMap[target.hostname]) {
    throw new UsageError(
      `--resolve does not map the config's hostname ${target.hostname} (it maps ${Object.keys(resolveMap).join(', ')}): use --resolve ${target.hostname}=ADDRESS:PORT`,
    );
  }
  const report = await checkTelemetryServer(target, { resolve: resolveMap, partnerDomain: values['partner-domain'], timeoutMs, signal: io.signal });
  if (values.json) io.stdout.write(formatReportJson(report));
  else io.stderr.write(formatReportText(report));
  return summarize(report.checks).ok ? 0 : 1;
}

export const checkServerSubcommand: TelemetrySubcommand = {
  summary: 'Check the telemetry server a config points vehicles at, as a vehicle sees it',
  usage: USAGE,
  run,
};
