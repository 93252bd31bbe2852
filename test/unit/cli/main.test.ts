import { strict as assert } from 'node:assert';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../../cli/command';
import { describeFailure, main, wantsJson } from '../../../cli/main';
import { cliIo } from '../../support/cli';
import { CLI_HINTS } from '../../../core/errors/describe-error';
import { LoginRequiredError } from '../../../core/oauth/errors';
import { version } from '../../../package.json';

describe('fleetkit CLI dispatch', () => {
  it('prints the version', async () => {
    const t = cliIo();
    assert.equal(await main(['--version'], t.io), 0);
    assert.equal(t.out().trim(), version);
  });

  it('prints help with the command list on --help', async () => {
    const t = cliIo();
    assert.equal(await main(['--help'], t.io), 0);
    assert.match(t.out(), /Usage: fleetkit <command>/);
  });

  it('rejects an unknown command with exit code 2', async () => {
    const t = cliIo();
    assert.equal(await main(['no-such-command'], t.io), 2);
    assert.match(t.err(), /unknown command 'no-such-command'/);
  });
});

describe('fleetkit --json: every failure is one JSON object on stdout', () => {
  const json = (out: string) => JSON.parse(out.trim()) as { ok: boolean; error: string; message: string; hints: string[] };

  it('an unknown command', async () => {
    const t = cliIo();
    assert.equal(await main(['no-such-command', '--json'], t.io), 2);
    const e = json(t.out());
    assert.deepEqual([e.ok, e.error], [false, 'UsageError']);
    assert.match(e.message, /unknown command 'no-such-command'/);
    assert.deepEqual(e.hints, ['fleetkit --help lists the commands']);
  });

  it('a leading --json applies to the command; alone it asks for a command', async () => {
    const t = cliIo();
    assert.equal(await main(['--json', 'doctor', '--bogus'], t.io), 2);
    const e = json(t.out());
    assert.equal(e.error, 'UsageError');
    assert.match(e.message, /bogus/);
    assert.deepEqual(e.hints, ['fleetkit doctor --help shows the options']);
    const alone = cliIo();
    assert.equal(await main(['--json'], alone.io), 2);
    assert.match(json(alone.out()).message, /a command is required/);
  });

  it('usage errors of every command that takes options, with a non-zero exit and nothing but the JSON on stdout', async () => {
    const cases: string[][] = [
      ['auth', 'login', '--bogus'],
      ['auth', 'nope'],
      ['partner', 'register'],
      ['partner', 'public-key', 'https://example.com/x'],
      ['certs', 'nope'],
      ['check', 'pem'],
      ['command', 'honk_horn'],
      ['doctor', '--fleet', 'xx'],
      ['keys', 'generate'],
      ['lint'],
      ['lsp'],
      ['sim', '--port', 'abc'],
      ['bridge', '--port', 'abc'],
    ];
    for (const args of cases) {
      const t = cliIo();
      const code = await main([...args, '--json'], t.io);
      assert.notEqual(code, 0, args.join(' '));
      const lines = t.out().trim().split('\n');
      assert.equal(lines.length, 1, `${args.join(' ')}: one JSON line, got ${t.out()}`);
      const e = json(lines[0]);
      assert.equal(e.ok, false, args.join(' '));
      assert.equal(typeof e.message, 'string');
      assert.ok(Array.isArray(e.hints) && e.hints.length > 0, args.join(' '));
    }
  });

  it('other failures keep their name: a broken sign-in store is an AuthStoreError naming the fix', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fleetkit-main-'));
    try {
      await mkdir(join(dir, 'auth'), { mode: 0o700 });
      await writeFile(join(dir, 'auth', 'credentials.json'), 'not json', { mode: 0o600 });
      const t = cliIo({ env: { FLEETKIT_CONFIG_DIR: dir } });
      assert.equal(await main(['auth', 'status', '--json'], t.io), 1);
      const e = json(t.out());
      assert.equal(e.error, 'AuthStoreError');
      assert.match(e.message, /not a Fleetkit sign-in store \(not JSON\).*fleetkit auth login/);
      assert.deepEqual(e.hints, [CLI_HINTS.showLog]);
      const text = cliIo({ env: { FLEETKIT_CONFIG_DIR: dir } });
      assert.equal(await main(['auth', 'status'], text.io), 1);
      assert.equal(text.out(), '');
      assert.match(text.err(), /^fleetkit auth: .*not a Fleetkit sign-in store/);
      assert.match(text.err(), /→ run with FLEETKIT_DEBUG=1 for details/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('without --json failures stay on stderr and stdout stays empty', async () => {
    const t = cliIo();
    assert.equal(await main(['partner', 'register'], t.io), 2);
    assert.equal(t.out(), '');
    assert.match(t.err(), /^fleetkit partner: the DOMAIN is required/);
  });

  it('--json after -- is an argument, not the flag', () => {
    assert.equal(wantsJson(['lint', '--', '--json']), false);
    assert.equal(wantsJson(['lint', '--json', '--', 'x']), true);
  });

  it('commands whose stdout is always JSON accept --json (keys, certs): the error is theirs, not "unknown option"', async () => {
    const keys = cliIo();
    assert.equal(await main(['keys', 'show', '--json'], keys.io), 2);
    assert.match(json(keys.out()).message, /--key FILE is required/);
    const certs = cliIo();
    assert.equal(await main(['certs', 'vehicle', '--json'], certs.io), 2);
    assert.match(json(certs.out()).message, /--out DIR is required/);
  });

  it('describeFailure maps errors through describeError and CLI_HINTS', () => {
    const f = describeFailure(new LoginRequiredError('refresh token revoked', 401), 'auth');
    assert.equal(f.error, 'LoginRequiredError');
    assert.match(f.message, /sign in again/);
    assert.deepEqual(f.hints, [CLI_HINTS.signIn]);
    assert.equal(f.exitCode, 1);
    const u = describeFailure(new UsageError('bad', 3), 'lint');
    assert.deepEqual([u.error, u.exitCode, u.hints], ['UsageError', 3, ['fleetkit lint --help shows the options']]);
    const plain = describeFailure(new Error('boom'), 'x');
    assert.deepEqual([plain.error, plain.message, plain.hints], ['Error', 'boom', [CLI_HINTS.showLog]]);
  });
});
