/** What `fleetkit telemetry push|status|remove|errors|sign` share: options, the Fleet API client, config and key files, failures, per-vehicle runs. */
import type { KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { BaseUrlError, checkBaseUrl } from '../../../core/command-protocol';
import { CLI_HINTS, describeError } from '../../../core/errors/describe-error';
import { FleetApiClient } from '../../../core/fleet-api/client';
import { RegionDirectory, TESLA_BASE_URLS } from '../../../core/fleet-api/region';
import { createFleetDispatcher } from '../../../core/fleet-api/transport';
import { importPrivateKeyPem, KeyFormatError } from '../../../core/keys';
import { splitRequest } from '../../../core/telemetry-config-push';
import { vinProblem } from '../../../core/vin/vin';
import { resolveUserTokens } from '../../auth/token-source';
import { UsageError, type CliIO } from '../../command';

export const DEFAULT_BASE_URL = TESLA_BASE_URLS.na;

/** Options of the subcommands that call the Fleet API with the user's token. */
export const FLEET_OPTIONS = {
  token: { type: 'string' },
  'base-url': { type: 'string' },
  ca: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export const FLEET_OPTIONS_HELP = `  --token TOKEN     a Fleet API access token (or FLEETKIT_ACCESS_TOKEN; default: the account signed in with
                    fleetkit auth login)
  --base-url URL    Fleet API or simulator URL (default: the signed-in account's region, else ${DEFAULT_BASE_URL});
                    http:// only for loopback hosts
  --ca FILE         trust this CA certificate (PEM) instead of the system roots (the simulator's)
  --json            the result as JSON on stdout; failures too, as {"ok":false,"error","message","hints"}`;

/** `--vin` values, checked with the shared VIN rules (and upper-cased); `required` names what needs them. Pure. */
export function parseVins(values: readonly string[] | undefined, required?: string): string[] {
  const vins = [
    ...new Set(
      (values ?? [])
        .flatMap((v) => v.split(','))
        .map((v) => v.trim().toUpperCase())
        .filter(Boolean),
    ),
  ];
  for (const vin of vins) {
    const problem = vinProblem(vin);
    if (problem) throw new UsageError(`--vin ${problem}`);
  }
  if (required && !vins.length) throw new UsageError(`${required} needs at least one --vin VIN (repeat it for more vehicles)`);
  return vins;
}

export async function readTextFile(file: string, what: string): Promise<string> {
  try {
    return await readFile(resolve(file), 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

export interface ConfigFile {
  readonly file: string;
  readonly text: string;
  /** `vins` from a `{"vins", "config"}` request (empty for a bare config). */
  readonly vins: string[];
  readonly config: Record<string, unknown>;
}

/** A telemetry config file: a bare config or a `{"vins", "config"}` request, comments allowed (JSONC). */
export async function readConfigFile(file: string): Promise<ConfigFile> {
  const text = await readTextFile(file, 'the config');
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, { allowTrailingComma: true });
  if (errors.length) {
    const first = errors[0]!;
    const line = text.slice(0, first.offset).split('\n').length;
    throw new UsageError(`${file} is not valid JSON: ${printParseErrorCode(first.error)} on line ${line} (fleetkit lint ${file} shows every problem)`);
  }
  try {
    return { file, text, ...splitRequest(value) };
  } catch (err) {
    throw new UsageError(`${file}: ${(err as Error).message} (a telemetry config, or {"vins": […], "config": {…}})`);
  }
}

/** The command key that signs configs: a P-256 private key PEM (SEC1 or unencrypted PKCS#8). */
export async function readSigningKey(file: string | undefined): Promise<KeyObject> {
  if (!file) throw new UsageError('--key FILE is required: the private key (PEM) whose public half your partner domain hosts signs the config');
  const pem = await readTextFile(file, '--key');
  try {
    return importPrivateKeyPem(pem);
  } catch (err) {
    if (err instanceof KeyFormatError) throw new UsageError(`--key ${file}: ${err.message}`);
    throw err;
  }
}

export interface UserFleet {
  readonly client: FleetApiClient;
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** A Fleet API client with the user's token (resolveUserTokens), at --base-url (or the account's region), trusting --ca. */
export async function userFleet(io: CliIO, values: { token?: string; 'base-url'?: string; ca?: string }): Promise<UserFleet> {
  if (values['base-url'] !== undefined) {
    try {
      checkBaseUrl(values['base-url']);
    } catch (err) {
      if (err instanceof BaseUrlError) throw new UsageError(`--base-url: ${err.message}`);
      throw err;
    }
  }
  const caFlag = values.ca;
  const caText = caFlag ? await readTextFile(caFlag, '--ca') : undefined;
  const user = await resolveUserTokens(io, { token: values.token });
  const baseUrl = (values['base-url'] ?? user.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const ca = caText ?? (user.caFile ? await readTextFile(user.caFile, 'the CA file of the signed-in environment') : undefined);
  const dispatcher = createFleetDispatcher(ca ? { ca } : {});
  const fleetUrls = Object.fromEntries(Object.entries(user.fleetUrls ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
  const client = new FleetApiClient({
    baseUrl,
    accountId: user.account ?? 'cli',
    tokens: user.tokens,
    dispatcher,
    regions: new RegionDirectory(fleetUrls),
    maxServerRetries: 1,
  });
  return {
    client,
    baseUrl,
    close: async () => {
      await client.close();
      await dispatcher.close();
    },
  };
}

/** A failure as the CLI reports it (the shape `fleetkit … --json` prints with `"ok": false`). */
export interface Failure {
  error: string;
  message: string;
  hints: string[];
  txid?: string;
}

/** Any error → message and hints through describeError + CLI_HINTS (the same words as everywhere else). */
export function failureOf(err: unknown): Failure {
  const d = describeError(err);
  return {
    error: err instanceof Error ? err.name : 'Error',
    message: d.message,
    hints: d.actions.map((a) => CLI_HINTS[a]),
    ...(d.txid ? { txid: d.txid } : {}),
  };
}

/** Writes a failure (JSON on stdout with --json, text on stderr) and returns the exit code. Extra fields go into the JSON. */
export function reportFailure(io: CliIO, json: boolean, sub: string, f: Failure, extra: Record<string, unknown> = {}, exitCode = 1): number {
  if (json) io.stdout.write(JSON.stringify({ ok: false, ...f, ...extra }) + '\n');
  io.stderr.write(`fleetkit telemetry ${sub}: ${f.message}\n${f.hints.map((h) => `  → ${h}\n`).join('')}`);
  return exitCode;
}

/**
 * The top-level failure of a per-vehicle run (status, remove): every `--json` failure carries error, message and
 * hints, so scripts read one shape. Undefined when every vehicle went through.
 */
export function perVehicleFailure(rows: ReadonlyArray<{ vin: string; ok: boolean } & Partial<Failure>>, asked: number): Failure | undefined {
  const failed = rows.filter((r) => !r.ok);
  if (!failed.length && rows.length === asked) return undefined;
  const first = failed[0];
  if (!first) return { error: 'Aborted', message: `stopped after ${rows.length} of ${asked} vehicle(s)`, hints: [] };
  return {
    error: first.error ?? 'Error',
    message: `${failed.length} of ${asked} vehicle(s) failed; ${first.vin}: ${first.message ?? 'failed'}`,
    hints: first.hints ?? [],
  };
}

/** One vehicle's row in a per-vehicle run: what `each` returned, or its failure. */
export type VehicleRow<T> = ({ vin: string; ok: true } & T) | ({ vin: string; ok: false } & Failure);

/**
 * The per-vehicle run of status and remove: `each` for every VIN with the user's Fleet API client, a vehicle that
 * fails being a row of its own (Ctrl-C stops after it); then the rows go out, JSON on stdout with --json and a line a
 * vehicle on stderr (`describe` words one that went through). Resolves to the exit code: 1 when any vehicle failed.
 */
export async function runPerVehicle<T extends object>(
  io: CliIO,
  values: Parameters<typeof userFleet>[1] & { json?: boolean },
  vins: readonly string[],
  each: (client: FleetApiClient, vin: string) => Promise<T>,
  describe: (row: { vin: string; ok: true } & T) => string,
): Promise<number> {
  const fleet = await userFleet(io, values);
  const rows: Array<VehicleRow<T>> = [];
  try {
    for (const vin of vins) {
      try {
        rows.push({ vin, ok: true, ...(await each(fleet.client, vin)) });
      } catch (err) {
        rows.push({ vin, ok: false, ...failureOf(err) });
        if (io.signal.aborted) break;
      }
    }
  } finally {
    await fleet.close();
  }
  const failure = perVehicleFailure(rows, vins.length);
  if (values.json) io.stdout.write(JSON.stringify({ ok: !failure, ...failure, vehicles: rows }) + '\n');
  for (const r of rows) {
    if (r.ok) io.stderr.write(`${r.vin}  ${describe(r)}\n`);
    else io.stderr.write(`${r.vin}  failed: ${r.message}\n${r.hints.map((h) => `  → ${h}\n`).join('')}`);
  }
  return failure ? 1 : 0;
}
