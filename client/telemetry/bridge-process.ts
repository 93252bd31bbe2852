import type { Logger } from '../../core/log/logger';
import { spawnJsonReady, type SpawnedProcess } from '../process/spawn-json-ready';
import { parseBridgeReady, type BridgeReady } from '../../core/messages/bridge-ready';

/** Runs the bundled bridge. Its stderr goes to the log as it comes (the bridge logs no secrets; its token is only on stdout). */
export function spawnBridge(nodePath: string, args: string[], log: Logger): Promise<SpawnedProcess<BridgeReady>> {
  return spawnJsonReady(nodePath, args, log, { parse: parseBridgeReady, what: 'The telemetry bridge' });
}
