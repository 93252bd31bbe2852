import { strict as assert } from 'node:assert';
import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { resolveUserTokens } from '../../../cli/auth/token-source';
import { parseSimulatorReady, simulatorEndpoints } from '../../../core/messages/simulator-ready';
import { FleetApiClient, RegionDirectory } from '../../../core/fleet-api';
import { advance, decodeJwt, NA_ACCOUNT, startHarness, type Harness } from '../simulator/helpers';
import { runCli, type CliResult } from '../../support/cli';
import { worldWithLoopbackRedirect, writeReadyFile } from '../../support/simulator';
import { loginThroughBrowser, printedUrl } from './helpers';

const HOUR = 3600;

describe('fleetkit auth against the simulator (loopback sign-in, protected store, refresh, logout)', function () {
  this.timeout(60_000);
  let h: Harness;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let readyFile: string;
  let redirectUri: string;
  let storePath: string;
  /** The CLI's clock, kept in step with the simulator's after POST /sim/clock. */
  let offsetMs = 0;
  const now = () => Date.now() + offsetMs;

  before(async () => {
    const loopback = await worldWithLoopbackRedirect();
    redirectUri = loopback.redirectUri;
    h = await startHarness({ world: loopback.world });
    dir = await mkdtemp(join(tmpdir(), 'fleetkit-cli-auth-'));
    ({ readyFile } = await writeReadyFile(dir, h.sim));
    env = { FLEETKIT_CONFIG_DIR: join(dir, 'config') };
    storePath = join(dir, 'config', 'auth', 'credentials.json');
  });
  after(async () => {
    await h.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** `fleetkit auth login …` with a real HTTP client in the browser's place. */
  async function login(extra: string[] = []): Promise<CliResult & { page: string }> {
    const { browser: b, ...result } = await loginThroughBrowser(
      ['auth', 'login', '--simulator', readyFile, '--redirect-uri', redirectUri, '--no-browser', ...extra],
      { env, now },
      h.agent,
    );
    assert.ok(b, `the CLI printed no URL to open: ${result.err}`);
    assert.equal(b.callbackStatus, 200);
    return { ...result, page: b.callbackPage };
  }

  const stored = async () => JSON.parse(await readFile(storePath, 'utf8'));
  const usersMe = async (token: string) => (await h.call('GET', `${h.sim.urls.fleet.na}/api/1/users/me`, { token })).status;

  it('signs in through the loopback redirect and stores the tokens in a 0600 file in a 0700 directory, printing no token or secret', async () => {
    const r = await login(['--json']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.page, /Signed in/);
    const url = new URL(printedUrl(r.err)!);
    // The simulator's authorize page (on its browser listener when it has one), as its ready line says.
    assert.equal(url.origin + url.pathname, simulatorEndpoints(parseSimulatorReady(JSON.stringify(h.sim.ready))).authorizeUrl);
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(url.searchParams.get('redirect_uri'), redirectUri);
    assert.match(url.searchParams.get('scope')!, /offline_access/);

    assert.equal((await stat(storePath)).mode & 0o777, 0o600);
    assert.equal((await stat(join(dir, 'config', 'auth'))).mode & 0o777, 0o700);
    const s = await stored();
    assert.equal(s.session.accountId, NA_ACCOUNT);
    assert.equal(s.session.region, 'na');
    assert.equal(s.endpoints.name, 'simulator');
    assert.equal(s.clientSecret, undefined, 'the client secret is not stored without --save-secret');
    assert.doesNotMatch(await readFile(storePath, 'utf8'), new RegExp(h.sim.ready.clientSecret));
    for (const secret of [s.session.accessToken, s.session.refreshToken, h.sim.ready.clientSecret]) {
      assert.ok(!r.out.includes(secret) && !r.err.includes(secret), 'no token or secret on stdout/stderr');
    }
    const summary = JSON.parse(r.out);
    assert.equal(summary.ok, true);
    assert.equal(summary.account, 'ada@example.com');
    assert.equal(summary.region, 'na');
  });

  it('auth status shows who, region, scopes and expiry (text and --json) without tokens', async () => {
    const json = await runCli(['auth', 'status', '--json'], { env, now });
    assert.equal(json.code, 0, json.err);
    const s = JSON.parse(json.out);
    assert.equal(s.signedIn, true);
    assert.equal(s.account, 'ada@example.com');
    assert.equal(s.environment, 'simulator');
    assert.equal(s.fleetBaseUrl, h.sim.urls.fleet.na);
    assert.ok(s.scopes.includes('vehicle_cmds'));
    assert.equal(s.expired, false);
    assert.ok(Date.parse(s.expiresAt) > Date.now() + 7 * HOUR * 1000);
    const text = await runCli(['auth', 'status'], { env, now });
    assert.equal(text.code, 0);
    assert.match(text.err, /Signed in as ada@example\.com/);
    assert.match(text.err, /region\s+NA/);
    const session = (await stored()).session;
    assert.ok(!(text.err + json.out).includes(session.accessToken));
  });

  it('auth token prints the stored access token while it is valid; Fleet API accepts it', async () => {
    const r = await runCli(['auth', 'token'], { env, now });
    assert.equal(r.code, 0, r.err);
    const token = r.out.trim();
    assert.equal(token, (await stored()).session.accessToken);
    assert.equal(decodeJwt(token).sub, NA_ACCOUNT);
    assert.equal(await usersMe(token), 200);
  });

  it('auth token refreshes an expired token (simulator clock +9 h) and stores the rotated refresh token', async () => {
    const before = (await stored()).session;
    await advance(h, 9 * HOUR);
    offsetMs += 9 * HOUR * 1000;
    assert.equal(await usersMe(before.accessToken), 401, 'the old token really expired');
    const r = await runCli(['auth', 'token'], { env, now });
    assert.equal(r.code, 0, r.err);
    const fresh = r.out.trim();
    assert.notEqual(fresh, before.accessToken);
    assert.equal(await usersMe(fresh), 200);
    const after = (await stored()).session;
    assert.equal(after.accessToken, fresh);
    assert.notEqual(after.refreshToken, before.refreshToken, 'the rotated refresh token was stored');
    assert.equal((await stat(storePath)).mode & 0o777, 0o600, 'still 0600 after the rewrite');
  });

  it('resolveUserTokens uses the store after flag and env: base URL and CA of the account, refresh after a 401', async () => {
    const io = { stdout: process.stdout, stderr: process.stderr, env, signal: new AbortController().signal, now };
    const flag = await resolveUserTokens(io, { token: 'from-flag' });
    assert.equal(flag.source, 'flag');
    assert.equal(await flag.tokens.getAccessToken(), 'from-flag');
    assert.equal((await resolveUserTokens({ ...io, env: { ...env, FLEETKIT_ACCESS_TOKEN: 'from-env' } }, {})).source, 'env');

    const t = await resolveUserTokens(io, {});
    assert.equal(t.source, 'store');
    assert.equal(t.baseUrl, h.sim.urls.fleet.na);
    assert.equal(t.account, 'ada@example.com');
    assert.ok(t.caFile);
    const before = (await stored()).session;
    // The simulator moves on; the CLI's clock does not: the token looks valid locally, Tesla answers 401.
    await advance(h, 9 * HOUR);
    const agent = new Agent({ connect: { ca: await readFile(t.caFile!, 'utf8') } });
    const client = new FleetApiClient({
      baseUrl: t.baseUrl!,
      accountId: 'cli',
      tokens: t.tokens,
      dispatcher: agent,
      regions: new RegionDirectory(t.fleetUrls as Record<string, string>),
    });
    try {
      const me = await client.get<{ email: string }>('/api/1/users/me');
      assert.equal(me.response.email, 'ada@example.com');
    } finally {
      await client.close();
      await agent.close();
    }
    offsetMs += 9 * HOUR * 1000;
    const after = (await stored()).session;
    assert.notEqual(after.refreshToken, before.refreshToken, 'refreshed after the 401 and stored');
  });

  it('refuses a store others can read (0644), naming chmod 600, in text and as JSON', async () => {
    await chmod(storePath, 0o644);
    try {
      const r = await runCli(['auth', 'token', '--json'], { env, now });
      assert.equal(r.code, 1);
      const e = JSON.parse(r.out);
      assert.equal(e.ok, false);
      assert.equal(e.error, 'AuthStoreError');
      assert.match(e.message, /mode 0644/);
      assert.match(e.message, new RegExp(`chmod 600 ${storePath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      assert.doesNotMatch(r.out + r.err, /eyJ/, 'no token printed');
      const status = await runCli(['auth', 'status'], { env, now });
      assert.equal(status.code, 1);
      assert.match(status.err, /chmod 600/);
      await assert.rejects(resolveUserTokens({ stdout: process.stdout, stderr: process.stderr, env, signal: new AbortController().signal }, {}), /chmod 600/);
    } finally {
      await chmod(storePath, 0o600);
    }
    await chmod(join(dir, 'config', 'auth'), 0o755);
    try {
      const r = await runCli(['auth', 'status'], { env, now });
      assert.equal(r.code, 1);
      assert.match(r.err, /chmod 700/);
    } finally {
      await chmod(join(dir, 'config', 'auth'), 0o700);
    }
  });

  it('auth token exits 1 with "sign in again" when Tesla refuses the refresh token, and forgets the dead tokens', async () => {
    const r0 = await h.call('POST', `${h.sim.urls.auth}/sim/accounts/${NA_ACCOUNT}/revoke`);
    assert.equal(r0.status, 200);
    await advance(h, 9 * HOUR);
    offsetMs += 9 * HOUR * 1000;
    const r = await runCli(['auth', 'token', '--json'], { env, now });
    assert.equal(r.code, 1);
    const e = JSON.parse(r.out);
    assert.equal(e.error, 'LoginRequiredError');
    assert.match(e.message, /sign in again/);
    assert.ok(e.hints.some((x: string) => /fleetkit auth login/.test(x)));
    const text = await runCli(['auth', 'token'], { env, now });
    assert.equal(text.code, 1);
    assert.match(text.err, /not signed in|sign in again/i);
    assert.equal(text.out, '', 'no token on stdout');
    await assert.rejects(stat(storePath), { code: 'ENOENT' });
  });

  it('--save-secret keeps the client secret in the same protected file; logout deletes everything (the simulator has no revocation endpoint)', async () => {
    const r = await login(['--save-secret', '--login-hint', 'emil@example.eu', '--region', 'eu']);
    assert.equal(r.code, 0, r.err);
    const s = await stored();
    assert.equal(s.clientSecret, h.sim.ready.clientSecret);
    assert.equal(s.session.region, 'eu');
    assert.equal(s.session.fleetBaseUrl, h.sim.urls.fleet.eu);
    assert.equal((await stat(storePath)).mode & 0o777, 0o600);
    const status = JSON.parse((await runCli(['auth', 'status', '--json'], { env, now })).out);
    assert.equal(status.clientSecretSaved, true);
    assert.equal(status.account, 'emil@example.eu');

    const out = await runCli(['auth', 'logout', '--json'], { env, now });
    assert.equal(out.code, 0, out.err);
    const l = JSON.parse(out.out);
    assert.equal(l.deleted, true);
    assert.equal(l.revocation, 'unsupported');
    await assert.rejects(stat(storePath), { code: 'ENOENT' });
    const after = await runCli(['auth', 'status', '--json'], { env, now });
    assert.equal(after.code, 1);
    assert.equal(JSON.parse(after.out).signedIn, false);
    const again = await runCli(['auth', 'logout'], { env, now });
    assert.equal(again.code, 0);
    assert.match(again.err, /Not signed in/);
  });

  it('--simulator URL: reads the hosts and client id from /sim/world; the secret must be given', async () => {
    const noSecret = await runCli(
      ['auth', 'login', '--simulator', h.sim.urls.auth, '--ca', join(dir, 'sim-ca.pem'), '--redirect-uri', redirectUri, '--no-browser', '--json'],
      { env, now },
    );
    assert.equal(noSecret.code, 2);
    assert.match(JSON.parse(noSecret.out).message, /no client secret/);
    const r = await loginThroughBrowser(
      ['auth', 'login', '--simulator', h.sim.urls.auth, '--ca', join(dir, 'sim-ca.pem'), '--redirect-uri', redirectUri, '--no-browser'],
      { env: { ...env, FLEETKIT_CLIENT_SECRET: h.sim.ready.clientSecret }, now },
      h.agent,
    );
    assert.equal(r.code, 0, r.err);
    assert.equal((await stored()).session.accountId, NA_ACCOUNT);
    assert.equal((await runCli(['auth', 'logout'], { env })).code, 0);
  });

  it('refuses a redirect URI the app does not allow, before opening anything', async () => {
    const r = await runCli(['auth', 'login', '--simulator', readyFile, '--redirect-uri', 'http://127.0.0.1:1/elsewhere', '--no-browser', '--json'], { env });
    assert.equal(r.code, 2);
    const e = JSON.parse(r.out);
    assert.equal(e.error, 'UsageError');
    assert.match(e.message, /not one of the app's allowed redirect URIs/);
    assert.doesNotMatch(r.err, /https:\/\/.*authorize/);
  });

  it('a real HTTP request to the Fleet API works with the token printed by auth token (scripts)', async () => {
    const r = await login();
    assert.equal(r.code, 0, r.err);
    const token = (await runCli(['auth', 'token'], { env, now })).out.trim();
    const res = await request(`${h.sim.urls.fleet.na}/api/1/users/region`, { headers: { authorization: `Bearer ${token}` }, dispatcher: h.agent });
    assert.equal(res.statusCode, 200);
    assert.equal(((await res.body.json()) as { response: { region: string } }).response.region, 'na');
  });
});
