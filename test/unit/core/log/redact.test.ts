import { strict as assert } from 'node:assert';
import { generateKeyPairSync } from 'node:crypto';
import { redact, SecretScrubber, REDACTION_MARKER } from '../../../../core/log/redact';
import { createLogger, memorySink } from '../../../../core/log/logger';

const jwt = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NSIsInNjcCI6WyJvcGVuaWQiXX0.c2lnbmF0dXJlLWJ5dGVzLWhlcmU';

describe('redact', () => {
  it('removes JSON token fields and keeps the rest', () => {
    const body = JSON.stringify({ access_token: jwt, refresh_token: 'NA_0123456789abcdef0123', expires_in: 28800, token_type: 'Bearer' });
    const out = redact(body);
    assert.ok(!out.includes(jwt));
    assert.ok(!out.includes('NA_0123456789abcdef0123'));
    assert.match(out, /"expires_in":28800/);
    assert.match(out, /"token_type":"Bearer"/);
  });

  it('removes client_secret, refresh_token and code from form bodies and query strings', () => {
    const form = 'grant_type=authorization_code&client_id=abc&client_secret=s3cr3t-value&code=NA_abcdef&redirect_uri=http%3A%2F%2F127.0.0.1';
    const out = redact(form);
    assert.ok(!out.includes('s3cr3t-value'));
    assert.ok(!out.includes('NA_abcdef'));
    assert.match(out, /client_id=abc/);
    assert.match(out, /grant_type=authorization_code/);
  });

  it('removes bearer credentials and bare JWTs', () => {
    assert.ok(!redact(`Authorization: Bearer ${jwt}`).includes(jwt));
    assert.ok(!redact(`token is ${jwt} ok`).includes(jwt));
    assert.equal(redact('Authorization: Bearer abc.def'), `Authorization: Bearer ${REDACTION_MARKER}`);
  });

  it('removes PEM private keys of every flavour, even truncated ones', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const sec1 = privateKey.export({ type: 'sec1', format: 'pem' }).toString();
    const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    for (const pem of [sec1, pkcs8]) {
      const body = pem.split('\n')[1];
      const out = redact(`key:\n${pem}\nafter`);
      assert.ok(!out.includes(body), 'key material must be gone');
      assert.match(out, /after$/);
    }
    const truncated = sec1.slice(0, 80);
    assert.ok(!redact(truncated).includes(truncated.split('\n')[1].slice(0, 20)));
  });

  it('leaves public keys and ordinary text alone', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const spki = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    assert.equal(redact(spki), spki);
    assert.equal(redact('GET /api/1/vehicles 200 txid=abc123'), 'GET /api/1/vehicles 200 txid=abc123');
  });

  it('scrubs exact secrets registered at run time', () => {
    const scrubber = new SecretScrubber();
    scrubber.add('plain-opaque-secret-42');
    assert.equal(scrubber.scrub('x plain-opaque-secret-42 y'), `x ${REDACTION_MARKER} y`);
  });
});

describe('logger', () => {
  it('filters by level, prefixes scopes and redacts every line, details included', () => {
    const sink = memorySink();
    const log = createLogger({ sink, level: 'info' });
    log.debug('hidden');
    log.child('auth').info('token response', { refresh_token: 'NA_0123456789abcdef0123', expires_in: 10 });
    log.error('failed', new Error(`bad token ${jwt}`));
    assert.equal(sink.lines.length, 2);
    assert.match(sink.lines[0].line, /^\[auth\] token response/);
    assert.ok(sink.lines.every((l) => !l.line.includes(jwt) && !l.line.includes('NA_0123456789abcdef0123')));
    assert.equal(sink.lines[1].level, 'error');
  });

  it('shares run-time secrets between a logger and its children', () => {
    const sink = memorySink();
    const log = createLogger({ sink, level: 'trace' });
    const child = log.child('x');
    log.addSecret('opaque-value-123456');
    child.info('value opaque-value-123456');
    assert.ok(!sink.lines[0].line.includes('opaque-value-123456'));
  });
});
