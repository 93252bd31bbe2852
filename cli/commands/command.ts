import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { Agent } from 'undici';
import { CLI_HINTS, describeError, mayHaveSucceeded } from '../../core/errors/describe-error';
import { VehicleEndpoints } from '../../core/fleet-api/vehicles';
import { vinProblem } from '../../core/vin/vin';
import { resolveUserTokens } from '../auth/token-source';
import { UsageError, type CliCommand, type CliIO } from '../command';
import { parseOptions } from '../args';
import {
  AsleepError,
  BaseUrlError,
  checkBaseUrl,
  CommandParamError,
  COMMAND_CATALOGUE,
  commandClient,
  createCommandSender,
  FileSessionStore,
  findCommand,
  KeyNotPairedError,
  MemorySessionStore,
  paramWarnings,
  sendWaking,
  type CommandOutcome,
  type CommandTransportKind,
} from '../../core/command-protocol';
import { importPrivateKeyPem, KeyFormatError } from '../../core/keys';
import { createLogger, stderrSink } from '../../core/log/logger';

const DEFAULT_BASE_URL = 'https://fleet-api.prd.na.vn.cloud.tesla.com';

const USAGE = `Usage: fleetkit command NAME --vin VIN [--token TOKEN] [--key FILE] [--params JSON] [--base-url URL]
                        [--ca FILE] [--transport native|proxy|rest] [--session-cache FILE | --no-session-cache]
                        [--pairing-domain DOMAIN] [--wake] [--json]
       fleetkit command --list [--json]

Signs NAME with the Vehicle Command Protocol and sends it through signed_command (handshakes as needed; sessions
are cached in a 0600 file so later runs skip the handshake). Unsigned commands (wake_up, navigation_request,
managed charging) go as REST; vehicles that answer 422 fall back to REST.

  --vin VIN             the 17-character VIN
  --token TOKEN         a Fleet API access token (or FLEETKIT_ACCESS_TOKEN; default: the account of
                        fleetkit auth login, refreshed as needed, with its region and CA)
  --key FILE            private key PEM (SEC1 or unencrypted PKCS#8); required for --transport native
  --params JSON         command parameters, e.g. '{"percent":80}'
  --base-url URL        Fleet API or simulator URL (default ${DEFAULT_BASE_URL}); http:// only for loopback hosts
  --ca FILE             trust this CA certificate (PEM) instead of the system roots (the simulator's CA)
  --transport KIND      native (default, our signer) | proxy (a tesla-http-proxy at --base-url) | rest (legacy)
  --session-cache FILE  session cache file (default ~/.config/fleetkit/command-sessions.json)
  --pairing-domain D    your key's domain, for the pairing link in "not paired" errors
  --wake                if the vehicle is asleep, wake it (one wake_up, billed as a wake, then state checks) and
                        send again
  --json                print the outcome as JSON on stdout
  --list                list the command catalogue

Exit codes: 0 done, 1 refused/failed, 2 usage, 3 vehicle asleep, 4 key not paired, 5 the command may have run
(Tesla answered a 5xx other than 503, or no answer came): read the vehicle's state before sending it again.
`;

/** The signed-in environment's region URLs, for following a 421. */
function definedUrls(urls: Readonly<Partial<Record<string, string>>>): Record<string, string> {
  return Object.fromEntries(Object.entries(urls).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function defaultSessionCache(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'fleetkit', 'command-sessions.json');
}

function listCatalogue(io: CliIO, json: boolean): number {
  if (json) {
    io.stdout.write(
      JSON.stringify(
        COMMAND_CATALOGUE.map((c) => ({
          name: c.name,
          title: c.title,
          group: c.group,
          domain: c.domain,
          signing: c.signing,
          params: c.params.map((p) => ({
            ...p,
            pattern: p.pattern?.description,
            ...(p.warn ? { warn: { ...p.warn, pattern: p.warn.pattern?.description } } : {}),
          })),
        })),
      ) + '\n',
    );
    return 0;
  }
  const lines = COMMAND_CATALOGUE.map((c) => {
    const params = c.params.map((p) => p.name).join(', ');
    return `${c.name.padEnd(38)} ${(c.domain ?? 'rest').padEnd(12)} ${c.title}${params ? ` (${params})` : ''}\n`;
  });
  io.stdout.write(lines.join(''));
  return 0;
}

function report(io: CliIO, outcome: CommandOutcome, json: boolean): number {
  if (json) io.stdout.write(JSON.stringify(outcome) + '\n');
  const how = `${outcome.via === 'signed' ? `signed, ${outcome.domain}, ${outcome.handshakes} handshake(s), ${outcome.attempts} attempt(s)` : outcome.via}${outcome.txid ? `, txid ${outcome.txid}` : ''}`;
  io.stderr.write(
    outcome.ok
      ? `${outcome.command}: done (${how})${outcome.reason ? ` — ${outcome.reason}` : ''}\n`
      : `${outcome.command}: refused by the vehicle: ${outcome.reason || 'no reason given'} (${how})\n`,
  );
  return outcome.ok ? 0 : 1;
}

function fail(io: CliIO, json: boolean, command: string, err: Error, code: number): number {
  const d = describeError(err);
  const hints = d.actions.map((a) => CLI_HINTS[a]);
  if (json) {
    const extra = {
      ...(d.url ? { pairing_url: d.url } : {}),
      ...(d.txid ? { txid: d.txid } : {}),
      ...(d.mayHaveSucceeded ? { may_have_succeeded: true } : {}),
    };
    io.stdout.write(JSON.stringify({ command, ok: false, error: err.name, message: d.message, hints, ...extra }) + '\n');
  }
  io.stderr.write(`fleetkit command: ${d.message}\n${hints.map((h) => `  → ${h}\n`).join('')}`);
  return code;
}

export const commandCommand: CliCommand = {
  summary: 'Send a vehicle command (signed with the Vehicle Command Protocol)',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseOptions(
      args,
      {
        vin: { type: 'string' },
        params: { type: 'string' },
        key: { type: 'string' },
        token: { type: 'string' },
        'base-url': { type: 'string' },
        ca: { type: 'string' },
        transport: { type: 'string' },
        'session-cache': { type: 'string' },
        'no-session-cache': { type: 'boolean' },
        'pairing-domain': { type: 'string' },
        json: { type: 'boolean' },
        list: { type: 'boolean' },
        wake: { type: 'boolean' },
      },
      true,
    );
    const json = values.json === true;
    if (values.list) return listCatalogue(io, json);
    const name = positionals[0];
    if (!name) throw new UsageError('the command NAME is required (fleetkit command --list shows them)');
    if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'`);
    const spec = findCommand(name);
    if (!spec) throw new UsageError(`unknown command '${name}' (fleetkit command --list shows them)`);
    if (!values.vin) throw new UsageError('--vin VIN is required');
    const vinIssue = vinProblem(values.vin);
    if (vinIssue) throw new UsageError(`--vin ${vinIssue}`);
    // --token, FLEETKIT_ACCESS_TOKEN, or the account of `fleetkit auth login` (refreshed as needed, its region and CA).
    const signedIn = await resolveUserTokens(io, { ...(values.token ? { token: values.token } : {}) });
    const kind = (values.transport ?? 'native') as CommandTransportKind;
    if (!['native', 'proxy', 'rest'].includes(kind)) throw new UsageError(`--transport must be native, proxy or rest (got ${kind})`);
    const baseUrl = values['base-url'] ?? signedIn.baseUrl ?? DEFAULT_BASE_URL;
    try {
      checkBaseUrl(baseUrl);
    } catch (err) {
      if (err instanceof BaseUrlError) throw new UsageError(`--base-url: ${err.message}`);
      throw err;
    }
    let params: unknown = {};
    if (values.params !== undefined) {
      try {
        params = JSON.parse(values.params);
      } catch {
        throw new UsageError('--params must be a JSON object, e.g. \'{"percent":80}\'');
      }
    }
    // What Fleetkit would check but Tesla does not (ranges, PIN shapes, unknown keys): said, never refused.
    for (const warning of paramWarnings(spec, params)) io.stderr.write(`warning: ${warning}\n`);
    let privateKey;
    if (kind === 'native' && spec.signing === 'signed') {
      if (!values.key) throw new UsageError('--key FILE is required to sign commands');
      try {
        privateKey = importPrivateKeyPem(await readFile(resolve(values.key), 'utf8'));
      } catch (err) {
        if (err instanceof KeyFormatError || (err as NodeJS.ErrnoException).code === 'ENOENT') {
          throw new UsageError(`--key ${values.key}: ${(err as Error).message}`);
        }
        throw err;
      }
    }
    const caFile = values.ca ? resolve(values.ca) : signedIn.caFile;
    const ca = caFile
      ? await readFile(caFile, 'utf8').catch((err: Error) => {
          throw new UsageError(`--ca: ${err.message}`);
        })
      : undefined;
    const dispatcher = new Agent({ connect: { ...(ca ? { ca } : {}), timeout: 15_000 } });
    const logger = createLogger({ sink: stderrSink(), level: io.env.FLEETKIT_DEBUG ? 'debug' : 'warn', scope: 'command' });
    const sessionStore = values['no-session-cache']
      ? new MemorySessionStore()
      : new FileSessionStore(values['session-cache'] ? resolve(values['session-cache']) : defaultSessionCache(io.env));
    try {
      const client = commandClient({
        baseUrl,
        tokens: signedIn.tokens,
        dispatcher,
        ...(signedIn.fleetUrls ? { regionUrls: definedUrls(signedIn.fleetUrls) } : {}),
      });
      const sender = createCommandSender({
        kind,
        client,
        sessionStore,
        logger,
        ...(privateKey ? { privateKey } : {}),
        ...(values['pairing-domain'] ? { pairingDomain: values['pairing-domain'] } : {}),
      });
      const outcome = values.wake
        ? await sendWaking(sender, new VehicleEndpoints(client), values.vin, name, params, true, {
            signal: io.signal,
            onProgress: (p) => io.stderr.write(`wake_up sent: vehicle is ${p.state} (check ${p.attempt}/${p.maxPolls})\n`),
          })
        : await sender.send(values.vin, name, params, io.signal, (e) => {
            if (e.stage === 'handshake') io.stderr.write(`handshake with ${e.domain}…\n`);
            if (e.stage === 'recover') io.stderr.write(`vehicle answered fault ${e.fault}; re-signing…\n`);
          });
      return report(io, outcome, json);
    } catch (err) {
      if (err instanceof CommandParamError) throw new UsageError(err.message);
      if (err instanceof AsleepError) return fail(io, json, name, err, 3);
      if (err instanceof KeyNotPairedError) return fail(io, json, name, err, 4);
      if (mayHaveSucceeded(err)) return fail(io, json, name, err as Error, 5);
      if (err instanceof Error) return fail(io, json, name, err, 1);
      throw err;
    } finally {
      await dispatcher.close();
    }
  },
};
