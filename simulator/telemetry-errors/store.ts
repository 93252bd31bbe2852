import { randomUUID } from 'node:crypto';
import type { SimWorld } from '../world/world';

/** One error a simulated car reported about one app's telemetry config (what fleet_telemetry_errors lists). */
export interface RecordedTelemetryError {
  readonly vin: string;
  /** The app whose config it is (Tesla's `name`). */
  readonly clientId: string;
  /** Tesla's `error_name`. */
  readonly errorName: string;
  readonly error: string;
  /** Simulated time of the latest occurrence (ms). */
  at: number;
  txid: string;
}

/** Errors kept per vehicle and app; the oldest go first. */
export const MAX_ERRORS_PER_CONFIG = 20;

const key = (vin: string, clientId: string): string => `${vin}\n${clientId}`;

/**
 * The errors cars reported "after receiving the config" (Tesla's wording): per vehicle and app, distinct errors once
 * each with the time of their latest occurrence (a car retrying every few seconds does not flood the list). A new or
 * removed config starts a clean list.
 */
export class TelemetryErrorStore {
  private readonly byConfig = new Map<string, RecordedTelemetryError[]>();

  record(vin: string, clientId: string, errorName: string, error: string, at: number): RecordedTelemetryError {
    const k = key(vin, clientId);
    const list = this.byConfig.get(k) ?? [];
    const same = list.find((e) => e.errorName === errorName && e.error === error);
    const entry = same ?? { vin, clientId, errorName, error, at, txid: '' };
    entry.at = at;
    entry.txid = randomUUID();
    const rest = list.filter((e) => e !== entry);
    this.byConfig.set(k, [entry, ...rest].slice(0, MAX_ERRORS_PER_CONFIG));
    return entry;
  }

  /** Newest first. */
  of(vin: string, clientId: string): RecordedTelemetryError[] {
    return [...(this.byConfig.get(key(vin, clientId)) ?? [])];
  }

  /** Every error about `clientId`'s configs on the vehicles `include` accepts, newest first. */
  forClient(clientId: string, include: (vin: string) => boolean = () => true): RecordedTelemetryError[] {
    const out: RecordedTelemetryError[] = [];
    for (const list of this.byConfig.values()) for (const e of list) if (e.clientId === clientId && include(e.vin)) out.push(e);
    return out.sort((a, b) => b.at - a.at);
  }

  clear(vin: string, clientId: string): void {
    this.byConfig.delete(key(vin, clientId));
  }
}

/** Tesla's JSON for one error (`created_at` as RFC 3339, `txID` as Tesla spells it). */
export function errorJson(e: RecordedTelemetryError): Record<string, string> {
  return { name: e.clientId, error: e.error, error_name: e.errorName, vin: e.vin, created_at: new Date(e.at).toISOString(), txID: e.txid };
}

const stores = new WeakMap<SimWorld, TelemetryErrorStore>();

/** The telemetry errors recorded in a simulator world (created on first use). */
export function telemetryErrorsOf(world: SimWorld): TelemetryErrorStore {
  let store = stores.get(world);
  if (!store) stores.set(world, (store = new TelemetryErrorStore()));
  return store;
}
