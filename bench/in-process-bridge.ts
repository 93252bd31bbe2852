/**
 * One in-process bench round shared by the bridge-with-a-feature benches (alert rules, history): a bridge on loopback
 * and N vehicles streaming over real mTLS WebSockets, each sending its messages as fast as acks allow.
 */
import { performance } from 'node:perf_hooks';
import { createCa, issueClientCert, issueServerCert } from '../core/certs';
import { createVehicleStreamer, type VehicleDataJson } from '../core/telemetry-wire';
import { startBridge, type BridgeOptions, type RunningBridge } from '../telemetry-bridge';

export interface BenchPki {
  serverCa: ReturnType<typeof createCa>;
  server: ReturnType<typeof issueServerCert>;
  vehicleCa: ReturnType<typeof createCa>;
}

export function benchPki(): BenchPki {
  const serverCa = createCa({ commonName: 'Bench Server CA' });
  return { serverCa, server: issueServerCert(serverCa, { hostnames: ['localhost', '127.0.0.1'] }), vehicleCa: createCa({ commonName: 'Bench Vehicle CA' }) };
}

export interface BridgeRound {
  pki: BenchPki;
  vehicles: number;
  messages: number;
  /** The bridge's options beyond the TLS ones (the feature under test). */
  options?: Partial<BridgeOptions>;
  sample(vehicle: number, n: number): VehicleDataJson;
  /** Awaited after every message is acked, inside the timed part (e.g. until the feature has caught up). */
  drained?(bridge: RunningBridge): Promise<void> | void;
}

/** Records/s of one round, from the first message sent to the last acked (and drained). */
export async function bridgeRound(r: BridgeRound): Promise<number> {
  const bridge = await startBridge({
    port: 0,
    certPem: r.pki.server.certPem,
    keyPem: r.pki.server.keyPem,
    vehicleCas: [r.pki.vehicleCa.certPem],
    rateLimit: undefined,
    ...r.options,
  });
  const cars = Array.from({ length: r.vehicles }, (_, i) => {
    const cert = issueClientCert(r.pki.vehicleCa, { commonName: `5YJ3BENCH${String(i).padStart(8, '0')}` });
    return createVehicleStreamer({
      url: `wss://localhost:${bridge.port}/`,
      certPem: cert.certPem,
      keyPem: cert.keyPem,
      ca: r.pki.serverCa.certPem,
      reconnect: false,
      maxPending: r.messages + 10,
    });
  });
  try {
    await Promise.all(cars.map((c) => c.waitConnected()));
    const start = performance.now();
    cars.forEach((c, i) => {
      for (let n = 0; n < r.messages; n++) c.sendVehicleData(r.sample(i, n));
    });
    await Promise.all(cars.map((c) => c.waitIdle()));
    await r.drained?.(bridge);
    return (r.vehicles * r.messages) / ((performance.now() - start) / 1000);
  } finally {
    await Promise.all(cars.map((c) => c.close()));
    await bridge.close();
  }
}

/** The start of the benches' drive: records are one second apart from here. */
export const DRIVE_T0 = Date.parse('2026-12-07T08:00:00Z');

/**
 * Record n of driving car i, for the alert-rules and history benches: numbers for the aggregates, a gear and a moving
 * location for the state changes.
 */
export function drivingSample(i: number, n: number): VehicleDataJson {
  return {
    createdAt: DRIVE_T0 + n * 1000,
    data: [
      { key: 'Soc', value: { doubleValue: 80 - n / 1000 } },
      { key: 'VehicleSpeed', value: { doubleValue: (n * 7) % 120 } },
      { key: 'Location', value: { locationValue: { latitude: 37.4 + i / 1e4, longitude: -122.1 - n / 1e6 } } },
      { key: 'Gear', value: { shiftStateValue: n % 600 < 500 ? 'ShiftStateD' : 'ShiftStateP' } },
      { key: 'Odometer', value: { doubleValue: 12000 + n / 100 } },
      { key: 'PackVoltage', value: { doubleValue: 390 + (n % 10) } },
    ],
  };
}
