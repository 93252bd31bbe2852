import assert from 'node:assert/strict';
import { expiredValidity, issueServerCert, notYetValidValidity } from '../../../core/certs/index';
import { chain, config, json, NOW_MS, only } from './helpers';

const withCa = (ca: unknown, hostname = 'telemetry.example.com'): string => json(config({ ca, hostname }));

describe('server/service ca rules', () => {
  it('accepts the leaf + intermediate chain, and the chain with its root', () => {
    const { chainPem, root } = chain();
    for (const ca of [chainPem, chainPem + root.certPem]) {
      const codes = ['FT220', 'FT221', 'FT222', 'FT223', 'FT224'].flatMap((c) => only(withCa(ca), c));
      assert.deepEqual(codes, []);
    }
  });

  it('FT220: no PEM certificate, or a block that does not parse', () => {
    assert.equal(only(withCa('hello'), 'FT220').length, 1);
    const broken = '-----BEGIN CERTIFICATE-----\nTUlJQm9vb29vb28=\n-----END CERTIFICATE-----\n';
    const d = only(withCa(chain().leafPem + broken), 'FT220');
    assert.equal(d.length, 1);
    assert.match(d[0].message, /#2/);
  });

  it('reads certificates pasted indented, with CRLF or on one line; FT220 names base64 that does not decode', () => {
    const { chainPem } = chain();
    const pasted = {
      indented: chainPem.replace(/^/gm, '    '),
      crlf: chainPem.replace(/\n/g, '\r\n'),
      oneLine: chainPem.replace(/\n/g, ''),
    };
    for (const [how, ca] of Object.entries(pasted)) {
      assert.deepEqual(
        ['FT220', 'FT223', 'FT224'].flatMap((c) => only(withCa(ca), c)),
        [],
        how,
      );
    }
    const mangled = chain().leafPem.replace(/\n([A-Za-z0-9+/]{10})/, '\n!!$1');
    const d = only(withCa(mangled), 'FT220');
    assert.equal(d.length, 1);
    assert.match(d[0].message, /#1 .*base64 is malformed/);
  });

  it('FT221 / FT222: expired and not-yet-valid certificates', () => {
    const { intermediate } = chain();
    const now = new Date(NOW_MS);
    const expired = issueServerCert(intermediate, { hostnames: ['telemetry.example.com'], ...expiredValidity(now) });
    const future = issueServerCert(intermediate, { hostnames: ['telemetry.example.com'], ...notYetValidValidity(now) });
    assert.equal(only(withCa(expired.certPem + intermediate.certPem), 'FT221').length, 1);
    assert.equal(only(withCa(future.certPem + intermediate.certPem), 'FT222').length, 1);
  });

  it('FT223: chain out of order', () => {
    const { leafPem, intermediate } = chain();
    const d = only(withCa(intermediate.certPem + leafPem), 'FT223');
    assert.equal(d.length, 1);
    assert.equal(d[0].severity, 2);
    assert.match(d[0].message, /leaf first/);
  });

  it('FT224: the leaf does not cover hostname (warning)', () => {
    const d = only(withCa(chain().chainPem, 'other.example.org'), 'FT224');
    assert.equal(d.length, 1);
    assert.equal(d[0].severity, 2);
    assert.equal(only(withCa(chain().chainPem, 'TELEMETRY.example.com'), 'FT224').length, 0, 'host names are case-insensitive');
  });

  it('FT225: a null ca is a warning; FT226: a private key is an error that never echoes the key', () => {
    assert.equal(only(withCa(null), 'FT225').length, 1);
    const { intermediate } = chain();
    const d = only(withCa(chain().chainPem + intermediate.keyPem), 'FT226');
    assert.equal(d.length, 1);
    const keyBody = intermediate.keyPem.split('\n')[1];
    assert.ok(!d[0].message.includes(keyBody));
  });

  it('FT005: a ca that is not a string', () => {
    assert.equal(only(withCa(42), 'FT005').length, 1);
  });
});
