import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import codeServerConfig from '../../../scripts/test-host/code-server.json';

/** The repository root (this file is test/e2e/host/paths.ts). */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/** Screenshots and logs of E2E runs (git-ignored). */
export const TEST_RESULTS_DIR = process.env.FLEETKIT_TEST_RESULTS ?? join(REPO_ROOT, 'test-results');

/** The default workspace the workbench opens. */
export const FIXTURE_WORKSPACE = join(REPO_ROOT, 'test', 'e2e', 'fixtures', 'workspace');

export const CODE_SERVER_VERSION: string = codeServerConfig.version;

/** Mirrors scripts/test-host/paths.mjs (which install.mjs uses): keep the two in step. */
export function codeServerDir(env: NodeJS.ProcessEnv = process.env): string {
  const root = env.FLEETKIT_CACHE || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'fleetkit');
  return join(root, `code-server-${CODE_SERVER_VERSION}`);
}

export function codeServerEntry(env: NodeJS.ProcessEnv = process.env): string {
  return join(codeServerDir(env), 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

export function installMarker(env: NodeJS.ProcessEnv = process.env): string {
  return join(codeServerDir(env), '.fleetkit-installed.json');
}

export const CHROMIUM_PATH = process.env.FLEETKIT_CHROMIUM || '/usr/bin/chromium';
