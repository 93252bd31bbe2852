import assert from 'node:assert/strict';
import { request } from 'undici';
import { CallbackError } from '../../../core/oauth/errors';
import { isLoopbackRedirectUri, startLoopbackServer } from '../../../core/oauth/loopback-server';

async function get(url: string): Promise<{ status: number; body: string }> {
  const res = await request(url);
  return { status: res.statusCode, body: await res.body.text() };
}

describe('oauth/loopback callback server', () => {
  const state = 'state-0123456789-abcdefghijklmnop';

  it('takes http:// redirect URIs on 127.0.0.1, localhost or [::1] as loopback, nothing else', () => {
    for (const uri of ['http://127.0.0.1:48123/callback', 'http://localhost:8085/cb', 'http://[::1]:9000/']) {
      assert.equal(isLoopbackRedirectUri(uri), true, uri);
    }
    for (const uri of ['https://127.0.0.1:48123/callback', 'http://example.com/cb', 'http://127.0.0.2/cb', 'not a uri']) {
      assert.equal(isLoopbackRedirectUri(uri), false, uri);
    }
  });

  it('ignores wrong paths and wrong states, then accepts the right callback with extra params', async () => {
    const srv = await startLoopbackServer({ redirectUri: 'http://127.0.0.1:0/callback', expectedState: state });
    const cb = new URL(srv.redirectUri);
    assert.notEqual(cb.port, '0');
    assert.equal((await get(`${cb.origin}/other?code=x&state=${state}`)).status, 404);
    const wrong = await get(`${cb.origin}/callback?code=x&state=not-it`);
    assert.equal(wrong.status, 400);
    assert.match(wrong.body, /state mismatch/);
    const ok = await get(`${cb.origin}/callback?code=EU_abc&state=${state}&issuer=https%3A%2F%2Fauth.tesla.com%2Foauth2%2Fv3&locale=en-US`);
    assert.equal(ok.status, 200);
    assert.deepEqual(await srv.result, { code: 'EU_abc', issuer: 'https://auth.tesla.com/oauth2/v3' });
    await srv.close();
  });

  it('keeps the registered host and path and rejects non-loopback redirect URIs', async () => {
    const srv = await startLoopbackServer({ redirectUri: 'http://localhost:0/auth/done', expectedState: state, timeoutMs: 50 });
    assert.match(srv.redirectUri, /^http:\/\/localhost:\d+\/auth\/done$/);
    await assert.rejects(srv.result, CallbackError);
    await srv.close();
    await assert.rejects(startLoopbackServer({ redirectUri: 'http://example.com:0/cb', expectedState: state }), /127\.0\.0\.1 or localhost/);
    await assert.rejects(startLoopbackServer({ redirectUri: 'https://127.0.0.1:0/cb', expectedState: state }), /http:\/\//);
  });

  it('rejects the flow when the browser brings back an OAuth error', async () => {
    const srv = await startLoopbackServer({ redirectUri: 'http://127.0.0.1:0/callback', expectedState: state });
    const res = await get(`${new URL(srv.redirectUri).origin}/callback?error=access_denied&state=${state}`);
    assert.equal(res.status, 400);
    await assert.rejects(srv.result, (e: unknown) => e instanceof CallbackError && e.oauthError === 'access_denied');
    await srv.close();
  });

  it('times out and can be cancelled', async () => {
    const timed = await startLoopbackServer({ redirectUri: 'http://127.0.0.1:0/callback', expectedState: state, timeoutMs: 30 });
    await assert.rejects(timed.result, /Timed out/);
    await timed.close();
    const ac = new AbortController();
    const cancelled = await startLoopbackServer({ redirectUri: 'http://127.0.0.1:0/callback', expectedState: state, signal: ac.signal });
    ac.abort();
    await assert.rejects(cancelled.result, /cancelled/);
    await cancelled.close();
  });

  it('fails clearly when the registered port is taken', async () => {
    const first = await startLoopbackServer({ redirectUri: 'http://127.0.0.1:0/callback', expectedState: state });
    await assert.rejects(startLoopbackServer({ redirectUri: first.redirectUri, expectedState: state }), /EADDRINUSE/);
    await first.close();
  });
});
