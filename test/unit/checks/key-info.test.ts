import { strict as assert } from 'node:assert';
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describeKeyObject, describePublicKey, publicSpkiFromPem, sameKey } from '../../../core/checks/pem/key-info';
import { keyFingerprint, publicKeyPoint } from '../../../core/keys';

describe('checks: key info and fingerprints', () => {
  const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });

  it('describes a P-256 key with SPKI SHA-256, the 65-byte point and Fleetkit fingerprint', () => {
    const der = p256.publicKey.export({ type: 'spki', format: 'der' });
    const info = describePublicKey(der);
    assert.equal(info.isP256, true);
    assert.equal(info.name, 'EC P-256 (prime256v1)');
    assert.equal(info.spkiSha256, createHash('sha256').update(der).digest('hex'));
    assert.equal(info.pointHex, publicKeyPoint(p256.privateKey).toString('hex'));
    assert.equal(info.pointHex?.length, 130);
    assert.equal(info.pointSha256, keyFingerprint(p256.privateKey).full);
    assert.equal(info.compressedPoint, false);
  });

  it('uses only the public half of a private key file', () => {
    const spki = publicSpkiFromPem(p256.privateKey.export({ type: 'sec1', format: 'pem' }).toString());
    assert.ok(spki.equals(p256.publicKey.export({ type: 'spki', format: 'der' })));
  });

  for (const [name, make] of [
    ['RSA 2048-bit', () => generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey],
    ['EC P-384 (secp384r1)', () => generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey],
    ['EC P-521 (secp521r1)', () => generateKeyPairSync('ec', { namedCurve: 'secp521r1' }).publicKey],
    ['EC secp256k1', () => generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey],
    ['Ed25519', () => generateKeyPairSync('ed25519').publicKey],
    ['Ed448', () => generateKeyPairSync('ed448').publicKey],
  ] as const) {
    it(`names ${name} and marks it not P-256`, () => {
      const info = describeKeyObject(make());
      assert.equal(info.name, name);
      assert.equal(info.isP256, false);
    });
  }

  it('treats compressed and uncompressed encodings of one key as the same key', () => {
    const jwk = p256.publicKey.export({ format: 'jwk' });
    const y = Buffer.from(jwk.y!, 'base64url');
    const x = Buffer.from(jwk.x!, 'base64url');
    const uncompressed = p256.publicKey.export({ type: 'spki', format: 'der' });
    // Same SPKI header, point replaced by 02/03‖X, lengths patched (0x59→0x39, bit string 0x42→0x22).
    const header = Buffer.from(uncompressed.subarray(0, uncompressed.length - 65));
    header[1] = 0x39;
    header[header.length - 2] = 0x22;
    const compressed = Buffer.concat([header, Buffer.from([0x02 | (y[y.length - 1] & 1)]), x]);
    createPublicKey({ key: compressed, format: 'der', type: 'spki' });
    const a = describePublicKey(compressed);
    const b = describePublicKey(uncompressed);
    assert.equal(a.compressedPoint, true);
    assert.notEqual(a.spkiSha256, b.spkiSha256);
    assert.equal(sameKey(a, b), true);
    assert.equal(sameKey(b, describeKeyObject(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey)), false);
  });
});
