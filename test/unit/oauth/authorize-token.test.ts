import assert from 'node:assert/strict';
import { buildAuthorizeUrl, parseCallbackParams } from '../../../core/oauth/authorize';
import { createForwardState, forwardTargetOf } from '../../../core/oauth/forward-state';
import { CallbackError, LoginRequiredError, OAuthError, TokenResponseError } from '../../../core/oauth/errors';
import { parseTokenResponse } from '../../../core/oauth/token-response';

describe('oauth/authorize URL', () => {
  const base = {
    authorizeUrl: 'https://auth.tesla.com/oauth2/v3/authorize',
    clientId: 'cid',
    redirectUri: 'https://example.test/cb?x=1',
    scopes: ['openid', 'offline_access', 'vehicle_cmds'],
    state: 'S'.repeat(43),
    nonce: 'N'.repeat(43),
    codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  };

  it('carries every parameter Tesla documents, redirect_uri verbatim', () => {
    const url = new URL(buildAuthorizeUrl({ ...base, promptMissingScopes: true }));
    assert.equal(url.origin + url.pathname, base.authorizeUrl);
    const p = url.searchParams;
    assert.equal(p.get('response_type'), 'code');
    assert.equal(p.get('client_id'), 'cid');
    assert.equal(p.get('redirect_uri'), 'https://example.test/cb?x=1');
    assert.equal(p.get('scope'), 'openid offline_access vehicle_cmds');
    assert.equal(p.get('state'), base.state);
    assert.equal(p.get('nonce'), base.nonce);
    assert.equal(p.get('code_challenge'), base.codeChallenge);
    assert.equal(p.get('code_challenge_method'), 'S256');
    assert.equal(p.get('prompt_missing_scopes'), 'true');
  });

  it('encodes spaces as %20 so editors re-encoding the URI cannot turn them into literal plus signs', () => {
    const url = buildAuthorizeUrl({ ...base, loginHint: 'ada@example.com' });
    assert.match(url, /scope=openid%20offline_access%20vehicle_cmds/);
    assert.doesNotMatch(url, /\+/);
    assert.equal(new URL(url).searchParams.get('login_hint'), 'ada@example.com');
  });

  it('carries the editor callback inside a forward state and reads it back', () => {
    const cb =
      'http://127.0.0.1:8080/stable-abc/callback?vscode-reqid=1&vscode-scheme=code-oss&vscode-authority=fleetkit.fleetkit&vscode-path=%2Fdid-authenticate';
    const s1 = createForwardState(cb);
    const s2 = createForwardState(cb);
    assert.notEqual(s1, s2);
    assert.match(s1, /^[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]+$/);
    assert.equal(forwardTargetOf(s1), cb);
    assert.equal(forwardTargetOf('plain-random-state-without-dot'), undefined);
    assert.equal(forwardTargetOf('abcdefghijklmnopq.!!!'), undefined);
  });

  it('omits prompt_missing_scopes unless asked and refuses incomplete requests', () => {
    assert.equal(new URL(buildAuthorizeUrl(base)).searchParams.has('prompt_missing_scopes'), false);
    assert.throws(() => buildAuthorizeUrl({ ...base, scopes: [] }), /scope/);
    assert.throws(() => buildAuthorizeUrl({ ...base, clientId: '' }), /client id/);
    assert.throws(() => buildAuthorizeUrl({ ...base, authorizeUrl: 'ftp://x/y' }), /http/);
  });
});

describe('oauth/callback parameters', () => {
  const state = 'expected-state-value-0123456789';
  it('accepts the code and tolerates issuer and locale', () => {
    const r = parseCallbackParams(
      new URLSearchParams({ code: 'NA_code', state, issuer: 'https://auth.tesla.com/oauth2/v3', locale: 'en-US', extra: 'x' }),
      state,
    );
    assert.deepEqual(r, { code: 'NA_code', issuer: 'https://auth.tesla.com/oauth2/v3' });
  });
  it('rejects a state mismatch before anything else', () => {
    assert.throws(
      () => parseCallbackParams(new URLSearchParams({ code: 'c', state: 'other' }), state),
      (e: unknown) => e instanceof CallbackError && /state mismatch/.test(e.message),
    );
    assert.throws(() => parseCallbackParams(new URLSearchParams({ code: 'c' }), state), CallbackError);
  });
  it('reports an error parameter and a missing code', () => {
    assert.throws(
      () => parseCallbackParams(new URLSearchParams({ state, error: 'access_denied', error_description: 'user said no' }), state),
      (e: unknown) => e instanceof CallbackError && e.oauthError === 'access_denied' && /user said no/.test(e.message),
    );
    assert.throws(() => parseCallbackParams(new URLSearchParams({ state }), state), /no authorization code/);
  });
});

describe('oauth/token response', () => {
  it('parses a successful answer', () => {
    const r = parseTokenResponse(200, JSON.stringify({ access_token: 'a.b.c', refresh_token: 'NA_r', id_token: 'i', token_type: 'Bearer', expires_in: 28800 }));
    assert.equal(r.accessToken, 'a.b.c');
    assert.equal(r.refreshToken, 'NA_r');
    assert.equal(r.expiresIn, 28800);
  });
  it('maps login_required (RFC and Tesla envelope) to LoginRequiredError', () => {
    assert.throws(
      () => parseTokenResponse(401, '{"error":"login_required","error_description":"expired"}'),
      (e: unknown) => e instanceof LoginRequiredError && e.status === 401 && e.description === 'expired',
    );
    assert.throws(() => parseTokenResponse(401, '{"response":null,"error":"login_required","error_description":"x"}'), LoginRequiredError);
  });
  it('maps other errors to OAuthError and garbage to TokenResponseError', () => {
    assert.throws(
      () => parseTokenResponse(400, '{"error":"invalid_grant"}'),
      (e: unknown) => e instanceof OAuthError && !(e instanceof LoginRequiredError) && e.code === 'invalid_grant',
    );
    assert.throws(
      () => parseTokenResponse(502, '<html>bad gateway</html>'),
      (e: unknown) => e instanceof TokenResponseError && e.status === 502,
    );
    assert.throws(() => parseTokenResponse(200, '[]'), TokenResponseError);
    assert.throws(() => parseTokenResponse(200, '{"token_type":"Bearer","expires_in":1}'), /access_token/);
    assert.throws(() => parseTokenResponse(200, '{"access_token":"x","expires_in":0}'), /expires_in/);
    assert.throws(() => parseTokenResponse(200, '{"access_token":"x","token_type":"mac","expires_in":5}'), /token_type/);
  });
  it('never puts token values into error messages', () => {
    try {
      parseTokenResponse(200, '{"access_token":"SECRET-VALUE","expires_in":-1}');
      assert.fail('should throw');
    } catch (e) {
      assert.doesNotMatch(String(e), /SECRET-VALUE/);
    }
  });
});
