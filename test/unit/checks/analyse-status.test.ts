import { strict as assert } from 'node:assert';
import { analyseStatus, describeRedirect } from '../../../core/checks/pem/analyse-status';
import { ok, URL_ } from './helpers';

const status = (s: number, headers: Record<string, string> = {}) => analyseStatus({ ...ok(''), status: s, headers });

describe('checks: HTTP status (pure)', () => {
  it('passes 200', () => assert.equal(status(200).status, 'pass'));

  for (const s of [301, 302, 303, 307, 308]) {
    it(`fails ${s} and names the absolute Location`, () => {
      const c = status(s, { location: '/.well-known/appspecific/com.tesla.3p.public-key.pem/' });
      assert.equal(c.status, 'fail');
      assert.ok(c.detail.startsWith(`${s} `));
      assert.match(c.detail, /→ https:\/\/fleet\.example\.test\/\.well-known\/appspecific\/com\.tesla\.3p\.public-key\.pem\/ \(a trailing-slash rule\)/);
    });
  }

  it('names the kind of redirect', () => {
    assert.match(describeRedirect(URL_, 'https://www.fleet.example.test/x').kind, /apex → www/);
    assert.match(describeRedirect('https://www.a.test/p', 'https://a.test/p').kind, /www → apex/);
    assert.match(describeRedirect(URL_, 'https://login.other.test/').kind, /another host/);
    assert.match(describeRedirect(URL_, '/login?next=/.well-known').kind, /login redirect/);
    assert.match(describeRedirect(URL_, '/en-us/.well-known/appspecific/com.tesla.3p.public-key.pem').kind, /locale/);
    assert.match(describeRedirect(URL_, '/.well-known/appspecific/COM.tesla.3p.public-key.pem').kind, /case/);
  });

  it('fails a redirect without Location', () => assert.match(status(302).detail, /without a Location/));
  it('explains 401 with its challenge', () => assert.match(status(401, { 'www-authenticate': 'Bearer' }).detail, /WWW-Authenticate: Bearer/));
  it('explains 403 with dot-folder and WAF causes', () => assert.match(status(403).fix, /dot-folders.*WAF/));
  it('explains 404 with static-host dot-folder advice', () => assert.match(status(404).fix, /Jekyll/));
  it('fails 5xx and others', () => {
    assert.match(status(503).detail, /503/);
    assert.match(status(418).detail, /418 instead of 200/);
  });
  it('skips when there was no connection, fails when TLS worked but no response came', () => {
    assert.equal(
      analyseStatus({ url: URL_, headers: {}, body: Buffer.alloc(0), truncated: false, error: { kind: 'refused', phase: 'connect', message: 'x' } }).status,
      'skip',
    );
    assert.equal(
      analyseStatus({ url: URL_, headers: {}, body: Buffer.alloc(0), truncated: false, error: { kind: 'timeout', phase: 'response', message: 'x' } }).status,
      'fail',
    );
  });
});
