/** Entry of dist/bridge.js: the same flags as `fleetkit bridge`. SIGINT/SIGTERM shut down gracefully. */
import { BRIDGE_USAGE, runBridgeCommand } from './command';
import { BridgeConfigError } from './config';
import { stopOnSignals } from '../core/process/signals';

export { startBridge, type BridgeOptions, type RunningBridge } from './bridge';

function run(): void {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(BRIDGE_USAGE);
    return;
  }
  const stop = stopOnSignals();
  runBridgeCommand(args, { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: stop.signal }).then(
    (code) => {
      process.exitCode = code;
      stop.dispose();
    },
    (err: unknown) => {
      process.stderr.write(`bridge: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = err instanceof BridgeConfigError ? 2 : 1;
      stop.dispose();
    },
  );
}

if (require.main === module) run();
