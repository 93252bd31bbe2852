#!/usr/bin/env node
// Installs code-server (a real VS Code that runs in a browser) into a cache outside the repo, once.
//
// code-server's own postinstall downloads ripgrep from GitHub, which this machine cannot reach, so the
// install is done in steps with --ignore-scripts, Debian's ripgrep copied in, and the native modules
// rebuilt against the local Node. Idempotent: a marker file is written at the very end; when it is
// present nothing is done. The work happens in a staging folder renamed into place at the end, so an
// interrupted or concurrent install never leaves a half-installed cache behind.
//
// Usage: node scripts/test-host/install.mjs [--force] [--quiet]
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync, chmodSync, accessSync, constants } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { CHROMIUM_PATH, CODE_SERVER_VERSION, cacheRoot, codeServerDir, codeServerEntry, installMarker } from './paths.mjs';

const force = process.argv.includes('--force');
const quiet = process.argv.includes('--quiet');
const log = (msg) => console.error(`[test-host] ${msg}`);

function onPath(cmd) {
  for (const dir of (process.env.PATH || '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, cmd), constants.X_OK);
      return join(dir, cmd);
    } catch {
      // keep looking
    }
  }
  return undefined;
}

/** Debian packages the install and the test host need; returns the missing ones with why. */
function missingPrerequisites() {
  const missing = [];
  if (!onPath('rg')) missing.push({ pkg: 'ripgrep', why: 'rg is copied into code-server (its postinstall would download it)' });
  if (!onPath('pkg-config')) missing.push({ pkg: 'pkg-config', why: 'the kerberos native module is built with pkg-config' });
  else if (spawnSync('pkg-config', ['--exists', 'krb5-gssapi'], { stdio: 'ignore' }).status !== 0) {
    missing.push({ pkg: 'libkrb5-dev', why: 'the kerberos native module links against krb5-gssapi' });
  }
  if (!onPath('make') || !onPath('g++')) missing.push({ pkg: 'build-essential', why: 'native modules (node-pty, spdlog, argon2…) are compiled' });
  if (!onPath('python3')) missing.push({ pkg: 'python3', why: 'node-gyp needs python3' });
  if (!existsSync(CHROMIUM_PATH)) missing.push({ pkg: 'chromium', why: `the E2E tests drive ${CHROMIUM_PATH} with playwright-core` });
  return missing;
}

function run(cmd, args, cwd, extraEnv = {}) {
  const label = `${cmd} ${args.join(' ')}  (in ${cwd})`;
  if (!quiet) log(label);
  const res = spawnSync(cmd, args, {
    cwd,
    stdio: quiet ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
      npm_config_progress: 'false',
      ...extraEnv,
    },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (res.error) throw new Error(`could not run ${label}: ${res.error.message}`);
  if (res.status !== 0) {
    if (quiet) process.stderr.write(`${res.stdout ?? ''}${res.stderr ?? ''}`);
    throw new Error(`${label} failed with exit code ${res.status}`);
  }
}

function install(stage) {
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  writeFileSync(join(stage, 'package.json'), JSON.stringify({ name: 'fleetkit-test-host', private: true }, null, 2) + '\n');

  // 1. code-server itself, without its install scripts.
  run('npm', ['install', '--no-save', '--ignore-scripts', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`], stage);

  // 2. VS Code's own dependencies.
  const vscodeDir = join(stage, 'node_modules', 'code-server', 'lib', 'vscode');
  if (!existsSync(join(vscodeDir, 'package.json'))) throw new Error(`unexpected code-server layout: ${vscodeDir} is missing`);
  run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-package-lock'], vscodeDir);

  // 3. Debian's ripgrep where @vscode/ripgrep expects its download; its postinstall then sees it and stops.
  const rgTarget = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  mkdirSync(dirname(rgTarget), { recursive: true });
  copyFileSync(onPath('rg'), rgTarget);
  chmodSync(rgTarget, 0o755);

  // 4. Native modules (node-pty, spdlog, watcher, kerberos…) against this Node.
  run('npm', ['rebuild'], vscodeDir, { npm_config_yes: 'true' });

  // 5. The server looks for node_modules.asar (the desktop build's packed form).
  symlinkSync('node_modules', join(vscodeDir, 'node_modules.asar'));

  // 6. The built-in extensions' dependencies.
  run('npm', ['install', '--omit=dev', '--no-package-lock'], join(vscodeDir, 'extensions'));

  // 7. code-server's password hashing module (loaded at start-up even with --auth none).
  run('npm', ['rebuild', 'argon2'], stage, { npm_config_yes: 'true' });

  // Sanity check: the server must at least print its version.
  const entry = join(stage, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  // --config keeps it from writing a default config into the user's ~/.config/code-server.
  const probe = spawnSync(process.execPath, [entry, '--config', join(stage, 'probe-config.yaml'), '--version'], { encoding: 'utf8', timeout: 60_000 });
  const line = probe.stdout?.split('\n').find((l) => l.startsWith(`${CODE_SERVER_VERSION} `));
  if (probe.status !== 0 || !line) {
    throw new Error(`code-server --version did not report ${CODE_SERVER_VERSION}: ${probe.stdout}${probe.stderr}`);
  }
  rmSync(join(stage, 'probe-config.yaml'), { force: true });
  return line.trim();
}

function main() {
  const dir = codeServerDir();
  const marker = installMarker();
  if (!force && existsSync(marker) && existsSync(codeServerEntry())) {
    if (!quiet) log(`code-server ${CODE_SERVER_VERSION} already installed in ${dir}`);
    return 0;
  }

  const missing = missingPrerequisites();
  if (missing.length) {
    log('missing Debian packages:');
    for (const m of missing) log(`  ${m.pkg.padEnd(16)} ${m.why}`);
    log(`install them with:  apt-get update && apt-get install -y ${[...new Set(missing.map((m) => m.pkg))].join(' ')}`);
    log('(or run `npm run setup`, which does that and everything else)');
    return 1;
  }

  mkdirSync(cacheRoot(), { recursive: true });
  const stage = `${dir}.staging-${process.pid}`;
  const started = Date.now();
  log(`installing code-server ${CODE_SERVER_VERSION} into ${dir} (about 3 minutes, ~280 MB)`);
  let version;
  try {
    version = install(stage);
  } catch (err) {
    rmSync(stage, { recursive: true, force: true });
    log(`install failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  writeFileSync(
    join(stage, '.fleetkit-installed.json'),
    JSON.stringify({ version: CODE_SERVER_VERSION, reported: version, node: process.version, installedAt: new Date().toISOString() }, null, 2) + '\n',
  );
  // Replace any earlier (incomplete or forced) install, then move the finished one into place.
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  try {
    renameSync(stage, dir);
  } catch (err) {
    // Another install finished first: use it.
    rmSync(stage, { recursive: true, force: true });
    if (!existsSync(marker)) throw err;
  }
  const installed = JSON.parse(readFileSync(marker, 'utf8'));
  log(`code-server ${installed.version} ready (${Math.round((Date.now() - started) / 1000)} s): ${codeServerEntry()}`);
  return 0;
}

process.exitCode = main();
