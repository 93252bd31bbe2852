import { TESLA_BASE_URLS } from '../fleet-api/region';

/** Where Fleetkit signs in and which Fleet API hosts it talks to: Tesla's, or the local simulator's. */

export type EnvironmentName = 'tesla' | 'simulator';
export type FleetRegionName = 'na' | 'eu' | 'cn';

export interface Endpoints {
  readonly name: EnvironmentName;
  /** `…/oauth2/v3/authorize` */
  readonly authorizeUrl: string;
  /** `…/oauth2/v3/token` */
  readonly tokenUrl: string;
  /** Regional Fleet API base URLs (no trailing slash). */
  readonly fleetUrls: Readonly<Partial<Record<FleetRegionName, string>>>;
  /** PEM file of a private CA to trust for these hosts only (the simulator's), else system roots. */
  readonly caPath: string | null;
}

export const TESLA_ENDPOINTS: Endpoints = {
  name: 'tesla',
  authorizeUrl: 'https://auth.tesla.com/oauth2/v3/authorize',
  tokenUrl: 'https://fleet-auth.prd.vn.cloud.tesla.com/oauth2/v3/token',
  fleetUrls: TESLA_BASE_URLS,
  caPath: null,
};

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function httpUrl(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new Error(`${what} must be a URL string`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${what} is not a valid URL: ${value}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`${what} must be http(s): ${value}`);
  return trimSlash(url.toString());
}

/**
 * Endpoints of an auth host that follows Tesla's paths (`/oauth2/v3/authorize`, `/oauth2/v3/token`).
 * `browserBase`: another origin that serves the authorize page (the simulator's plain-HTTP browser listener).
 */
export function endpointsForAuthHost(
  name: EnvironmentName,
  authBase: string,
  fleetUrls: Partial<Record<FleetRegionName, string>>,
  caPath: string | null,
  options: { browserBase?: string } = {},
): Endpoints {
  const base = httpUrl(authBase, 'auth URL');
  const browser = options.browserBase !== undefined ? httpUrl(options.browserBase, 'browser URL') : base;
  const fleet: Partial<Record<FleetRegionName, string>> = {};
  for (const [region, url] of Object.entries(fleetUrls)) {
    if (url !== undefined) fleet[region as FleetRegionName] = httpUrl(url, `fleet URL (${region})`);
  }
  return { name, authorizeUrl: `${browser}/oauth2/v3/authorize`, tokenUrl: `${base}/oauth2/v3/token`, fleetUrls: fleet, caPath };
}

export interface EndpointOverrides {
  /** Replaces every regional Fleet API base URL with one (a proxy such as tesla-http-proxy). */
  readonly fleetBaseUrl?: string;
  /** Replaces the auth host (authorize + token). */
  readonly authBaseUrl?: string;
}

export function applyOverrides(endpoints: Endpoints, o: EndpointOverrides): Endpoints {
  let out = endpoints;
  if (o.authBaseUrl) {
    const base = httpUrl(o.authBaseUrl, 'auth base URL override');
    out = { ...out, authorizeUrl: `${base}/oauth2/v3/authorize`, tokenUrl: `${base}/oauth2/v3/token` };
  }
  if (o.fleetBaseUrl) {
    const fleet = httpUrl(o.fleetBaseUrl, 'Fleet API base URL override');
    const fleetUrls: Partial<Record<FleetRegionName, string>> = {};
    for (const r of Object.keys(out.fleetUrls) as FleetRegionName[]) fleetUrls[r] = fleet;
    out = { ...out, fleetUrls };
  }
  return out;
}
