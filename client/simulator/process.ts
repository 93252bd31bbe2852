import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Logger } from '../../core/log/logger';
import { parseSimulatorReady, type SimulatorReady } from '../../core/config/simulator-ready';

export interface SpawnedSimulator {
  readonly ready: SimulatorReady;
  readonly child: ChildProcess;
  /** Resolves when the process has exited. */
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * Runs `node <cli> sim …` and waits for its JSON ready line on stdout. Human lines (stderr) go to the log, but only
 * after the ready line told us the client secret, so the logger can scrub it.
 */
export function spawnSimulator(nodePath: string, args: string[], log: Logger, timeoutMs = 30_000): Promise<SpawnedSimulator> {
  const child = spawn(nodePath, args, {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // If the extension host goes away without deactivating us, take the simulator down with it.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));
  const held: string[] = [];
  let readyInfo: SimulatorReady | undefined;
  createInterface({ input: child.stderr! }).on('line', (line) => {
    if (readyInfo) log.info(line);
    else held.push(line);
  });

  return new Promise<SpawnedSimulator>((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGTERM');
      const tail = held.slice(-10).join('\n');
      reject(new Error(`${why}${tail ? `\n${tail}` : ''}`));
    };
    const timer = setTimeout(() => fail('The simulator did not report ready within 30 s.'), timeoutMs);
    child.once('error', (err) => fail(`Could not start the simulator: ${err.message}`));
    void exited.then((code) => {
      if (!readyInfo) fail(`The simulator exited (code ${code}) before it was ready.`);
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (readyInfo || !line.trim().startsWith('{')) return;
      try {
        readyInfo = parseSimulatorReady(line.trim());
      } catch (err) {
        log.warn(`Ignoring unexpected simulator output: ${err instanceof Error ? err.message : String(err)}`);
        return;
      }
      clearTimeout(timer);
      log.addSecret(readyInfo.clientSecret);
      for (const l of held.splice(0)) log.info(l);
      const ready = readyInfo;
      resolve({
        ready,
        child,
        exited,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}
