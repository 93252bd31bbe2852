/**
 * Pairing a command key with a simulated car without the browser: the owner's approval the simulator's pairing page
 * (`/_ak/<domain>`) takes as a form, sent as JSON `{vin, public_key}`. No VS Code API here (integration-tested
 * against a real simulator); the command that uses it is pair-simulated.ts.
 */
import { fetch, type Dispatcher } from 'undici';

/** A running simulator: one of its HTTPS hosts (the auth host) and the dispatcher that trusts its CA. */
export interface SimulatorPairingTarget {
  readonly baseUrl: string;
  readonly dispatcher: Dispatcher | undefined;
}

export interface SimulatedVehicle {
  readonly vin: string;
  readonly displayName: string;
  /** The simulated account that owns it (its Tesla account id). */
  readonly ownerId: string;
  readonly ownerEmail: string | undefined;
  readonly connectivity: string;
  /** The simulator's `key_paired` (as fleet_status reports it): the app's key is paired with the car. */
  readonly keyPaired: boolean;
}

export interface PairingResult {
  readonly vin: string;
  readonly domain: string;
  /** The paired key's uncompressed point, hex (what the car now lists). */
  readonly publicKeyHex: string;
}

async function call(t: SimulatorPairingTarget, method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  let res;
  try {
    res = await fetch(new URL(path, t.baseUrl), {
      method,
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(t.dispatcher ? { dispatcher: t.dispatcher } : {}),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(
      `could not reach the simulator at ${t.baseUrl} (${cause?.code ?? cause?.message ?? (err as Error).message}); is it still running? (Fleetkit: Start Local Simulator)`,
    );
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const e = json as { error?: string; error_description?: string } | undefined;
    throw new Error(`the simulator answered ${method} ${path} with HTTP ${res.status}: ${e?.error_description ?? e?.error ?? text.slice(0, 200)}`);
  }
  if (json === undefined) throw new Error(`the simulator's answer to ${method} ${path} is not JSON`);
  return json;
}

/** Every car of the simulated world (`GET /sim/world`, free: not the Fleet API), with its owner's e-mail. */
export async function listSimulatedVehicles(t: SimulatorPairingTarget): Promise<SimulatedVehicle[]> {
  const body = (await call(t, 'GET', '/sim/world')) as {
    response?: {
      accounts?: Array<{ id?: unknown; email?: unknown }>;
      vehicles?: Array<{ vin?: unknown; display_name?: unknown; owner?: unknown; connectivity?: unknown; key_paired?: unknown }>;
    };
  };
  const emails = new Map<string, string>();
  for (const a of body.response?.accounts ?? []) if (typeof a.id === 'string' && typeof a.email === 'string') emails.set(a.id, a.email);
  return (body.response?.vehicles ?? [])
    .filter((v) => typeof v.vin === 'string' && typeof v.owner === 'string')
    .map((v) => ({
      vin: v.vin as string,
      displayName: typeof v.display_name === 'string' && v.display_name ? v.display_name : (v.vin as string),
      ownerId: v.owner as string,
      ownerEmail: emails.get(v.owner as string),
      connectivity: typeof v.connectivity === 'string' ? v.connectivity : 'unknown',
      keyPaired: v.key_paired === true,
    }));
}

export interface SimulatedAccount {
  readonly id: string;
  readonly email: string;
  readonly region: string;
}

/** The simulated world's accounts (`GET /sim/world`), to sign in to one of them by `login_hint`. */
export async function listSimulatedAccounts(t: SimulatorPairingTarget): Promise<SimulatedAccount[]> {
  const body = (await call(t, 'GET', '/sim/world')) as { response?: { accounts?: Array<{ id?: unknown; email?: unknown; region?: unknown }> } };
  return (body.response?.accounts ?? [])
    .filter((a) => typeof a.id === 'string' && typeof a.email === 'string')
    .map((a) => ({ id: a.id as string, email: a.email as string, region: typeof a.region === 'string' ? a.region : '' }));
}

/** Approves `publicKeyPem` on `vin` as its owner would on the pairing page for `domain`. */
export async function pairSimulatedVehicle(t: SimulatorPairingTarget, domain: string, vin: string, publicKeyPem: string): Promise<PairingResult> {
  const body = (await call(t, 'POST', `/_ak/${encodeURIComponent(domain)}`, { vin, public_key: publicKeyPem })) as {
    response?: { vin?: unknown; domain?: unknown; paired?: unknown; public_key?: unknown };
  };
  const r = body.response;
  if (r?.paired !== true || typeof r.public_key !== 'string') throw new Error(`the simulator did not confirm the pairing of ${vin}`);
  return { vin: typeof r.vin === 'string' ? r.vin : vin, domain: typeof r.domain === 'string' ? r.domain : domain, publicKeyHex: r.public_key };
}

/** Quick-pick rows for the cars, signed-in owners' cars first, unpaired before paired. Pure. */
export function simulatedVehiclePicks(
  vehicles: readonly SimulatedVehicle[],
  signedInOwners: ReadonlySet<string>,
): Array<{ label: string; description: string; detail: string; vehicle: SimulatedVehicle }> {
  const rank = (v: SimulatedVehicle): number => (signedInOwners.has(v.ownerId) ? 0 : 2) + (v.keyPaired ? 1 : 0);
  return [...vehicles]
    .sort((a, b) => rank(a) - rank(b))
    .map((v) => ({
      label: v.displayName,
      description: `${v.vin} · ${v.connectivity}`,
      detail: `${v.ownerEmail ?? v.ownerId}${signedInOwners.has(v.ownerId) ? ' (signed in)' : ''} · ${v.keyPaired ? 'key paired' : 'key not paired'}`,
      vehicle: v,
    }));
}
