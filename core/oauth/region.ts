import type { AccessTokenClaims } from './jwt';

/** Fleet API regions. `na` also serves APAC (except China). */
export type Region = 'na' | 'eu' | 'cn';

export const REGIONS: readonly Region[] = ['na', 'eu', 'cn'];

export function isRegion(value: unknown): value is Region {
  return typeof value === 'string' && (REGIONS as readonly string[]).includes(value);
}

export interface RegionGuess {
  readonly region: Region;
  readonly fleetBaseUrl: string;
  /** How it was found, for the Inspect Token view. */
  readonly source: 'ou_code+aud' | 'aud' | 'ou_code' | 'default';
}

function normalizeUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

/** `fleet-api.prd.eu.vn.cloud.tesla.com` → `eu`. */
function regionOfTeslaHost(url: string): Region | undefined {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return undefined;
  }
  if (!host.startsWith('fleet-api.')) return undefined;
  const labels = host.split('.');
  return labels.find(isRegion);
}

/**
 * Picks the account's region and Fleet API base URL from access-token claims.
 * `fleetUrls` are the environment's regional base URLs (Tesla's or the simulator's); an audience that is one of
 * them is authoritative. Tesla's `ou_code` is sometimes wrong, so an audience wins when both are present but disagree
 * and only one audience is a fleet URL; the server-side `/api/1/users/region` check is the final word.
 */
export function detectRegion(
  claims: Pick<AccessTokenClaims, 'ouCode' | 'audiences'>,
  fleetUrls: Readonly<Partial<Record<Region, string>>>,
  fallback: Region = 'na',
): RegionGuess {
  const ou = claims.ouCode?.toLowerCase();
  const ouRegion = isRegion(ou) ? ou : undefined;
  const auds = claims.audiences.map(normalizeUrl);

  const regionOfAud = (aud: string): Region | undefined => {
    for (const r of REGIONS) {
      const known = fleetUrls[r];
      if (known && normalizeUrl(known) === aud) return r;
    }
    return regionOfTeslaHost(aud);
  };
  const fleetAuds = auds.map((a) => ({ url: a, region: regionOfAud(a) })).filter((a): a is { url: string; region: Region } => a.region !== undefined);

  if (ouRegion) {
    const match = fleetAuds.find((a) => a.region === ouRegion);
    if (match) return { region: ouRegion, fleetBaseUrl: match.url, source: 'ou_code+aud' };
  }
  if (fleetAuds.length === 1) {
    const only = fleetAuds[0]!;
    return { region: only.region, fleetBaseUrl: only.url, source: 'aud' };
  }
  if (ouRegion && fleetUrls[ouRegion]) {
    return { region: ouRegion, fleetBaseUrl: normalizeUrl(fleetUrls[ouRegion]!), source: 'ou_code' };
  }
  const fallbackUrl = fleetUrls[fallback] ?? fleetAuds[0]?.url;
  if (!fallbackUrl) throw new Error(`no Fleet API base URL known for region ${fallback}`);
  return { region: fallback, fleetBaseUrl: normalizeUrl(fallbackUrl), source: 'default' };
}

/** Parses Tesla's 421 body `user out of region, use base URL: https://…` into the URL to use. */
export function baseUrlFromMisdirected(body: string): string | undefined {
  const m = /use base URL:\s*(https?:\/\/[^\s"',]+)/i.exec(body);
  return m ? normalizeUrl(m[1]!) : undefined;
}
