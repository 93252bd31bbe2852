/** `fleetkit telemetry errors`: what vehicles report when they cannot use or stream by your telemetry config. */
import { createFleetDispatcher } from '../../../core/fleet-api/transport';
import { FleetApiClient } from '../../../core/fleet-api/client';
import { PartnerEndpoints } from '../../../core/fleet-api/partner';
import { staticTokenProvider } from '../../../core/fleet-api/token-provider';
import { telemetryErrorFix, telemetryErrorsByVin, type TelemetryError } from '../../../core/fleet-api/telemetry-errors';
import { VehicleEndpoints } from '../../../core/fleet-api/vehicles';
import { PartnerTokenCache } from '../../../core/oauth/partner-token-cache';
import { TokenClient } from '../../../core/oauth/token-client';
import { formatAge } from '../../../core/vehicle-model/age';
import { resolveAppEnvironment, type AppEnvironment } from '../../auth/environment';
import { AuthStore } from '../../auth/store';
import { UsageError, type CliIO } from '../../command';
import { parseOptions } from '../../args';
import type { TelemetrySubcommand } from './index';
import { failureOf, FLEET_OPTIONS, parseVins, reportFailure, userFleet } from './shared';

const USAGE = `Usage: fleetkit telemetry errors [--vin VIN]... [--json]
                                 [--simulator READY_FILE_OR_URL | --auth-url URL] [--client-id ID] [--client-secret S]
                                 [--region na|eu|all] [--base-url URL] [--ca FILE] [--token TOKEN]

Lists the errors vehicles reported to Tesla about your telemetry config — the server could not be reached, its
certificate is not signed by the config's "ca", it did not ask for the vehicle's certificate, the config is signed
by a key Tesla does not know for your app — newest first, per vehicle, with how long ago and what to do.

Where they come from:
  - with your app's client id and secret (partner token): GET /api/1/partner_accounts/fleet_telemetry_errors in
    each region (every vehicle with your config; --vin narrows the list);
  - else, or with --token: GET /api/1/vehicles/{vin}/fleet_telemetry_errors with your user token, for each --vin
    (one billed data call per vehicle).

  --vin VIN             only these vehicles (repeatable, or comma-separated); required with a user token
  --simulator X         the local simulator: its ready file (fleetkit sim > FILE) or its URL
  --auth-url URL        another Tesla auth host (token endpoint for the partner token)
  --client-id ID        your app's client id (or FLEETKIT_CLIENT_ID, or the one you signed in with)
  --client-secret S     your app's client secret (or FLEETKIT_CLIENT_SECRET, or the one saved with
                        fleetkit auth login --save-secret)
  --region R            na, eu or all (default all) for the partner endpoint
  --base-url URL        one Fleet API host instead of the environment's regions
  --ca FILE             trust this CA certificate (PEM) instead of the system roots (the simulator's)
  --token TOKEN         a user access token: use the vehicle endpoint (or FLEETKIT_ACCESS_TOKEN / the account
                        signed in with fleetkit auth login, when no client secret is available)
  --json                {"ok":true,"source":"partner"|"vehicle","errors":[{"vin","name","error_name","error",
                        "created_at","txid","fix"}],"vins":[…]} on stdout

Exit code 0 when the errors could be read (whether or not there are any), 1 when a lookup failed, 2 bad usage.
`;

const OPTIONS = {
  ...FLEET_OPTIONS,
  vin: { type: 'string', multiple: true },
  simulator: { type: 'string' },
  'auth-url': { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  region: { type: 'string' },
} as const;

interface Found {
  source: 'partner' | 'vehicle';
  errors: TelemetryError[];
}

function hostsOf(app: AppEnvironment, baseUrl: string | undefined, region: string | undefined): string[] {
  if (baseUrl) return [baseUrl.replace(/\/+$/, '')];
  const choice = (region ?? 'all').toLowerCase();
  if (choice !== 'na' && choice !== 'eu' && choice !== 'all') throw new UsageError(`--region must be na, eu or all, got '${region}'`);
  const names = choice === 'all' ? (['na', 'eu'] as const) : ([choice] as const);
  const hosts = names.map((r) => app.endpoints.fleetUrls[r]).filter((u): u is string => Boolean(u));
  if (!hosts.length) throw new UsageError(`this environment has no Fleet API host for ${names.join(', ').toUpperCase()}`);
  return hosts;
}

/** The partner endpoint in each region (partner tokens minted with client_credentials, memory only). */
async function fromPartner(app: AppEnvironment, hosts: readonly string[], io: CliIO): Promise<TelemetryError[]> {
  const dispatcher = createFleetDispatcher(app.caPem ? { ca: app.caPem } : {});
  try {
    const tokens = new TokenClient({ tokenUrl: app.endpoints.tokenUrl, clientId: app.clientId!, dispatcher });
    const secret = app.clientSecret!;
    const cache = new PartnerTokenCache((audience) => tokens.clientCredentials({ clientSecret: secret, audience }));
    const all: TelemetryError[] = [];
    for (const host of hosts) {
      const client = new FleetApiClient({
        baseUrl: host,
        accountId: `partner:${app.clientId}`,
        tokens: staticTokenProvider(await cache.get(host)),
        dispatcher,
        maxServerRetries: 1,
      });
      try {
        all.push(...(await new PartnerEndpoints(client).fleetTelemetryErrors({ signal: io.signal })).errors);
      } finally {
        await client.close();
      }
    }
    return all;
  } finally {
    await dispatcher.close();
  }
}

async function fromVehicles(io: CliIO, values: { token?: string; 'base-url'?: string; ca?: string }, vins: readonly string[]): Promise<TelemetryError[]> {
  const fleet = await userFleet(io, values);
  try {
    const vehicles = new VehicleEndpoints(fleet.client);
    const all: TelemetryError[] = [];
    for (const vin of vins) all.push(...(await vehicles.fleetTelemetryErrors(vin, { signal: io.signal })).errors);
    return all;
  } finally {
    await fleet.close();
  }
}

function print(io: CliIO, found: Found, vins: readonly string[], json: boolean): void {
  const now = Date.now();
  const errors = [...telemetryErrorsByVin(found.errors).values()].flat();
  if (json) {
    const rows = errors.map((e) => {
      const fix = telemetryErrorFix(e);
      return {
        vin: e.vin,
        name: e.name,
        error_name: e.errorName ?? null,
        error: e.error,
        created_at: e.createdAt !== undefined ? new Date(e.createdAt).toISOString() : null,
        txid: e.txid ?? null,
        ...(fix ? { fix } : {}),
      };
    });
    io.stdout.write(JSON.stringify({ ok: true, source: found.source, errors: rows, vins: [...new Set(errors.map((e) => e.vin))] }) + '\n');
  }
  if (!errors.length) {
    io.stderr.write(`No telemetry errors reported${vins.length ? ` for ${vins.join(', ')}` : ''}.\n`);
    return;
  }
  const lines: string[] = [];
  for (const [vin, list] of telemetryErrorsByVin(errors)) {
    lines.push(`${vin}  ${list.length} error(s)`);
    for (const e of list) {
      lines.push(
        `  ${(e.createdAt !== undefined ? formatAge(e.createdAt, now) : 'time unknown').padEnd(12)} ${e.errorName ? `${e.errorName}: ` : ''}${e.error}`,
      );
      const fix = telemetryErrorFix(e);
      if (fix) lines.push(`  ${''.padEnd(12)} fix: ${fix}`);
    }
  }
  io.stderr.write(lines.join('\n') + '\n');
}

async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseOptions(args, OPTIONS, true);
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}' (VINs go with --vin)`);
  const json = values.json === true;
  const vins = parseVins(values.vin);
  if (values.simulator && values['auth-url']) throw new UsageError('give --simulator or --auth-url, not both');
  const app = await resolveAppEnvironment(
    io.env,
    { simulator: values.simulator, authUrl: values['auth-url'], ca: values.ca, clientId: values['client-id'], clientSecret: values['client-secret'] },
    await AuthStore.forEnv(io.env).read(),
    true,
  );
  const partner = values.token === undefined && Boolean(app.clientId && app.clientSecret);
  if (!partner && !vins.length) {
    throw new UsageError(
      values.token !== undefined
        ? 'with a user token, name the vehicles: --vin VIN (repeatable)'
        : 'no client secret for a partner token: set FLEETKIT_CLIENT_ID and FLEETKIT_CLIENT_SECRET (or --client-id/--client-secret, or --simulator READY_FILE), or name vehicles with --vin VIN to ask with your user token',
    );
  }
  let found: Found;
  try {
    found = partner
      ? {
          source: 'partner',
          errors: (await fromPartner(app, hostsOf(app, values['base-url'], values.region), io)).filter((e) => !vins.length || vins.includes(e.vin)),
        }
      : {
          source: 'vehicle',
          errors: await fromVehicles(
            io,
            {
              token: values.token,
              'base-url': values['base-url'] ?? (values.simulator ? app.endpoints.fleetUrls.na : undefined),
              ca: values.ca ?? app.endpoints.caPath ?? undefined,
            },
            vins,
          ),
        };
  } catch (err) {
    if (err instanceof UsageError) throw err;
    return reportFailure(io, json, 'errors', failureOf(err));
  }
  print(io, found, vins, json);
  return 0;
}

export const errorsSubcommand: TelemetrySubcommand = { summary: 'Errors vehicles report about your config (why they do not stream)', usage: USAGE, run };
