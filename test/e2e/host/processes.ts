import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';

/** A child started in its own process group, so it and everything it spawns can be stopped together. */
export interface GroupProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Resolves with the exit code (or the signal name) once the leader has exited. */
  readonly exited: Promise<number | string>;
  /** All output so far (stdout and stderr interleaved), also appended to the log file. */
  output(): string;
  /** Resolves with the first output line matching `pattern`; rejects if the process exits first or on timeout. */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
}

const live = new Set<number>();
let exitHookInstalled = false;

const cleanups = new Set<() => void>();

/** Registers synchronous clean-up (e.g. removing a temp dir) for an interrupted run; returns its unregister. */
export function addExitCleanup(fn: () => void): () => void {
  installExitHook();
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

function killAllNow(): void {
  for (const pid of live) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const fn of cleanups) {
    try {
      fn();
    } catch {
      // best effort
    }
  }
}

/** Last resort when the test runner exits (or is interrupted) without tearing down: never leave servers behind. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', killAllNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAllNow();
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    });
  }
}

export function spawnGroup(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; logFile?: string }): GroupProcess {
  installExitHook();
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const pid = child.pid;
  live.add(pid);
  const log: WriteStream | undefined = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer): void => {
    const s = chunk.toString('utf8');
    text += s;
    log?.write(s);
    for (const l of listeners) l();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => {
      live.delete(pid);
      resolve(code ?? signal ?? 'unknown');
      for (const l of listeners) l();
      log?.end();
    });
    child.on('error', (err) => {
      live.delete(pid);
      text += `\n[spawn error] ${err.message}\n`;
      resolve('spawn-error');
      for (const l of listeners) l();
    });
  });
  let exitStatus: number | string | undefined;
  void exited.then((s) => (exitStatus = s));

  const waitForOutput = (pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const m = text.match(pattern);
        if (m) return done(() => resolve(m));
        if (exitStatus !== undefined) {
          done(() => reject(new Error(`${command} exited (${exitStatus}) before printing ${pattern}:\n${tail(text)}`)));
        }
      };
      const timer = setTimeout(
        () => done(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${pattern} from ${command}:\n${tail(text)}`))),
        timeoutMs,
      );
      const done = (fn: () => void): void => {
        clearTimeout(timer);
        listeners.delete(check);
        fn();
      };
      listeners.add(check);
      check();
    });

  return { child, pid, exited, output: () => text, waitForOutput };
}

/** SIGTERM to the whole group, then SIGKILL if it has not exited within `graceMs`. */
export async function killGroup(proc: GroupProcess, graceMs = 5000): Promise<void> {
  const signal = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-proc.pid, sig);
    } catch {
      // the group is gone
    }
  };
  if (!live.has(proc.pid)) {
    signal('SIGKILL'); // the leader exited; stragglers in its group may remain
    return;
  }
  signal('SIGTERM');
  const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), graceMs).unref());
  if ((await Promise.race([proc.exited, timer])) === 'timeout') {
    signal('SIGKILL');
    await proc.exited;
  } else {
    signal('SIGKILL');
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export function tail(text: string, lines = 40): string {
  return text.split('\n').slice(-lines).join('\n');
}
