import { fetch, type Dispatcher } from 'undici';
import { firstRunActivities, firstRunConfig } from '../../core/telemetry-config/first-run-fields';

export interface SimulatorTelemetryTarget {
  /** A fleet base URL of the running simulator (its /sim endpoints answer on every host). */
  baseUrl: string;
  dispatcher: Dispatcher | undefined;
}

async function simJson(t: SimulatorTelemetryTarget, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(new URL(path, t.baseUrl), {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    ...(t.dispatcher ? { dispatcher: t.dispatcher } : {}),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`simulator ${path} answered ${res.status}: ${text.slice(0, 200)}`);
  return path.endsWith('vehicle-ca') ? text : JSON.parse(text);
}

/** The PEM of the simulator's vehicle CA (the bridge must trust it to accept simulated cars). */
export async function simulatorVehicleCa(t: SimulatorTelemetryTarget): Promise<string> {
  const pem = String(await simJson(t, '/sim/telemetry/vehicle-ca'));
  if (!pem.includes('BEGIN CERTIFICATE')) throw new Error('the simulator returned no vehicle CA');
  return pem;
}

/**
 * Gives the simulator's cars a telemetry config pointing at a bridge (no JWS: the simulator-only endpoint), and,
 * with `demo`, sets the first online car driving and the second charging at a Supercharger so there is
 * something to watch.
 */
export async function pointSimulatorAt(
  t: SimulatorTelemetryTarget,
  bridge: { hostname: string; port: number; ca: string },
  demo: boolean,
): Promise<{ vins: string[] }> {
  let activities: Record<string, string> = {};
  if (demo) {
    const world = (await simJson(t, '/sim/world')) as { response?: { vehicles?: Array<{ vin: string; connectivity: string }> } };
    activities = firstRunActivities((world.response?.vehicles ?? []).filter((v) => v.connectivity === 'online').map((v) => v.vin));
  }
  const res = (await simJson(t, '/sim/telemetry/config', { config: firstRunConfig(bridge), activities })) as { response?: { vins?: string[] } };
  return { vins: res.response?.vins ?? [] };
}
