import assert from 'node:assert/strict';
import { applyOverrides, TESLA_ENDPOINTS } from '../../../core/config/environments';
import { findReadyLine, parseSimulatorReady, simulatorBrowserBase, simulatorEndpoints } from '../../../core/messages/simulator-ready';

const ready = {
  auth: 'https://127.0.0.1:4430/',
  fleet: { na: 'https://127.0.0.1:4431', eu: 'https://127.0.0.1:4432/' },
  clientId: 'sim-client',
  clientSecret: 'sim-secret',
  redirectUris: ['http://localhost:8085/callback', 'https://127.0.0.1:4430/redirect'],
  ca: '/tmp/ca.pem',
};

describe('config/simulator ready line and environments', () => {
  it('parses the ready line into simulator endpoints', () => {
    const r = parseSimulatorReady(JSON.stringify({ ...ready, extra: 1 }));
    const e = simulatorEndpoints(r);
    assert.equal(e.name, 'simulator');
    assert.equal(e.authorizeUrl, 'https://127.0.0.1:4430/oauth2/v3/authorize');
    assert.equal(e.tokenUrl, 'https://127.0.0.1:4430/oauth2/v3/token');
    assert.deepEqual(e.fleetUrls, { na: 'https://127.0.0.1:4431', eu: 'https://127.0.0.1:4432' });
    assert.equal(e.caPath, '/tmp/ca.pem');
  });

  it('opens authorize on the browser listener the ready line announces; the token endpoint stays on the auth host', () => {
    const r = parseSimulatorReady(JSON.stringify({ ...ready, browser: 'http://127.0.0.1:4433/' }));
    assert.equal(r.browser, 'http://127.0.0.1:4433/');
    const e = simulatorEndpoints(r);
    assert.equal(e.authorizeUrl, 'http://127.0.0.1:4433/oauth2/v3/authorize');
    assert.equal(e.tokenUrl, 'https://127.0.0.1:4430/oauth2/v3/token');
    assert.equal(simulatorBrowserBase(r), 'http://127.0.0.1:4433/');
    // An older simulator without "browser": everything on the auth host.
    assert.equal(simulatorBrowserBase(parseSimulatorReady(JSON.stringify(ready))), 'https://127.0.0.1:4430/');
    // The auth base URL override still moves both (a user pointing Fleetkit at another auth host).
    assert.equal(applyOverrides(e, { authBaseUrl: 'https://auth.example.test' }).authorizeUrl, 'https://auth.example.test/oauth2/v3/authorize');
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['not JSON', 'hello', /not JSON/],
    ['array', [], /not a JSON object/],
    ['no auth', { ...ready, auth: undefined }, /auth/],
    ['bad auth URL', { ...ready, auth: 'nope' }, /not a valid URL/],
    ['no fleet', { ...ready, fleet: {} }, /no fleet region/],
    ['no secret', { ...ready, clientSecret: '' }, /clientSecret/],
    ['bad redirect list', { ...ready, redirectUris: 'x' }, /redirectUris/],
    ['bad ca', { ...ready, ca: 5 }, /ca/],
    ['browser not a string', { ...ready, browser: 5 }, /"browser" must be a URL string/],
    ['bad browser URL', { ...ready, browser: 'ftp://127.0.0.1:1' }, /browser URL must be http\(s\)/],
  ];
  for (const [name, value, re] of bad) {
    it(`refuses a ready line: ${name}`, () => {
      assert.throws(() => parseSimulatorReady(typeof value === 'string' ? value : JSON.stringify(value)), re);
    });
  }

  it('finds the ready line among other output', () => {
    const out = `starting\n{"not":"it"}\n${JSON.stringify({ ...ready, ca: null })}\nmore`;
    assert.equal(findReadyLine(out)?.clientId, 'sim-client');
    assert.equal(findReadyLine(out)?.ca, null);
    assert.equal(findReadyLine('nothing'), undefined);
  });

  it('applies base-URL overrides', () => {
    const e = applyOverrides(TESLA_ENDPOINTS, { fleetBaseUrl: 'https://localhost:4443/', authBaseUrl: 'https://auth.example.test' });
    assert.deepEqual(e.fleetUrls, { na: 'https://localhost:4443', eu: 'https://localhost:4443', cn: 'https://localhost:4443' });
    assert.equal(e.tokenUrl, 'https://auth.example.test/oauth2/v3/token');
    assert.throws(() => applyOverrides(TESLA_ENDPOINTS, { fleetBaseUrl: 'ftp://x' }), /http/);
    assert.equal(applyOverrides(TESLA_ENDPOINTS, {}), TESLA_ENDPOINTS);
  });
});
