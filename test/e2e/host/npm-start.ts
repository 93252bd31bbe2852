/**
 * Runs the product as the README's `npm start` does (`node scripts/start.mjs`: simulator, telemetry bridge and
 * code-server with Fleetkit) on a free port with a temp state dir, and stops it as Ctrl-C does. Every process it
 * starts carries a marker in its environment, so the suite can tell, by pid, whether anything outlived the stop.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSimulatorReady, type SimulatorReady } from '../../../core/messages/simulator-ready';
import type { CodeServer } from './code-server';
import { REPO_ROOT } from './paths';
import { addExitCleanup, freePort, spawnGroup, tail, type GroupProcess } from './processes';

/** start.mjs's one stdout line once VS Code is being served. */
export interface NpmStartReady {
  readonly ready: true;
  readonly url: string;
  readonly folder: string;
  /** Process-group leaders it started: codeServer, simulator, bridge. */
  readonly pids: Readonly<Record<string, number>>;
}

export interface NpmStart {
  readonly ready: NpmStartReady;
  /** `--state-dir`: the profile (user-data, extensions) and the services' ready files. */
  readonly stateDir: string;
  readonly process: GroupProcess;
  /** The simulator's ready line, as start.mjs wrote it for Fleetkit (`fleetkit.simulator.readyFile`). */
  simulatorReady(): SimulatorReady;
  /** Pids of live processes that carry this run's marker (start.mjs and everything below it). */
  survivors(): number[];
  /** The code-server it serves, for E2ESession.attach; `stop()` is {@link NpmStart.stop}. */
  readonly codeServer: CodeServer;
  /** SIGINT to start.mjs (Ctrl-C), waits for it to exit; resolves with what still ran afterwards (then SIGKILLed). */
  stop(): Promise<{ exit: number | string; survivors: number[] }>;
}

const MARKER = 'FLEETKIT_E2E_NPM_START';

/** Live pids whose environment has MARKER=<run>. Linux /proc; processes of other users are unreadable and skipped. */
function markedPids(run: string): number[] {
  const needle = Buffer.from(`${MARKER}=${run}\0`);
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/environ`).includes(needle)) out.push(Number(name));
    } catch {
      // gone, or not ours
    }
  }
  return out.filter((pid) => pid !== process.pid);
}

function killPids(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** The environment `npm start` runs with here: the caller's, minus what would change VS Code, with config dirs under `root`. */
function startEnv(root: string, run: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') delete env[k];
  return {
    ...env,
    // The simulator's CA and the bridge's certificates, and code-server's own config/data, stay out of the real home.
    // (XDG_CACHE_HOME is kept: the cached code-server lives there.)
    FLEETKIT_CONFIG_DIR: join(root, 'fleetkit-config'),
    XDG_CONFIG_HOME: join(root, 'xdg-config'),
    XDG_DATA_HOME: join(root, 'xdg-data'),
    [MARKER]: run,
  };
}

/**
 * `node scripts/start.mjs --port <free> --state-dir <root>/state --no-build [extra]` (build first: ensureFleetkitVsix).
 * Resolves once it printed its ready line; on any failure everything it started is killed.
 */
export async function startNpmStart(root: string, extraArgs: readonly string[] = [], timeoutMs = 180_000): Promise<NpmStart> {
  const run = randomUUID();
  const stateDir = join(root, 'state');
  mkdirSync(stateDir, { recursive: true });
  const port = await freePort();
  const proc = spawnGroup(
    process.execPath,
    [join(REPO_ROOT, 'scripts', 'start.mjs'), '--port', String(port), '--state-dir', stateDir, '--no-build', ...extraArgs],
    {
      cwd: REPO_ROOT,
      env: startEnv(root, run),
      logFile: join(root, 'npm-start.log'),
    },
  );
  // An interrupted test run leaves nothing behind: the services are detached from start.mjs's process group.
  const unregister = addExitCleanup(() => killPids(markedPids(run)));
  let ready: NpmStartReady;
  try {
    const line = await proc.waitForOutput(/\{"ready":true[^\n]*\}/, timeoutMs);
    ready = JSON.parse(line[0]) as NpmStartReady;
  } catch (err) {
    proc.child.kill('SIGINT');
    await Promise.race([proc.exited, new Promise((r) => setTimeout(r, 15_000))]);
    killPids(markedPids(run));
    unregister();
    throw err;
  }
  let stopped: Promise<{ exit: number | string; survivors: number[] }> | undefined;
  const stop = (): Promise<{ exit: number | string; survivors: number[] }> =>
    (stopped ??= (async () => {
      try {
        process.kill(-proc.pid, 'SIGINT');
      } catch {
        // already gone
      }
      const exit = await Promise.race([proc.exited, new Promise<string>((r) => setTimeout(() => r('still running after 30 s'), 30_000))]);
      // Give the group leaders' children a moment to go after their leader (SIGKILL of the group is start.mjs's last step).
      let survivors = markedPids(run);
      for (let i = 0; i < 20 && survivors.length; i++) {
        await new Promise((r) => setTimeout(r, 250));
        survivors = markedPids(run);
      }
      killPids(survivors);
      unregister();
      return { exit, survivors };
    })());
  const url = `http://127.0.0.1:${port}/`;
  const codeServer: CodeServer = {
    url,
    port,
    process: proc,
    dirs: { userDataDir: join(stateDir, 'user-data'), extensionsDir: join(stateDir, 'extensions'), stateDir },
    folderUrl: (folder) => `${url}?folder=${encodeURIComponent(folder)}`,
    stop: async () => {
      await stop();
    },
  };
  return {
    ready,
    stateDir,
    process: proc,
    codeServer,
    simulatorReady: () => {
      const file = join(stateDir, 'simulator-ready.json');
      if (!existsSync(file)) throw new Error(`npm start wrote no ${file}:\n${tail(proc.output())}`);
      return parseSimulatorReady(readFileSync(file, 'utf8').trim());
    },
    survivors: () => markedPids(run),
    stop,
  };
}
