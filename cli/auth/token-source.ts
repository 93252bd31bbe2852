/**
 * Where a CLI command gets its user token: `--token`, then FLEETKIT_ACCESS_TOKEN, then the account signed in with
 * `fleetkit auth login` (its protected store, refreshed as needed). One function so every command agrees.
 */
import type { TokenProvider } from '../../core/fleet-api/token-provider';
import { staticTokenProvider } from '../../core/fleet-api/token-provider';
import { UsageError, type CliIO } from '../command';
import { AuthStore } from './store';
import { storeTokenProvider } from './store-tokens';

export interface CliTokens {
  tokens: TokenProvider;
  /** The Fleet API base URL that goes with the token (the signed-in account's region), when known. */
  baseUrl?: string;
  /** Where the token came from, for messages. */
  source: 'flag' | 'env' | 'store';
  /** Store only: every regional Fleet API base URL of the account's environment (to follow a 421 to). */
  fleetUrls?: Readonly<Partial<Record<string, string>>>;
  /** Store only: the CA certificate file (PEM) to trust for those hosts — the simulator's; absent for Tesla. */
  caFile?: string;
  /** Store only: who is signed in (e-mail or user id), for messages. */
  account?: string;
}

export async function resolveUserTokens(io: CliIO, flags: { token?: string }): Promise<CliTokens> {
  const token = flags.token ?? io.env.FLEETKIT_ACCESS_TOKEN;
  if (token) return { tokens: staticTokenProvider(token), source: flags.token ? 'flag' : 'env' };
  const store = AuthStore.forEnv(io.env);
  const record = await store.read();
  const session = record?.session;
  if (record && session) {
    const { tokens } = storeTokenProvider(store, { ...record, session }, io.now);
    return {
      tokens,
      baseUrl: session.fleetBaseUrl,
      source: 'store',
      fleetUrls: record.endpoints.fleetUrls,
      ...(record.endpoints.caPath ? { caFile: record.endpoints.caPath } : {}),
      account: session.label,
    };
  }
  throw new UsageError('no access token: sign in with `fleetkit auth login`, or pass --token TOKEN (or set FLEETKIT_ACCESS_TOKEN)');
}
