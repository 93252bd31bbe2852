import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import EDITOR_SETTINGS from '../../../scripts/test-host/editor-settings.json';
import { codeServerEntry, installMarker } from './paths';
import { freePort, killGroup, spawnGroup, tail, type GroupProcess } from './processes';

/**
 * User settings every test host starts with: nothing that pops up, phones home or asks for trust (editor-settings.json,
 * which `npm start` uses too), plus what only tests want.
 */
export const BASE_SETTINGS: Readonly<Record<string, unknown>> = {
  ...EDITOR_SETTINGS,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'git.enabled': false,
  'files.simpleDialog.enable': true,
  'window.dialogStyle': 'custom',
  'editor.accessibilitySupport': 'off',
  'accessibility.signals.sounds.volume': 0,
};

export interface CodeServerDirs {
  /** VS Code's user-data dir (User/settings.json, logs/, globalStorage…). */
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** code-server's own config file and XDG dirs, so nothing lands in the real home. */
  readonly stateDir: string;
}

export function prepareDirs(root: string, settings: Readonly<Record<string, unknown>> = {}): CodeServerDirs {
  const dirs = { userDataDir: join(root, 'user-data'), extensionsDir: join(root, 'extensions'), stateDir: join(root, 'code-server-state') };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  mkdirSync(join(dirs.userDataDir, 'User'), { recursive: true });
  writeFileSync(join(dirs.userDataDir, 'User', 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...settings }, null, 2) + '\n');
  return dirs;
}

function assertInstalled(): string {
  const entry = codeServerEntry();
  if (!existsSync(installMarker()) || !existsSync(entry)) {
    throw new Error('code-server is not installed for the test host. Run `node scripts/test-host/install.mjs` (or `npm run setup`).');
  }
  return entry;
}

function baseArgs(dirs: CodeServerDirs): string[] {
  return ['--config', join(dirs.stateDir, 'config.yaml'), '--user-data-dir', dirs.userDataDir, '--extensions-dir', dirs.extensionsDir];
}

/** code-server inherits these; isolated XDG dirs keep code-server (and tools the extension host runs) out of the real home. */
function hostEnv(dirs: CodeServerDirs, extra: Readonly<Record<string, string>>, isolateHome: boolean): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Variables of the process that started us which would change how VS Code behaves.
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') delete env[k];
  if (isolateHome) {
    env.XDG_CONFIG_HOME = join(dirs.stateDir, 'config');
    env.XDG_DATA_HOME = join(dirs.stateDir, 'data');
    env.XDG_CACHE_HOME = join(dirs.stateDir, 'cache');
  }
  return { ...env, ...extra };
}

/** `code-server --install-extension` for each VSIX (one process, like the real CLI). */
export async function installExtensions(dirs: CodeServerDirs, vsixPaths: readonly string[], logFile: string): Promise<string> {
  if (!vsixPaths.length) return '';
  const entry = assertInstalled();
  const args = [entry, ...baseArgs(dirs), '--force', ...vsixPaths.flatMap((v) => ['--install-extension', v])];
  const out = await new Promise<{ code: number | null; text: string }>((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: hostEnv(dirs, {}, true), stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (b: Buffer) => (text += b.toString()));
    child.stderr.on('data', (b: Buffer) => (text += b.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, text }));
  });
  writeFileSync(logFile, out.text, { flag: 'a' });
  const installedCount = (out.text.match(/was successfully installed/g) ?? []).length;
  if (out.code !== 0 || installedCount !== vsixPaths.length) {
    throw new Error(`installing ${vsixPaths.join(', ')} failed (exit ${out.code}):\n${tail(out.text)}`);
  }
  return out.text;
}

export interface CodeServer {
  readonly url: string;
  readonly port: number;
  readonly process: GroupProcess;
  readonly dirs: CodeServerDirs;
  /** The URL that opens the workbench on `folder`. */
  folderUrl(folder: string): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly dirs: CodeServerDirs;
  /** Folder opened when the browser asks for `/` without `?folder=`. */
  readonly workspace: string;
  readonly logFile: string;
  /** Fixed port (npm start); default: a free one. */
  readonly port?: number;
  readonly env?: Readonly<Record<string, string>>;
  /** Tests isolate XDG dirs; `npm start` keeps the user's. */
  readonly isolateHome?: boolean;
  readonly readyTimeoutMs?: number;
}

export async function startCodeServer(options: StartOptions): Promise<CodeServer> {
  const entry = assertInstalled();
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    const args = [
      entry,
      ...baseArgs(options.dirs),
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      options.workspace,
    ];
    const proc = spawnGroup(process.execPath, args, {
      env: hostEnv(options.dirs, options.env ?? {}, options.isolateHome ?? true),
      logFile: options.logFile,
    });
    try {
      await proc.waitForOutput(new RegExp(`HTTP server listening on http://127\\.0\\.0\\.1:${port}/`), options.readyTimeoutMs ?? 60_000);
    } catch (err) {
      await killGroup(proc, 2000);
      // Someone took the free port between our probe and code-server's bind: try another.
      if (options.port === undefined && attempt < 3 && /EADDRINUSE/.test(proc.output())) continue;
      throw err;
    }
    const url = `http://127.0.0.1:${port}/`;
    return {
      url,
      port,
      process: proc,
      dirs: options.dirs,
      folderUrl: (folder) => `${url}?folder=${encodeURIComponent(folder)}`,
      stop: () => killGroup(proc),
    };
  }
}
