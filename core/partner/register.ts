import type { Dispatcher } from 'undici';
import { FleetApiClient, FleetApiError, PartnerEndpoints, RegionDirectory, staticTokenProvider } from '../fleet-api';
import type { Logger } from '../log/logger';
import { explainRegistrationError } from './explain';

export type PartnerRegion = 'na' | 'eu' | 'cn';

export interface RegionEndpoint {
  readonly region: PartnerRegion;
  /** Fleet API base URL of the region (Tesla's or the simulator's). */
  readonly baseUrl: string;
}

/** One row of the per-region table: what Tesla has on record for the domain in that region. */
export interface RegionRegistration {
  readonly region: PartnerRegion;
  readonly baseUrl: string;
  /** registered: Tesla holds a key for the domain here; not-registered: 404; failed: any other error. */
  readonly state: 'registered' | 'not-registered' | 'failed';
  /** Tesla's record of the key: uncompressed P-256 point hex. */
  readonly publicKeyHex?: string;
  /** Whether Tesla's key is Fleetkit's local command key (undefined when no local key is known). */
  readonly matchesLocal?: boolean;
  readonly error?: { readonly status?: number; readonly message: string; readonly txid?: string; readonly fix: string };
}

export interface PartnerCallOptions {
  readonly domain: string;
  readonly regions: readonly RegionEndpoint[];
  /** A partner token for a region's audience (its base URL); typically a PartnerTokenCache. */
  readonly partnerToken: (audience: string, signal?: AbortSignal) => Promise<string>;
  /** Local key as an uncompressed point hex, to fill `matchesLocal`. */
  readonly localKeyHex?: string;
  /** Connection pool that carries the TLS trust (e.g. the simulator's CA); owned by the caller. */
  readonly dispatcher?: Dispatcher;
  readonly logger?: Logger;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

function failure(region: RegionEndpoint, err: unknown): RegionRegistration {
  if (err instanceof FleetApiError) {
    const text = `${err.error ?? ''} ${err.errorDescription ?? ''}`.trim() || err.message;
    return {
      region: region.region,
      baseUrl: region.baseUrl,
      state: err.status === 404 ? 'not-registered' : 'failed',
      error: { status: err.status, message: text, txid: err.txid, fix: explainRegistrationError(err.status, text) },
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { region: region.region, baseUrl: region.baseUrl, state: 'failed', error: { message, fix: explainRegistrationError(undefined, message) } };
}

async function withClient<T>(options: PartnerCallOptions, region: RegionEndpoint, fn: (p: PartnerEndpoints) => Promise<T>): Promise<T> {
  const token = await options.partnerToken(region.baseUrl, options.signal);
  options.logger?.addSecret(token);
  const client = new FleetApiClient({
    baseUrl: region.baseUrl,
    accountId: 'partner',
    tokens: staticTokenProvider(token),
    dispatcher: options.dispatcher,
    regions: new RegionDirectory({ [region.region]: region.baseUrl }),
    timeoutMs: options.timeoutMs,
    maxServerRetries: 0,
    logger: options.logger,
  });
  try {
    return await fn(new PartnerEndpoints(client));
  } finally {
    await client.close();
  }
}

function recorded(options: PartnerCallOptions, region: RegionEndpoint, publicKeyHex: string): RegionRegistration {
  const hex = publicKeyHex.toLowerCase();
  return {
    region: region.region,
    baseUrl: region.baseUrl,
    state: 'registered',
    publicKeyHex: hex,
    matchesLocal: options.localKeyHex === undefined ? undefined : hex === options.localKeyHex.toLowerCase(),
  };
}

/** GET /api/1/partner_accounts/public_key in each region: what Tesla has on record, without changing anything. */
export async function lookupPartnerKeys(options: PartnerCallOptions): Promise<RegionRegistration[]> {
  return Promise.all(
    options.regions.map(async (region) => {
      try {
        const res = await withClient(options, region, (p) => p.publicKey(options.domain, { signal: options.signal }));
        const key = res.response?.public_key;
        if (typeof key !== 'string' || !key) return failure(region, new Error('Tesla answered without a public_key'));
        return recorded(options, region, key);
      } catch (err) {
        return failure(region, err);
      }
    }),
  );
}

/**
 * Registers the domain in each region (POST /api/1/partner_accounts, which makes Tesla download the key), then reads
 * back Tesla's record (GET …/public_key) and compares it with the local key. Regions run in parallel; one failing
 * region does not stop the others.
 */
export async function registerPartnerDomain(options: PartnerCallOptions): Promise<RegionRegistration[]> {
  return Promise.all(
    options.regions.map(async (region) => {
      try {
        return await withClient(options, region, async (p) => {
          await p.register(options.domain, { signal: options.signal });
          const res = await p.publicKey(options.domain, { signal: options.signal });
          const key = res.response?.public_key;
          if (typeof key !== 'string' || !key) throw new Error('Tesla answered without a public_key');
          return recorded(options, region, key);
        });
      } catch (err) {
        return failure(region, err);
      }
    }),
  );
}
