import { lookupPartnerKeys } from '../../../core/partner';
import type { CliIO } from '../../command';
import type { Subcommand } from '../../subcommands';
import { PARTNER_OPTIONS_HELP, partnerContext, reportRows } from './app';

const USAGE = `Usage: fleetkit partner public-key DOMAIN [--region na|eu|all] [--key FILE] [--json]
                                   [--simulator READY_FILE_OR_URL | --auth-url URL] [--ca FILE]

Shows the public key Tesla has on record for DOMAIN in each region (GET /api/1/partner_accounts/public_key?domain=,
with a partner token), without changing anything: uncompressed P-256 point, hex. With --key, says whether it is
your key.

${PARTNER_OPTIONS_HELP}

Exit code 0 when Tesla has a key for DOMAIN in every region asked for, 1 otherwise (not registered: 404), 2 on bad
usage.
`;

async function run(args: string[], io: CliIO): Promise<number> {
  const ctx = await partnerContext(args, io);
  try {
    const rows = await lookupPartnerKeys({
      domain: ctx.domain,
      regions: ctx.regions,
      partnerToken: ctx.partnerToken,
      localKeyHex: ctx.localKeyHex,
      dispatcher: ctx.dispatcher,
      signal: io.signal,
    });
    return reportRows(io, ctx, rows, "Tesla's record of");
  } finally {
    await ctx.close();
  }
}

export const publicKeySubcommand: Subcommand = { summary: 'The public key Tesla has on record for a domain, per region', usage: USAGE, run };
