import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError, type CliCommand, type CliIO } from '../command';
import { parseOptions } from '../args';
import { checkPemHosting } from '../../core/checks/pem/run';
import { describePublicKey, publicSpkiFromPem, type KeyInfo } from '../../core/checks/pem/key-info';
import { parseResolveEntries } from '../../core/checks/pem/resolve-map';
import { checkRedirectUri } from '../../core/checks/redirect/run';
import { formatReportJson, formatReportText } from '../../core/checks/report/format';
import { summarize, type CheckReport } from '../../core/checks/types';

const USAGE = `Usage: fleetkit check pem DOMAIN_OR_URL [--key FILE] [--ca FILE] [--resolve HOST=ADDR:PORT]... [--timeout MS] [--json]
       fleetkit check redirect URI --allowed URI[,URI...] [--no-port-probe] [--json]

pem       fetches https://<domain>/.well-known/appspecific/com.tesla.3p.public-key.pem the way Tesla does
          (anonymous, no redirects, size cap) and checks TLS, status, the PEM body, the key type, the exact path
          (probing common wrong variants), and — with --key — that it is your command key (fingerprints shown).
          --key FILE      your public key, or your private key (only its public half is used)
          --ca FILE       extra trusted CA certificate (PEM), e.g. a local test CA
          --resolve H=A:P connect to A:P for host H (certificates are still checked for H)
          --timeout MS    whole-request budget, default 10000
redirect  checks the redirect URI Fleetkit sends against the app's Allowed Redirect URIs: exact match (scheme,
          host case, port, path, trailing slash, query, fragment), http only on loopback, localhost vs
          127.0.0.1, and that the loopback port is free.

The report goes to stderr; with --json the report is JSON on stdout. Exit code 0 when no check fails
(warnings allowed), 1 when a check fails, 2 on bad usage.
`;

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(resolve(file), 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

async function loadLocalKey(file: string): Promise<KeyInfo> {
  const text = await readText(file, 'key');
  try {
    return describePublicKey(publicSpkiFromPem(text));
  } catch (err) {
    throw new UsageError(`${file} is not a PEM key: ${(err as Error).message}`);
  }
}

function emit(report: CheckReport, json: boolean | undefined, io: CliIO): number {
  if (json) io.stdout.write(formatReportJson(report));
  else io.stderr.write(formatReportText(report));
  return summarize(report.checks).ok ? 0 : 1;
}

async function pem(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseOptions(
    args,
    {
      key: { type: 'string' },
      ca: { type: 'string' },
      resolve: { type: 'string', multiple: true },
      timeout: { type: 'string' },
      json: { type: 'boolean' },
    },
    true,
  );
  if (positionals.length !== 1) throw new UsageError('give exactly one DOMAIN_OR_URL');
  const timeoutMs = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0)) throw new UsageError('--timeout takes a positive number of milliseconds');
  let resolveMap;
  try {
    resolveMap = values.resolve ? parseResolveEntries(values.resolve) : undefined;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const localKey = values.key ? await loadLocalKey(values.key) : undefined;
  const ca = values.ca ? await readText(values.ca, 'CA file') : undefined;
  let report: CheckReport;
  try {
    report = await checkPemHosting(positionals[0], { localKey, ca, resolve: resolveMap, timeoutMs, signal: io.signal });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  return emit(report, values.json, io);
}

async function redirect(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseOptions(
    args,
    { allowed: { type: 'string', multiple: true }, json: { type: 'boolean' }, 'no-port-probe': { type: 'boolean' } },
    true,
  );
  if (positionals.length !== 1) throw new UsageError('give exactly one redirect URI');
  if (!values.allowed?.length) throw new UsageError('--allowed URI[,URI...] is required (the Allowed Redirect URIs of your app)');
  const allowed = values.allowed.flatMap((a) => a.split(',')).filter((a) => a.length > 0);
  const report = await checkRedirectUri(positionals[0], allowed, { probePort: !values['no-port-probe'] });
  return emit(report, values.json, io);
}

export const checkCommand: CliCommand = {
  summary: 'Validate PEM key hosting and redirect URIs the way Tesla will',
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'pem') return pem(rest, io);
    if (sub === 'redirect') return redirect(rest, io);
    throw new UsageError(`expected 'pem' or 'redirect', got ${sub === undefined ? 'nothing' : `'${sub}'`}`);
  },
};
