import { fetch, type Dispatcher } from 'undici';
import { FIRST_RUN_FIELDS } from '../../core/telemetry-config/first-run-fields';

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
export async function pointSimulatorAt(t: SimulatorTelemetryTarget, bridge: { hostname: string; port: number; ca: string }, demo: boolean): Promise<{ vins: string[] }> {
  const activities: Record<string, string> = {};
  if (demo) {
    const world = (await simJson(t, '/sim/world')) as { response?: { vehicles?: Array<{ vin: string; connectivity: string }> } };
    const online = (world.response?.vehicles ?? []).filter((v) => v.connectivity === 'online').map((v) => v.vin);
    if (online[0]) activities[online[0]] = 'drive';
    if (online[1]) activities[online[1]] = 'charge';
  }
  const res = (await simJson(t, '/sim/telemetry/config', {
    config: { hostname: bridge.hostname, port: bridge.port, ca: bridge.ca, prefer_typed: true, alert_types: ['service', 'customer'], fields: FIRST_RUN_FIELDS },
    activities,
  })) as { response?: { vins?: string[] } };
  return { vins: res.response?.vins ?? [] };
}
