import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { SimClock } from '../world/clock';
import type { VehicleConfig, VehicleConnectivity, WorldSettings } from '../world/types';
import { deepMerge, initialState, modelInfo, type VehicleStateSections } from './state';

export interface SimDriver {
  my_tesla_unique_id: number;
  user_id: number;
  user_id_s: string;
  vault_uuid: string;
  driver_first_name: string;
  driver_last_name: string;
  granular_access: { hide_private: boolean };
  active_pubkeys: string[];
  public_key: string;
}

/** Stable large integer from a string (Tesla ids are 53-bit-safe integers). */
function stableId(seed: string, salt: string): number {
  const h = createHash('sha256')
    .update(salt + seed)
    .digest();
  return (h.readUInt32BE(0) % 2 ** 20) * 2 ** 32 + h.readUInt32BE(4) + 1;
}

/**
 * One simulated car: configuration, Tesla-shaped mutable state, and its connectivity lifecycle.
 * Connectivity is computed lazily from timestamps on the simulator clock (no timers), so `/sim/clock` can
 * fast-forward sleeping and waking deterministically. Emits `'change'` with the section name after mutations
 * made through `update()` and `'connectivity'` when it goes online/asleep/offline.
 */
export class SimVehicle extends EventEmitter {
  readonly vin: string;
  readonly id: number;
  readonly vehicleId: number;
  readonly ownerId: string;
  readonly model: VehicleConfig['model'];
  readonly year: number;
  displayName: string;
  firmware: string;
  keyPaired: boolean;
  commandProtocolRequired: boolean;
  fleetTelemetryVersion: string | null;
  optionCodes: string[];
  totalNumberOfKeys: number;
  inService = false;
  readonly state: VehicleStateSections;
  readonly drivers: SimDriver[] = [];
  wakeMs: number;
  sleepAfterMs: number;

  private connectivity: VehicleConnectivity;
  private wakeAt: number | undefined;
  private lastActivity: number;

  constructor(
    cfg: VehicleConfig,
    settings: WorldSettings,
    private readonly clock: SimClock,
  ) {
    super();
    const now = clock.now();
    this.vin = cfg.vin;
    this.id = cfg.id ?? stableId(cfg.vin, 'id');
    this.vehicleId = cfg.vehicleId ?? stableId(cfg.vin, 'vehicle_id');
    this.ownerId = cfg.owner;
    this.model = cfg.model;
    this.year = cfg.year;
    this.displayName = cfg.displayName;
    this.firmware = cfg.firmware;
    this.keyPaired = cfg.keyPaired;
    const legacySX = (cfg.model === 'S' || cfg.model === 'X') && cfg.year < 2021;
    this.commandProtocolRequired = cfg.commandProtocolRequired ?? !legacySX;
    this.fleetTelemetryVersion = cfg.fleetTelemetryVersion ?? null;
    this.optionCodes = cfg.optionCodes ?? modelInfo(cfg.model).codes;
    this.totalNumberOfKeys = cfg.keyPaired ? 3 : 2;
    this.wakeMs = (cfg.wakeSeconds ?? settings.wakeSeconds) * 1000;
    this.sleepAfterMs = (cfg.sleepAfterSeconds ?? settings.sleepAfterSeconds) * 1000;
    this.state = initialState(cfg, now);
    if (cfg.overrides) deepMerge(this.state as unknown as Record<string, unknown>, cfg.overrides);
    this.connectivity = cfg.state;
    this.lastActivity = now;
  }

  /** Applies due transitions (waking → online, idle → asleep). */
  private settle(): void {
    const now = this.clock.now();
    if (this.connectivity === 'asleep' && this.wakeAt !== undefined && now >= this.wakeAt) {
      this.connectivity = 'online';
      this.wakeAt = undefined;
      this.lastActivity = now;
      this.emit('connectivity', 'online');
    }
    if (this.connectivity === 'online' && this.sleepAfterMs > 0 && now - this.lastActivity >= this.sleepAfterMs) {
      this.connectivity = 'asleep';
      this.emit('connectivity', 'asleep');
    }
  }

  /** `online` | `asleep` | `offline` as Tesla reports it (a car still waking up reports `asleep`). */
  get status(): VehicleConnectivity {
    this.settle();
    return this.connectivity;
  }

  get isWaking(): boolean {
    this.settle();
    return this.wakeAt !== undefined;
  }

  /** Records activity that keeps an online car awake (data reads, commands). */
  touch(): void {
    this.settle();
    if (this.connectivity === 'online') this.lastActivity = this.clock.now();
  }

  /** Starts waking an asleep car (offline cars never wake). Returns the status after the request. */
  requestWake(): VehicleConnectivity {
    this.settle();
    if (this.connectivity === 'asleep' && this.wakeAt === undefined) {
      this.wakeAt = this.clock.now() + this.wakeMs;
      this.settle();
    } else if (this.connectivity === 'online') {
      this.lastActivity = this.clock.now();
    }
    return this.connectivity;
  }

  /** Forces a connectivity state (simulator control endpoints, tests). */
  setConnectivity(next: VehicleConnectivity): void {
    this.settle();
    this.wakeAt = undefined;
    this.lastActivity = this.clock.now();
    if (next !== this.connectivity) {
      this.connectivity = next;
      this.emit('connectivity', next);
    }
  }

  /** Mutates state sections (deep merge) and notifies listeners; command handlers and /sim/ use this. */
  update(patch: Partial<Record<keyof VehicleStateSections, Record<string, unknown>>>): void {
    deepMerge(this.state as unknown as Record<string, unknown>, patch as Record<string, unknown>);
    for (const section of Object.keys(patch)) this.emit('change', section);
  }
}
