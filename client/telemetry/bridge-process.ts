import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Logger } from '../../core/log/logger';
import { parseBridgeReady, type BridgeReady } from './bridge-ready';

export interface SpawnedProcess<T> {
  readonly ready: T;
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * Runs `node <script> …` (the bundled bridge, or `cli.js certs init`) and resolves with its first JSON stdout line
 * parsed by `parse`. stderr goes to the log (the bridge logs no secrets; its token is only on stdout).
 */
export function spawnJsonReady<T>(nodePath: string, args: string[], log: Logger, parse: (line: string) => T, what: string, timeoutMs = 60_000): Promise<SpawnedProcess<T>> {
  const child = spawn(nodePath, args, { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));
  const tail: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    tail.push(line);
    if (tail.length > 10) tail.shift();
    log.info(line);
  });
  return new Promise((resolve, reject) => {
    let done = false;
    const fail = (why: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.kill('SIGTERM');
      reject(new Error(`${why}${tail.length ? `\n${tail.join('\n')}` : ''}`));
    };
    const timer = setTimeout(() => fail(`${what} did not report ready within ${Math.round(timeoutMs / 1000)} s.`), timeoutMs);
    child.once('error', (err) => fail(`Could not start ${what}: ${err.message}`));
    void exited.then((code) => fail(`${what} exited (code ${code}) before it was ready.`));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (done || !line.trim().startsWith('{')) return;
      let ready: T;
      try {
        ready = parse(line.trim());
      } catch (err) {
        return fail(`${what} printed an unexpected line: ${err instanceof Error ? err.message : String(err)}`);
      }
      done = true;
      clearTimeout(timer);
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

export function spawnBridge(nodePath: string, args: string[], log: Logger): Promise<SpawnedProcess<BridgeReady>> {
  return spawnJsonReady(nodePath, args, log, parseBridgeReady, 'The telemetry bridge');
}
