/**
 * `fleetkit bridge` / `node dist/bridge.js`: parse flags, load bridge.json, start the bridge, print one JSON ready
 * line on stdout, run until the signal aborts, then shut down gracefully (flushing spool and feed). With several
 * workers this process is the cluster primary (telemetry-bridge/cluster/), or a worker when the primary forked it.
 */
import { untilAborted } from '../core/process/signals';
import type { RunningBridge } from './bridge';
import { runClusterPrimary } from './cluster/primary';
import { isBridgeWorker, runClusterWorker } from './cluster/worker';
import { workerCount, workersAllowed } from './cluster/worker-count';
import { type BridgeIO } from './flags';
import { tuneHeapForIngest } from './heap-tuning';
import { prepareBridge, readyLine, startPrepared } from './prepare';

export { BRIDGE_USAGE, parseBridgeFlags, type BridgeIO } from './flags';
export { prepareBridge, readyLine, startPrepared, type PreparedBridge } from './prepare';

/** Starts the bridge from flags in this process (one process, whatever --workers says); the caller owns shutdown. */
export async function startBridgeFromArgs(args: string[], io: Pick<BridgeIO, 'stdout' | 'stderr' | 'env'>): Promise<RunningBridge> {
  return startPrepared(await prepareBridge(args, io));
}

/**
 * Runs until `io.signal` aborts. Resolves to an exit code. Throws BridgeConfigError for bad flags/config. With more
 * than one worker this process is the cluster primary (telemetry-bridge/cluster/); in a worker it runs the worker.
 */
export async function runBridgeCommand(args: string[], io: BridgeIO): Promise<number> {
  tuneHeapForIngest();
  if (isBridgeWorker()) return runClusterWorker(args, io);
  const prepared = await prepareBridge(args, io);
  // Run in-process with streams of its own (tests, an embedding), the bridge defaults to one process: workers write
  // their logs and dispatcher output to the process's stderr, which these streams would not see.
  const embedded = io.stdout !== process.stdout || io.stderr !== process.stderr;
  const workers = workerCount(workersAllowed(prepared.cfg.workers ?? (embedded ? 1 : undefined), prepared.dispatch, !!prepared.cfg.alerts));
  if (workers.capped) prepared.logger.warn(`--workers ${prepared.cfg.workers} is more than the ${workers.cores} cores; running ${workers.count}`);
  if (workers.count > 1) return runClusterPrimary(prepared, workers.count, args, io);
  const bridge = await startPrepared(prepared);
  io.stdout.write(readyLine(bridge) + '\n');
  await untilAborted(io.signal);
  io.stderr.write('bridge: stopping (flushing outputs)…\n');
  await bridge.close();
  io.stderr.write(`bridge: stopped after ${bridge.stats().records_total} records\n`);
  return 0;
}
