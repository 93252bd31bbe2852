import { exponentialDelay, sleep } from './backoff';
import type { VehicleSummary } from './types';
import type { VehicleEndpoints } from './vehicles';

export interface WakeProgress {
  /** 1-based poll number. */
  attempt: number;
  maxPolls: number;
  state: string;
  /** Delay before the next poll, ms (0 after the last). */
  nextDelayMs: number;
}

export interface WakeOptions {
  /** How many times to poll the (free of wakes) vehicle endpoint after the one wake_up. Default 8. */
  maxPolls?: number;
  /** First poll delay; doubles each time up to `maxDelayMs`. Defaults 2 s / 15 s. */
  firstDelayMs?: number;
  maxDelayMs?: number;
  signal?: AbortSignal;
  onProgress?: (progress: WakeProgress) => void;
}

export interface WakeResult {
  online: boolean;
  /** Last state seen (online/asleep/offline). */
  state: string;
  polls: number;
  vehicle?: VehicleSummary;
}

/**
 * Sends exactly one `wake_up` (the expensive call) and then polls `GET /vehicles/{tag}` with
 * exponential backoff until the car reports online or `maxPolls` polls have been spent.
 */
export async function wakeAndWait(vehicles: VehicleEndpoints, tag: string | number, options: WakeOptions = {}): Promise<WakeResult> {
  const maxPolls = Math.max(0, options.maxPolls ?? 8);
  const first = options.firstDelayMs ?? 2_000;
  const cap = options.maxDelayMs ?? 15_000;
  const woke = await vehicles.wakeUp(tag, { signal: options.signal });
  let vehicle: VehicleSummary | undefined = woke.response;
  let state = String(vehicle?.state ?? 'unknown');
  if (state === 'online') return { online: true, state, polls: 0, vehicle };
  for (let attempt = 0; attempt < maxPolls; attempt++) {
    await sleep(exponentialDelay(attempt, first, cap), options.signal);
    const res = await vehicles.vehicle(tag, { signal: options.signal });
    vehicle = res.response;
    state = String(vehicle?.state ?? 'unknown');
    const last = attempt + 1 >= maxPolls;
    options.onProgress?.({ attempt: attempt + 1, maxPolls, state, nextDelayMs: state === 'online' || last ? 0 : exponentialDelay(attempt + 1, first, cap) });
    if (state === 'online') return { online: true, state, polls: attempt + 1, vehicle };
  }
  return { online: false, state, polls: maxPolls, vehicle };
}
