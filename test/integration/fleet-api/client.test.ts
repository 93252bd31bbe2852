import { strict as assert } from 'node:assert';
import { FleetApi } from '../../../core/fleet-api/api';
import { AsleepError, RateLimitedError, ReauthRequiredError } from '../../../core/fleet-api/errors';
import { RegionDirectory } from '../../../core/fleet-api/region';
import { wakeAndWait } from '../../../core/fleet-api/wake';
import { UsageLedger } from '../../../core/billing/ledger';
import { EU_EMAIL, NA_EMAIL, control, signIn, startSim, usage, type SimHandle } from './sim-fixture';

const ASLEEP_VIN = '7SAYGDEE1PF000002';
const ONLINE_VIN = '5YJ3E1EA8KF000001';
const OFFLINE_VIN = '7G2CEHED4RA000004';

describe('Fleet API client against the simulator', function () {
  let h: SimHandle;
  const apis: FleetApi[] = [];
  const api = (
    baseUrl: string,
    accountId: string,
    tokens: Parameters<typeof FleetApi.create>[0]['tokens'],
    ledger?: UsageLedger,
    extra: Partial<Parameters<typeof FleetApi.create>[0]> = {},
  ): FleetApi => {
    const a = FleetApi.create({
      baseUrl,
      accountId,
      tokens,
      dispatcher: h.dispatcher,
      regions: new RegionDirectory({ na: h.sim.urls.fleet.na, eu: h.sim.urls.fleet.eu }),
      onCall: ledger ? (e) => ledger.record(e) : undefined,
      retryBaseMs: 5,
      ...extra,
    });
    apis.push(a);
    return a;
  };

  afterEach(async () => {
    await Promise.all(apis.splice(0).map((a) => a.close()));
    await h?.close();
  });

  it('lists with paging and counts exactly what the simulator bills', async () => {
    h = await startSim();
    const me = await signIn(h, NA_EMAIL);
    const ledger = new UsageLedger();
    const a = api(h.sim.urls.fleet.na, me.accountId, me.tokens, ledger);
    const all = await a.vehicles.listAll({ perPage: 2 });
    assert.deepEqual(all.map((v) => v.vin).sort(), ['5YJ3E1EA8KF000001', '5YJSA1E24FF000003', '7G2CEHED4RA000004', '7SAYGDEE1PF000002']);
    const states = Object.fromEntries(all.map((v) => [v.vin, v.state]));
    assert.equal(states[ASLEEP_VIN], 'asleep');
    assert.equal(states[OFFLINE_VIN], 'offline');
    const sim = await usage(h, me.accountId);
    assert.equal(sim.data, 2, 'two pages, two billed data calls');
    assert.deepEqual(ledger.summary(me.accountId, Date.now()).counts, { data: sim.data, commands: sim.commands, wakes: sim.wakes, streaming: 0 });
  });

  it('408: vehicle_data on a sleeping car is an AsleepError, billed, and never wakes it', async () => {
    h = await startSim();
    const me = await signIn(h, NA_EMAIL);
    const ledger = new UsageLedger();
    const a = api(h.sim.urls.fleet.na, me.accountId, me.tokens, ledger);
    await assert.rejects(
      a.vehicles.vehicleData(ASLEEP_VIN),
      (e: unknown) => e instanceof AsleepError && e.status === 408 && typeof e.txid === 'string' && e.txid.length > 0,
    );
    const sim = await usage(h, me.accountId);
    assert.equal(sim.wakes, 0);
    assert.equal(sim.data, 1);
    assert.equal(sim.errors4xx, 1);
    assert.equal((await a.vehicles.vehicle(ASLEEP_VIN)).response.state, 'asleep', 'still asleep');
    assert.deepEqual(ledger.summary(me.accountId, Date.now()).counts, { data: 2, commands: 0, wakes: 0, streaming: 0 });
  });

  it('wake: one wake_up, polling until online, then vehicle_data with location_data', async () => {
    h = await startSim();
    const me = await signIn(h, NA_EMAIL);
    const a = api(h.sim.urls.fleet.na, me.accountId, me.tokens);
    const result = await wakeAndWait(a.vehicles, ASLEEP_VIN, { firstDelayMs: 100, maxDelayMs: 400, maxPolls: 10 });
    assert.equal(result.online, true);
    const data = await a.vehicles.vehicleData(ASLEEP_VIN, { endpoints: ['charge_state', 'drive_state', 'location_data', 'vehicle_config'] });
    assert.equal(typeof data.response.charge_state?.battery_level, 'number');
    assert.equal(typeof data.response.drive_state?.latitude, 'number');
    const sim = await usage(h, me.accountId);
    assert.equal(sim.wakes, 1);
  });

  it('wake on an offline car stops after the bounded number of polls', async () => {
    h = await startSim();
    const me = await signIn(h, NA_EMAIL);
    const a = api(h.sim.urls.fleet.na, me.accountId, me.tokens);
    const result = await wakeAndWait(a.vehicles, OFFLINE_VIN, { firstDelayMs: 20, maxDelayMs: 40, maxPolls: 3 });
    assert.equal(result.online, false);
    assert.equal(result.state, 'offline');
    const sim = await usage(h, me.accountId);
    assert.equal(sim.wakes, 1);
    assert.equal(sim.data, 3);
  });

  it('421: an EU user on the NA host is moved to EU once and the region is remembered', async () => {
    h = await startSim();
    const eu = await signIn(h, EU_EMAIL);
    const changes: string[] = [];
    const a = api(h.sim.urls.fleet.na, eu.accountId, eu.tokens, undefined, { onRegionChange: (r) => changes.push(r) });
    const list = await a.vehicles.listAll();
    assert.deepEqual(list.map((v) => v.vin).sort(), ['LRW3E7FA7MC000005', 'XP7YGCEK4PB000006']);
    assert.deepEqual(changes, ['eu']);
    assert.equal(a.client.baseUrl, h.sim.urls.fleet.eu);
    assert.equal((await a.users.region()).response.region.toLowerCase(), 'eu');
    assert.deepEqual(changes, ['eu'], 'no second switch');
  });

  it('401: an expired access token is refreshed once through the real token endpoint', async () => {
    h = await startSim();
    const me = await signIn(h, NA_EMAIL);
    const a = api(h.sim.urls.fleet.na, me.accountId, me.tokens);
    const first = me.tokens.current();
    await control(h, '/sim/clock', { advanceSeconds: 9 * 3600 });
    const res = await a.users.me();
    assert.equal(res.response.email, NA_EMAIL);
    assert.equal(me.tokens.refreshes, 1);
    assert.notEqual(me.tokens.current(), first);
  });

  it('401 after revocation: ReauthRequiredError after exactly one refresh attempt', async () => {
    h = await startSim();
    const me = await signIn(h, NA_EMAIL);
    const a = api(h.sim.urls.fleet.na, me.accountId, me.tokens);
    await control(h, `/sim/accounts/${encodeURIComponent(me.accountId)}/revoke`);
    await assert.rejects(a.users.me(), ReauthRequiredError);
    assert.equal(me.tokens.refreshes, 1);
  });

  it('429: Retry-After is surfaced and no further request is sent until it passes', async () => {
    h = await startSim((w) => {
      w.rateLimits.perAccount.data = { limit: 3, windowSeconds: 60 };
    });
    const me = await signIn(h, NA_EMAIL);
    const a = api(h.sim.urls.fleet.na, me.accountId, me.tokens);
    for (let i = 0; i < 3; i++) await a.vehicles.vehicle(ONLINE_VIN);
    let limited: RateLimitedError | undefined;
    await assert.rejects(a.vehicles.vehicle(ONLINE_VIN), (e: unknown) => {
      limited = e as RateLimitedError;
      return e instanceof RateLimitedError && !e.local;
    });
    assert.ok(limited!.retryAfterMs > 0 && limited!.retryAfterMs <= 60_000);
    const before = await usage(h, me.accountId);
    for (let i = 0; i < 5; i++) await assert.rejects(a.vehicles.list(), (e: unknown) => e instanceof RateLimitedError && e.local);
    const after = await usage(h, me.accountId);
    assert.equal(after.data, before.data, 'refused locally: nothing sent, nothing billed');
    assert.equal(before.byStatus['429'], 1);
  });

  it('fleet_status, nearby charging sites, options, drivers, release notes, specs and user endpoints answer', async () => {
    h = await startSim();
    const me = await signIn(h, NA_EMAIL);
    const a = api(h.sim.urls.fleet.na, me.accountId, me.tokens);
    const fs = (await a.vehicles.fleetStatus([ONLINE_VIN, ASLEEP_VIN])).response;
    assert.deepEqual(fs.key_paired_vins, [ONLINE_VIN]);
    assert.deepEqual(fs.unpaired_vins, [ASLEEP_VIN]);
    assert.equal(typeof fs.vehicle_info[ONLINE_VIN]?.firmware_version, 'string');
    assert.ok((await a.vehicles.nearbyChargingSites(ONLINE_VIN)).response);
    assert.ok((await a.vehicles.options(ONLINE_VIN)).response);
    assert.ok(Array.isArray((await a.vehicles.drivers(ONLINE_VIN)).response));
    assert.ok((await a.vehicles.releaseNotes(ONLINE_VIN)).response);
    assert.ok((await a.vehicles.specs(ONLINE_VIN)).response);
    assert.equal((await a.users.me()).response.email, NA_EMAIL);
    assert.equal((await a.users.region()).response.fleet_api_base_url.replace(/\/+$/, ''), h.sim.urls.fleet.na);
    assert.ok((await a.users.orders()).response);
    assert.ok((await a.users.featureConfig()).response);
    assert.equal(await a.health(), 'ok');
  });
});
