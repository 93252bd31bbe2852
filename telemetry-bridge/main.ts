/** Entry of dist/bridge.js: the same flags as `fleetkit bridge`. SIGINT/SIGTERM shut down gracefully. */
import { BRIDGE_USAGE, runBridgeCommand } from './command';
import { BridgeConfigError } from './config';

export { startBridge, type BridgeOptions, type RunningBridge } from './bridge';

function run(): void {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(BRIDGE_USAGE);
    return;
  }
  const controller = new AbortController();
  const stop = (): void => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  runBridgeCommand(args, { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: controller.signal }).then(
    (code) => {
      process.exitCode = code;
      process.removeListener('SIGINT', stop);
      process.removeListener('SIGTERM', stop);
    },
    (err: unknown) => {
      process.stderr.write(`bridge: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = err instanceof BridgeConfigError ? 2 : 1;
      process.removeListener('SIGINT', stop);
      process.removeListener('SIGTERM', stop);
    },
  );
}

if (require.main === module) run();
