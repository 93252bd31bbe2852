/**
 * The hook a dispatcher (mqtt, redis, zmq, logger…) calls around each publish, so /metrics shows its publish counts,
 * errors and latency. A dispatcher takes a DispatcherMetrics and calls `published` once a publish is confirmed (with
 * how long it took), `failed` when it is not (with a short reason such as 'timeout', 'disconnected', 'rejected').
 */
export interface DispatcherMetrics {
  published(dispatcher: string, seconds: number): void;
  failed(dispatcher: string, reason: string): void;
}

/** For dispatchers run without a metrics registry (unit tests, tools). */
export const NO_DISPATCHER_METRICS: DispatcherMetrics = { published: () => undefined, failed: () => undefined };

/** Seconds since `start` (a process.hrtime.bigint() reading). */
export function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}
