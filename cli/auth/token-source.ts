/**
 * Where a CLI command gets its user token: `--token`, then FLEETKIT_ACCESS_TOKEN, then the account signed in with
 * `fleetkit auth login` (its protected store, refreshed as needed). One function so every command agrees.
 */
import type { TokenProvider } from '../../core/fleet-api/token-provider';
import { staticTokenProvider } from '../../core/fleet-api/token-provider';
import { UsageError, type CliIO } from '../command';

export interface CliTokens {
  tokens: TokenProvider;
  /** The Fleet API base URL that goes with the token (the signed-in account's region), when known. */
  baseUrl?: string;
  /** Where the token came from, for messages. */
  source: 'flag' | 'env' | 'store';
}

export async function resolveUserTokens(io: CliIO, flags: { token?: string }): Promise<CliTokens> {
  const token = flags.token ?? io.env.FLEETKIT_ACCESS_TOKEN;
  if (token) return { tokens: staticTokenProvider(token), source: flags.token ? 'flag' : 'env' };
  throw new UsageError('no access token: sign in with `fleetkit auth login`, or pass --token TOKEN (or set FLEETKIT_ACCESS_TOKEN)');
}
