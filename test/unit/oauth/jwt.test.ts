import assert from 'node:assert/strict';
import { JwtFormatError } from '../../../core/oauth/errors';
import { decodeJwt, readAccessTokenClaims } from '../../../core/oauth/jwt';

const seg = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const jwt = (payload: unknown, header: unknown = { alg: 'RS256', typ: 'JWT' }, sig = 'c2lnbmF0dXJl') => `${seg(header)}.${seg(payload)}.${sig}`;

const good = {
  sub: 'u1',
  scp: ['openid', 'vehicle_cmds'],
  aud: ['https://fleet-api.prd.na.vn.cloud.tesla.com', 'https://auth.tesla.com/oauth2/v3/clientinfo'],
  ou_code: 'NA',
  exp: 2000000000,
  iat: 1999971200,
  iss: 'https://auth.tesla.com/oauth2/v3/nts',
};

describe('oauth/jwt', () => {
  it('decodes header and payload of a well-formed token', () => {
    const d = decodeJwt(jwt(good));
    assert.equal(d.header.alg, 'RS256');
    assert.equal(d.payload.sub, 'u1');
  });

  it('reads Tesla access-token claims', () => {
    const c = readAccessTokenClaims(jwt(good));
    assert.equal(c.sub, 'u1');
    assert.deepEqual(c.scopes, ['openid', 'vehicle_cmds']);
    assert.equal(c.audiences.length, 2);
    assert.equal(c.ouCode, 'NA');
    assert.equal(c.exp, 2000000000);
    assert.equal(c.iss, 'https://auth.tesla.com/oauth2/v3/nts');
  });

  it('accepts a space-separated scp and a single-string aud', () => {
    const c = readAccessTokenClaims(jwt({ ...good, scp: 'openid  user_data', aud: 'https://fleet-api.prd.eu.vn.cloud.tesla.com' }));
    assert.deepEqual(c.scopes, ['openid', 'user_data']);
    assert.deepEqual(c.audiences, ['https://fleet-api.prd.eu.vn.cloud.tesla.com']);
  });

  const malformed: Array<[string, string, RegExp]> = [
    ['empty', '', /empty/],
    ['two segments', `${seg({ alg: 'RS256' })}.${seg(good)}`, /3 segments/],
    ['four segments', `${jwt(good)}.x`, /3 segments/],
    ['non-base64url header', `a+b.${seg(good)}.sig`, /header is not base64url/],
    ['impossible length', `${seg({ alg: 'RS256' })}.a.sig`, /impossible base64url length/],
    ['header not JSON', `${seg('not json')}.${seg(good)}.sig`, /header is not JSON/],
    ['payload is an array', jwt([1, 2]), /payload is not a JSON object/],
    ['payload is null', jwt(null), /payload is not a JSON object/],
    ['no alg', jwt(good, { typ: 'JWT' }), /no alg/],
    ['alg none', jwt(good, { alg: 'none' }), /alg "none"/],
    ['empty signature', jwt(good, undefined, ''), /signature/],
    ['signature with padding', jwt(good, undefined, 'abc='), /signature/],
    ['too long', `${seg({ alg: 'RS256' })}.${'A'.repeat(20000)}.sig`, /too long/],
  ];
  for (const [name, token, re] of malformed) {
    it(`refuses a malformed token: ${name}`, () => {
      assert.throws(
        () => decodeJwt(token),
        (e: unknown) => e instanceof JwtFormatError && re.test(e.message),
      );
    });
  }

  const badClaims: Array<[string, Record<string, unknown>, RegExp]> = [
    ['missing sub', { ...good, sub: undefined }, /sub/],
    ['empty sub', { ...good, sub: '' }, /sub/],
    ['missing exp', { ...good, exp: undefined }, /exp/],
    ['string exp', { ...good, exp: '2000000000' }, /exp/],
    ['numeric scp', { ...good, scp: 5 }, /scp/],
    ['mixed aud', { ...good, aud: ['x', 1] }, /aud/],
    ['numeric ou_code', { ...good, ou_code: 1 }, /ou_code/],
  ];
  for (const [name, payload, re] of badClaims) {
    it(`refuses access-token claims: ${name}`, () => {
      assert.throws(
        () => readAccessTokenClaims(jwt(payload)),
        (e: unknown) => e instanceof JwtFormatError && re.test(e.message),
      );
    });
  }
});
