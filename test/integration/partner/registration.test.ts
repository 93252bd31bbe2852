import { strict as assert } from 'node:assert';
import { Agent, request } from 'undici';
import { startSimulator, defaultWorld, type RunningSimulator } from '../../../simulator/index';
import { SURFACES } from '../../../simulator/surfaces';
import { createPartnerSurface } from '../../../simulator/partner/surface';
import { PartnerRegistry } from '../../../simulator/partner/registry';
import { TokenClient } from '../../../core/oauth/token-client';
import { PartnerTokenCache } from '../../../core/oauth/partner-token-cache';
import { registerPartnerDomain, lookupPartnerKeys, pairingLink, type RegionEndpoint } from '../../../core/partner';
import { describeKeyObject } from '../../../core/checks/pem/key-info';
import { startPemFixture, type PemFixture } from '../checks/pem-fixture-server';

describe('partner registration against the simulator (real key download from the HTTPS fixture)', function () {
  let fx: PemFixture;
  let sim: RunningSimulator;
  let agent: Agent;
  let tokens: PartnerTokenCache;
  let regions: RegionEndpoint[];
  let localHex: string;
  const registry = new PartnerRegistry();

  before(async () => {
    fx = await startPemFixture();
    const world = defaultWorld();
    world.app.allowedOrigins = ['https://app.example.test'];
    const partner = createPartnerSurface({ download: { resolve: fx.resolve, ca: [fx.caPem], timeoutMs: 1000 }, registry });
    sim = await startSimulator({ world, surfaces: [...SURFACES.filter((s) => s.name !== 'partner'), partner] });
    agent = new Agent({ connect: { ca: sim.caPem! } });
    const tokenClient = new TokenClient({ tokenUrl: `${sim.urls.auth}/oauth2/v3/token`, clientId: sim.ready.clientId, dispatcher: agent });
    tokens = new PartnerTokenCache((audience) => tokenClient.clientCredentials({ clientSecret: sim.ready.clientSecret, audience }));
    regions = [
      { region: 'na', baseUrl: sim.urls.fleet.na },
      { region: 'eu', baseUrl: sim.urls.fleet.eu },
    ];
    localHex = describeKeyObject(fx.keys.good.privateKey).pointHex!;
  });
  after(async () => {
    await agent.close();
    await sim.close();
    await fx.close();
  });

  const opts = (domain: string, only?: RegionEndpoint[]) => ({
    domain,
    regions: only ?? regions,
    partnerToken: (a: string) => tokens.get(a),
    localKeyHex: localHex,
    dispatcher: agent,
  });

  it('nothing is on record before registering (404 per region)', async () => {
    const rows = await lookupPartnerKeys(opts(fx.host('good')));
    assert.deepEqual(
      rows.map((r) => [r.region, r.state, r.error?.status]),
      [
        ['na', 'not-registered', 404],
        ['eu', 'not-registered', 404],
      ],
    );
  });

  it('registers a well-hosted domain in NA only; EU stays unregistered', async () => {
    const [na] = await registerPartnerDomain(opts(fx.host('good'), [regions[0]]));
    assert.equal(na.state, 'registered', JSON.stringify(na.error));
    assert.equal(na.publicKeyHex, localHex);
    assert.equal(na.matchesLocal, true);
    assert.equal(registry.isRegistered('NA', sim.ready.clientId), true);
    assert.equal(registry.isRegistered('EU', sim.ready.clientId), false);
    const rows = await lookupPartnerKeys(opts(fx.host('good')));
    assert.deepEqual(
      rows.map((r) => r.state),
      ['registered', 'not-registered'],
    );
  });

  it('registers in both regions and reports matches_local per region', async () => {
    const rows = await registerPartnerDomain(opts(fx.host('good')));
    assert.deepEqual(
      rows.map((r) => [r.region, r.state, r.matchesLocal]),
      [
        ['na', 'registered', true],
        ['eu', 'registered', true],
      ],
    );
    assert.equal(pairingLink(fx.host('good')), 'https://tesla.com/_ak/good.example.test');
  });

  it('reports matches_local=false when the hosted key is not the local key', async () => {
    const [na] = await registerPartnerDomain(opts(fx.host('otherkey'), [regions[0]]));
    assert.equal(na.state, 'registered');
    assert.equal(na.matchesLocal, false);
    assert.notEqual(na.publicKeyHex, localHex);
  });

  for (const [site, re] of [
    ['r301', /unexpected status code 301 \(redirect to https:\/\/www\.r301\.example\.test/],
    ['notfound', /unexpected status code 404/],
    ['spa', /no PEM PUBLIC KEY block/],
    ['rsa', /must be EC prime256v1, got rsa/],
    ['p384', /got ec secp384r1/],
    ['ecprivate', /no PEM PUBLIC KEY block/],
    ['big', /too large/],
    ['selfsigned', /self.signed/i],
    ['expired', /expired/i],
    ['incomplete', /UNABLE_TO_VERIFY_LEAF_SIGNATURE|unable to verify/i],
    ['wrongname', /ERR_TLS_CERT_ALTNAME_INVALID|altnames/i],
    ['silent', /timeout/],
  ] as const) {
    it(`answers 424 when hosting is wrong: ${site}`, async () => {
      const [na] = await registerPartnerDomain(opts(fx.host(site), [regions[0]]));
      assert.equal(na.state, 'failed');
      assert.equal(na.error?.status, 424);
      assert.match(na.error!.message, /Public key download failed for https:\/\/.*\/\.well-known\/appspecific\/com\.tesla\.3p\.public-key\.pem, error: /);
      assert.match(na.error!.message, re);
      assert.match(na.error!.fix, /fleetkit check pem/);
      assert.ok(na.error!.txid, 'txid is kept');
    });
  }

  it('rejects a domain with a scheme, upper case, or outside the allowed origins (400)', async () => {
    for (const [domain, re] of [
      ['https://good.example.test', /without https:\/\//],
      ['Good.example.test', /lowercase/],
      ['good.example.org', /root domain of the application's allowed origins/],
    ] as const) {
      const [na] = await registerPartnerDomain(opts(domain, [regions[0]]));
      assert.equal(na.error?.status, 400, domain);
      assert.match(na.error!.message, re);
    }
  });

  it('refuses a request without a partner token (401)', async () => {
    const res = await request(`${sim.urls.fleet.na}/api/1/partner_accounts`, {
      method: 'POST',
      body: '{"domain":"good.example.test"}',
      headers: { 'content-type': 'application/json' },
      dispatcher: agent,
    });
    assert.equal(res.statusCode, 401);
    await res.body.text();
  });
});
