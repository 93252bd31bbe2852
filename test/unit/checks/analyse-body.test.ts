import { strict as assert } from 'node:assert';
import { generateKeyPairSync } from 'node:crypto';
import { analyseBody } from '../../../core/checks/pem/analyse-body';
import { classifyBody } from '../../../core/checks/pem/body-kind';
import { describeKeyObject } from '../../../core/checks/pem/key-info';
import { find, ok } from './helpers';

const key = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const pub = key.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const run = (o: ReturnType<typeof ok>, extra: Partial<Parameters<typeof analyseBody>[0]> = {}) => analyseBody({ outcome: o, maxBytes: 65536, ...extra });

describe('checks: body analysis (pure)', () => {
  it('passes a clean P-256 PEM and returns the hosted key', () => {
    const r = run(ok(pub), { localKey: describeKeyObject(key.privateKey) });
    assert.deepEqual(
      r.checks.filter((c) => c.status !== 'pass').map((c) => c.id),
      [],
    );
    assert.equal(r.hostedKey?.isP256, true);
    assert.deepEqual(
      r.checks.map((c) => c.id),
      ['http.content-type', 'body.size', 'body.format', 'body.private-key', 'key.count', 'body.garbage', 'body.encoding', 'key.type', 'key.match'],
    );
  });

  it('skips every body check when the status is not 200', () => {
    const r = run({ ...ok(pub), status: 404 });
    assert.ok(r.checks.every((c) => c.status === 'skip'));
    assert.match(find(r.checks, 'body.format').detail, /404/);
  });

  for (const [name, body, re] of [
    ['an empty body', '', /empty/],
    ['UTF-16', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(pub, 'utf16le')]), /UTF-16/],
    ['binary DER', key.publicKey.export({ type: 'spki', format: 'der' }), /binary DER/],
    ['JSON', '{"public_key":"04ab"}', /JSON/],
    ['an OpenSSH key', 'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTY= me@host\n', /OpenSSH/],
    ['bare base64', pub.split('\n').slice(1, -2).join('\n'), /without the -----BEGIN/],
    ['plain text', 'hello world\n', /not a PEM file.*"hello world"/],
    ['a CSR', '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n', /certificate signing request/],
  ] as const) {
    it(`fails ${name}`, () => {
      assert.match(find(run(ok(body)).checks, 'body.format').detail, re);
    });
  }

  it('tells a bot-protection challenge page from other HTML', () => {
    const page =
      '<!DOCTYPE html><html><head><title>Just a moment...</title></head><body><script src="/cdn-cgi/challenge-platform/x.js"></script></body></html>';
    assert.match(find(run(ok(page, { 'content-type': 'text/html' })).checks, 'body.format').detail, /bot-protection challenge/);
  });

  it('recognises an SPA fallback only when a path that cannot exist gets the same page', () => {
    const page = '<!doctype html><html><body><div id="root"></div></body></html>';
    const withSpa = run(ok(page), { spaProbe: ok(page) });
    assert.match(find(withSpa.checks, 'body.format').detail, /single-page-app/);
    const without = run(ok(page), { spaProbe: { ...ok('nope'), status: 404 } });
    assert.doesNotMatch(find(without.checks, 'body.format').detail, /single-page-app/);
  });

  it('warns each encoding oddity by name', () => {
    const odd = `  ${pub.trimEnd().replace(/\n/g, ' \n')}\n\n\n`;
    const c = find(run(ok(odd)).checks, 'body.encoding');
    assert.equal(c.status, 'warn');
    assert.match(c.detail, /whitespace before the BEGIN line/);
    assert.match(c.detail, /trailing spaces/);
    assert.match(c.detail, /blank lines after the END line/);
  });

  it('warns mixed line endings and non-ASCII text but still passes the key', () => {
    const mixed = pub.replace('\n', '\r\n') + '\u00a0';
    const r = run(ok(mixed));
    assert.match(find(r.checks, 'body.encoding').detail, /mixed CRLF and LF.*non-ASCII/);
    assert.equal(find(r.checks, 'key.type').status, 'pass');
  });

  it('warns a missing Content-Type, an unusual one, and compression', () => {
    assert.equal(find(run(ok(pub, {})).checks, 'http.content-type').status, 'warn');
    assert.match(find(run(ok(pub, { 'content-type': 'image/png' })).checks, 'http.content-type').detail, /image\/png/);
    assert.match(find(run(ok(pub, { 'content-type': 'text/plain', 'content-encoding': 'gzip' })).checks, 'http.content-type').detail, /gzip/);
    assert.equal(find(run(ok(pub, { 'content-type': 'application/x-pem-file' })).checks, 'http.content-type').status, 'pass');
  });

  it('fails a truncated body with the Tesla error it causes', () => {
    const c = find(run(ok(pub.slice(0, 50), { 'content-length': '10485760' }, { truncated: true })).checks, 'body.size');
    assert.equal(c.status, 'fail');
    assert.match(c.detail, /Content-Length: 10485760.*too large/);
  });

  it('fails a key block whose base64 does not decode to a key', () => {
    const broken = pub.replace(/\n[A-Za-z0-9+/]{4}/, '\nAAAA');
    const c = find(run(ok(broken)).checks, 'key.type');
    assert.equal(c.status, 'fail');
  });

  it('fails a PKCS#1 RSA PUBLIC KEY as RSA', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    assert.match(find(run(ok(rsa)).checks, 'key.type').detail, /RSA 1024-bit/);
  });

  it('says when the local key is in the file but not first', () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const r = run(ok(other + pub), { localKey: describeKeyObject(key.publicKey) });
    assert.match(find(r.checks, 'key.match').detail, /not first/);
    assert.equal(find(r.checks, 'key.count').status, 'fail');
  });

  it('classifies bodies', () => {
    assert.equal(classifyBody(Buffer.from(pub)).kind, 'pem');
    assert.equal(classifyBody(Buffer.from('<html><body>x</body></html>')).kind, 'html');
    assert.equal(classifyBody(Buffer.from('   \n')).kind, 'empty');
    assert.equal(classifyBody(Buffer.from('a\u0000b')).kind, 'binary');
  });
});
