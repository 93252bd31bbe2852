/** What the `fleetkit energy` subcommands share: --site, the Fleet API with the user's token, output and failures. */
import { describeError, CLI_HINTS } from '../../../core/errors/describe-error';
import { EnergyEndpoints } from '../../../core/energy/endpoints';
import { EnergyInputError } from '../../../core/energy/validate';
import { parseOptions } from '../../args';
import { UsageError, type CliIO } from '../../command';
import { FLEET_OPTIONS, FLEET_OPTIONS_HELP, userFleet } from '../telemetry/shared';

export { FLEET_OPTIONS_HELP };

export const SITE_OPTIONS = { ...FLEET_OPTIONS, site: { type: 'string' } } as const;
export const SITE_HELP = `  --site ID         the energy site: its energy_site_id (fleetkit energy list shows them)
${FLEET_OPTIONS_HELP}`;

export interface SiteValues {
  site?: string;
  token?: string;
  'base-url'?: string;
  ca?: string;
  json?: boolean;
}

export function siteId(values: SiteValues): string {
  const id = values.site?.trim();
  if (!id) throw new UsageError('--site ID is required: the energy_site_id of the site (fleetkit energy list shows them)');
  if (!/^\d+$/.test(id)) throw new UsageError(`--site must be a numeric energy_site_id (got ${id}; fleetkit energy list shows them)`);
  return id;
}

export function parseSiteArgs<T extends Parameters<typeof parseOptions>[1]>(args: string[], extra: T, positionals = false) {
  return parseOptions(args, { ...SITE_OPTIONS, ...extra }, positionals);
}

/**
 * Runs `call` with the user's energy endpoints and writes the result: `{"ok":true,…}` on stdout with --json, else the
 * human lines on stderr (and the response as pretty JSON on stdout when `human` gives none). Failures: Tesla's error
 * parsed, with hints; exit 5 when a command may have run (read the state before sending it again), else 1.
 */
export async function runEnergy<T>(
  io: CliIO,
  sub: string,
  values: SiteValues,
  call: (energy: EnergyEndpoints) => Promise<{ result: T; txid?: string }>,
  human: (result: T) => string[],
): Promise<number> {
  const json = values.json === true;
  const fleet = await userFleet(io, values);
  try {
    const { result, txid } = await call(new EnergyEndpoints(fleet.client));
    if (json) io.stdout.write(JSON.stringify({ ok: true, ...(txid ? { txid } : {}), result }) + '\n');
    else io.stdout.write(human(result).join('\n') + '\n');
    return 0;
  } catch (err) {
    if (err instanceof EnergyInputError) throw new UsageError(err.message);
    const d = describeError(err);
    const hints = d.actions.map((a) => CLI_HINTS[a]);
    if (json) {
      io.stdout.write(
        JSON.stringify({
          ok: false,
          error: err instanceof Error ? err.name : 'Error',
          message: d.message,
          hints,
          ...(d.txid ? { txid: d.txid } : {}),
          ...(d.mayHaveSucceeded ? { may_have_succeeded: true } : {}),
        }) + '\n',
      );
    }
    io.stderr.write(`fleetkit energy ${sub}: ${d.message}\n${hints.map((h) => `  → ${h}\n`).join('')}`);
    return d.mayHaveSucceeded ? 5 : 1;
  } finally {
    await fleet.close();
  }
}

/** A whole percentage from a flag, or a usage error naming the flag. */
export function percentFlag(raw: string | undefined, flag: string): number {
  if (raw === undefined) throw new UsageError(`${flag} N is required (a whole percentage from 0 to 100)`);
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n > 100) throw new UsageError(`${flag} must be a whole percentage from 0 to 100 (got ${raw})`);
  return n;
}
