import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Dispatcher } from 'undici';
import { UsageError, type CliCommand, type CliIO } from '../command';
import { parseOptions } from '../args';
import { AuthStore } from '../auth/store';
import { storeTokenProvider } from '../auth/store-tokens';
import { isLoginRequired } from '../../core/oauth/errors';
import { vinProblem } from '../../core/vin/vin';
import { TESLA_ENDPOINTS } from '../../core/config/environments';
import { parseSimulatorReady } from '../../core/messages/simulator-ready';
import { createFleetDispatcher } from '../../core/fleet-api/transport';
import { runDoctor } from '../../core/checks/doctor/run';
import { describePublicKey, publicSpkiFromPem } from '../../core/checks/pem/key-info';
import { parseResolveEntries } from '../../core/checks/pem/resolve-map';
import { formatReportJson, formatReportText } from '../../core/checks/report/format';
import { summarize } from '../../core/checks/types';
import { pairingLink, type PartnerRegion } from '../../core/partner';

const USAGE = `Usage: fleetkit doctor [--domain DOMAIN] [--key FILE] [--vin VIN]... [--telemetry] [--telemetry-config FILE] [--json]
                       [--simulator READY_FILE | --auth-url URL --fleet REGION=URL... [--ca FILE]]
                       [--pem-ca FILE] [--resolve HOST=ADDR:PORT]...

Walks the chain a Fleet API integration breaks along, in order: app credentials, access token (valid, unexpired),
scopes, region, partner domain registered in the account's region, PEM key hosting, local key vs Tesla's record,
vehicles with the key paired (fleet_status), command signing, telemetry config synced (with --telemetry), the
telemetry server as vehicles see it (with --telemetry-config).
Each item comes with its fix.

Credentials come from the environment: FLEETKIT_CLIENT_ID, FLEETKIT_CLIENT_SECRET, FLEETKIT_ACCESS_TOKEN
(or --client-id / --access-token; secrets on the command line end up in your shell history). Without a token, the
account signed in with fleetkit auth login is checked, in the environment it signed in to (its client id too, and its
client secret when saved with --save-secret).

  --domain DOMAIN      the partner domain hosting your public key
  --key FILE           your command key (private or public PEM; only the public half is used)
  --vin VIN            check these vehicles (default: every vehicle of the account)
  --telemetry          also read each vehicle's telemetry config sync status (synced / not synced / none;
                       one billed call per vehicle, at most 10)
  --telemetry-config FILE
                       check the telemetry server this fleet_telemetry_config points vehicles at, as
                       fleetkit telemetry check-server does (no Fleet API call; --resolve applies to its host)
  --simulator FILE     the ready line of \`fleetkit sim\` (auth/fleet URLs, client id/secret, CA)
  --auth-url URL       auth host (default Tesla's); --fleet na=URL --fleet eu=URL: Fleet API hosts
  --ca FILE            trust only this CA for the auth and Fleet API hosts (the simulator's)
  --pem-ca FILE        extra CA for the PEM hosting check; --resolve H=A:P reaches test domains locally

Makes up to three billed Fleet API calls (users/region, vehicles, fleet_status), plus those of --telemetry.
Report on stderr, or JSON on stdout with --json. Exit code 0 when nothing fails, 1 when an item fails, 2 on bad usage.
`;

async function text(file: string, what: string): Promise<string> {
  try {
    return await readFile(resolve(file), 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

async function run(args: string[], io: CliIO): Promise<number> {
  const { values } = parseOptions(args, {
    domain: { type: 'string' },
    key: { type: 'string' },
    vin: { type: 'string', multiple: true },
    simulator: { type: 'string' },
    'auth-url': { type: 'string' },
    fleet: { type: 'string', multiple: true },
    ca: { type: 'string' },
    'pem-ca': { type: 'string' },
    resolve: { type: 'string', multiple: true },
    'client-id': { type: 'string' },
    'access-token': { type: 'string' },
    telemetry: { type: 'boolean' },
    'telemetry-config': { type: 'string' },
    json: { type: 'boolean' },
  });

  // A bad VIN would still cost a billed fleet_status call: refuse it before anything is sent.
  for (const vin of values.vin ?? []) {
    const problem = vinProblem(vin);
    if (problem) throw new UsageError(`--vin ${problem}`);
  }

  let tokenUrl = TESLA_ENDPOINTS.tokenUrl;
  let fleetUrls: Partial<Record<PartnerRegion, string>> = { ...TESLA_ENDPOINTS.fleetUrls };
  let clientId = values['client-id'] ?? io.env.FLEETKIT_CLIENT_ID;
  let clientSecret = io.env.FLEETKIT_CLIENT_SECRET;
  let caPath = values.ca;
  let simulatorPairingPage: string | undefined;
  if (values.simulator) {
    let ready;
    try {
      ready = parseSimulatorReady((await text(values.simulator, 'simulator ready file')).trim().split('\n')[0]);
    } catch (err) {
      throw err instanceof UsageError ? err : new UsageError(`${values.simulator}: ${(err as Error).message}`);
    }
    tokenUrl = `${ready.auth.replace(/\/+$/, '')}/oauth2/v3/token`;
    fleetUrls = { ...ready.fleet };
    clientId ??= ready.clientId;
    clientSecret ??= ready.clientSecret;
    caPath ??= ready.ca ?? undefined;
    simulatorPairingPage = pairingLink(values.domain, ready.fleet.na ?? Object.values(ready.fleet)[0]);
  }
  if (values['auth-url']) tokenUrl = `${values['auth-url'].replace(/\/+$/, '')}/oauth2/v3/token`;
  if (values.fleet?.length) {
    fleetUrls = {};
    for (const f of values.fleet) {
      const m = /^(na|eu|cn)=(https?:\/\/\S+)$/i.exec(f);
      if (!m) throw new UsageError(`--fleet takes REGION=URL (na, eu or cn), got '${f}'`);
      fleetUrls[m[1].toLowerCase() as PartnerRegion] = m[2].replace(/\/+$/, '');
    }
  }
  let resolveMap;
  try {
    resolveMap = values.resolve ? parseResolveEntries(values.resolve) : undefined;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  let localKey;
  if (values.key) {
    try {
      localKey = describePublicKey(publicSpkiFromPem(await text(values.key, 'key')));
    } catch (err) {
      throw err instanceof UsageError ? err : new UsageError(`${values.key} is not a PEM key: ${(err as Error).message}`);
    }
  }
  // No token given: the account signed in with `fleetkit auth login`, in the environment it was signed in to (a token
  // is never sent to another environment's hosts), with its client id and the secret if it was saved.
  let accessToken = values['access-token'] ?? io.env.FLEETKIT_ACCESS_TOKEN;
  if (!accessToken) {
    const store = AuthStore.forEnv(io.env);
    const record = await store.read();
    const explicit = Boolean(values.simulator || values['auth-url'] || values.fleet?.length);
    if (record?.session && (!explicit || record.endpoints.tokenUrl === tokenUrl)) {
      if (!explicit) {
        tokenUrl = record.endpoints.tokenUrl;
        fleetUrls = { ...record.endpoints.fleetUrls };
        caPath ??= record.endpoints.caPath ?? undefined;
      }
      clientId ??= record.clientId;
      if (clientId === record.clientId) clientSecret ??= record.clientSecret;
      try {
        accessToken = await storeTokenProvider(store, { ...record, session: record.session }, io.now).tokens.getAccessToken();
        io.stderr.write(`Checking ${record.session.label} (${record.endpoints.name}), signed in with fleetkit auth login.\n`);
      } catch (err) {
        if (!isLoginRequired(err)) throw err;
        io.stderr.write('The stored sign-in has ended (Tesla refused the refresh token): run fleetkit auth login.\n');
      }
    }
  }
  const telemetryConfig = values['telemetry-config'];
  const telemetryServer = telemetryConfig
    ? { configText: await text(telemetryConfig, 'telemetry config'), source: telemetryConfig, resolve: resolveMap }
    : undefined;
  const pemCa = values['pem-ca'] ? await text(values['pem-ca'], 'CA file') : undefined;
  const dispatcher: Dispatcher | undefined = caPath ? createFleetDispatcher({ ca: await text(caPath, 'CA file') }) : undefined;
  try {
    const report = await runDoctor({
      surface: 'cli',
      clientId,
      clientSecret,
      accessToken,
      tokenUrl,
      fleetUrls,
      dispatcher,
      domain: values.domain,
      localKey,
      pem: { ca: pemCa, resolve: resolveMap },
      vins: values.vin,
      ...(simulatorPairingPage ? { pairingPage: simulatorPairingPage } : {}),
      ...(values.telemetry ? { telemetry: { reason: '--telemetry was given' } } : {}),
      telemetryServer,
      signal: io.signal,
    });
    if (values.json) io.stdout.write(formatReportJson(report));
    else io.stderr.write(formatReportText(report));
    return summarize(report.checks).ok ? 0 : 1;
  } finally {
    await dispatcher?.close();
  }
}

export const doctorCommand: CliCommand = {
  summary: 'Check the whole Fleet API setup in order (credentials → token → region → partner → PEM → keys)',
  usage: USAGE,
  run,
};
