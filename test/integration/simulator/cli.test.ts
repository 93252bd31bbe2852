import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Agent, request } from 'undici';
import { defaultWorld } from '../../../simulator/index';
import { freePort } from '../../support/net';

const ROOT = resolve(__dirname, '../../..');

interface Run {
  child: ChildProcess;
  ready: Promise<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  exit: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function runSim(args: string[], configDir: string): Run {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', join(ROOT, 'cli/main.ts'), 'sim', ...args], {
    cwd: ROOT,
    env: { ...process.env, FLEETKIT_CONFIG_DIR: configDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test helpers read loosely typed JSON
  const ready = new Promise<Record<string, any>>((res, rej) => {
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c.toString();
      const nl = stdout.indexOf('\n');
      if (nl >= 0) {
        try {
          res(JSON.parse(stdout.slice(0, nl)));
        } catch (err) {
          rej(err);
        }
      }
    });
    child.on('exit', () => rej(new Error(`exited before ready: ${stderr}`)));
  });
  ready.catch(() => undefined);
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((res) => child.on('exit', (code) => res({ code, stdout, stderr })));
  return { child, ready, exit };
}

async function freePortBlock(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port < 65000) return port;
  }
}

describe('fleetkit sim (CLI process)', function () {
  this.timeout(120000);
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'fleetkit-sim-cli-'))));
  after(async () => rm(dir, { recursive: true, force: true }));

  it('prints one JSON ready line, serves HTTPS with its stored CA, honours flags, and stops cleanly on SIGINT', async () => {
    const world = defaultWorld();
    world.app.clientId = 'cli-test-client';
    const worldPath = join(dir, 'world.json');
    await writeFile(worldPath, JSON.stringify(world));
    const run = runSim(['--config', worldPath, '--auto-consent', '--token-ttl', '120'], dir);
    const ready = await run.ready;
    assert.deepEqual(Object.keys(ready).sort(), ['auth', 'browser', 'ca', 'clientId', 'clientSecret', 'fleet', 'redirectUris'].sort());
    assert.equal(ready.clientId, 'cli-test-client');
    assert.equal(ready.ca, join(dir, 'simulator', 'ca.pem'));
    assert.match(ready.auth, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(ready.redirectUris.includes(`${ready.auth}/fleetkit/callback`));
    // Browser pages on plain HTTP (no certificate warning); the forwarding page there is a registered redirect URI.
    assert.match(ready.browser, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(ready.redirectUris.includes(`${ready.browser}/fleetkit/callback`));
    const agent = new Agent({ connect: { ca: await readFile(ready.ca, 'utf8') } });
    try {
      const status = await request(`${ready.fleet.eu}/status`, { dispatcher: agent });
      assert.equal(await status.body.text(), 'ok');
      const auth = await request(
        `${ready.auth}/oauth2/v3/authorize?response_type=code&client_id=cli-test-client&redirect_uri=${encodeURIComponent(ready.redirectUris[0])}&scope=openid&state=s1`,
        { dispatcher: agent },
      );
      await auth.body.dump();
      assert.equal(auth.statusCode, 302, '--auto-consent redirects at once');
      const code = new URL(String(auth.headers.location)).searchParams.get('code')!;
      const tok = await request(`${ready.auth}/oauth2/v3/token`, {
        method: 'POST',
        dispatcher: agent,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: ready.clientId,
          client_secret: ready.clientSecret,
          code,
          redirect_uri: ready.redirectUris[0],
          audience: ready.fleet.na,
        }).toString(),
      });
      assert.equal(((await tok.body.json()) as { expires_in: number }).expires_in, 120);
    } finally {
      await agent.close();
    }
    run.child.kill('SIGINT');
    const done = await run.exit;
    assert.equal(done.code, 0);
    assert.equal(done.stdout.trim().split('\n').length, 1, 'exactly one line on stdout');
    assert.match(done.stderr, /Simulator stopped\./);
    assert.doesNotMatch(done.stderr, /ta-secret/, 'the client secret is not echoed to stderr');

    // The CA (and the server certificate it issued) are created once and reused.
    const caBefore = await readFile(ready.ca, 'utf8');
    const serverBefore = await readFile(join(dir, 'simulator', 'server.pem'), 'utf8');
    const again = runSim([], dir);
    assert.equal((await again.ready).ca, ready.ca);
    assert.equal(await readFile(ready.ca, 'utf8'), caBefore);
    assert.equal(await readFile(join(dir, 'simulator', 'server.pem'), 'utf8'), serverBefore);
    again.child.kill('SIGTERM');
    assert.equal((await again.exit).code, 0);
  });

  it('--insecure-http with --port N uses N, N+1, N+2, N+3 (browser pages) and reports ca null', async () => {
    const port = await freePortBlock();
    const run = runSim(['--insecure-http', '--port', String(port)], dir);
    const ready = await run.ready;
    assert.equal(ready.ca, null);
    assert.equal(ready.auth, `http://127.0.0.1:${port}`);
    assert.equal(ready.browser, `http://127.0.0.1:${port + 3}`);
    assert.deepEqual(ready.fleet, { na: `http://127.0.0.1:${port + 1}`, eu: `http://127.0.0.1:${port + 2}` });
    const r = await request(`${ready.fleet.na}/status`);
    assert.equal(await r.body.text(), 'ok');
    run.child.kill('SIGINT');
    assert.equal((await run.exit).code, 0);
  });

  it('--print-world prints a world that --config accepts', async () => {
    const printed = await runSim(['--print-world'], dir).exit;
    assert.equal(printed.code, 0);
    const world = JSON.parse(printed.stdout);
    assert.equal(world.app.clientId, 'fleetkit-sim-client');
    assert.equal(world.vehicles.length, 6);
    const path = join(dir, 'printed.sim-world.json');
    await writeFile(path, printed.stdout);
    const again = await runSim(['--print-world', '--config', path], dir).exit;
    assert.equal(again.code, 0);
    assert.deepEqual(JSON.parse(again.stdout), world);
  });

  it('refuses a bad world file and bad flags with readable errors', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ app: { name: 'x' }, accounts: [], vehicles: [{ vin: 'short' }] }));
    const r1 = await runSim(['--config', bad], dir).exit;
    assert.equal(r1.code, 1);
    assert.equal(r1.stdout, '');
    assert.match(r1.stderr, /app\.clientId: must be a non-empty string/);
    assert.match(r1.stderr, /accounts: must be a non-empty array/);
    const r2 = await runSim(['--port', 'abc'], dir).exit;
    assert.equal(r2.code, 2);
    assert.match(r2.stderr, /--port must be/);
    const r3 = await runSim(['--bogus'], dir).exit;
    assert.equal(r3.code, 2);
  });
});
