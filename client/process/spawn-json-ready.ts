import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Logger } from '../../core/log/logger';

export interface SpawnedProcess<T> {
  readonly ready: T;
  readonly child: ChildProcess;
  /** Resolves when the process has exited. */
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
}

export interface JsonReadyOptions<T> {
  /** Parses the ready line (a stdout line starting with `{`); throws when the line is not one. */
  parse(line: string): T;
  /** Names the process at the start of a sentence in errors: 'The telemetry bridge'. */
  what: string;
  timeoutMs?: number;
  /**
   * Keep stderr lines out of the log until the ready line is parsed and `onReady` ran, then log them: for a process
   * whose human output may carry a secret that only the ready line reveals (`onReady` tells the logger).
   */
  holdStderrUntilReady?: boolean;
  /** Runs once the ready line is parsed, before any held stderr line is logged. */
  onReady?(ready: T): void;
  /** A `{…}` stdout line that `parse` rejects fails the start (default), or is logged as a warning and skipped. */
  onUnexpectedLine?: 'fail' | 'warn';
}

const TAIL_LINES = 10;

const midSentence = (what: string): string => what.charAt(0).toLowerCase() + what.slice(1);

/**
 * Runs `node <script> …` (ELECTRON_RUN_AS_NODE, so the extension host's own binary works) and resolves once its
 * stdout printed a JSON ready line. stderr goes to the log; errors (timeout, exit or spawn failure before ready)
 * carry its last lines. The child is killed if the extension host exits without stopping it.
 */
export function spawnJsonReady<T>(nodePath: string, args: string[], log: Logger, options: JsonReadyOptions<T>): Promise<SpawnedProcess<T>> {
  const { parse, what, timeoutMs = 60_000, holdStderrUntilReady = false, onReady, onUnexpectedLine = 'fail' } = options;
  const child = spawn(nodePath, args, { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));

  let done = false;
  const tail: string[] = [];
  const held: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    if (!done) {
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
      if (holdStderrUntilReady) {
        held.push(line);
        return;
      }
    }
    log.info(line);
  });

  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.kill('SIGTERM');
      reject(new Error(`${why}${tail.length ? `\n${tail.join('\n')}` : ''}`));
    };
    const timer = setTimeout(() => fail(`${what} did not report ready within ${Math.round(timeoutMs / 1000)} s.`), timeoutMs);
    child.once('error', (err) => fail(`Could not start ${midSentence(what)}: ${err.message}`));
    void exited.then((code) => fail(`${what} exited (code ${code}) before it was ready.`));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (done || !line.trim().startsWith('{')) return;
      let ready: T;
      try {
        ready = parse(line.trim());
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        if (onUnexpectedLine === 'warn') return log.warn(`Ignoring unexpected output from ${midSentence(what)}: ${message}`);
        return fail(`${what} printed an unexpected line: ${message}`);
      }
      done = true;
      clearTimeout(timer);
      onReady?.(ready);
      for (const l of held.splice(0)) log.info(l);
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
