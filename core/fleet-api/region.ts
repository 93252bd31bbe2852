/** Tesla's regional Fleet API hosts (dtc:/getting-started/base-urls) and how to recognise them. */

export type FleetRegion = 'na' | 'eu' | 'cn';

export const TESLA_BASE_URLS: Readonly<Record<FleetRegion, string>> = {
  na: 'https://fleet-api.prd.na.vn.cloud.tesla.com',
  eu: 'https://fleet-api.prd.eu.vn.cloud.tesla.com',
  cn: 'https://fleet-api.prd.cn.vn.cloud.tesla.cn',
};

const TESLA_HOST = /^fleet-api\.prd\.(na|eu|cn)\.vn\.cloud\.tesla\.(com|cn)$/;

/** The region of a Tesla Fleet API base URL, or undefined for other hosts. */
export function teslaRegionOf(baseUrl: string): FleetRegion | undefined {
  try {
    const url = new URL(baseUrl);
    const match = TESLA_HOST.exec(url.hostname);
    return url.protocol === 'https:' && match ? (match[1] as FleetRegion) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where the client is allowed to send a bearer token. A 421 may name another host; we follow it only
 * when it is one of Tesla's Fleet API hosts or an origin the caller trusts explicitly (the simulator's).
 */
export class RegionDirectory {
  private readonly byOrigin = new Map<string, string>();

  /** `extra` maps region → base URL, e.g. the simulator's `{ na: 'https://127.0.0.1:4431', eu: … }`. */
  constructor(extra: Readonly<Record<string, string>> = {}) {
    for (const [region, url] of Object.entries(extra)) this.byOrigin.set(new URL(url).origin, region);
  }

  /** The region for a base URL, or undefined if the URL is not trusted. */
  regionOf(baseUrl: string): string | undefined {
    let origin: string;
    try {
      origin = new URL(baseUrl).origin;
    } catch {
      return undefined;
    }
    return this.byOrigin.get(origin) ?? teslaRegionOf(origin);
  }

  isTrusted(baseUrl: string): boolean {
    return this.regionOf(baseUrl) !== undefined;
  }

  /** The base URL for a region: the explicitly configured one first, else Tesla's. */
  baseUrlFor(region: string): string | undefined {
    for (const [origin, r] of this.byOrigin) if (r === region) return origin;
    return (TESLA_BASE_URLS as Record<string, string>)[region];
  }
}
