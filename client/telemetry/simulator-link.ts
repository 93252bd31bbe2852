import { fetch, type Dispatcher } from 'undici';

/** Fields a simulated car streams by default (the panel's first-run config): a drive, a charge and the cabin. */
export const DEFAULT_SIM_FIELDS: Record<string, { interval_seconds: number; minimum_delta?: number; resend_interval_seconds?: number }> = {
  VehicleSpeed: { interval_seconds: 1, resend_interval_seconds: 30 },
  Location: { interval_seconds: 2, resend_interval_seconds: 30 },
  GpsHeading: { interval_seconds: 2, resend_interval_seconds: 30 },
  Gear: { interval_seconds: 1, resend_interval_seconds: 30 },
  Odometer: { interval_seconds: 10, minimum_delta: 0.1, resend_interval_seconds: 30 },
  Soc: { interval_seconds: 2, minimum_delta: 0.05, resend_interval_seconds: 30 },
  BatteryLevel: { interval_seconds: 5, resend_interval_seconds: 30 },
  EstBatteryRange: { interval_seconds: 5, minimum_delta: 0.5, resend_interval_seconds: 30 },
  EnergyRemaining: { interval_seconds: 5, resend_interval_seconds: 30 },
  PackVoltage: { interval_seconds: 2, minimum_delta: 0.5, resend_interval_seconds: 30 },
  PackCurrent: { interval_seconds: 2, minimum_delta: 1, resend_interval_seconds: 30 },
  ModuleTempMax: { interval_seconds: 5, minimum_delta: 0.1, resend_interval_seconds: 30 },
  ModuleTempMin: { interval_seconds: 5, minimum_delta: 0.1, resend_interval_seconds: 30 },
  DetailedChargeState: { interval_seconds: 1, resend_interval_seconds: 300 },
  ChargeLimitSoc: { interval_seconds: 30, resend_interval_seconds: 30 },
  DCChargingPower: { interval_seconds: 2, minimum_delta: 0.5, resend_interval_seconds: 30 },
  ACChargingPower: { interval_seconds: 2, minimum_delta: 0.1, resend_interval_seconds: 30 },
  ACChargingEnergyIn: { interval_seconds: 5, resend_interval_seconds: 30 },
  ChargerVoltage: { interval_seconds: 5, minimum_delta: 1, resend_interval_seconds: 30 },
  ChargeAmps: { interval_seconds: 5, minimum_delta: 1, resend_interval_seconds: 30 },
  TimeToFullCharge: { interval_seconds: 10, resend_interval_seconds: 30 },
  InsideTemp: { interval_seconds: 5, minimum_delta: 0.1, resend_interval_seconds: 30 },
  OutsideTemp: { interval_seconds: 30, minimum_delta: 0.1, resend_interval_seconds: 30 },
  HvacPower: { interval_seconds: 5, resend_interval_seconds: 30 },
  Locked: { interval_seconds: 5, resend_interval_seconds: 30 },
};

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
    config: { hostname: bridge.hostname, port: bridge.port, ca: bridge.ca, prefer_typed: true, alert_types: ['service', 'customer'], fields: DEFAULT_SIM_FIELDS },
    activities,
  })) as { response?: { vins?: string[] } };
  return { vins: res.response?.vins ?? [] };
}
