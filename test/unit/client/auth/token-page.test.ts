import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { renderTokenBody, renderTokenGone, TOKEN_ACTIONS } from '../../../../client/auth/token-html';
import { tokenReport } from '../../../../client/auth/token-report';
import { livePageHtml } from '../../../../client/ui/webview-html';
import { sessionFromTokens, type StoredSession } from '../../../../core/oauth/session';
import { NA_EMAIL, signIn, startSim, type SimHandle } from '../../../integration/fleet-api/sim-fixture';
import { declaredCsp, INLINE_HANDLER } from '../ui/html-checks';

const seg = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

function page(body: string): string {
  return livePageHtml({
    title: 'Token',
    nonce: randomBytes(18).toString('base64'),
    cspSource: 'https://*.vscode-cdn.net',
    scriptUri: 'https://x.vscode-cdn.net/live-page.js',
    body,
    now: NOW,
  });
}

/** A session around a hand-made token (claims chosen by the test; the signature is a placeholder). */
function handMade(payload: Record<string, unknown>, over: Partial<StoredSession> = {}): StoredSession {
  return {
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
    accessToken: `${seg({ alg: 'RS256' })}.${seg(payload)}.c2lnbmF0dXJl`,
    refreshToken: 'EU_refresh_token_value_0123456789',
    expiresAt: NOW + 3_723_000,
    createdAt: NOW,
    refreshedAt: NOW,
    ...over,
  };
}

describe('Inspect Token page: a real simulator token', function () {
  this.timeout(30_000);
  let h: SimHandle;
  let session: StoredSession;
  let html: string;

  before(async () => {
    h = await startSim();
    const signed = await signIn(h, NA_EMAIL);
    const now = Date.now();
    session = sessionFromTokens(
      { accessToken: signed.accessToken, refreshToken: signed.refreshToken, idToken: undefined, tokenType: 'Bearer', expiresIn: 8 * 3600, scope: undefined },
      {
        id: 'sess-1',
        environment: 'simulator',
        tokenUrl: `${h.sim.urls.auth}/oauth2/v3/token`,
        clientId: h.sim.ready.clientId,
        requestedScopes: ['openid', 'offline_access', 'user_data', 'vehicle_device_data'],
        fleetUrls: h.sim.urls.fleet,
        now,
        label: NA_EMAIL,
      },
    );
    html = page(
      renderTokenBody(tokenReport(session, ['openid', 'offline_access', 'user_data', 'vehicle_device_data'], h.sim.urls.fleet), { now, locale: 'en' }),
    );
  });
  after(async () => h?.close());

  it('never contains the access token, any of its segments, its signature or the refresh token', () => {
    const [header, payload, signature] = session.accessToken.split('.') as [string, string, string];
    assert.ok(signature.length > 20, 'a real signature');
    for (const [what, secret] of Object.entries({ 'access token': session.accessToken, header, payload, signature, 'refresh token': session.refreshToken })) {
      assert.ok(!html.includes(secret), `the page contains the ${what}`);
    }
    assert.ok(!html.includes(h.sim.ready.clientSecret), 'the client secret');
    assert.doesNotMatch(html, /eyJ[A-Za-z0-9_-]{10,}/, 'no base64url JSON at all');
  });

  it('shows the decoded claims: subject, issuer, audiences, scopes as a list, region/ou_code, issued and expires', () => {
    // Tesla's access token carries `aud` as a list and the region in `ou_code` (vehicle-command pkg/account/account.go oauthPayload).
    const payload = JSON.parse(Buffer.from(session.accessToken.split('.')[1]!, 'base64url').toString('utf8')) as {
      sub: string;
      iss: string;
      aud: string[];
      scp: string[];
      ou_code: string;
    };
    assert.match(html, new RegExp(`<tr data-claim="sub"><th scope="row">Subject \\(sub\\)</th><td><code>${payload.sub}</code>`));
    assert.ok(html.includes(`<tr data-claim="iss"><th scope="row">Issuer (iss)</th><td>${payload.iss}</td>`), 'issuer');
    const aud = /<tr data-claim="aud">.*?<\/tr>/.exec(html)?.[0] ?? '';
    for (const a of payload.aud) assert.ok(aud.includes(`<li><code>${a}</code></li>`), `audience ${a}`);
    const scopes = /<ul class="plain" id="scopes">(.*?)<\/ul>/.exec(html)?.[1] ?? '';
    assert.deepEqual(
      [...scopes.matchAll(/<li><code>([^<]+)<\/code><\/li>/g)].map((m) => m[1]),
      payload.scp,
    );
    assert.match(html, new RegExp(`<tr data-claim="region"><th scope="row">Region</th><td>NA <span class="muted">\\(ou_code <code>${payload.ou_code}</code>`));
    assert.match(html, /<tr data-claim="iat"><th scope="row">Issued \(iat\)<\/th><td><time datetime="\d{4}-\d\d-\d\dT/);
    assert.match(html, /<tr data-claim="exp"><th scope="row">Expires \(exp\)<\/th><td><time datetime="\d{4}-\d\d-\d\dT/);
  });

  it('starts the live countdown at the session expiry, with the buttons the command offers', () => {
    assert.match(
      html,
      new RegExp(`<span id="token-expiry" role="timer" data-expires-at="${session.expiresAt}" data-level="ok">expires in 8 h 0 min 0 s</span>`),
    );
    assert.ok(html.includes(`data-action="${TOKEN_ACTIONS.copy}"`), 'Copy Access Token');
    assert.ok(html.includes(`data-action="${TOKEN_ACTIONS.refresh}"`), 'Refresh Now');
    assert.ok(!html.includes(`data-action="${TOKEN_ACTIONS.reconsent}"`), 'no Re-consent when nothing is missing');
    assert.match(html, /<p id="scopes-ok">All scopes Fleetkit uses are granted\.<\/p>/);
  });

  it('is a strict-CSP page: nonce on its one script, no inline handlers', () => {
    const csp = declaredCsp(html) ?? '';
    assert.match(csp, /^default-src 'none'; script-src 'nonce-[A-Za-z0-9+/]{24}'/);
    assert.equal([...html.matchAll(/<script\b/g)].length, 1);
    assert.doesNotMatch(html, INLINE_HANDLER);
  });
});

describe('Inspect Token page: hand-made claims', () => {
  it('escapes claim values: a <script> in a claim stays text', () => {
    const s = handMade(
      {
        sub: '<script>alert(1)</script>',
        iss: '"><img src=x onerror=alert(1)>',
        aud: ['https://fleet-api.prd.eu.vn.cloud.tesla.com', '<b>x</b>'],
        scp: ['openid', '<i>'],
        ou_code: 'EU',
        exp: NOW / 1000 + 3600,
      },
      { label: 'a<b>&"c' },
    );
    const html = page(renderTokenBody(tokenReport(s), { now: NOW, locale: 'en' }));
    assert.ok(html.includes('<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>'));
    assert.ok(html.includes('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(html.includes('<li><code>&lt;b&gt;x&lt;/b&gt;</code></li>'));
    assert.ok(html.includes('Tesla token — a&lt;b&gt;&amp;&quot;c'));
    assert.equal([...html.matchAll(/<script\b/g)].length, 1, "only the page's own script tag");
    assert.doesNotMatch(html, /<img|<b>|<i>/);
    assert.doesNotMatch(html, INLINE_HANDLER);
  });

  it('lists missing scopes with Re-consent and warns under 5 minutes', () => {
    const s = handMade(
      {
        sub: 'u-1',
        scp: ['openid', 'user_data', 'vehicle_device_data'],
        aud: ['https://fleet-api.prd.eu.vn.cloud.tesla.com'],
        ou_code: 'EU',
        exp: NOW / 1000 + 250,
        iss: 'https://auth.tesla.com/oauth2/v3/nts',
      },
      { expiresAt: NOW + 252_000 },
    );
    const r = tokenReport(s, ['openid', 'offline_access', 'user_data', 'vehicle_device_data', 'vehicle_cmds']);
    assert.deepEqual(r.missing, ['vehicle_cmds']);
    const html = renderTokenBody(r, { now: NOW });
    assert.match(html, /data-level="warning">expires in 4 min 12 s</);
    assert.match(html, /<div class="notice" id="missing-scopes" role="alert"><strong>Missing scopes:<\/strong> <code>vehicle_cmds<\/code>/);
    assert.ok(html.includes(`data-action="${TOKEN_ACTIONS.reconsent}">Re-consent (prompt_missing_scopes)</button>`));
    assert.match(html, /<tr data-scope="vehicle_cmds"><th scope="row"><code>vehicle_cmds<\/code><\/th><td class="missing">missing<\/td>/);
    assert.match(html, /Region<\/th><td>EU <span class="muted">\(ou_code <code>EU<\/code>; the claims point to EU \(from ou_code\+aud\)\)/);
    assert.ok(!html.includes(s.refreshToken));
  });

  it('says expired after expiry, and shows why when the token cannot be decoded (without the token)', () => {
    const expired = handMade({ sub: 'u-1', exp: NOW / 1000 - 10 }, { expiresAt: NOW - 10_000 });
    assert.match(renderTokenBody(tokenReport(expired), { now: NOW }), /data-level="expired">expired 10 s ago</);
    const broken = handMade({}, { accessToken: 'not-a-jwt-but-secret-looking-value' });
    const html = renderTokenBody(tokenReport(broken), { now: NOW });
    assert.match(html, /<p class="notice" id="claims-error">Could not decode the access token: JWT must have 3 segments, found 1<\/p>/);
    assert.ok(!html.includes('not-a-jwt-but-secret-looking-value'));
  });

  it('says so when the account was signed out', () => {
    assert.match(renderTokenGone('ada@example.com'), /id="token-gone">This account is no longer signed in/);
  });
});
