import assert from 'node:assert/strict';
import { chooseRedirectUri, externalBrowserUrl, RedirectConfigError } from '../../../../client/auth/redirect';
import type { AuthSettings } from '../../../../client/auth/settings';
import { tokenReport } from '../../../../client/auth/token-report';
import type { StoredSession } from '../../../../core/oauth/session';

const settings: AuthSettings = {
  environment: 'tesla',
  clientId: 'cid',
  redirectMode: 'uriHandler',
  redirectUri: '',
  loopbackRedirectUri: 'http://127.0.0.1:48123/callback',
  scopes: ['openid', 'offline_access'],
  fleetBaseUrl: '',
  authBaseUrl: '',
};
const sim = {
  auth: 'https://127.0.0.1:8440',
  fleet: { na: 'https://127.0.0.1:8441', eu: 'https://127.0.0.1:8442' },
  clientId: 'fleetkit-sim-client',
  clientSecret: 'ta-secret.x',
  redirectUris: ['http://127.0.0.1:48123/callback', 'http://localhost:48123/callback', 'https://127.0.0.1:8440/fleetkit/callback'],
  ca: null,
};

describe('client/auth redirect URI choice', () => {
  it("uses the simulator's forwarding page in URI-handler mode and its loopback URI in loopback mode", () => {
    assert.equal(chooseRedirectUri(settings, sim), 'https://127.0.0.1:8440/fleetkit/callback');
    assert.equal(chooseRedirectUri({ ...settings, redirectMode: 'loopback' }, sim), 'http://127.0.0.1:48123/callback');
    assert.equal(
      chooseRedirectUri({ ...settings, redirectMode: 'loopback', loopbackRedirectUri: 'http://localhost:48123/callback' }, sim),
      'http://localhost:48123/callback',
    );
    assert.equal(
      chooseRedirectUri({ ...settings, redirectMode: 'loopback', loopbackRedirectUri: 'http://127.0.0.1:1/cb' }, sim),
      'http://127.0.0.1:48123/callback',
    );
  });

  it("prefers the forwarding page on the simulator's plain-HTTP browser listener (no certificate warning in the browser)", () => {
    const withBrowser = { ...sim, browser: 'http://127.0.0.1:8443', redirectUris: [...sim.redirectUris, 'http://127.0.0.1:8443/fleetkit/callback'] };
    assert.equal(chooseRedirectUri(settings, withBrowser), 'http://127.0.0.1:8443/fleetkit/callback');
    // A world that registers no forwarding page on the browser listener keeps the auth host's.
    assert.equal(chooseRedirectUri(settings, { ...withBrowser, redirectUris: sim.redirectUris }), 'https://127.0.0.1:8440/fleetkit/callback');
    assert.equal(chooseRedirectUri({ ...settings, redirectMode: 'loopback' }, withBrowser), 'http://127.0.0.1:48123/callback');
  });

  it('with Tesla needs a registered https forwarding page, or a loopback URI', () => {
    assert.throws(
      () => chooseRedirectUri(settings, undefined),
      (e: unknown) => e instanceof RedirectConfigError && /fleetkit\.auth\.redirectUri/.test(e.message),
    );
    assert.throws(() => chooseRedirectUri({ ...settings, redirectUri: 'http://example.com/cb' }, undefined), /https/);
    assert.equal(chooseRedirectUri({ ...settings, redirectUri: 'https://fleetkit.example.com/cb' }, undefined), 'https://fleetkit.example.com/cb');
    assert.equal(chooseRedirectUri({ ...settings, redirectMode: 'loopback' }, undefined), 'http://127.0.0.1:48123/callback');
    assert.throws(
      () => chooseRedirectUri({ ...settings, redirectMode: 'loopback', loopbackRedirectUri: 'http://example.com:80/cb' }, undefined),
      RedirectConfigError,
    );
  });
});

describe('client/auth browser URL in web hosts', () => {
  it('sidesteps the port-proxy rewrite only for 127.0.0.1 in web hosts', () => {
    const url = 'http://127.0.0.1:8440/oauth2/v3/authorize?a=1';
    assert.equal(externalBrowserUrl(url, true), 'http://127.0.0.1.:8440/oauth2/v3/authorize?a=1');
    assert.equal(new URL(externalBrowserUrl(url, true)).href, url, 'the browser sees the same URL');
    assert.equal(externalBrowserUrl(url, false), url);
    assert.equal(externalBrowserUrl('https://auth.tesla.com/oauth2/v3/authorize', true), 'https://auth.tesla.com/oauth2/v3/authorize');
  });
});

describe('client/auth token report', () => {
  const seg = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);
  const access = `${seg({ alg: 'RS256' })}.${seg({ sub: 'u-1', scp: ['openid', 'user_data', 'vehicle_device_data'], aud: ['https://fleet-api.prd.eu.vn.cloud.tesla.com'], ou_code: 'EU', exp: now / 1000 + 3600, iss: 'https://auth.tesla.com/oauth2/v3/nts' })}.c2ln`;
  const session: StoredSession = {
    id: 's',
    accountId: 'u-1',
    label: 'emil@example.eu',
    environment: 'tesla',
    tokenUrl: 'https://x/oauth2/v3/token',
    clientId: 'cid',
    scopes: ['openid', 'user_data', 'vehicle_device_data'],
    requestedScopes: ['openid', 'offline_access', 'user_data', 'vehicle_device_data', 'vehicle_cmds'],
    region: 'eu',
    fleetBaseUrl: 'https://fleet-api.prd.eu.vn.cloud.tesla.com',
    audiences: ['https://fleet-api.prd.eu.vn.cloud.tesla.com'],
    accessToken: access,
    refreshToken: 'EU_refresh_token_value_0123456789',
    expiresAt: now + 3_723_000,
    createdAt: now,
    refreshedAt: now,
  };

  it('holds scopes, missing ones, region, audience and expiry — never the raw tokens (it goes to a webview)', () => {
    const r = tokenReport(session, ['openid', 'offline_access', 'user_data', 'vehicle_device_data', 'vehicle_cmds']);
    assert.deepEqual(r.missing, ['vehicle_cmds']);
    assert.equal(r.region, 'eu');
    assert.equal(r.expiresAt, now + 3_723_000);
    assert.deepEqual(r.claims?.audiences, ['https://fleet-api.prd.eu.vn.cloud.tesla.com']);
    assert.deepEqual(r.claims?.scopes, ['openid', 'user_data', 'vehicle_device_data']);
    assert.deepEqual(r.claims?.regionGuess, { region: 'eu', source: 'ou_code+aud' });
    assert.equal(r.claims?.issuer, 'https://auth.tesla.com/oauth2/v3/nts');
    assert.equal(r.scopeNeeds.find((f) => f.scope === 'vehicle_cmds')?.granted, false);
    assert.ok(r.granted.includes('offline_access'), 'asked for at sign-in: Tesla does not always list it in scp');
    const json = JSON.stringify(r);
    assert.ok(!json.includes(access));
    assert.ok(!json.includes(access.split('.')[1]!));
    assert.ok(!json.includes(access.split('.')[2]!));
    assert.ok(!json.includes(session.refreshToken));
  });
});
