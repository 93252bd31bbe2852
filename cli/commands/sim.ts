import { homedir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateCa, loadOrIssueServerCert } from '../../core/certs';
import { createLogger } from '../../core/log/logger';
import { UsageError, type CliCommand, type CliIO } from '../command';
import { parseOptions } from '../args';
import { untilAborted } from '../../core/process/signals';
import { defaultWorld, loadWorldFile, simulatorHostnames, startSimulator, type SimulatorOptions } from '../../simulator/index';
import { SURFACES } from '../../simulator/surfaces';
import { createPartnerSurface } from '../../simulator/partner/surface';
import { parseResolveEntries } from '../../core/checks/pem/resolve-map';
import { readFile } from 'node:fs/promises';

/** The user config dir: $FLEETKIT_CONFIG_DIR, else ~/.config/fleetkit. */
export function configDir(env: NodeJS.ProcessEnv): string {
  return env.FLEETKIT_CONFIG_DIR || join(homedir(), '.config', 'fleetkit');
}

const USAGE = `Usage: fleetkit sim [options]

Starts the local Tesla simulator on loopback: an auth host, one Fleet API host per region (NA, EU), and a
plain-HTTP listener for the pages a browser opens (sign-in, consent, the callback page, the pairing page /_ak/…).
When ready it prints ONE JSON line on stdout:
  {"auth":URL,"fleet":{"na":URL,"eu":URL},"browser":URL,"clientId":…,"clientSecret":…,"redirectUris":[…],"ca":PATH|null}
Human-readable output goes to stderr. Ctrl-C stops it.

Options:
  --config FILE       world file (JSON, schema: schemas/sim-world.schema.json); default: the built-in world
  --port N            first port: auth on N, fleet NA on N+1, fleet EU on N+2, browser pages on N+3
                      (default 0 = any free ports)
  --insecure-http     plain HTTP instead of HTTPS
  --auto-consent      skip the consent page (the first account, or login_hint, is signed in at once)
  --token-ttl SECONDS access-token lifetime (default 28800 = 8 h)
  --verbose           log every request (method, path, status, txid) to stderr
  --print-world       print the built-in world (or the validated --config) as JSON and exit
  --resolve H=ADDR:PORT  partner registration downloads https://H/… from ADDR:PORT (repeatable; the simulator
                      resolves no other names, so register local test domains this way)
  --partner-ca FILE   extra CA (PEM) trusted when downloading partner public keys (repeatable)
  -h, --help          show this help

HTTPS uses a local CA created once under $FLEETKIT_CONFIG_DIR/simulator (default ~/.config/fleetkit/simulator);
the ready line's "ca" is its path. Trust it only for the simulator.
`;

function parsePort(raw: string | undefined): number {
  if (raw === undefined) return 0;
  if (!/^\d+$/.test(raw) || Number(raw) > 65532) throw new UsageError(`--port must be 0 or a port number ≤ 65532 (four ports from N), got ${raw}`);
  return Number(raw);
}

function parseTtl(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new UsageError(`--token-ttl must be a whole number of seconds ≥ 1, got ${raw}`);
  return Number(raw);
}

async function run(args: string[], io: CliIO): Promise<number> {
  const { values } = parseOptions(args, {
    config: { type: 'string' },
    port: { type: 'string' },
    'insecure-http': { type: 'boolean', default: false },
    'auto-consent': { type: 'boolean', default: false },
    'token-ttl': { type: 'string' },
    verbose: { type: 'boolean', default: false },
    'print-world': { type: 'boolean', default: false },
    resolve: { type: 'string', multiple: true },
    'partner-ca': { type: 'string', multiple: true },
  });
  if (values['print-world']) {
    // A starting point for --config: the built-in world (or the validated --config file) as JSON.
    const shown = values.config ? await loadWorldFile(values.config) : defaultWorld();
    io.stdout.write(JSON.stringify({ $schema: 'https://fleetkit.dev/schemas/sim-world.schema.json', ...shown }, null, 2) + '\n');
    return 0;
  }
  const port = parsePort(values.port);
  const tokenTtlSeconds = parseTtl(values['token-ttl']);
  const log = createLogger({
    sink: { write: (level, line) => io.stderr.write(`${level.toUpperCase().padEnd(5)} ${line}\n`) },
    scope: 'sim',
    level: values.verbose ? 'debug' : 'info',
  });
  const world = values.config ? await loadWorldFile(values.config) : undefined;
  let surfaces: SimulatorOptions['surfaces'];
  if (values.resolve?.length || values['partner-ca']?.length) {
    let resolve;
    try {
      resolve = parseResolveEntries(values.resolve ?? []);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const ca = await Promise.all(
      (values['partner-ca'] ?? []).map((f) => readFile(f, 'utf8').catch(() => Promise.reject(new UsageError(`cannot read --partner-ca ${f}`)))),
    );
    const partner = createPartnerSurface({ download: { resolve, ca } });
    surfaces = SURFACES.map((s) => (s.name === partner.name ? partner : s));
  }
  let tls: SimulatorOptions['tls'] = false;
  if (!values['insecure-http']) {
    const stored = await loadOrCreateCa(join(configDir(io.env), 'simulator'), 'ca', { commonName: 'Fleetkit Simulator Local CA' });
    if (stored.created) io.stderr.write(`Created the simulator's local CA: ${stored.certPath}\n`);
    const server = await loadOrIssueServerCert(join(configDir(io.env), 'simulator'), 'server', stored, simulatorHostnames());
    tls = { ca: stored, caPath: stored.certPath, server };
  }
  if (io.signal.aborted) return 130;
  const sim = await startSimulator({
    ...(world ? { world } : {}),
    port,
    tls,
    autoConsent: values['auto-consent'],
    ...(tokenTtlSeconds !== undefined ? { tokenTtlSeconds } : {}),
    logger: log,
    ...(surfaces ? { surfaces } : {}),
  });
  io.stdout.write(JSON.stringify(sim.ready) + '\n');
  io.stderr.write(
    [
      `Fleetkit simulator ready${values.config ? ` (world: ${values.config})` : ' (built-in world)'}`,
      `  auth      ${sim.urls.auth}`,
      `  fleet NA  ${sim.urls.fleet.na}`,
      `  fleet EU  ${sim.urls.fleet.eu}`,
      `  browser   ${sim.urls.browser}  (sign-in and pairing pages, plain HTTP on loopback)`,
      `  client id ${sim.ready.clientId}`,
      `  accounts  ${sim.world.accounts.map((a) => `${a.email} (${a.region})`).join(', ')}`,
      `  vehicles  ${sim.world.vehicles.length}; control and usage under /sim/ on every host`,
      sim.ready.ca ? `  CA        ${sim.ready.ca}` : '  plain HTTP (--insecure-http)',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  await untilAborted(io.signal);
  io.stderr.write('Stopping the simulator…\n');
  await sim.close();
  io.stderr.write('Simulator stopped.\n');
  return 0;
}

export const simCommand: CliCommand = {
  summary: 'Run the local Tesla simulator (auth, Fleet API, vehicles, partner endpoints)',
  usage: USAGE,
  alwaysJson: true,
  run,
};
