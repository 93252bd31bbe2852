import type { SimWorld } from '../world/world';

/** One app's telemetry config on one vehicle. */
export interface VehicleTelemetryConfig {
  readonly clientId: string;
  /** The config as the vehicle received it (with `iss` and `aud`). */
  readonly config: Readonly<Record<string, unknown>>;
  readonly pushedAt: number;
  /** When the vehicle adopted it (set the first time it is seen online); undefined = not synced yet. */
  syncedAt?: number;
}

/** Most third-party app configs a vehicle holds at once (Tesla documents 3). */
export const MAX_CONFIGS_PER_VEHICLE = 3;

type Listener = (vin: string, clientId: string, config: VehicleTelemetryConfig | undefined) => void;

/** Telemetry configs per VIN and app. Other surfaces (telemetry streaming) read it via `telemetryConfigsOf(world)`. */
export class TelemetryConfigStore {
  private readonly byVin = new Map<string, Map<string, VehicleTelemetryConfig>>();
  private readonly listeners = new Set<Listener>();

  of(vin: string): VehicleTelemetryConfig[] {
    return [...(this.byVin.get(vin)?.values() ?? [])];
  }

  get(vin: string, clientId: string): VehicleTelemetryConfig | undefined {
    return this.byVin.get(vin)?.get(clientId);
  }

  /** True when the vehicle already holds the maximum of other apps' configs. */
  full(vin: string, clientId: string): boolean {
    const configs = this.byVin.get(vin);
    if (!configs) return false;
    return configs.size >= MAX_CONFIGS_PER_VEHICLE && !configs.has(clientId);
  }

  set(vin: string, entry: VehicleTelemetryConfig): void {
    let configs = this.byVin.get(vin);
    if (!configs) this.byVin.set(vin, (configs = new Map()));
    configs.set(entry.clientId, entry);
    for (const l of this.listeners) l(vin, entry.clientId, entry);
  }

  delete(vin: string, clientId: string): boolean {
    const removed = this.byVin.get(vin)?.delete(clientId) ?? false;
    if (removed) for (const l of this.listeners) l(vin, clientId, undefined);
    return removed;
  }

  /** Called with every change; returns an unsubscribe function. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

const stores = new WeakMap<SimWorld, TelemetryConfigStore>();

/** The telemetry configs recorded in a simulator world (created on first use). */
export function telemetryConfigsOf(world: SimWorld): TelemetryConfigStore {
  let store = stores.get(world);
  if (!store) stores.set(world, (store = new TelemetryConfigStore()));
  return store;
}
