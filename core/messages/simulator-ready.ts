import { endpointsForAuthHost, type Endpoints, type FleetRegionName } from '../config/environments';

/**
 * The JSON line `fleetkit sim` prints on stdout when it is ready:
 * `{"auth": URL, "fleet": {"na": URL, "eu": URL}, "browser": URL, "clientId", "clientSecret", "redirectUris": [URL…], "ca": PATH|null}`.
 */
export interface SimulatorReady {
  /** Auth host: the token endpoint (HTTPS with `ca`, like the Fleet API hosts). */
  readonly auth: string;
  readonly fleet: Readonly<Partial<Record<FleetRegionName, string>>>;
  /**
   * Plain-HTTP loopback base URL of the pages a browser opens (authorize, consent, bounce page, pairing page), so no
   * browser stops on a certificate warning. Absent from older simulators: browser pages are then on `auth`.
   */
  readonly browser?: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUris: readonly string[];
  readonly ca: string | null;
}

/** Parses and checks one ready line; throws a readable error for anything else. Extra fields are tolerated. */
export function parseSimulatorReady(line: string): SimulatorReady {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    throw new Error('simulator ready line is not JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('simulator ready line is not a JSON object');
  const o = v as Record<string, unknown>;
  if (typeof o.auth !== 'string') throw new Error('simulator ready line has no "auth" URL');
  if (typeof o.fleet !== 'object' || o.fleet === null) throw new Error('simulator ready line has no "fleet" map');
  const fleet: Partial<Record<FleetRegionName, string>> = {};
  for (const [k, url] of Object.entries(o.fleet as Record<string, unknown>)) {
    if (k !== 'na' && k !== 'eu' && k !== 'cn') continue;
    if (typeof url !== 'string') throw new Error(`simulator fleet URL for ${k} is not a string`);
    fleet[k] = url;
  }
  if (Object.keys(fleet).length === 0) throw new Error('simulator ready line names no fleet region');
  if (typeof o.clientId !== 'string' || !o.clientId) throw new Error('simulator ready line has no clientId');
  if (typeof o.clientSecret !== 'string' || !o.clientSecret) throw new Error('simulator ready line has no clientSecret');
  if (!Array.isArray(o.redirectUris) || !o.redirectUris.every((u) => typeof u === 'string')) {
    throw new Error('simulator ready line has no redirectUris list');
  }
  if (o.ca !== null && o.ca !== undefined && typeof o.ca !== 'string') throw new Error('simulator "ca" must be a path or null');
  if (o.browser !== undefined && typeof o.browser !== 'string') throw new Error('simulator "browser" must be a URL string');
  const ready: SimulatorReady = {
    auth: o.auth,
    fleet,
    ...(o.browser !== undefined ? { browser: o.browser as string } : {}),
    clientId: o.clientId,
    clientSecret: o.clientSecret,
    redirectUris: o.redirectUris as string[],
    ca: (o.ca as string | null | undefined) ?? null,
  };
  simulatorEndpoints(ready); // validates the URLs
  return ready;
}

/** Authorize opens in the browser (the browser listener); the token exchange stays on the auth host, HTTPS with the CA. */
export function simulatorEndpoints(ready: SimulatorReady): Endpoints {
  return endpointsForAuthHost('simulator', ready.auth, ready.fleet, ready.ca, ready.browser !== undefined ? { browserBase: ready.browser } : {});
}

/** Where a browser should open the simulator's pages (`/_ak/<domain>`, …). */
export function simulatorBrowserBase(ready: SimulatorReady): string {
  return ready.browser ?? ready.auth;
}

/** Scans process output for the first line that parses as a ready line. */
export function findReadyLine(output: string): SimulatorReady | undefined {
  for (const raw of output.split('\n')) {
    const line = raw.trim();
    if (!line.startsWith('{')) continue;
    try {
      return parseSimulatorReady(line);
    } catch {
      // not the ready line
    }
  }
  return undefined;
}
