/** What `fleetkit partner …` share: the domain argument, the regions, and partner tokens (client_credentials). */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Dispatcher } from 'undici';
import { describePublicKey, publicSpkiFromPem } from '../../../core/checks/pem/key-info';
import { createFleetDispatcher } from '../../../core/fleet-api/transport';
import { PartnerTokenCache } from '../../../core/oauth/partner-token-cache';
import { TokenClient } from '../../../core/oauth/token-client';
import { pairingLink, type PartnerRegion, type RegionEndpoint, type RegionRegistration } from '../../../core/partner';
import { resolveAppEnvironment, type AppEnvironment } from '../../auth/environment';
import { AuthStore } from '../../auth/store';
import { UsageError, type CliIO } from '../../command';
import { parseOptions } from '../../args';

export const PARTNER_OPTIONS = {
  region: { type: 'string' },
  key: { type: 'string' },
  simulator: { type: 'string' },
  'auth-url': { type: 'string' },
  ca: { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  json: { type: 'boolean' },
} as const;

export const PARTNER_OPTIONS_HELP = `  --region R          na, eu or all (default all: every region of the environment except China, which Tesla
                      runs separately)
  --key FILE          your command key (private or public PEM): says whether Tesla's record is this key
  --simulator X       the local simulator: its ready file (fleetkit sim > FILE) or its URL
  --auth-url URL      another Tesla auth host (token endpoint for the partner token)
  --ca FILE           trust this CA certificate for the auth and Fleet API hosts (the simulator's)
  --client-id ID      your app's client id (or FLEETKIT_CLIENT_ID, or the one you signed in with)
  --client-secret S   your app's client secret (or FLEETKIT_CLIENT_SECRET, or the one saved with
                      fleetkit auth login --save-secret)
  --json              the per-region result as JSON on stdout

Without --simulator/--auth-url, the environment you signed in to with fleetkit auth login is used (else Tesla's).
The partner token is minted per region with the client-credentials grant and kept in memory only.`;

/** The bare domain Tesla wants (lower case, no scheme, path or port). Pure. */
export function parsePartnerDomain(input: string | undefined): string {
  if (!input) throw new UsageError('the DOMAIN is required (the domain that hosts your public key, e.g. fleet.example.com)');
  const domain = input.trim().toLowerCase();
  if (/[/:?#@\s]/.test(domain) || !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain)) {
    throw new UsageError(
      `'${input}' is not a bare domain: give just the host, e.g. fleet.example.com (no https://, path or port), matching your app's Allowed Origin`,
    );
  }
  return domain;
}

export interface PartnerContext {
  readonly domain: string;
  readonly app: AppEnvironment;
  readonly regions: RegionEndpoint[];
  readonly partnerToken: (audience: string) => Promise<string>;
  readonly dispatcher: Dispatcher | undefined;
  readonly localKeyHex?: string;
  readonly json: boolean;
  close(): Promise<void>;
}

function pickRegions(app: AppEnvironment, wanted: string | undefined): RegionEndpoint[] {
  const choice = (wanted ?? 'all').toLowerCase();
  if (choice !== 'na' && choice !== 'eu' && choice !== 'all') throw new UsageError(`--region must be na, eu or all, got '${wanted}'`);
  const names: PartnerRegion[] = choice === 'all' ? ['na', 'eu'] : [choice];
  const regions = names.filter((r) => app.endpoints.fleetUrls[r]).map((r) => ({ region: r, baseUrl: app.endpoints.fleetUrls[r]! }));
  if (!regions.length) throw new UsageError(`this environment has no Fleet API host for ${names.join(', ').toUpperCase()}`);
  return regions;
}

async function localKeyHex(file: string | undefined): Promise<string | undefined> {
  if (!file) return undefined;
  let text: string;
  try {
    text = await readFile(resolve(file), 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read --key ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    return describePublicKey(publicSpkiFromPem(text)).pointHex;
  } catch (err) {
    throw new UsageError(`--key ${file} is not a PEM key: ${(err as Error).message}`);
  }
}

/** Parses the shared options and sets up partner tokens; the caller closes it. */
export async function partnerContext(args: string[], io: CliIO): Promise<PartnerContext> {
  const { values, positionals } = parseOptions(args, PARTNER_OPTIONS, true);
  if (positionals.length > 1) throw new UsageError(`give one DOMAIN, got ${positionals.length}: ${positionals.join(' ')}`);
  const domain = parsePartnerDomain(positionals[0]);
  if (values.simulator && values['auth-url']) throw new UsageError('give --simulator or --auth-url, not both');
  const stored = await AuthStore.forEnv(io.env).read();
  const app = await resolveAppEnvironment(
    io.env,
    { simulator: values.simulator, authUrl: values['auth-url'], ca: values.ca, clientId: values['client-id'], clientSecret: values['client-secret'] },
    stored,
    true,
  );
  if (!app.clientId) throw new UsageError("no client id: pass --client-id ID or set FLEETKIT_CLIENT_ID (your app's Client ID on developer.tesla.com)");
  if (!app.clientSecret) {
    throw new UsageError(
      'no client secret (partner tokens need it): set FLEETKIT_CLIENT_SECRET, pass --client-secret, or sign in with fleetkit auth login --save-secret',
    );
  }
  const regions = pickRegions(app, values.region);
  const keyHex = await localKeyHex(values.key);
  if (app.source === 'store') io.stderr.write(`Using the ${app.endpoints.name} environment you signed in to (fleetkit auth login).\n`);
  const dispatcher = app.caPem ? createFleetDispatcher({ ca: app.caPem }) : undefined;
  const client = new TokenClient({ tokenUrl: app.endpoints.tokenUrl, clientId: app.clientId, dispatcher });
  const secret = app.clientSecret;
  const cache = new PartnerTokenCache((audience) => client.clientCredentials({ clientSecret: secret, audience }));
  return {
    domain,
    app,
    regions,
    partnerToken: (audience) => cache.get(audience),
    dispatcher,
    ...(keyHex ? { localKeyHex: keyHex } : {}),
    json: values.json === true,
    close: async () => {
      await dispatcher?.close();
    },
  };
}

/** The per-region table on stderr, and the JSON on stdout with --json. Exit 0 when every region is registered. */
export function reportRows(io: CliIO, ctx: PartnerContext, rows: readonly RegionRegistration[], verb: string): number {
  const ok = rows.every((r) => r.state === 'registered');
  if (ctx.json) {
    io.stdout.write(
      JSON.stringify({
        ok,
        domain: ctx.domain,
        environment: ctx.app.endpoints.name,
        regions: rows.map((r) => ({
          region: r.region,
          baseUrl: r.baseUrl,
          state: r.state,
          ...(r.publicKeyHex ? { publicKey: r.publicKeyHex } : {}),
          ...(r.matchesLocal !== undefined ? { matchesLocalKey: r.matchesLocal } : {}),
          ...(r.error ? { error: r.error } : {}),
        })),
        pairingLink: pairingLink(ctx.domain),
      }) + '\n',
    );
  }
  const lines = [`${verb} ${ctx.domain} (${ctx.app.endpoints.name}):`];
  for (const r of rows) {
    const head = `  ${r.region.toUpperCase()}  ${r.state}`;
    if (r.state === 'registered') {
      const match =
        r.matchesLocal === undefined ? '' : r.matchesLocal ? ' — matches your --key' : ' — NOT your --key: host the new public key and register again';
      lines.push(`${head}, Tesla's key ${r.publicKeyHex}${match}`);
    } else {
      lines.push(
        `${head}${r.error ? `: ${r.error.status ? `${r.error.status} ` : ''}${r.error.message}${r.error.txid ? ` (txid ${r.error.txid})` : ''}` : ''}`,
      );
      if (r.error?.fix) lines.push(`        fix: ${r.error.fix}`);
    }
  }
  if (rows.some((r) => r.state === 'registered')) lines.push(`Pair the key with a vehicle: ${pairingLink(ctx.domain)}`);
  io.stderr.write(lines.join('\n') + '\n');
  return ok ? 0 : 1;
}
