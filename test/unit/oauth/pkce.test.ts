import assert from 'node:assert/strict';
import { codeChallengeS256, createCodeVerifier, createPkcePair, isValidCodeVerifier } from '../../../core/oauth/pkce';
import { createNonce, createState, safeEqual } from '../../../core/oauth/random';

describe('oauth/pkce', () => {
  it('matches the RFC 7636 appendix B vector', () => {
    assert.equal(codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('encodes the appendix B octets to the appendix B verifier', () => {
    const octets = [
      116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
    ];
    assert.equal(Buffer.from(octets).toString('base64url'), 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');
  });

  it('creates 43-character unreserved verifiers that differ every time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const v = createCodeVerifier();
      assert.equal(v.length, 43);
      assert.ok(isValidCodeVerifier(v), v);
      seen.add(v);
    }
    assert.equal(seen.size, 200);
  });

  it('pairs a verifier with its S256 challenge', () => {
    const p = createPkcePair();
    assert.equal(p.method, 'S256');
    assert.equal(p.challenge, codeChallengeS256(p.verifier));
    assert.match(p.challenge, /^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses verifiers outside RFC 7636 §4.1', () => {
    assert.throws(() => codeChallengeS256('short'), RangeError);
    assert.throws(() => codeChallengeS256('a'.repeat(129)), RangeError);
    assert.throws(() => codeChallengeS256(`${'a'.repeat(42)}+`), RangeError);
    assert.throws(() => createCodeVerifier(16), RangeError);
  });
});

describe('oauth/random state and nonce', () => {
  it('creates 256-bit base64url values that do not repeat', () => {
    const values = new Set<string>();
    for (let i = 0; i < 100; i++) {
      const s = createState();
      const n = createNonce();
      assert.match(s, /^[A-Za-z0-9_-]{43}$/);
      assert.match(n, /^[A-Za-z0-9_-]{43}$/);
      values.add(s).add(n);
    }
    assert.equal(values.size, 200);
  });

  it('compares in constant time and rejects missing or different values', () => {
    const s = createState();
    assert.equal(safeEqual(s, s), true);
    assert.equal(safeEqual(s, `${s.slice(0, -1)}${s.endsWith('x') ? 'y' : 'x'}`), false);
    assert.equal(safeEqual(s, s.slice(1)), false);
    assert.equal(safeEqual(null, s), false);
    assert.equal(safeEqual(s, undefined), false);
    assert.equal(safeEqual('', ''), false);
  });
});
