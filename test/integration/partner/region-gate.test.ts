import { strict as assert } from 'node:assert';
import { request } from 'undici';
import { FleetApi } from '../../../core/fleet-api/api';
import { PreconditionFailedError } from '../../../core/fleet-api/errors';
import { RegionDirectory } from '../../../core/fleet-api/region';
import { TokenClient } from '../../../core/oauth/token-client';
import { PartnerTokenCache } from '../../../core/oauth/partner-token-cache';
import { registerPartnerDomain } from '../../../core/partner';
import { describeError } from '../../../core/errors/describe-error';
import { defaultWorld } from '../../../simulator/index';
import { createPartnerSurface } from '../../../simulator/partner/surface';
import { startPemFixture, type PemFixture } from '../checks/pem-fixture-server';
import { EU_EMAIL, NA_EMAIL, signIn, startSimOn, type SimHandle } from '../fleet-api/sim-fixture';
import { replaceSurfaces } from '../../support/simulator';

/** Tesla's 412 "must be registered in the current region", answered by the simulator's request pipeline. */
describe('simulator: 412 until the partner domain is registered in the fleet host region', function () {
  let fx: PemFixture;
  let h: SimHandle;
  const apis: FleetApi[] = [];

  async function start(requirePartnerRegistration: boolean | undefined): Promise<void> {
    const world = defaultWorld();
    world.app.allowedOrigins = ['https://app.example.test'];
    if (requirePartnerRegistration !== undefined) world.app.requirePartnerRegistration = requirePartnerRegistration;
    const partner = createPartnerSurface({ download: { resolve: fx.resolve, ca: [fx.caPem], timeoutMs: 1000 } });
    h = await startSimOn(world, replaceSurfaces(partner));
  }

  const api = (baseUrl: string, accountId: string, tokens: Parameters<typeof FleetApi.create>[0]['tokens']): FleetApi => {
    const a = FleetApi.create({
      baseUrl,
      accountId,
      tokens,
      dispatcher: h.dispatcher,
      regions: new RegionDirectory({ na: h.sim.urls.fleet.na, eu: h.sim.urls.fleet.eu }),
      retryBaseMs: 5,
    });
    apis.push(a);
    return a;
  };

  async function registerIn(region: 'na' | 'eu'): Promise<void> {
    const tokenClient = new TokenClient({ tokenUrl: `${h.sim.urls.auth}/oauth2/v3/token`, clientId: h.sim.ready.clientId, dispatcher: h.dispatcher });
    const tokens = new PartnerTokenCache((audience) => tokenClient.clientCredentials({ clientSecret: h.sim.ready.clientSecret, audience }));
    const [row] = await registerPartnerDomain({
      domain: fx.host('good'),
      regions: [{ region, baseUrl: region === 'na' ? h.sim.urls.fleet.na : h.sim.urls.fleet.eu }],
      partnerToken: (a: string) => tokens.get(a),
      dispatcher: h.dispatcher,
    });
    assert.equal(row.state, 'registered', JSON.stringify(row.error));
  }

  before(async () => {
    fx = await startPemFixture();
  });
  after(async () => {
    await fx.close();
  });
  afterEach(async () => {
    await Promise.all(apis.splice(0).map((a) => a.close()));
    await h?.close();
  });

  it("answers Tesla's 412 envelope on vehicles and users for an app with no registration in that region", async () => {
    await start(true);
    const me = await signIn(h, EU_EMAIL);
    for (const path of ['/api/1/vehicles', '/api/1/users/me']) {
      const res = await request(`${h.sim.urls.fleet.eu}${path}`, { headers: { authorization: `Bearer ${me.accessToken}` }, dispatcher: h.dispatcher });
      const body = (await res.body.json()) as Record<string, unknown>;
      assert.equal(res.statusCode, 412, path);
      assert.equal(body.response, null);
      assert.equal(body.error, `Account ${me.accountId} must be registered in the current region`);
      assert.match(String(body.error_description), /partner_accounts/);
      assert.match(String(body.txid), /^[0-9a-f]{32}$/);
    }
  });

  it('core/fleet-api maps it to "Register your partner domain in the EU region"; registering in EU lifts it, NA alone does not', async () => {
    await start(true);
    const me = await signIn(h, EU_EMAIL);
    const eu = api(h.sim.urls.fleet.eu, me.accountId, me.tokens);
    await registerIn('na');
    const err = await eu.vehicles.list().then(
      () => assert.fail('expected a 412'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof PreconditionFailedError, String(err));
    assert.equal(err.needsPartnerRegistration, true);
    const text = describeError(err, { region: 'eu' });
    assert.match(text.message, /^Register your partner domain in the EU region/);
    assert.ok(text.actions.includes('registerPartner'));

    await registerIn('eu');
    const page = await eu.vehicles.list();
    assert.ok(page.vehicles.length > 0);
  });

  it('NA users work once NA is registered, and the partner endpoints themselves are never gated', async () => {
    await start(true);
    const me = await signIn(h, NA_EMAIL);
    const na = api(h.sim.urls.fleet.na, me.accountId, me.tokens);
    await assert.rejects(na.vehicles.list(), PreconditionFailedError);
    await registerIn('na');
    assert.ok((await na.vehicles.list()).vehicles.length > 0);
  });

  it('the embedded default world (flag absent) serves user calls without a registration', async () => {
    await start(undefined);
    const me = await signIn(h, EU_EMAIL);
    const eu = api(h.sim.urls.fleet.eu, me.accountId, me.tokens);
    assert.ok((await eu.vehicles.list()).vehicles.length > 0);
  });
});
