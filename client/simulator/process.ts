import type { Logger } from '../../core/log/logger';
import { parseSimulatorReady, type SimulatorReady } from '../../core/messages/simulator-ready';
import { spawnJsonReady, type SpawnedProcess } from '../process/spawn-json-ready';

export type SpawnedSimulator = SpawnedProcess<SimulatorReady>;

/**
 * Runs `node <cli> sim …` and waits for its JSON ready line on stdout. Human lines (stderr) go to the log, but only
 * after the ready line told us the client secret, so the logger can scrub it.
 */
export function spawnSimulator(nodePath: string, args: string[], log: Logger, timeoutMs = 30_000): Promise<SpawnedSimulator> {
  return spawnJsonReady(nodePath, args, log, {
    parse: parseSimulatorReady,
    what: 'The simulator',
    timeoutMs,
    holdStderrUntilReady: true,
    onReady: (ready) => log.addSecret(ready.clientSecret),
    onUnexpectedLine: 'warn',
  });
}
