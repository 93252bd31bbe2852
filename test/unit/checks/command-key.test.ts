/** One command key: the key that signs is the one every check compares; a differing key file is a failing check. */
import { strict as assert } from 'node:assert';
import { createPublicKey } from 'node:crypto';
import { checkCommandKey } from '../../../core/checks/keys/command-key';
import { describeKeyObject } from '../../../core/checks/pem/key-info';
import { generatePrivateKey } from '../../../core/keys';

const info = () => describeKeyObject(createPublicKey(generatePrivateKey()));
const SETTING = 'fleetkit.partner.keyFile';

describe('checkCommandKey (one command key)', () => {
  const signing = info();

  it('the stored command key is what the checks compare; no key file is a pass', () => {
    const r = checkCommandKey({ stored: signing });
    assert.deepEqual([r.key, r.source, r.check.status], [signing, 'stored', 'pass']);
    assert.match(r.check.detail, /signs commands and config pushes; every check compares it/);
  });

  it('a key file holding the same key is fine', () => {
    const r = checkCommandKey({ stored: signing, keyFile: { path: '/k.pem', setting: SETTING, info: signing } });
    assert.equal(r.check.status, 'pass');
  });

  it('a key file with another key fails, names both keys and the fix, and the checks still compare the signing key', () => {
    const other = info();
    const r = checkCommandKey({ stored: signing, keyFile: { path: '/keys/old.pem', setting: SETTING, info: other } });
    assert.equal(r.check.status, 'fail');
    assert.equal(r.key, signing, 'the hosted key is compared with the key that signs');
    assert.match(r.check.detail, /fleetkit\.partner\.keyFile \(\/keys\/old\.pem, .*\) is not the command key that signs/);
    assert.match(r.check.fix, /Clear fleetkit\.partner\.keyFile, or make that file the command key \(Fleetkit: Import Command Key\)/);
  });

  it('an unreadable key file beside a stored key fails with the reason', () => {
    const r = checkCommandKey({ stored: signing, keyFile: { path: '/missing.pem', setting: SETTING, error: 'ENOENT' } });
    assert.deepEqual([r.check.status, r.key], ['fail', signing]);
    assert.match(r.check.detail, /cannot be read: ENOENT/);
  });

  it('only a key file: it signs config pushes and is compared, with a warning that commands cannot be signed', () => {
    const file = info();
    const r = checkCommandKey({ keyFile: { path: '/k.pem', setting: SETTING, info: file } });
    assert.deepEqual([r.check.status, r.key, r.source], ['warn', file, 'keyFile']);
  });

  it('no key at all, or a stored key that cannot be read, fails with how to get one', () => {
    assert.deepEqual([checkCommandKey({}).check.status, checkCommandKey({}).key], ['fail', undefined]);
    assert.match(checkCommandKey({}).check.fix, /Generate or import a command key/);
    assert.equal(checkCommandKey({ storedError: 'bad PEM' }).check.status, 'fail');
  });
});
