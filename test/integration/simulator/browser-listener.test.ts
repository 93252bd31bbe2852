/**
 * The simulator's browser listener: the pages a person opens (authorize + consent, the forwarding page, the pairing
 * page) on plain HTTP over loopback, so no browser stops on a certificate it does not know, while the token endpoint,
 * the Fleet API and /sim stay on the HTTPS hosts. And the ready line → endpoints the extension builds from it: authorize
 * opens on the browser listener, the code goes back to the HTTPS token endpoint with the simulator's CA.
 */
import { strict as assert } from 'node:assert';
import { request } from 'undici';
import { generatePrivateKey, exportPublicKeyPem, importPublicKey } from '../../../core/keys';
import { parseSimulatorReady, simulatorBrowserBase, simulatorEndpoints } from '../../../core/messages/simulator-ready';
import { createForwardState } from '../../../core/oauth/forward-state';
import { parseCallbackParams } from '../../../core/oauth/authorize';
import { completeAuthorization, prepareAuthorization } from '../../../core/oauth/sign-in';
import { chooseRedirectUri } from '../../../client/auth/redirect';
import type { AuthSettings } from '../../../client/auth/settings';
import { ALL_SCOPES, LOOPBACK, NA_ACCOUNT, pkcePair, startHarness, type Harness } from './helpers';

const FAMILY_Y = '7SAYGDEE1PF000002';

/** A plain HTTP request with no TLS options at all: what a browser that knows no private CA can do. */
async function plain(
  method: string,
  url: string,
  form?: Record<string, string>,
): Promise<{ status: number; location: string | undefined; text: string; type: string }> {
  const body = form ? new URLSearchParams(form).toString() : undefined;
  const res = await request(url, { method: method as 'GET', ...(body ? { body, headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}) });
  const location = res.headers.location;
  return {
    status: res.statusCode,
    location: typeof location === 'string' ? location : undefined,
    text: await res.body.text(),
    type: String(res.headers['content-type'] ?? ''),
  };
}

describe('simulator browser listener (plain HTTP for the pages a browser opens)', function () {
  this.timeout(60_000);
  let h: Harness;
  let browser: string;
  before(async () => {
    h = await startHarness({ autoConsent: false });
    browser = h.sim.urls.browser;
  });
  after(async () => h?.close());

  it('is a plain-HTTP loopback origin of its own, announced in the ready line; the other hosts stay HTTPS', () => {
    assert.ok(h.sim.caPem, 'the harness runs HTTPS');
    assert.match(browser, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(h.sim.ready.browser, browser);
    for (const other of [h.sim.urls.auth, h.sim.urls.fleet.na, h.sim.urls.fleet.eu]) {
      assert.match(other, /^https:\/\//);
      assert.notEqual(new URL(other).port, new URL(browser).port);
    }
    assert.ok(h.sim.ready.redirectUris.includes(`${browser}/fleetkit/callback`), 'its forwarding page is a registered redirect URI');
    assert.ok(h.sim.ready.redirectUris.includes(`${h.sim.urls.auth}/fleetkit/callback`), 'the auth host one still is');
  });

  it('serves authorize and the consent page over HTTP; Allow redirects with a code the HTTPS token endpoint exchanges', async () => {
    const { verifier, challenge } = pkcePair();
    const q = new URLSearchParams({
      response_type: 'code',
      client_id: h.sim.ready.clientId,
      redirect_uri: LOOPBACK,
      scope: ALL_SCOPES,
      state: 'st-browser',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const page = await plain('GET', `${browser}/oauth2/v3/authorize?${q}`);
    assert.equal(page.status, 200);
    assert.match(page.type, /text\/html/);
    assert.match(page.text, /Allow “Fleetkit Simulator App” to access your Tesla account\?/);
    // The form posts back to the same origin (a relative action), so the browser never leaves plain HTTP.
    assert.match(page.text, /<form method="post" action="\/oauth2\/v3\/authorize\/consent">/);
    const requestId = /name="request_id" value="([^"]+)"/.exec(page.text)![1]!;
    const decided = await plain('POST', `${browser}/oauth2/v3/authorize/consent`, {
      request_id: requestId,
      account: NA_ACCOUNT,
      decision: 'allow',
      scope_user_data: 'on',
    });
    assert.equal(decided.status, 302);
    const cb = new URL(decided.location!).searchParams;
    assert.equal(cb.get('state'), 'st-browser');
    assert.equal(cb.get('issuer'), `${h.sim.urls.auth}/oauth2/v3`, 'the issuer is the auth host, wherever the page was served');
    const t = await h.call('POST', `${h.sim.urls.auth}/oauth2/v3/token`, {
      form: {
        grant_type: 'authorization_code',
        client_id: h.sim.ready.clientId,
        client_secret: h.sim.ready.clientSecret,
        code: cb.get('code')!,
        redirect_uri: LOOPBACK,
        code_verifier: verifier,
        audience: h.sim.urls.fleet.na,
      },
    });
    assert.equal(t.status, 200, t.text);
    assert.equal((await h.call('GET', `${h.sim.urls.fleet.na}/api/1/users/me`, { token: t.json.access_token })).status, 200);
  });

  it('serves the forwarding page over HTTP: it sends the browser on to the editor callback in state', async () => {
    const editor = 'http://127.0.0.1:8800/callback?vscode-reqid=1&vscode-authority=fleetkit.fleetkit';
    const state = createForwardState(editor);
    const hop = await plain('GET', `${browser}/fleetkit/callback?code=NA_abc&state=${encodeURIComponent(state)}&issuer=x`);
    assert.equal(hop.status, 302);
    const to = new URL(hop.location!);
    assert.equal(to.origin + to.pathname, 'http://127.0.0.1:8800/callback');
    assert.equal(to.searchParams.get('code'), 'NA_abc');
    assert.equal(to.searchParams.get('state'), state);
    const refused = await plain('GET', `${browser}/fleetkit/callback?code=NA_abc&state=${encodeURIComponent(createForwardState('https://evil.example/cb'))}`);
    assert.equal(refused.status, 400, 'no open redirect on the browser listener either');
    assert.equal(refused.location, undefined);
  });

  it('serves the pairing page over HTTP: the owner approves a key (form) and the car lists it', async () => {
    const page = await plain('GET', `${browser}/_ak/fleetkit.local`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Add a virtual key for <code>fleetkit\.local<\/code>/);
    assert.match(page.text, new RegExp(`<option value="${FAMILY_Y}">`));
    const key = generatePrivateKey();
    const approved = await plain('POST', `${browser}/_ak/fleetkit.local`, { vin: FAMILY_Y, public_key: exportPublicKeyPem(key) });
    assert.equal(approved.status, 200);
    assert.match(approved.text, /id="paired"/);
    const protocol = await h.call('GET', `${h.sim.urls.auth}/sim/vehicles/${FAMILY_Y}/protocol`);
    assert.ok(protocol.json.response.paired_keys.includes(importPublicKey(exportPublicKeyPem(key)).toString('hex')));
  });

  it('serves nothing else: no token endpoint, Fleet API, discovery or /sim control over plain HTTP', async () => {
    const none = [
      ['POST', '/oauth2/v3/token'],
      ['GET', '/oauth2/v3/.well-known/openid-configuration'],
      ['GET', '/oauth2/v3/discovery/keys'],
      ['GET', '/api/1/vehicles'],
      ['GET', '/api/1/users/me'],
      ['GET', '/sim/world'],
      ['GET', '/sim/usage'],
      ['POST', `/sim/vehicles/${FAMILY_Y}/state`],
    ] as const;
    for (const [method, path] of none) {
      const r = await plain(method, `${browser}${path}`);
      assert.equal(r.status, 404, `${method} ${path} answered ${r.status} on the browser listener`);
    }
  });
});

describe("ready line → the extension's endpoints: authorize on the browser listener, token exchange over HTTPS", function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => (h = await startHarness({ autoConsent: true })));
  after(async () => h?.close());

  const settings: AuthSettings = {
    environment: 'simulator',
    clientId: '',
    redirectMode: 'uriHandler',
    redirectUri: '',
    loopbackRedirectUri: 'http://127.0.0.1:48123/callback',
    scopes: ['openid', 'offline_access', 'user_data', 'vehicle_device_data'],
    authBaseUrl: '',
    fleetBaseUrl: '',
  };

  it('signs in through the URI-handler path with only the browser pages on plain HTTP', async () => {
    const ready = parseSimulatorReady(JSON.stringify(h.sim.ready));
    assert.equal(ready.browser, h.sim.urls.browser);
    const endpoints = simulatorEndpoints(ready);
    assert.equal(endpoints.authorizeUrl, `${h.sim.urls.browser}/oauth2/v3/authorize`);
    assert.equal(endpoints.tokenUrl, `${h.sim.urls.auth}/oauth2/v3/token`);
    assert.equal(simulatorBrowserBase(ready), h.sim.urls.browser);
    const redirectUri = chooseRedirectUri(settings, ready);
    assert.equal(redirectUri, `${h.sim.urls.browser}/fleetkit/callback`, 'the forwarding page the browser can open');

    const editor = 'http://127.0.0.1:8800/stable/callback?vscode-reqid=3&vscode-authority=fleetkit.fleetkit';
    const state = createForwardState(editor);
    const pending = prepareAuthorization({ endpoints, clientId: ready.clientId, redirectUri, scopes: settings.scopes, state });
    // The browser's two hops, with no CA at all: authorize (auto-consent) → forwarding page → the editor.
    const toBounce = await plain('GET', pending.url);
    assert.equal(toBounce.status, 302, toBounce.text);
    assert.ok(toBounce.location!.startsWith(`${h.sim.urls.browser}/fleetkit/callback?`));
    const toEditor = await plain('GET', toBounce.location!);
    assert.equal(toEditor.status, 302, toEditor.text);
    const back = new URL(toEditor.location!);
    assert.equal(back.origin + back.pathname, 'http://127.0.0.1:8800/stable/callback');
    const callback = parseCallbackParams(back.searchParams, state);
    // The extension exchanges the code at the HTTPS token endpoint, trusting the simulator's CA only there.
    const session = await completeAuthorization({
      endpoints,
      environment: 'simulator',
      clientId: ready.clientId,
      clientSecret: ready.clientSecret,
      dispatcher: h.agent,
      pending,
      callback,
    });
    assert.equal(session.label, 'ada@example.com');
    assert.equal(session.fleetBaseUrl, h.sim.urls.fleet.na);
  });

  it('a ready line without "browser" (an older simulator) keeps every page on the auth host', () => {
    const { browser: _b, ...old } = h.sim.ready;
    const ready = parseSimulatorReady(JSON.stringify(old));
    assert.equal(ready.browser, undefined);
    assert.equal(simulatorEndpoints(ready).authorizeUrl, `${h.sim.urls.auth}/oauth2/v3/authorize`);
    assert.equal(simulatorBrowserBase(ready), h.sim.urls.auth);
    assert.equal(
      chooseRedirectUri(settings, { ...ready, redirectUris: old.redirectUris.filter((u) => !u.startsWith(h.sim.urls.browser)) }),
      `${h.sim.urls.auth}/fleetkit/callback`,
    );
    assert.throws(() => parseSimulatorReady(JSON.stringify({ ...old, browser: 42 })), /"browser" must be a URL string/);
    assert.throws(() => parseSimulatorReady(JSON.stringify({ ...old, browser: 'not a url' })), /browser URL is not a valid URL/);
  });
});
