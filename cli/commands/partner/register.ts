import { registerPartnerDomain } from '../../../core/partner';
import type { CliIO } from '../../command';
import type { Subcommand } from '../../subcommands';
import { PARTNER_OPTIONS_HELP, partnerContext, reportRows } from './app';

const USAGE = `Usage: fleetkit partner register DOMAIN [--region na|eu|all] [--key FILE] [--json]
                                 [--simulator READY_FILE_OR_URL | --auth-url URL] [--ca FILE]

Registers DOMAIN as your app's partner domain in each region (POST /api/1/partner_accounts with a partner token
for that region): Tesla downloads https://DOMAIN/.well-known/appspecific/com.tesla.3p.public-key.pem and keeps
that key for your app. Then reads Tesla's record back (GET /api/1/partner_accounts/public_key). Check the hosting
first with fleetkit check pem DOMAIN. Registering again is how Tesla learns a new key.

${PARTNER_OPTIONS_HELP}

Exit code 0 when DOMAIN is registered in every region asked for, 1 otherwise (each failure with its fix), 2 on bad
usage.
`;

async function run(args: string[], io: CliIO): Promise<number> {
  const ctx = await partnerContext(args, io);
  try {
    io.stderr.write(`Registering ${ctx.domain} in ${ctx.regions.map((r) => r.region.toUpperCase()).join(', ')}…\n`);
    const rows = await registerPartnerDomain({
      domain: ctx.domain,
      regions: ctx.regions,
      partnerToken: ctx.partnerToken,
      localKeyHex: ctx.localKeyHex,
      dispatcher: ctx.dispatcher,
      signal: io.signal,
    });
    return reportRows(io, ctx, rows, 'Partner registration of');
  } finally {
    await ctx.close();
  }
}

export const registerSubcommand: Subcommand = { summary: 'Register your partner domain with Tesla per region (partner token)', usage: USAGE, run };
