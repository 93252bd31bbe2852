import { AuthStore } from '../../auth/store';
import { storeTokenProvider } from '../../auth/store-tokens';
import { UsageError, type CliIO } from '../../command';
import { parseOptions } from '../../args';
import type { Subcommand } from '../../subcommands';

const USAGE = `Usage: fleetkit auth token [--json]

Prints a valid access token of the signed-in account on stdout, for scripts
(e.g. curl -H "Authorization: Bearer $(fleetkit auth token)" …). When it expires within a minute it is refreshed
first with the refresh token, and the rotated refresh token is stored. Exit code 1 when Tesla no longer accepts the
refresh token: sign in again with fleetkit auth login.

  --json   {"ok":true,"accessToken":…,"expiresAt":…,"account":…} instead of the bare token
`;

async function run(args: string[], io: CliIO): Promise<number> {
  const { values } = parseOptions(args, { json: { type: 'boolean' } });
  const store = AuthStore.forEnv(io.env);
  const record = await store.read();
  if (!record?.session) throw new UsageError('not signed in: run fleetkit auth login first', 1);
  const now = io.now ?? Date.now;
  const { manager, sessionId, tokens } = storeTokenProvider(store, { ...record, session: record.session }, now);
  // A refresh Tesla refuses (LoginRequiredError) reaches main, which says "sign in again" and exits 1.
  const accessToken = await tokens.getAccessToken();
  if (values.json) {
    const session = await manager.getFreshSession(sessionId);
    io.stdout.write(
      JSON.stringify({
        ok: true,
        accessToken,
        expiresAt: new Date(session.expiresAt).toISOString(),
        account: session.label,
        fleetBaseUrl: session.fleetBaseUrl,
      }) + '\n',
    );
  } else {
    io.stdout.write(`${accessToken}\n`);
  }
  return 0;
}

export const tokenSubcommand: Subcommand = { summary: 'Print a fresh access token for scripts (refreshed when needed)', usage: USAGE, run };
