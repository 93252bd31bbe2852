import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliResult } from '../../support/cli';
import { importPrivateKeyPem, importPublicKey, publicKeyPoint } from '../../../core/keys';

const run = (args: string[]): Promise<CliResult> => runCli(args);

describe('fleetkit keys / command (CLI, no network)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'fk-keys-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keys generate writes a 0600 SEC1 private key and the matching SPKI public key; refuses to overwrite', async () => {
    const r = await run(['keys', 'generate', '--out', join(dir, 'k')]);
    assert.equal(r.code, 0, r.err);
    const info = JSON.parse(r.out);
    const priv = readFileSync(info.private_key, 'utf8');
    const pub = readFileSync(info.public_key, 'utf8');
    assert.match(priv, /^-----BEGIN EC PRIVATE KEY-----/);
    assert.match(pub, /^-----BEGIN PUBLIC KEY-----/);
    assert.equal(statSync(info.private_key).mode & 0o777, 0o600);
    assert.deepEqual(importPublicKey(pub), publicKeyPoint(importPrivateKeyPem(priv)));
    assert.equal(info.public_point, importPublicKey(pub).toString('hex'));
    assert.ok(!r.err.includes('PRIVATE KEY'), 'the private key is never printed');
    const again = await run(['keys', 'generate', '--out', join(dir, 'k')]);
    assert.equal(again.code, 2);
    assert.match(again.err, /already exists; pass --force/);
    assert.equal(readFileSync(info.private_key, 'utf8'), priv, 'the existing key is untouched');
    const show = await run(['keys', 'show', '--key', info.private_key]);
    assert.equal(JSON.parse(show.out).fingerprint, info.fingerprint);
  });

  it('usage errors: bad key file, missing VIN, non-loopback http, unknown command', async () => {
    const bad = join(dir, 'bad.pem');
    writeFileSync(bad, 'garbage');
    const cases: Array<[string[], RegExp]> = [
      [['keys', 'show', '--key', bad], /no PEM block found/],
      [['keys', 'frobnicate'], /expected 'generate', 'show', 'list', 'remove' or 'add-request'/],
      [['command', 'door_lock', '--token', 't', '--key', bad], /--vin VIN is required/],
      [['command', 'door_lock', '--vin', 'BADVIN', '--token', 't', '--key', bad], /--vin "BADVIN" is not a VIN: a VIN has 17 characters/],
      [
        ['command', 'door_lock', '--vin', '5YJ3E1EA8KF000001', '--token', 't', '--key', bad, '--base-url', 'http://fleet.example.com'],
        /only accepted for loopback/,
      ],
      [['command', 'door_lock', '--vin', '5YJ3E1EA8KF000001', '--token', 't', '--key', bad, '--base-url', 'http://127.0.0.1:9'], /--key .*no PEM block found/],
      [['command', 'open_sesame', '--vin', '5YJ3E1EA8KF000001', '--token', 't'], /unknown command 'open_sesame'/],
      [['command', 'set_charge_limit', '--vin', '5YJ3E1EA8KF000001', '--token', 't', '--params', '{oops'], /--params must be a JSON object/],
    ];
    for (const [args, re] of cases) {
      const r = await run(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, re, args.join(' '));
    }
  });

  it('command --list --json lists the catalogue with params', async () => {
    const r = await run(['command', '--list', '--json']);
    const list = JSON.parse(r.out) as Array<{
      name: string;
      domain: string | null;
      params: Array<{ name: string; min?: number; warn?: { min?: number; pattern?: string } }>;
    }>;
    assert.equal(list.length, 73);
    // 50 % is a warning, not a refusal: tesla-http-proxy sends any percent (teslamotors/vehicle-command pkg/proxy/command.go).
    assert.deepEqual(
      list.find((c) => c.name === 'set_charge_limit')?.params.map((p) => [p.name, p.min, p.warn?.min]),
      [['percent', undefined, 50]],
    );
    assert.equal(list.find((c) => c.name === 'speed_limit_activate')?.params[0]?.warn?.pattern, 'expected 4 digits');
  });
});
