import { strict as assert } from 'node:assert';
import { verify, createPublicKey } from 'node:crypto';
import {
  ALL_SCOPES,
  EU_ACCOUNT,
  LOOPBACK,
  NA_ACCOUNT,
  advance,
  authorize,
  authorizeUrl,
  decodeJwt,
  pkcePair,
  signIn,
  startHarness,
  type Harness,
} from './helpers';

describe('simulator auth surface over HTTPS (issue 4)', function () {
  let h: Harness;
  before(async () => (h = await startHarness()));
  after(async () => h?.close());

  const token = (form: Record<string, string>) => h.call('POST', `${h.sim.urls.auth}/oauth2/v3/token`, { form });
  const codeForm = (code: string, extra: Record<string, string | undefined> = {}): Record<string, string> => {
    const base: Record<string, string | undefined> = {
      grant_type: 'authorization_code',
      client_id: h.sim.ready.clientId,
      client_secret: h.sim.ready.clientSecret,
      code,
      redirect_uri: LOOPBACK,
      audience: h.sim.urls.fleet.na,
      ...extra,
    };
    return Object.fromEntries(Object.entries(base).filter(([, v]) => v !== undefined)) as Record<string, string>;
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test helpers read loosely typed JSON
  const expectEnvelope = (r: { status: number; json: any; headers: Record<string, unknown> }, status: number, error: string) => {
    assert.equal(r.status, status, JSON.stringify(r.json));
    assert.equal(r.json.response, null);
    assert.equal(r.json.error, error);
    assert.equal(typeof r.json.error_description, 'string');
    assert.match(r.json.txid, /^[0-9a-f]{32}$/);
    assert.equal(r.headers['x-txid'], r.json.txid);
  };

  describe('GET /oauth2/v3/authorize', () => {
    it('redirects with code (NA_ prefix), state, issuer and locale', async () => {
      const cb = await authorize(h, { locale: 'de-DE' });
      assert.match(cb.get('code')!, /^NA_[A-Za-z0-9_-]{20,}$/);
      assert.equal(cb.get('state'), 'st-123');
      assert.equal(cb.get('issuer'), `${h.sim.urls.auth}/oauth2/v3`);
      assert.equal(cb.get('locale'), 'de-DE');
    });

    it('issues EU_ codes for the EU account (login_hint)', async () => {
      const cb = await authorize(h, { login_hint: 'emil@example.eu' });
      assert.match(cb.get('code')!, /^EU_/);
    });

    it('rejects an unknown or missing client_id without redirecting', async () => {
      expectEnvelope(await h.call('GET', authorizeUrl(h, { client_id: 'nope' })), 400, 'unauthorized_client');
      expectEnvelope(await h.call('GET', authorizeUrl(h, { client_id: undefined })), 400, 'invalid_request');
    });

    it('requires an exact redirect_uri match', async () => {
      for (const uri of [`${LOOPBACK}/`, LOOPBACK.replace('48123', '48124'), LOOPBACK.toUpperCase(), 'https://evil.example/callback']) {
        expectEnvelope(await h.call('GET', authorizeUrl(h, { redirect_uri: uri })), 400, 'invalid_redirect_url');
      }
      expectEnvelope(await h.call('GET', authorizeUrl(h, { redirect_uri: undefined })), 400, 'invalid_redirect_url');
    });

    it('sends scope, state, response_type and PKCE errors back to the redirect_uri', async () => {
      const cases: Array<[Record<string, string | undefined>, string]> = [
        [{ scope: 'openid vehicle_everything' }, 'invalid_scope'],
        [{ scope: undefined }, 'invalid_scope'],
        [{ state: undefined }, 'invalid_request'],
        [{ response_type: 'token' }, 'unsupported_response_type'],
        [{ code_challenge: pkcePair().challenge, code_challenge_method: 'plain' }, 'invalid_request'],
        [{ code_challenge: 'short', code_challenge_method: 'S256' }, 'invalid_request'],
      ];
      for (const [params, error] of cases) {
        const r = await h.call('GET', authorizeUrl(h, params));
        assert.equal(r.status, 302, JSON.stringify(params));
        const loc = new URL(String(r.headers.location));
        assert.equal(`${loc.origin}${loc.pathname}`, LOOPBACK);
        assert.equal(loc.searchParams.get('error'), error, JSON.stringify(params));
        assert.equal(loc.searchParams.get('code'), null);
        if (params.state === undefined && 'state' in params) assert.equal(loc.searchParams.get('state'), null);
        else assert.equal(loc.searchParams.get('state'), 'st-123');
      }
    });
  });

  describe('authorization_code grant', () => {
    it('mints a signed JWT with sub, scp, aud, ou_code, exp (8 h) and a NA_ refresh token', async () => {
      const t = await signIn(h);
      assert.equal(t.expires_in, 28800);
      assert.match(t.refresh_token, /^NA_/);
      const claims = decodeJwt(t.access_token);
      assert.equal(claims.sub, NA_ACCOUNT);
      assert.deepEqual(claims.scp, ALL_SCOPES.split(' '));
      assert.equal(claims.ou_code, 'NA');
      assert.ok(claims.aud.includes(h.sim.urls.fleet.na) && claims.aud.includes(h.sim.urls.fleet.eu));
      assert.equal(claims.exp - claims.iat, 28800);
      assert.equal(claims.iss, `${h.sim.urls.auth}/oauth2/v3/nts`);
      // The signature verifies with the published JWKS key.
      const jwks = (await h.call('GET', `${h.sim.urls.auth}/oauth2/v3/discovery/keys`)).json;
      const [head, body, sig] = t.access_token.split('.');
      const key = createPublicKey({ key: jwks.keys[0], format: 'jwk' });
      assert.ok(verify('sha256', Buffer.from(`${head}.${body}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(sig, 'base64url')));
      assert.equal(decodeJwt(t.id_token!).sub, NA_ACCOUNT);
    });

    it('gives the EU account an EU token', async () => {
      const t = await signIn(h, { loginHint: EU_ACCOUNT, audience: h.sim.urls.fleet.eu });
      assert.equal(decodeJwt(t.access_token).ou_code, 'EU');
      assert.match(t.refresh_token, /^EU_/);
    });

    it('omits the refresh token without offline_access', async () => {
      const t = await signIn(h, { scope: 'openid user_data' });
      assert.equal(t.refresh_token, undefined);
      assert.ok(t.access_token);
    });

    it('requires audience, a Fleet API base URL', async () => {
      const cb = await authorize(h);
      expectEnvelope(await token(codeForm(cb.get('code')!, { audience: undefined })), 400, 'invalid_request');
      const cb2 = await authorize(h);
      const r = await token(codeForm(cb2.get('code')!, { audience: 'https://example.com' }));
      expectEnvelope(r, 400, 'invalid_request');
      assert.match(r.json.error_description, /audience must be a Fleet API base URL/);
    });

    it('rejects a wrong or missing client_secret and an unknown client_id', async () => {
      const cb = await authorize(h);
      expectEnvelope(await token(codeForm(cb.get('code')!, { client_secret: 'wrong' })), 400, 'unauthorized_client');
      expectEnvelope(await token(codeForm(cb.get('code')!, { client_secret: undefined })), 400, 'invalid_request');
      expectEnvelope(await token(codeForm(cb.get('code')!, { client_id: 'other' })), 400, 'unauthorized_client');
      expectEnvelope(await token(codeForm(cb.get('code')!, { client_id: undefined })), 400, 'invalid_request');
      // None of those consumed the code.
      assert.equal((await token(codeForm(cb.get('code')!))).status, 200);
    });

    it('rejects a redirect_uri different from the authorize request', async () => {
      const cb = await authorize(h);
      expectEnvelope(await token(codeForm(cb.get('code')!, { redirect_uri: 'http://localhost:48123/callback' })), 400, 'invalid_redirect_url');
    });

    it('checks the PKCE code_verifier', async () => {
      const { verifier, challenge } = pkcePair();
      const cb = await authorize(h, { code_challenge: challenge, code_challenge_method: 'S256' });
      expectEnvelope(await token(codeForm(cb.get('code')!)), 400, 'invalid_request');
      const cb2 = await authorize(h, { code_challenge: challenge, code_challenge_method: 'S256' });
      expectEnvelope(await token(codeForm(cb2.get('code')!, { code_verifier: pkcePair().verifier })), 400, 'invalid_grant');
      const cb3 = await authorize(h, { code_challenge: challenge, code_challenge_method: 'S256' });
      assert.equal((await token(codeForm(cb3.get('code')!, { code_verifier: verifier }))).status, 200);
    });

    it('codes are single use; a replay also revokes the grant it minted', async () => {
      const cb = await authorize(h);
      const first = await token(codeForm(cb.get('code')!));
      assert.equal(first.status, 200);
      const again = await token(codeForm(cb.get('code')!));
      expectEnvelope(again, 400, 'invalid_auth_code');
      assert.match(again.json.error_description, /already been used/);
      const refresh = await token({ grant_type: 'refresh_token', client_id: h.sim.ready.clientId, refresh_token: first.json.refresh_token });
      expectEnvelope(refresh, 401, 'login_required');
      const me = await h.call('GET', `${h.sim.urls.fleet.na}/api/1/users/me`, { token: first.json.access_token });
      assert.equal(me.status, 401);
    });

    it('codes expire', async () => {
      const cb = await authorize(h);
      await advance(h, 601);
      const r = await token(codeForm(cb.get('code')!));
      expectEnvelope(r, 400, 'invalid_auth_code');
      assert.match(r.json.error_description, /expired/);
    });

    it('rejects unknown grant types, missing grant_type, an unknown code and non-form bodies', async () => {
      expectEnvelope(await token({ grant_type: 'password', client_id: h.sim.ready.clientId }), 400, 'unsupported_grant_type');
      expectEnvelope(await token({ client_id: h.sim.ready.clientId }), 400, 'invalid_request');
      expectEnvelope(await token(codeForm('NA_doesnotexist')), 400, 'invalid_auth_code');
      expectEnvelope(
        await h.call('POST', `${h.sim.urls.auth}/oauth2/v3/token`, { body: '{"grant_type":', headers: { 'content-type': 'application/json' } }),
        400,
        'invalid_request',
      );
      expectEnvelope(
        await h.call('POST', `${h.sim.urls.auth}/oauth2/v3/token`, {
          body: 'grant_type=a&grant_type=b',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }),
        400,
        'invalid_request',
      );
      expectEnvelope(
        await h.call('POST', `${h.sim.urls.auth}/oauth2/v3/token`, { body: 'x', headers: { 'content-type': 'text/plain' } }),
        400,
        'invalid_request',
      );
    });
  });

  describe('refresh_token grant', () => {
    const refresh = (rt: string) => token({ grant_type: 'refresh_token', client_id: h.sim.ready.clientId, refresh_token: rt });
    const me = (at: string) => h.call('GET', `${h.sim.urls.fleet.na}/api/1/users/me`, { token: at });

    it('rotates, keeps the used token for a retry, then login_required once the successor is used', async () => {
      const t0 = await signIn(h);
      const r1 = await refresh(t0.refresh_token);
      assert.equal(r1.status, 200);
      assert.match(r1.json.refresh_token, /^NA_/);
      assert.notEqual(r1.json.refresh_token, t0.refresh_token);
      // The refresh invalidated the access token minted before it.
      assert.equal((await me(t0.access_token)).status, 401);
      assert.equal((await me(r1.json.access_token)).status, 200);
      // Lost response: the same refresh token works again within the grace period.
      const retry = await refresh(t0.refresh_token);
      assert.equal(retry.status, 200);
      assert.equal((await me(r1.json.access_token)).status, 401, 'the retry killed the earlier access token');
      // Using the successor retires its parent and the parent's other children.
      const r2 = await refresh(retry.json.refresh_token);
      assert.equal(r2.status, 200);
      expectEnvelope(await refresh(t0.refresh_token), 401, 'login_required');
      expectEnvelope(await refresh(r1.json.refresh_token), 401, 'login_required');
      assert.equal((await me(r2.json.access_token)).status, 200);
    });

    it('/sim/usage counts token-endpoint calls per grant (for single-flight refresh tests)', async () => {
      await h.call('DELETE', `${h.sim.urls.auth}/sim/usage`);
      const t0 = await signIn(h);
      await Promise.all([refresh(t0.refresh_token), refresh(t0.refresh_token), refresh('NA_bogus')]);
      const auth = (await h.call('GET', `${h.sim.urls.auth}/sim/usage`)).json.response.auth;
      assert.deepEqual(auth.refresh_token, { requests: 3, errors: 1 });
      assert.deepEqual(auth.authorization_code, { requests: 1, errors: 0 });
    });

    it('the grace period ends after 24 h', async () => {
      const t0 = await signIn(h);
      const r1 = await refresh(t0.refresh_token);
      assert.equal(r1.status, 200);
      await advance(h, 86401);
      expectEnvelope(await refresh(t0.refresh_token), 401, 'login_required');
      assert.equal((await refresh(r1.json.refresh_token)).status, 200, 'the unused successor still works');
    });

    it('rejects unknown tokens, another client, a wrong secret and revoked accounts', async () => {
      expectEnvelope(await refresh('NA_nope'), 401, 'login_required');
      const t0 = await signIn(h);
      expectEnvelope(await token({ grant_type: 'refresh_token', client_id: 'other', refresh_token: t0.refresh_token }), 400, 'unauthorized_client');
      expectEnvelope(
        await token({ grant_type: 'refresh_token', client_id: h.sim.ready.clientId, client_secret: 'bad', refresh_token: t0.refresh_token }),
        400,
        'unauthorized_client',
      );
      expectEnvelope(await token({ grant_type: 'refresh_token', client_id: h.sim.ready.clientId }), 400, 'invalid_request');
      const rev = await h.call('POST', `${h.sim.urls.auth}/sim/accounts/${NA_ACCOUNT}/revoke`);
      assert.ok(rev.json.response.revoked_grants >= 1);
      expectEnvelope(await refresh(t0.refresh_token), 401, 'login_required');
      assert.equal((await me(t0.access_token)).status, 401);
    });
  });

  describe('client_credentials grant (partner token)', () => {
    const cc = (extra: Record<string, string | undefined> = {}) =>
      token(
        Object.fromEntries(
          Object.entries({
            grant_type: 'client_credentials',
            client_id: h.sim.ready.clientId,
            client_secret: h.sim.ready.clientSecret,
            audience: h.sim.urls.fleet.eu,
            ...extra,
          }).filter(([, v]) => v !== undefined),
        ) as Record<string, string>,
      );

    it('mints a regional partner token without a refresh token', async () => {
      const r = await cc({ scope: 'openid vehicle_device_data' });
      assert.equal(r.status, 200);
      assert.equal(r.json.refresh_token, undefined);
      const claims = decodeJwt(r.json.access_token);
      assert.deepEqual(claims.aud, [h.sim.urls.fleet.eu]);
      assert.equal(claims.ou_code, 'EU');
      assert.deepEqual(claims.scp, ['openid', 'vehicle_device_data']);
      // A partner token cannot call user endpoints, nor another region's host.
      assert.equal((await h.call('GET', `${h.sim.urls.fleet.eu}/api/1/users/me`, { token: r.json.access_token })).status, 403);
      assert.equal((await h.call('GET', `${h.sim.urls.fleet.na}/api/1/users/me`, { token: r.json.access_token })).status, 401);
    });

    it('requires the secret and an audience, and only enabled scopes', async () => {
      expectEnvelope(await cc({ client_secret: undefined }), 400, 'invalid_request');
      expectEnvelope(await cc({ client_secret: 'bad' }), 400, 'unauthorized_client');
      expectEnvelope(await cc({ audience: undefined }), 400, 'invalid_request');
      expectEnvelope(await cc({ scope: 'openid teleport' }), 400, 'invalid_scope');
    });
  });

  it('serves OIDC discovery', async () => {
    const r = await h.call('GET', `${h.sim.urls.auth}/oauth2/v3/thirdparty/.well-known/openid-configuration`);
    assert.equal(r.json.token_endpoint, `${h.sim.urls.auth}/oauth2/v3/token`);
    assert.deepEqual(r.json.code_challenge_methods_supported, ['S256']);
  });
});

describe('simulator consent page and token TTL', () => {
  let h: Harness;
  before(async () => (h = await startHarness({ autoConsent: false, tokenTtlSeconds: 60 })));
  after(async () => h?.close());

  it('shows a consent page with an Allow button; the chosen account and scopes are granted', async () => {
    const page = await h.call('GET', authorizeUrl(h, {}));
    assert.equal(page.status, 200);
    assert.match(String(page.headers['content-type']), /text\/html/);
    assert.match(page.text, /<button[^>]*value="allow"[^>]*>Allow<\/button>/);
    const requestId = /name="request_id" value="([^"]+)"/.exec(page.text)![1];
    const form: Record<string, string> = {
      request_id: requestId,
      account: EU_ACCOUNT,
      decision: 'allow',
      scope_user_data: 'on',
      scope_vehicle_device_data: 'on',
    };
    const r = await h.call('POST', `${h.sim.urls.auth}/oauth2/v3/authorize/consent`, { form });
    assert.equal(r.status, 302);
    const cb = new URL(String(r.headers.location)).searchParams;
    assert.match(cb.get('code')!, /^EU_/);
    assert.equal(cb.get('state'), 'st-123');
    const t = await h.call('POST', `${h.sim.urls.auth}/oauth2/v3/token`, {
      form: {
        grant_type: 'authorization_code',
        client_id: h.sim.ready.clientId,
        client_secret: h.sim.ready.clientSecret,
        code: cb.get('code')!,
        redirect_uri: LOOPBACK,
        audience: h.sim.urls.fleet.eu,
      },
    });
    assert.equal(t.status, 200);
    assert.equal(t.json.expires_in, 60);
    assert.deepEqual(decodeJwt(t.json.access_token).scp, ['openid', 'offline_access', 'user_data', 'vehicle_device_data']);
    // The request id is single use.
    assert.equal((await h.call('POST', `${h.sim.urls.auth}/oauth2/v3/authorize/consent`, { form })).status, 400);
    // --token-ttl: after 60 s the access token is refused.
    assert.equal((await h.call('GET', `${h.sim.urls.fleet.eu}/api/1/users/me`, { token: t.json.access_token })).status, 200);
    await advance(h, 61);
    const expired = await h.call('GET', `${h.sim.urls.fleet.eu}/api/1/users/me`, { token: t.json.access_token });
    assert.equal(expired.status, 401);
    assert.match(expired.json.error_description, /expired/);
  });

  it('require_requested_scopes=true grants everything requested, whatever the form says', async () => {
    const page = await h.call('GET', authorizeUrl(h, { require_requested_scopes: 'true', scope: 'openid offline_access user_data vehicle_location' }));
    assert.doesNotMatch(page.text, /name="scope_/, 'no scope can be unticked');
    const requestId = /name="request_id" value="([^"]+)"/.exec(page.text)![1];
    const r = await h.call('POST', `${h.sim.urls.auth}/oauth2/v3/authorize/consent`, {
      form: { request_id: requestId, account: NA_ACCOUNT, decision: 'allow' },
    });
    const code = new URL(String(r.headers.location)).searchParams.get('code')!;
    const t = await h.call('POST', `${h.sim.urls.auth}/oauth2/v3/token`, {
      form: {
        grant_type: 'authorization_code',
        client_id: h.sim.ready.clientId,
        client_secret: h.sim.ready.clientSecret,
        code,
        redirect_uri: LOOPBACK,
        audience: h.sim.urls.fleet.na,
      },
    });
    assert.deepEqual(decodeJwt(t.json.access_token).scp, ['openid', 'offline_access', 'user_data', 'vehicle_location']);
  });

  it('Deny redirects with access_denied', async () => {
    const page = await h.call('GET', authorizeUrl(h, {}));
    const requestId = /name="request_id" value="([^"]+)"/.exec(page.text)![1];
    const r = await h.call('POST', `${h.sim.urls.auth}/oauth2/v3/authorize/consent`, { form: { request_id: requestId, decision: 'deny' } });
    const cb = new URL(String(r.headers.location)).searchParams;
    assert.equal(cb.get('error'), 'access_denied');
    assert.equal(cb.get('state'), 'st-123');
  });
});
