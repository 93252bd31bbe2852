#!/usr/bin/env node
// `npm start`: the main job. Builds and packages Fleetkit, installs it into the cached code-server
// (a real VS Code in the browser), starts it on 127.0.0.1:8800 on a workspace folder and prints the URL.
// Ctrl-C stops everything it started.
//
// The local simulator and the telemetry bridge start first (see startBackgroundServices): each prints one
// ready-JSON line, kept in a private file that Fleetkit settings point at, and the simulated cars are given a
// telemetry config pointing at the bridge, so Fleetkit > Open Live Telemetry shows live data at once.
//
// The editor opens a scratch workspace in the state dir (outside this repository: no Git prompt, nothing written into
// the source tree), with a sample telemetry config to try the language server on.
//
// Usage: npm start [-- --port 8800] [--folder PATH] [--no-build] [--state-dir DIR]
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import jsonc from 'jsonc-parser';
import { cacheRoot, codeServerEntry } from './test-host/paths.mjs';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const log = (msg) => console.error(`[start] ${msg}`);

/** The editor settings the E2E host starts with too (test/e2e/host/code-server.ts adds its test-only ones). */
const BASE_SETTINGS = JSON.parse(readFileSync(join(REPO_ROOT, 'scripts', 'test-host', 'editor-settings.json'), 'utf8'));

function parseOptions() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.FLEETKIT_PORT ?? '8800' },
      // Default: <state-dir>/workspace, created on first run.
      folder: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      // Where the profile (settings, sign-ins, extensions) and the services' ready files live; tests use a temp dir.
      'state-dir': { type: 'string', default: join(cacheRoot(), 'start') },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: false,
  });
  if (values.help) {
    console.error('Usage: npm start [-- --port 8800] [--folder PATH] [--no-build] [--state-dir DIR]');
    process.exit(0);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port must be 1-65535, got ${values.port}`);
  const stateDir = resolve(values['state-dir']);
  const folder = values.folder ? resolve(values.folder) : scratchWorkspace(stateDir);
  if (!existsSync(folder)) throw new Error(`--folder ${folder} does not exist`);
  return { port, folder, build: !values['no-build'], stateDir };
}

/** The folder the editor opens by default: outside the repository, seeded once, never overwritten. */
function scratchWorkspace(stateDir) {
  const folder = join(stateDir, 'workspace');
  mkdirSync(folder, { recursive: true });
  const seed = {
    'README.md': [
      '# Fleetkit scratch workspace',
      '',
      'A folder of your own for trying Fleetkit: `npm start` opens it, keeps it between runs and never writes into the',
      'Fleetkit repository. `fleet_telemetry_config.json` is a sample Fleet Telemetry config: open it to see completion,',
      'hovers and diagnostics, and **Fleetkit: Push Telemetry Config** to send it to the simulated cars. It points at',
      'the telemetry bridge of this run; `npm start` refreshes it each run unless you have edited it.',
      '',
    ].join('\n'),
  };
  for (const [name, text] of Object.entries(seed)) {
    const file = join(folder, name);
    if (!existsSync(file)) writeFileSync(file, text);
  }
  return folder;
}

function runOrDie(cmd, args, what) {
  log(what);
  // Quiet unless it fails (then its output says why); stdout carries only the ready-JSON line.
  const res = spawnSync(cmd, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (res.status !== 0) {
    process.stderr.write(`${res.stdout ?? ''}${res.stderr ?? ''}`);
    throw new Error(`${what} failed (${cmd} ${args.join(' ')} exited ${res.status ?? res.signal})`);
  }
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
 * ready and keeps running. The simulator prints `{"auth":URL,"fleet":{…},"clientId",…,"ca":PATH}`; the bridge
 * prints `{"event":"ready","port":N,"feed":{"url","token"},…}`.
 */
const CLI = join(REPO_ROOT, 'dist', 'cli.js');
const BRIDGE = join(REPO_ROOT, 'dist', 'bridge.js');

/** What the first run's simulated cars stream, and how: the tables the panel's "configure simulator" uses too. */
const FIRST_RUN_FIELDS = JSON.parse(readFileSync(join(REPO_ROOT, 'core', 'telemetry-config', 'first-run-fields.json'), 'utf8'));
const FIRST_RUN = JSON.parse(readFileSync(join(REPO_ROOT, 'core', 'telemetry-config', 'first-run.json'), 'utf8'));

/** A request to the simulator's /sim control endpoints over its HTTPS (trusting only its own CA). */
function simRequest(simReady, method, path, body) {
  const url = new URL(path, simReady.auth);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const mod = url.protocol === 'https:' ? https : http;
  const options = { method, headers: payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {} };
  if (url.protocol === 'https:' && simReady.ca) options.ca = readFileSync(simReady.ca, 'utf8');
  return new Promise((resolveRes, reject) => {
    const req = mod.request(url, options, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () =>
        res.statusCode >= 200 && res.statusCode < 300
          ? resolveRes(text)
          : reject(new Error(`simulator ${method} ${path}: ${res.statusCode} ${text.slice(0, 200)}`)),
      );
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * The scratch workspace's sample telemetry config, aimed at this run's bridge (its port changes every run): written
 * when absent, refreshed while it is still exactly what the last run wrote, left alone once the user edited it.
 */
function writeSampleConfig(stateDir, request) {
  const file = join(stateDir, 'workspace', 'fleet_telemetry_config.json');
  const last = join(stateDir, 'sample-config.json');
  if (!existsSync(join(stateDir, 'workspace'))) return;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (current !== undefined && (!existsSync(last) || readFileSync(last, 'utf8') !== current)) return;
  const text = JSON.stringify(request, null, 2) + '\n';
  writeFileSync(file, text);
  writeFileSync(last, text);
}

/** Writes a ready line to a private file the extension attaches through (`*.readyFile` settings). */
function writeReadyFile(file, ready) {
  writeFileSync(file, JSON.stringify(ready) + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}
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
 * Starts the simulator and the telemetry bridge before VS Code: the bridge trusts the simulator's vehicle CA, the
 * simulated cars get a telemetry config pointing at the bridge (one drives, one charges), and the two ready lines
 * go to private files that Fleetkit attaches to (`fleetkit.simulator.readyFile`, `fleetkit.telemetry.bridgeReadyFile`).
 * Returns those settings plus the children to stop on exit.
 */
async function startBackgroundServices(stateDir, started) {
  try {
    const sim = await startService({ name: 'simulator', args: [CLI, 'sim', '--auto-consent'] });
    started.push(sim.child);
    log(`simulator ready: ${sim.ready.auth} (browser pages: ${sim.ready.browser ?? sim.ready.auth})`);
    const simReadyFile = writeReadyFile(join(stateDir, 'simulator-ready.json'), sim.ready);

    const certsDir = join(stateDir, 'bridge');
    mkdirSync(certsDir, { recursive: true, mode: 0o700 });
    const certsOut = spawnSync(process.execPath, [CLI, 'certs', 'init', '--hostname', 'localhost', '--out', certsDir], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 2],
      encoding: 'utf8',
    });
    if (certsOut.status !== 0) throw new Error(`fleetkit certs init failed (exit ${certsOut.status})`);
    const certs = JSON.parse(certsOut.stdout.trim().split('\n').pop());
    const simVehicleCa = join(certsDir, 'simulator-vehicle-ca.pem');
    writeFileSync(simVehicleCa, await simRequest(sim.ready, 'GET', '/sim/telemetry/vehicle-ca'));

    const bridge = await startService({
      name: 'bridge',
      args: [
        BRIDGE,
        '--cert',
        certs.server_cert,
        '--key',
        certs.server_key,
        '--vehicle-ca',
        certs.vehicle_ca,
        '--vehicle-ca',
        simVehicleCa,
        '--port',
        '0',
        '--feed-port',
        '0',
        // History survives restarts of npm start: per-minute aggregates, state changes and alerts (docs/history.md).
        '--history',
        join(stateDir, 'history.db'),
        // A few simulated cars: one process (the default is one worker per core).
        '--workers',
        '1',
      ],
    });
    started.push(bridge.child);
    log(`telemetry bridge ready on ${bridge.ready.host}:${bridge.ready.port}`);
    const bridgeReadyFile = writeReadyFile(join(stateDir, 'bridge-ready.json'), bridge.ready);

    const world = JSON.parse(await simRequest(sim.ready, 'GET', '/sim/world'));
    const online = world.response.vehicles.filter((v) => v.connectivity === 'online').map((v) => v.vin);
    const activities = Object.fromEntries(FIRST_RUN.activities.flatMap((activity, i) => (online[i] ? [[online[i], activity]] : [])));
    const config = { hostname: 'localhost', port: bridge.ready.port, ca: certs.ca, ...FIRST_RUN.config, fields: FIRST_RUN_FIELDS };
    const pushed = JSON.parse(await simRequest(sim.ready, 'POST', '/sim/telemetry/config', { config, activities }));
    log(`simulated vehicles stream to the bridge: ${pushed.response.vins.join(', ')} (driving: ${online[0] ?? '-'}, charging: ${online[1] ?? '-'})`);

    writeSampleConfig(stateDir, {
      vins: online.slice(0, 1),
      config: { ...config, fields: { Soc: { interval_seconds: 60 }, VehicleSpeed: { interval_seconds: 10 } } },
    });

    const settings = {
      'fleetkit.environment': 'simulator',
      'fleetkit.simulator.readyFile': simReadyFile,
      'fleetkit.telemetry.bridgeReadyFile': bridgeReadyFile,
      'fleetkit.telemetry.configureSimulator': false,
    };
    return { settings, children: started, pids: { simulator: sim.child.pid, bridge: bridge.child.pid } };
  } catch (err) {
    await Promise.all(started.map((c) => stopGroup(c)));
    started.length = 0;
    throw err;
  }
}

// ── VS Code (code-server) ────────────────────────────────────────────────────────────────────────────

/** Writes `settings` into <userDataDir>/<scope>/settings.json, keeping everything else (comments included). */
function mergeUserSettings(userDataDir, settings, scope = 'User') {
  const file = join(userDataDir, scope, 'settings.json');
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

/** Every process group started so far: Ctrl-C at any moment (also while starting) stops them all. */
const children = [];
let stopping = false;
async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  log('stopping…');
  await Promise.all(children.map((c) => stopGroup(c)));
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

async function main() {
  const options = parseOptions();
  await assertPortFree(options.port);
  if (options.build) runOrDie('npm', ['run', '--silent', 'package'], 'building and packaging Fleetkit (npm run package)');
  runOrDie(process.execPath, [join(REPO_ROOT, 'scripts', 'test-host', 'install.mjs')], 'checking the code-server install');

  const version = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version;
  const vsix = join(REPO_ROOT, `fleetkit-${version}.vsix`);
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing; run without --no-build`);

  // A persistent profile, so a sign-in and settings survive restarts.
  const state = options.stateDir;
  const dirs = { userDataDir: join(state, 'user-data'), extensionsDir: join(state, 'extensions'), config: join(state, 'config.yaml') };
  mkdirSync(dirs.extensionsDir, { recursive: true });
  const base = [codeServerEntry(), '--config', dirs.config, '--user-data-dir', dirs.userDataDir, '--extensions-dir', dirs.extensionsDir];
  runOrDie(process.execPath, [...base, '--force', '--install-extension', vsix], `installing ${vsix}`);

  const services = await startBackgroundServices(state, children);
  if (stopping) return;
  mergeUserSettings(dirs.userDataDir, { ...BASE_SETTINGS, ...services.settings });
  // code-server reads machine-scoped settings (the ready files) from Machine/settings.json only.
  mergeUserSettings(dirs.userDataDir, services.settings, 'Machine');

  const server = spawn(
    process.execPath,
    [
      ...base,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${options.port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      options.folder,
    ],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(server);
  server.stderr.pipe(process.stderr);
  const url = `http://127.0.0.1:${options.port}/?folder=${encodeURIComponent(options.folder)}`;
  let announced = false;
  createInterface({ input: server.stdout }).on('line', (line) => {
    process.stderr.write(`[code-server] ${line}\n`);
    if (!announced && line.includes(`HTTP server listening on http://127.0.0.1:${options.port}/`)) {
      announced = true;
      console.error(`\nFleetkit ${version} is running in VS Code (code-server) at:\n\n  ${url}\n\nOpen it in a browser. Ctrl-C stops it.\n`);
      // The process groups it started (code-server, simulator, bridge): a supervisor can check they are gone after Ctrl-C.
      const pids = { codeServer: server.pid, ...services.pids };
      console.log(JSON.stringify({ ready: true, url, folder: options.folder, pids }));
    }
  });

  server.on('exit', (code, signal) => {
    if (stopping) return;
    log(`code-server exited (${code ?? signal})`);
    void stopAll(code === 0 ? 0 : 1);
  });
}

main().catch(async (err) => {
  log(err instanceof Error ? err.message : String(err));
  await stopAll(1);
});
