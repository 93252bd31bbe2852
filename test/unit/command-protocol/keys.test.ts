import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import {
  exportPrivateKeyPem,
  exportPublicKeyPem,
  generatePrivateKey,
  importPrivateKeyPem,
  importPublicKey,
  keyFingerprint,
  KeyFormatError,
  publicKeyPoint,
  spkiPemFromPoint,
} from '../../../core/keys';

const CLIENT_SEC1 = `-----BEGIN EC PRIVATE KEY-----
MHcCAQEEICU4zcKal8GcHpmmN9bPT4yXDBGLVu3h5jI+bRYsSzDboAoGCCqGSM49
AwEHoUQDQgAEsra8aMLaBmXOZWgVWUmWxiOU7di+qQX+eBp1T+aoRacUMwkC8iXp
Jp1GbgWzSZgf2p2FzCPG+0RKpztikQXcbg==
-----END EC PRIVATE KEY-----`;
const CLIENT_POINT = '04b2b6bc68c2da0665ce656815594996c62394edd8bea905fe781a754fe6a845a714330902f225e9269d466e05b349981fda9d85cc23c6fb444aa73b629105dc6e';

describe('core/keys (P-256 command keys)', () => {
  it('generates P-256 keys whose SEC1 export re-imports to the same point', () => {
    const key = generatePrivateKey();
    const pem = exportPrivateKeyPem(key);
    assert.match(pem, /^-----BEGIN EC PRIVATE KEY-----/);
    const point = publicKeyPoint(key);
    assert.equal(point.length, 65);
    assert.equal(point[0], 4);
    assert.deepEqual(publicKeyPoint(importPrivateKeyPem(pem)), point);
  });

  it('imports SEC1 and unencrypted PKCS#8 forms of the same key', () => {
    const sec1 = importPrivateKeyPem(CLIENT_SEC1);
    const pkcs8 = sec1.export({ format: 'pem', type: 'pkcs8' }).toString();
    assert.match(pkcs8, /BEGIN PRIVATE KEY/);
    assert.equal(publicKeyPoint(importPrivateKeyPem(pkcs8)).toString('hex'), CLIENT_POINT);
    assert.equal(publicKeyPoint(sec1).toString('hex'), CLIENT_POINT);
  });

  it('reads only the first PEM block (and tolerates text around it)', () => {
    const other = exportPrivateKeyPem(generatePrivateKey());
    const key = importPrivateKeyPem(`comment line\n${CLIENT_SEC1}\n${other}`);
    assert.equal(publicKeyPoint(key).toString('hex'), CLIENT_POINT);
  });

  it('exports SPKI PEM that any tool can read back, and the raw point', () => {
    const key = importPrivateKeyPem(CLIENT_SEC1);
    const spki = exportPublicKeyPem(key);
    assert.match(spki, /^-----BEGIN PUBLIC KEY-----/);
    const reread = createPublicKey(spki).export({ format: 'jwk' });
    assert.equal(reread.crv, 'P-256');
    assert.equal(importPublicKey(spki).toString('hex'), CLIENT_POINT);
    assert.equal(importPublicKey(CLIENT_POINT + '\n').toString('hex'), CLIENT_POINT);
    assert.equal(spkiPemFromPoint(Buffer.from(CLIENT_POINT, 'hex')), spki);
  });

  it('fingerprints are stable SHA-256 over the point', () => {
    const key = importPrivateKeyPem(CLIENT_SEC1);
    const fp = keyFingerprint(key);
    assert.equal(fp, keyFingerprint(Buffer.from(CLIENT_POINT, 'hex')) && fp);
    assert.deepEqual(keyFingerprint(Buffer.from(CLIENT_POINT, 'hex')), fp);
    assert.match(fp.full, /^([0-9a-f]{2}:){31}[0-9a-f]{2}$/);
    assert.equal(fp.short, fp.full.slice(0, 23));
    assert.notEqual(keyFingerprint(generatePrivateKey()).full, fp.full);
  });

  it('rejects other curves with a clear message', () => {
    const p521 = generateKeyPairSync('ec', { namedCurve: 'secp521r1' }).privateKey;
    assert.throws(
      () => importPrivateKeyPem(p521.export({ format: 'pem', type: 'sec1' }).toString()),
      (e: unknown) => e instanceof KeyFormatError && /secp521r1.*only NIST P-256/.test(e.message),
    );
    const k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey;
    assert.throws(() => importPrivateKeyPem(k1.export({ format: 'pem', type: 'pkcs8' }).toString()), /only NIST P-256/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    assert.throws(() => importPrivateKeyPem(rsa.export({ format: 'pem', type: 'pkcs8' }).toString()), /rsa key; a NIST P-256/);
  });

  it('rejects encrypted PKCS#8, public keys and garbage', () => {
    const encrypted = createPrivateKey(CLIENT_SEC1).export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'secret' }).toString();
    assert.throws(() => importPrivateKeyPem(encrypted), /encrypted PKCS#8 keys are not supported/);
    assert.throws(() => importPrivateKeyPem(exportPublicKeyPem(generatePrivateKey())), /this is a public key/);
    assert.throws(() => importPrivateKeyPem('hello'), /no PEM block found/);
    assert.throws(
      () => importPrivateKeyPem('-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----'),
      (e: unknown) => e instanceof KeyFormatError && /could not be parsed/.test(e.message),
    );
    assert.throws(() => importPrivateKeyPem('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'), /unsupported PEM block "CERTIFICATE"/);
    assert.throws(() => importPublicKey(Buffer.alloc(65)), /65 bytes starting with 0x04/);
    const notOnCurve = Buffer.from(CLIENT_POINT, 'hex');
    notOnCurve[5] ^= 1;
    assert.throws(() => importPublicKey(notOnCurve), /not a point on P-256/);
  });
});
