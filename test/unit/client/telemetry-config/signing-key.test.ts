import assert from 'node:assert/strict';
import type { KeyObject } from 'node:crypto';
import { exportPrivateKeyPem, exportPublicKeyPem, generatePrivateKey } from '../../../../core/keys';
import { chooseSigningKey } from '../../../../client/telemetry-config/signing-key';

function files(map: Record<string, string>): { readFile: (p: string) => Promise<string>; reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    readFile: async (p) => {
      reads.push(p);
      if (!(p in map)) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
      return map[p];
    },
  };
}

const sameKey = (a: KeyObject, b: KeyObject): boolean => a.equals(b);

describe('telemetry config push: which key signs', () => {
  const storedKey = generatePrivateKey();
  const fileKey = generatePrivateKey();
  const fileKeyPem = exportPrivateKeyPem(fileKey);

  it('uses the stored command key and never reads fleetkit.partner.keyFile then', async () => {
    const fs = files({ '/keys/app.pem': fileKeyPem });
    const choice = await chooseSigningKey({ stored: async () => storedKey, keyFile: '/keys/app.pem', readFile: fs.readFile });
    assert.ok(choice.ok);
    assert.equal(choice.source, 'stored');
    assert.ok(sameKey(choice.key, storedKey));
    assert.deepEqual(fs.reads, []);
  });

  it('falls back to the private key in fleetkit.partner.keyFile only when no key is stored', async () => {
    const fs = files({ '/keys/app.pem': fileKeyPem });
    const choice = await chooseSigningKey({ stored: async () => undefined, keyFile: '  /keys/app.pem ', readFile: fs.readFile });
    assert.ok(choice.ok);
    assert.equal(choice.source, 'keyFile');
    assert.ok(sameKey(choice.key, fileKey));
    assert.deepEqual(fs.reads, ['/keys/app.pem']);
  });

  it('does not fall back when the stored key is broken: it asks to generate or import again', async () => {
    const fs = files({ '/keys/app.pem': fileKeyPem });
    const choice = await chooseSigningKey({
      stored: async () => Promise.reject(new Error('no PEM block found')),
      keyFile: '/keys/app.pem',
      readFile: fs.readFile,
    });
    assert.ok(!choice.ok);
    assert.match(choice.problem, /stored command key cannot be used \(no PEM block found\)/);
    assert.deepEqual(fs.reads, []);
  });

  it('reports a missing key, an unreadable file, and a public-only PEM without echoing key material', async () => {
    const none = await chooseSigningKey({ stored: async () => undefined, keyFile: '', readFile: files({}).readFile });
    assert.ok(!none.ok);
    assert.match(none.problem, /No command key/);

    const missing = await chooseSigningKey({ stored: async () => undefined, keyFile: '/nope.pem', readFile: files({}).readFile });
    assert.ok(!missing.ok);
    assert.match(missing.problem, /Cannot read fleetkit\.partner\.keyFile \(\/nope\.pem\): ENOENT/);

    const publicPem = exportPublicKeyPem(fileKey);
    const pub = await chooseSigningKey({ stored: async () => undefined, keyFile: '/pub.pem', readFile: files({ '/pub.pem': publicPem }).readFile });
    assert.ok(!pub.ok);
    assert.match(pub.problem, /public key/);
    assert.ok(!pub.problem.includes(publicPem.split('\n')[1]), 'no PEM body in the message');
  });
});
