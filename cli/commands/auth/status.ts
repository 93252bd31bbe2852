import { AuthStore } from '../../auth/store';
import type { CliIO } from '../../command';
import { parseOptions } from '../../args';
import type { Subcommand } from '../../subcommands';
import { formatSummary, sessionSummary } from './summary';

const USAGE = `Usage: fleetkit auth status [--json]

Who is signed in (fleetkit auth login): account, environment, region, scopes, when the access token expires, and
where the protected store is. Reads the store only (no network call, no refresh) and never prints a token.
Exit code 0 when signed in, 1 when not.
`;

async function run(args: string[], io: CliIO): Promise<number> {
  const { values } = parseOptions(args, { json: { type: 'boolean' } });
  const store = AuthStore.forEnv(io.env);
  const record = await store.read();
  const now = io.now?.() ?? Date.now();
  if (!record?.session) {
    const message = 'not signed in: run fleetkit auth login';
    if (values.json) {
      io.stdout.write(JSON.stringify({ ok: false, signedIn: false, error: 'NotSignedIn', message, hints: ['fleetkit auth login'], store: store.path }) + '\n');
    }
    io.stderr.write(
      record ? formatSummary(sessionSummary(record, store.path, now), now) : `Not signed in (no store at ${store.path}). Run fleetkit auth login.\n`,
    );
    return 1;
  }
  const summary = sessionSummary(record, store.path, now);
  if (values.json) io.stdout.write(JSON.stringify({ ok: true, ...summary }) + '\n');
  else io.stderr.write(formatSummary(summary, now));
  return 0;
}

export const statusSubcommand: Subcommand = { summary: 'Who is signed in: account, region, scopes, expiry (--json)', usage: USAGE, run };
