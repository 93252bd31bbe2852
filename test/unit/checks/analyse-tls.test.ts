import { strict as assert } from 'node:assert';
import { X509Certificate } from 'node:crypto';
import { analyseTls } from '../../../core/checks/pem/analyse-tls';
import type { FetchOutcome, TlsFacts } from '../../../core/checks/pem/fetch';
import { createCa, expiredValidity, issueIntermediateCa, issueServerCert, notYetValidValidity } from '../../../core/certs';
import { find, URL_ } from './helpers';

const der = (pem: string): Buffer => new X509Certificate(pem).raw;
const ca = createCa({ commonName: 'Unit CA' });
const host = 'fleet.example.test';
const outcome = (tls: TlsFacts): FetchOutcome => ({ url: URL_, tls, status: 200, headers: {}, body: Buffer.alloc(0), truncated: false });
const now = new Date();

describe('checks: TLS analysis (pure)', () => {
  const good = issueServerCert(ca, { hostnames: [host] });

  it('passes a trusted, in-date certificate for the host', () => {
    const r = analyseTls(outcome({ protocol: 'TLSv1.3', authorized: true, chain: [der(good.certPem), der(ca.certPem)] }), host, now);
    assert.deepEqual(
      r.map((c) => c.status),
      ['pass', 'pass', 'pass', 'pass'],
    );
    assert.match(find(r, 'tls.chain').detail, /Unit CA/);
  });

  it('matches wildcard names and IP addresses', () => {
    const wild = issueServerCert(ca, { hostnames: ['*.example.test', '127.0.0.1'] });
    assert.equal(find(analyseTls(outcome({ protocol: 'TLSv1.3', authorized: true, chain: [der(wild.certPem)] }), host, now), 'tls.hostname').status, 'pass');
    assert.equal(
      find(analyseTls(outcome({ protocol: 'TLSv1.3', authorized: true, chain: [der(wild.certPem)] }), '127.0.0.1', now), 'tls.hostname').status,
      'pass',
    );
    assert.equal(
      find(analyseTls(outcome({ protocol: 'TLSv1.3', authorized: true, chain: [der(wild.certPem)] }), 'a.b.example.test', now), 'tls.hostname').status,
      'fail',
    );
  });

  it('judges dates against the clock it is given', () => {
    const facts = { protocol: 'TLSv1.3', authorized: true, chain: [der(good.certPem)] };
    const later = new Date(now.getTime() + 400 * 86_400_000);
    assert.match(find(analyseTls(outcome(facts), host, later), 'tls.expiry').detail, /expired on/);
    const soon = new Date(now.getTime() + 360 * 86_400_000);
    assert.equal(find(analyseTls(outcome(facts), host, soon), 'tls.expiry').status, 'warn');
  });

  it('fails a not-yet-valid certificate', () => {
    const future = issueServerCert(ca, { hostnames: [host], ...notYetValidValidity() });
    const r = analyseTls(
      outcome({ protocol: 'TLSv1.3', authorized: false, authorizationError: 'CERT_NOT_YET_VALID', chain: [der(future.certPem), der(ca.certPem)] }),
      host,
      now,
    );
    assert.match(find(r, 'tls.expiry').detail, /not valid before/);
    assert.equal(find(r, 'tls.chain').status, 'pass');
  });

  it('fails an expired intermediate by name', () => {
    const inter = issueIntermediateCa(ca, { commonName: 'Old Intermediate', ...expiredValidity() });
    const leaf = issueServerCert(inter, { hostnames: [host] });
    const r = analyseTls(
      outcome({
        protocol: 'TLSv1.3',
        authorized: false,
        authorizationError: 'CERT_HAS_EXPIRED',
        chain: [der(leaf.certPem), der(inter.certPem), der(ca.certPem)],
      }),
      host,
      now,
    );
    assert.match(find(r, 'tls.expiry').detail, /"Old Intermediate" expired/);
  });

  for (const [code, re] of [
    ['DEPTH_ZERO_SELF_SIGNED_CERT', /self-signed/],
    ['SELF_SIGNED_CERT_IN_CHAIN', /not publicly trusted/],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', /incomplete/],
    ['CERT_REVOKED', /CERT_REVOKED/],
  ] as const) {
    it(`explains ${code}`, () => {
      const r = analyseTls(outcome({ protocol: 'TLSv1.3', authorized: false, authorizationError: code, chain: [der(good.certPem)] }), host, now);
      assert.match(find(r, 'tls.chain').detail, re);
      assert.equal(find(r, 'tls.chain').status, 'fail');
    });
  }

  it('fails the handshake and skips the rest when the connection failed', () => {
    for (const [kind, phase, re] of [
      ['dns', 'connect', /does not resolve/],
      ['refused', 'connect', /connection refused/],
      ['timeout', 'connect', /No TCP connection/],
      ['timeout', 'tls', /never completed the TLS handshake/],
      ['tls', 'tls', /TLS handshake failed/],
    ] as const) {
      const r = analyseTls({ url: URL_, headers: {}, body: Buffer.alloc(0), truncated: false, error: { kind, phase, message: 'x' } }, host, now);
      assert.match(find(r, 'tls.handshake').detail, re, `${kind}/${phase}`);
      assert.deepEqual(
        r.slice(1).map((c) => c.status),
        ['skip', 'skip', 'skip'],
      );
    }
  });
});
