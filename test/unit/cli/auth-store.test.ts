import { strict as assert } from 'node:assert';
import { chmod, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { browserCommand } from '../../../cli/auth/browser';
import { pickAudience } from '../../../cli/auth/environment';
import { AuthStore, AuthStoreError, authStorePath, parseAuthRecord, permissionProblem, type AuthRecord } from '../../../cli/auth/store';
import { parsePartnerDomain } from '../../../cli/commands/partner/app';
import { TESLA_ENDPOINTS } from '../../../core/config/environments';

const session = {
  id: 's1',
  accountId: 'u1',
  label: 'ada@example.com',
  environment: 'tesla',
  tokenUrl: TESLA_ENDPOINTS.tokenUrl,
  clientId: 'cid',
  scopes: ['user_data'],
  requestedScopes: ['openid', 'offline_access', 'user_data'],
  region: 'na' as const,
  fleetBaseUrl: TESLA_ENDPOINTS.fleetUrls.na!,
  audiences: [TESLA_ENDPOINTS.fleetUrls.na!],
  accessToken: 'access',
  refreshToken: 'refresh',
  expiresAt: 1,
  createdAt: 1,
  refreshedAt: 1,
};
const record: AuthRecord = { version: 1, endpoints: TESLA_ENDPOINTS, clientId: 'cid', session };

describe('cli auth store: where, which modes, what shape', () => {
  it('lives under $FLEETKIT_CONFIG_DIR, else $XDG_CONFIG_HOME/fleetkit, in a directory of its own', () => {
    assert.equal(authStorePath({ FLEETKIT_CONFIG_DIR: '/c' }), '/c/auth/credentials.json');
    assert.equal(authStorePath({ XDG_CONFIG_HOME: '/x' }), '/x/fleetkit/auth/credentials.json');
    assert.match(authStorePath({}), /\/\.config\/fleetkit\/auth\/credentials\.json$/);
  });

  it('refuses group/other bits on the file (chmod 600) and the directory (chmod 700), and another owner', () => {
    assert.equal(permissionProblem('file', '/s', 0o100600, 1000, 1000, 'linux'), undefined);
    assert.equal(permissionProblem('dir', '/d', 0o40700, 1000, 1000), undefined);
    const f = permissionProblem('file', '/s', 0o100644, 1000, 1000, 'linux');
    assert.ok(f instanceof AuthStoreError);
    assert.match(f.message, /mode 0644/);
    assert.equal(f.fix.startsWith('Run: chmod 600 /s'), true);
    assert.match(permissionProblem('file', '/s', 0o100640, 1000, 1000)!.message, /0640/);
    assert.match(permissionProblem('dir', '/d', 0o40755, 1000, 1000)!.fix, /^Run: chmod 700 \/d$/);
    assert.match(permissionProblem('file', '/s', 0o100600, 0, 1000)!.message, /belongs to another user/);
    assert.equal(permissionProblem('file', '/s', 0o100600, 0, undefined), undefined, 'no uid to compare');
    assert.equal(permissionProblem('file', 'C:\\s', 0o100666, 0, undefined, 'win32'), undefined, 'Windows has no POSIX modes');
  });

  it('parses what it writes and refuses anything else with the fix', () => {
    assert.deepEqual(parseAuthRecord(JSON.stringify(record), '/s'), record);
    assert.throws(() => parseAuthRecord('{', '/s'), /not JSON.*rm \/s/);
    assert.throws(() => parseAuthRecord(JSON.stringify({ ...record, version: 2 }), '/s'), /version 2/);
    assert.throws(() => parseAuthRecord(JSON.stringify({ ...record, endpoints: { ...TESLA_ENDPOINTS, name: 'x' } }), '/s'), /bad endpoints/);
    assert.throws(() => parseAuthRecord(JSON.stringify({ ...record, session: { ...session, refreshToken: '' } }), '/s'), /bad session/);
    assert.throws(() => parseAuthRecord(JSON.stringify({ ...record, clientSecret: 7 }), '/s'), /bad client secret/);
    const noSession = { version: 1, endpoints: TESLA_ENDPOINTS, clientId: 'cid', clientSecret: 'sec' };
    assert.deepEqual(parseAuthRecord(JSON.stringify(noSession), '/s'), noSession);
  });

  it('writes 0600 in a 0700 directory atomically (no temporary files left), reads back, refuses 0644, deletes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fleetkit-store-'));
    try {
      const store = AuthStore.forEnv({ FLEETKIT_CONFIG_DIR: join(dir, 'cfg') });
      assert.equal(await store.read(), undefined);
      await store.write(record);
      assert.equal((await stat(store.path)).mode & 0o777, 0o600);
      assert.equal((await stat(store.dir)).mode & 0o777, 0o700);
      assert.deepEqual(await readdir(store.dir), ['credentials.json']);
      assert.deepEqual(await store.read(), record);
      await chmod(store.path, 0o644);
      await assert.rejects(store.read(), /chmod 600/);
      await chmod(store.path, 0o600);
      assert.equal(await store.delete(), true);
      assert.equal(await store.delete(), false);
      assert.equal(await store.read(), undefined);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('cli auth: options', () => {
  it('audience from --region or --audience; unknown regions and hosts are usage errors', () => {
    assert.equal(pickAudience(TESLA_ENDPOINTS, {}), TESLA_ENDPOINTS.fleetUrls.na);
    assert.equal(pickAudience(TESLA_ENDPOINTS, { region: 'EU' }), TESLA_ENDPOINTS.fleetUrls.eu);
    assert.equal(pickAudience(TESLA_ENDPOINTS, { audience: 'https://proxy.test/' }), 'https://proxy.test');
    assert.throws(() => pickAudience(TESLA_ENDPOINTS, { region: 'apac' }), /--region must be na, eu or cn/);
    assert.throws(() => pickAudience({ ...TESLA_ENDPOINTS, fleetUrls: { na: 'https://na.test' } }, { region: 'eu' }), /no Fleet API host for EU/);
    assert.throws(() => pickAudience(TESLA_ENDPOINTS, { audience: 'ftp://x' }), /http\(s\)/);
  });

  it('opens a browser only where there is a display; the URL is one argument, never shell-parsed', () => {
    const url = 'https://auth.test/a?x=1&y=2';
    assert.deepEqual(browserCommand(url, 'linux', { DISPLAY: ':0' }), { command: 'xdg-open', args: [url] });
    assert.equal(browserCommand(url, 'linux', {}), undefined);
    assert.deepEqual(browserCommand(url, 'darwin', {}), { command: 'open', args: [url] });
    assert.deepEqual(browserCommand(url, 'win32', {}), { command: 'rundll32', args: ['url.dll,FileProtocolHandler', url] });
    assert.deepEqual(browserCommand(url, 'linux', { BROWSER: 'firefox' }), { command: 'firefox', args: [url] });
  });

  it('partner DOMAIN is the bare host Tesla wants', () => {
    assert.equal(parsePartnerDomain('Fleet.Example.com'), 'fleet.example.com');
    for (const bad of ['https://fleet.example.com', 'fleet.example.com/x', 'fleet.example.com:443', 'localhost', 'a b.com']) {
      assert.throws(() => parsePartnerDomain(bad), /bare domain/, bad);
    }
    assert.throws(() => parsePartnerDomain(undefined), /DOMAIN is required/);
  });
});
