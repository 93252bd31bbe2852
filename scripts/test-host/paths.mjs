// Where the test host lives. Shared by install.mjs and start.mjs; test/e2e/host/paths.ts mirrors it for TypeScript.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const CODE_SERVER_VERSION = JSON.parse(readFileSync(new URL('./code-server.json', import.meta.url), 'utf8')).version;

/** Cache root: $FLEETKIT_CACHE, else $XDG_CACHE_HOME/fleetkit, else ~/.cache/fleetkit. Never inside the repo. */
export function cacheRoot(env = process.env) {
  if (env.FLEETKIT_CACHE) return env.FLEETKIT_CACHE;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'fleetkit');
}

export function codeServerDir(env = process.env) {
  return join(cacheRoot(env), `code-server-${CODE_SERVER_VERSION}`);
}

/** The file written last by a complete install; its absence means "not installed". */
export function installMarker(env = process.env) {
  return join(codeServerDir(env), '.fleetkit-installed.json');
}

export function codeServerEntry(env = process.env) {
  return join(codeServerDir(env), 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

export const CHROMIUM_PATH = process.env.FLEETKIT_CHROMIUM || '/usr/bin/chromium';
