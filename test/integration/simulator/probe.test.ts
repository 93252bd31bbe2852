import { strict as assert } from 'node:assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLogger, memorySink } from '../../../core/log/logger';
import type { SimulatorReady } from '../../../core/messages/simulator-ready';
import { probeSimulator } from '../../../client/simulator/probe';
import { spawnSimulator, type SpawnedSimulator } from '../../../client/simulator/process';

const ROOT = resolve(__dirname, '../../..');

/**
 * "Probe before claiming": the simulator feature only says a simulator runs after this probe answered. Against a real
 * `fleetkit sim` process (spawned the way the extension spawns it), then the same ready line once that process is gone.
 */
describe('probeSimulator against a real fleetkit sim process', function () {
  this.timeout(120_000);
  let dir: string;
  let sim: SpawnedSimulator | undefined;
  const previousConfigDir = process.env.FLEETKIT_CONFIG_DIR;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fleetkit-sim-probe-'));
    process.env.FLEETKIT_CONFIG_DIR = join(dir, 'config'); // the child's CA goes here, not into ~/.config
    const log = createLogger({ sink: memorySink() });
    sim = await spawnSimulator(process.execPath, ['--require', 'tsx/cjs', join(ROOT, 'cli/main.ts'), 'sim', '--auto-consent'], log, 90_000);
  });

  after(async () => {
    await sim?.stop();
    if (previousConfigDir === undefined) delete process.env.FLEETKIT_CONFIG_DIR;
    else process.env.FLEETKIT_CONFIG_DIR = previousConfigDir;
    await rm(dir, { recursive: true, force: true });
  });

  it('answers while the process runs (HTTPS, trusting only the simulator CA from its ready line)', async () => {
    assert.ok(sim!.ready.ca, 'the simulator announced its CA');
    assert.deepEqual(await probeSimulator(sim!.ready), { ok: true });
  });

  it('a ready line whose simulator was killed reads "connection refused" at the announced URL', async () => {
    const ready = sim!.ready;
    sim!.child.kill('SIGKILL'); // as if it crashed or its terminal was closed: no goodbye
    await sim!.exited;
    const result = await probeSimulator(ready);
    assert.equal(result.ok, false);
    assert.ok(!result.ok && [ready.auth, ...Object.values(ready.fleet)].includes(result.at), JSON.stringify(result));
    assert.equal(!result.ok && result.why, 'connection refused');
  });
});

describe('probeSimulator against something that is not the simulator', () => {
  let server: Server;
  let url: string;

  before(async () => {
    server = createServer((_req, res) => res.writeHead(404, { 'content-type': 'text/plain' }).end('not here'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('a port that answers but not with /status "ok" is not claimed as the simulator', async () => {
    const ready: SimulatorReady = { auth: url, fleet: { na: url }, clientId: 'c', clientSecret: 's', redirectUris: [], ca: null };
    assert.deepEqual(await probeSimulator(ready), { ok: false, at: url, why: 'GET /status answered 404, not the simulator\'s "ok"' });
  });

  it('an unreadable CA path is named', async () => {
    const ready: SimulatorReady = {
      auth: url,
      fleet: { na: url },
      clientId: 'c',
      clientSecret: 's',
      redirectUris: [],
      ca: join(tmpdir(), 'fleetkit-no-such-ca.pem'),
    };
    const result = await probeSimulator(ready);
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.why : '', /^its CA .*fleetkit-no-such-ca\.pem cannot be read \(ENOENT/);
  });
});
