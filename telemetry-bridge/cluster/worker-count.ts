/** How many worker processes `--workers` (or bridge.json's `workers`) means on this machine. */
import { availableParallelism } from 'node:os';
import { BridgeConfigError } from '../config';
import type { DispatchConfig } from '../dispatchers/types';

/** Default one per core; a request above the core count is capped at it (more processes than cores only contend). */
export function workerCount(requested: number | undefined, cores = availableParallelism()): { count: number; capped: boolean; cores: number } {
  const count = Math.max(1, Math.min(requested ?? cores, cores));
  return { count, capped: requested !== undefined && requested > cores, cores };
}

/**
 * The zmq dispatcher binds one PUB socket (zmq.addr), which only one process can hold: with it the bridge runs one
 * process by default, and asking for more is an error naming the fix.
 */
export function workersAllowed(requested: number | undefined, dispatch: DispatchConfig | undefined, alerts = false): number | undefined {
  // Alert rules keep each vehicle's state in one engine: every record of a car has to reach the same process.
  if (alerts) {
    if (requested !== undefined && requested > 1) {
      throw new BridgeConfigError("alert rules (--alerts) keep every vehicle's state in one process: run the bridge with --workers 1");
    }
    return 1;
  }
  const zmq = Object.values(dispatch?.records ?? {}).some((names) => names?.includes('zmq'));
  if (!zmq) return requested;
  if (requested !== undefined && requested > 1) {
    throw new BridgeConfigError(`the zmq dispatcher binds one socket (zmq.addr), which one process can hold: run it with --workers 1`);
  }
  return 1;
}
