import { strict as assert } from 'node:assert';
import { LOOPBACK, authorize, pkcePair, startHarness, type Harness } from './helpers';

function stateFor(target: string): string {
  return `r4nd0m_-Xy.${Buffer.from(JSON.stringify({ r: target })).toString('base64url')}`;
}

describe('simulator bounce redirect page (/fleetkit/callback)', () => {
  let h: Harness;
  let bounceUri: string;
  before(async () => {
    h = await startHarness();
    bounceUri = `${h.sim.urls.auth}/fleetkit/callback`;
  });
  after(async () => h?.close());

  it('is an allowed redirect URI, and the full flow lands on the editor URL with code and state', async () => {
    assert.ok(h.sim.ready.redirectUris.includes(bounceUri));
    const editor = 'http://localhost:8080/callback?vscode-reqid=7&vscode-scheme=code-oss&vscode-authority=fleetkit.fleetkit&vscode-path=%2Fauth';
    const state = stateFor(editor);
    const { verifier, challenge } = pkcePair();
    const cb = await authorize(h, { redirect_uri: bounceUri, state, code_challenge: challenge, code_challenge_method: 'S256' });
    assert.equal(cb.get('state'), state);
    const hop = await h.call('GET', `${bounceUri}?${cb.toString()}&extra=dropped`);
    assert.equal(hop.status, 302);
    const landed = new URL(String(hop.headers.location));
    assert.equal(landed.origin, 'http://localhost:8080');
    assert.equal(landed.pathname, '/callback');
    assert.equal(landed.searchParams.get('vscode-reqid'), '7', 'the editor URL keeps its own query');
    assert.equal(landed.searchParams.get('vscode-path'), '/auth');
    assert.equal(landed.searchParams.get('code'), cb.get('code'));
    assert.equal(landed.searchParams.get('state'), state);
    assert.equal(landed.searchParams.get('issuer'), `${h.sim.urls.auth}/oauth2/v3`);
    assert.equal(landed.searchParams.get('extra'), null);
    // The code is then exchanged with the bounce page as redirect_uri.
    const t = await h.call('POST', `${h.sim.urls.auth}/oauth2/v3/token`, {
      form: {
        grant_type: 'authorization_code',
        client_id: h.sim.ready.clientId,
        client_secret: h.sim.ready.clientSecret,
        code: cb.get('code')!,
        redirect_uri: bounceUri,
        code_verifier: verifier,
        audience: h.sim.urls.fleet.na,
      },
    });
    assert.equal(t.status, 200);
  });

  it('forwards to editor schemes and loopback, and forwards errors too', async () => {
    for (const target of [
      'vscode://fleetkit.fleetkit/auth',
      'vscode-insiders://fleetkit.fleetkit/auth?x=1',
      'http://127.0.0.1:9999/cb',
      'http://[::1]:9999/cb',
      'https://localhost/cb',
    ]) {
      const r = await h.call('GET', `${bounceUri}?error=access_denied&state=${encodeURIComponent(stateFor(target))}`);
      assert.equal(r.status, 302, target);
      const loc = new URL(String(r.headers.location));
      assert.equal(loc.protocol, new URL(target).protocol);
      assert.equal(loc.searchParams.get('error'), 'access_denied');
    }
  });

  it('never forwards anywhere else, and rejects states without a target', async () => {
    for (const target of [
      'https://evil.example/cb',
      'http://127.0.0.1.evil.example/cb',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'http://user:pw@localhost/cb',
      'data:text/html,hi',
    ]) {
      const r = await h.call('GET', `${bounceUri}?code=NA_x&state=${encodeURIComponent(stateFor(target))}`);
      assert.equal(r.status, 400, target);
      assert.equal(r.headers.location, undefined);
    }
    for (const state of ['', 'plain', 'a.b.c', `x.${Buffer.from('not json').toString('base64url')}`, `x.${Buffer.from('{"r":5}').toString('base64url')}`]) {
      const r = await h.call('GET', `${bounceUri}?code=NA_x&state=${encodeURIComponent(state)}`);
      assert.equal(r.status, 400, state);
    }
  });

  it('the loopback redirect stays a plain exact-match URI', async () => {
    const cb = await authorize(h, { redirect_uri: LOOPBACK });
    assert.ok(cb.get('code'));
  });
});
