#!/usr/bin/env node
// `npm start`: the main job. Builds and packages Fleetkit, installs it into the cached code-server
// (a real VS Code in the browser), starts it on 127.0.0.1:8800 on a workspace folder and prints the URL.
// Ctrl-C stops everything it started.
//
// Later the local simulator and the telemetry bridge start first (see startBackgroundServices): each
// prints one ready-JSON line, which becomes Fleetkit settings, so the editor talks to them at once.
//
// Usage: npm start [-- --port 8800] [--folder PATH] [--no-build]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import jsonc from 'jsonc-parser';
import { cacheRoot, codeServerEntry } from './test-host/paths.mjs';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const log = (msg) => console.error(`[start] ${msg}`);

/** Same user settings as the E2E host's BASE_SETTINGS (test/e2e/host/code-server.ts), minus test-only ones. */
const BASE_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
};

function parseOptions() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.FLEETKIT_PORT ?? '8800' },
      folder: { type: 'string', default: join(REPO_ROOT, 'test', 'e2e', 'fixtures', 'workspace') },
      'no-build': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: false,
  });
  if (values.help) {
    console.error('Usage: npm start [-- --port 8800] [--folder PATH] [--no-build]');
    process.exit(0);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port must be 1-65535, got ${values.port}`);
  const folder = resolve(values.folder);
  if (!existsSync(folder)) throw new Error(`--folder ${folder} does not exist`);
  return { port, folder, build: !values['no-build'] };
}

function runOrDie(cmd, args, what) {
  log(what);
  // Children's output goes to stderr: stdout carries only the ready-JSON line.
  const res = spawnSync(cmd, args, { cwd: REPO_ROOT, stdio: ['ignore', 2, 2] });
  if (res.status !== 0) throw new Error(`${what} failed (${cmd} ${args.join(' ')} exited ${res.status ?? res.signal})`);
}

function assertPortFree(port) {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', (err) =>
      reject(new Error(err.code === 'EADDRINUSE' ? `127.0.0.1:${port} is in use; pass another port: npm start -- --port 8801` : err.message)),
    );
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolvePort()));
  });
}

// ── Background services ──────────────────────────────────────────────────────────────────────────────

/**
 * A service the editor talks to, run as a child process that prints ONE JSON line on stdout when it is
 * ready (e.g. `{"service":"sim","url":"https://127.0.0.1:4443","caCert":"/…/ca.pem"}`) and keeps running.
 * `toSettings(ready)` turns that line into Fleetkit settings (`fleetkit.*`).
 */
const SERVICES = [
  // Wired by the simulator / bridge issues, e.g.:
  // { name: 'simulator', args: [join(REPO_ROOT, 'dist/cli.js'), 'sim', '--port', '0'], toSettings: (r) => ({ 'fleetkit.simulator.url': r.url }) },
  // { name: 'bridge', args: [join(REPO_ROOT, 'dist/cli.js'), 'bridge', '--port', '0'], toSettings: (r) => ({ 'fleetkit.bridge.url': r.feedUrl }) },
];

/** Starts one service and resolves with its parsed ready line (rejects if it exits first or prints no JSON in time). */
function startService(service, timeoutMs = 60_000) {
  return new Promise((resolveReady, reject) => {
    const child = spawn(process.execPath, service.args, { cwd: REPO_ROOT, detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => fail(new Error(`${service.name} printed no ready line within ${timeoutMs} ms`)), timeoutMs);
    const fail = (err) => {
      clearTimeout(timer);
      stopGroup(child);
      reject(err);
    };
    child.once('exit', (code, signal) => fail(new Error(`${service.name} exited (${code ?? signal}) before it was ready`)));
    lines.once('line', (line) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      let ready;
      try {
        ready = JSON.parse(line);
      } catch {
        return fail(new Error(`${service.name}'s first stdout line is not JSON: ${line.slice(0, 200)}`));
      }
      // Keep draining stdout so the service never blocks on a full pipe.
      lines.on('line', (l) => process.stderr.write(`[${service.name}] ${l}\n`));
      resolveReady({ child, ready });
    });
  });
}

/**
 * Starts the simulator and the telemetry bridge (the SERVICES above) before VS Code, and returns the
 * settings that point Fleetkit at them plus the children to stop on exit. Empty until those issues land.
 */
async function startBackgroundServices() {
  const started = [];
  const settings = {};
  try {
    for (const service of SERVICES) {
      const { child, ready } = await startService(service);
      started.push(child);
      log(`${service.name} ready: ${JSON.stringify(ready)}`);
      Object.assign(settings, service.toSettings(ready));
    }
  } catch (err) {
    await Promise.all(started.map((c) => stopGroup(c)));
    throw err;
  }
  return { settings, children: started };
}

// ── VS Code (code-server) ────────────────────────────────────────────────────────────────────────────

/** Writes `settings` into the user's settings.json, keeping everything else (comments included). */
function mergeUserSettings(userDataDir, settings) {
  const file = join(userDataDir, 'User', 'settings.json');
  mkdirSync(dirname(file), { recursive: true });
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '{}\n';
  const errors = [];
  jsonc.parse(text, errors, { allowTrailingComma: true });
  if (errors.length) {
    log(`${file} is not valid JSON; leaving it alone (Fleetkit settings not written)`);
    return;
  }
  for (const [key, value] of Object.entries(settings)) {
    text = jsonc.applyEdits(text, jsonc.modify(text, [key], value, { formattingOptions: { insertSpaces: true, tabSize: 2 } }));
  }
  writeFileSync(file, text);
}

function stopGroup(child, graceMs = 5000) {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // group gone
      }
      return done();
    }
    const kill = (sig) => {
      try {
        process.kill(-child.pid, sig);
      } catch {
        // group gone
      }
    };
    const timer = setTimeout(() => kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      kill('SIGKILL'); // stragglers in the group
      done();
    });
    kill('SIGTERM');
  });
}

async function main() {
  const options = parseOptions();
  await assertPortFree(options.port);
  if (options.build) runOrDie('npm', ['run', '--silent', 'package'], 'building and packaging Fleetkit (npm run package)');
  runOrDie(process.execPath, [join(REPO_ROOT, 'scripts', 'test-host', 'install.mjs')], 'checking the code-server install');

  const version = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version;
  const vsix = join(REPO_ROOT, `fleetkit-${version}.vsix`);
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing; run without --no-build`);

  // A persistent profile, so a sign-in and settings survive restarts.
  const state = join(cacheRoot(), 'start');
  const dirs = { userDataDir: join(state, 'user-data'), extensionsDir: join(state, 'extensions'), config: join(state, 'config.yaml') };
  mkdirSync(dirs.extensionsDir, { recursive: true });
  const base = [codeServerEntry(), '--config', dirs.config, '--user-data-dir', dirs.userDataDir, '--extensions-dir', dirs.extensionsDir];
  runOrDie(process.execPath, [...base, '--force', '--install-extension', vsix], `installing ${vsix}`);

  const services = await startBackgroundServices();
  mergeUserSettings(dirs.userDataDir, { ...BASE_SETTINGS, ...services.settings });

  const server = spawn(
    process.execPath,
    [
      ...base,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${options.port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      options.folder,
    ],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  server.stderr.pipe(process.stderr);
  const url = `http://127.0.0.1:${options.port}/?folder=${encodeURIComponent(options.folder)}`;
  let announced = false;
  createInterface({ input: server.stdout }).on('line', (line) => {
    process.stderr.write(`[code-server] ${line}\n`);
    if (!announced && line.includes(`HTTP server listening on http://127.0.0.1:${options.port}/`)) {
      announced = true;
      console.error(`\nFleetkit ${version} is running in VS Code (code-server) at:\n\n  ${url}\n\nOpen it in a browser. Ctrl-C stops it.\n`);
      console.log(JSON.stringify({ ready: true, url, folder: options.folder }));
    }
  });

  let stopping = false;
  const stopAll = async (code) => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    await stopGroup(server);
    await Promise.all(services.children.map((c) => stopGroup(c)));
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  server.on('exit', (code, signal) => {
    if (stopping) return;
    log(`code-server exited (${code ?? signal})`);
    void stopAll(code === 0 ? 0 : 1);
  });
}

main().catch((err) => {
  log(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
