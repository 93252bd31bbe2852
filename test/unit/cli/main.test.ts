import { strict as assert } from 'node:assert';
import { PassThrough } from 'node:stream';
import { main } from '../../../cli/main';
import { version } from '../../../package.json';

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return { io: { stdout, stderr, env: {}, signal: new AbortController().signal }, out: () => out, err: () => err };
}

describe('fleetkit CLI dispatch', () => {
  it('prints the version', async () => {
    const t = io();
    assert.equal(await main(['--version'], t.io), 0);
    assert.equal(t.out().trim(), version);
  });

  it('prints help with the command list on --help', async () => {
    const t = io();
    assert.equal(await main(['--help'], t.io), 0);
    assert.match(t.out(), /Usage: fleetkit <command>/);
  });

  it('rejects an unknown command with exit code 2', async () => {
    const t = io();
    assert.equal(await main(['no-such-command'], t.io), 2);
    assert.match(t.err(), /unknown command 'no-such-command'/);
  });
});
