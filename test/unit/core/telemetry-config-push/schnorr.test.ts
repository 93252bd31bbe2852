import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { privateScalar, rfc6979Nonce, schnorrSign, signTelemetryConfig } from '../../../../core/telemetry-config-push/index';
import { verifyTelemetryJws } from '../../../../simulator/telemetry-config/verify-jws';

describe('core/telemetry-config-push: Tesla.SS256 JWS', () => {
  it('derives the RFC 6979 nonce of the standard P-256/SHA-256 "sample" vector (A.2.5)', () => {
    const x = Buffer.from('C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721', 'hex');
    const k = rfc6979Nonce(x, createHash('sha256').update('sample').digest());
    assert.equal(k.toString(16).toUpperCase(), 'A6E3C57DD01ABE90086538398355DD4C3B17AA873382B0F24D6129493D8AAD60');
  });

  it('signs deterministically: 96 bytes, same input → same signature, other input → other signature', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const scalar = privateScalar(privateKey);
    const a = schnorrSign(scalar, Buffer.from('message'));
    assert.equal(a.signature.length, 96);
    assert.deepEqual(schnorrSign(scalar, Buffer.from('message')).signature, a.signature);
    assert.notDeepEqual(schnorrSign(scalar, Buffer.from('message!')).signature, a.signature);
    assert.equal(a.publicKey.length, 65);
    assert.equal(a.publicKey[0], 4);
  });

  it("builds a token the simulator's independent verifier accepts, with iss/aud overwritten", () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const { token, iss } = signTelemetryConfig({ hostname: 'h.example.com', iss: 'spoofed', aud: 'x' }, privateKey);
    const [header] = token.split('.');
    assert.deepEqual(JSON.parse(Buffer.from(header, 'base64url').toString()), { alg: 'Tesla.SS256', typ: 'JWT' });
    const verified = verifyTelemetryJws(token);
    assert.equal(verified.claims.hostname, 'h.example.com');
    assert.equal(verified.claims.iss, iss);
    assert.equal(verified.claims.aud, 'com.tesla.fleet.TelemetryClient');
    const jwk = publicKey.export({ format: 'jwk' });
    const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x as string, 'base64url'), Buffer.from(jwk.y as string, 'base64url')]);
    assert.equal(iss, point.toString('base64'), 'iss is standard padded base64 of the uncompressed key');
  });

  it('carries the JWT time claims exp, nbf and iat; the simulator accepts numbers and refuses other types', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const times = { exp: 1_900_000_000, nbf: 1_700_000_000, iat: 1_700_000_000 };
    const { token } = signTelemetryConfig({ hostname: 'h.example.com', ...times }, privateKey);
    const { claims } = verifyTelemetryJws(token);
    assert.deepEqual({ exp: claims.exp, nbf: claims.nbf, iat: claims.iat }, times);
    for (const claim of ['exp', 'nbf', 'iat']) {
      const bad = signTelemetryConfig({ hostname: 'h.example.com', [claim]: '2026-01-01' }, privateKey).token;
      assert.throws(() => verifyTelemetryJws(bad), new RegExp(`${claim} is not a NumericDate`));
    }
  });

  it('refuses keys that are not P-256', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
    assert.throws(() => signTelemetryConfig({}, privateKey), /P-256/);
  });
});
