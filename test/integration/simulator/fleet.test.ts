import { strict as assert } from 'node:assert';
import { connect } from 'node:tls';
import { defaultWorld } from '../../../simulator/index';
import { EU_ACCOUNT, NA_ACCOUNT, advance, signIn, startHarness, type Harness } from './helpers';

const Y = '7SAYGDEE1PF000002'; // NA, asleep, not paired
const M3 = '5YJ3E1EA8KF000001'; // NA, online, paired
const CLASSIC_S = '5YJSA1E24FF000003'; // NA, asleep, legacy (no protocol)
const TRUCK = '7G2CEHED4RA000004'; // NA, offline
const BERLIN = 'LRW3E7FA7MC000005'; // EU, online

describe('simulator fleet hosts: users and vehicles (issues 4 and 5)', () => {
  let h: Harness;
  let na: string;
  let eu: string;
  let naToken: string;
  let euToken: string;
  before(async () => {
    h = await startHarness();
    na = h.sim.urls.fleet.na;
    eu = h.sim.urls.fleet.eu;
    naToken = (await signIn(h)).access_token;
    euToken = (await signIn(h, { loginHint: EU_ACCOUNT, audience: eu })).access_token;
  });
  after(async () => h?.close());
  const get = (url: string, token = naToken) => h.call('GET', url, { token });
  const usage = async (account = NA_ACCOUNT) => (await h.call('GET', `${na}/sim/usage?account=${account}`)).json.response;

  describe('users', () => {
    it('GET /status answers ok without auth, with a txid header', async () => {
      const r = await h.call('GET', `${eu}/status`);
      assert.equal(r.status, 200);
      assert.equal(r.text, 'ok');
      assert.match(String(r.headers['x-txid']), /^[0-9a-f]{32}$/);
    });

    it('users/me and users/region in the home region', async () => {
      const me = await get(`${na}/api/1/users/me`);
      assert.equal(me.status, 200);
      assert.equal(me.json.response.email, 'ada@example.com');
      assert.equal(me.json.response.full_name, 'Ada Owner');
      const region = await get(`${eu}/api/1/users/region`);
      assert.equal(region.status, 200, 'users/region answers in any region');
      assert.deepEqual(region.json.response, { region: 'na', fleet_api_base_url: na });
    });

    it('wrong region → 421 "user out of region, use base URL" with Alt-Svc', async () => {
      const r = await get(`${eu}/api/1/users/me`);
      assert.equal(r.status, 421);
      assert.equal(r.json.response, null);
      assert.equal(r.json.error, `user out of region, use base URL: ${na}`);
      assert.equal(r.headers['alt-svc'], `h2="${new URL(na).host}"; ma=86400`);
      const r2 = await get(`${na}/api/1/vehicles`, euToken);
      assert.equal(r2.status, 421);
      assert.equal(r2.json.error, `user out of region, use base URL: ${eu}`);
    });

    it('orders and feature_config', async () => {
      const orders = await get(`${na}/api/1/users/orders`);
      assert.equal(orders.json.response.length, 4);
      assert.ok(orders.json.response.every((o: { vin: string }) => o.vin.length === 17));
      const fc = await get(`${na}/api/1/users/feature_config`);
      assert.equal(fc.json.response.signaling.enabled, true);
    });

    it('401 for a missing, malformed or foreign bearer token; 403 for a missing scope', async () => {
      assert.equal((await h.call('GET', `${na}/api/1/users/me`)).status, 401);
      assert.equal((await h.call('GET', `${na}/api/1/users/me`, { headers: { authorization: 'Basic abc' } })).status, 401);
      const forged = naToken.split('.').slice(0, 2).join('.') + '.' + Buffer.alloc(64).toString('base64url');
      const r = await get(`${na}/api/1/users/me`, forged);
      assert.equal(r.status, 401);
      assert.equal(r.json.error_description, 'invalid bearer token');
      const narrow = (await signIn(h, { scope: 'openid offline_access vehicle_device_data' })).access_token;
      const denied = await get(`${na}/api/1/users/me`, narrow);
      assert.equal(denied.status, 403);
      assert.equal(denied.json.error, 'Unauthorized missing scopes');
    });
  });

  describe('vehicles', () => {
    it('lists with paging', async () => {
      const all = await get(`${na}/api/1/vehicles`);
      assert.equal(all.json.count, 4);
      assert.deepEqual(all.json.pagination, { previous: null, next: null, current: 1, per_page: 100, count: 4, pages: 1 });
      const p2 = await get(`${na}/api/1/vehicles?page=2&per_page=3`);
      assert.equal(p2.json.response.length, 1);
      assert.deepEqual(p2.json.pagination, { previous: 1, next: null, current: 2, per_page: 3, count: 4, pages: 2 });
      const p1 = await get(`${na}/api/1/vehicles?page=1&per_page=3`);
      assert.equal(p1.json.pagination.next, 2);
      const vins = [...p1.json.response, ...p2.json.response].map((v: { vin: string }) => v.vin);
      assert.equal(new Set(vins).size, 4);
      const states = Object.fromEntries(all.json.response.map((v: { vin: string; state: string }) => [v.vin, v.state]));
      assert.deepEqual(states, { [M3]: 'online', [Y]: 'asleep', [CLASSIC_S]: 'asleep', [TRUCK]: 'offline' });
      assert.equal((await get(`${na}/api/1/vehicles?per_page=0`)).status, 400);
      assert.equal((await get(`${na}/api/1/vehicles?page=abc`)).status, 400);
    });

    it('GET a vehicle by VIN or id; other accounts’ cars are 404', async () => {
      const byVin = await get(`${na}/api/1/vehicles/${M3}`);
      assert.equal(byVin.status, 200);
      const byId = await get(`${na}/api/1/vehicles/${byVin.json.response.id}`);
      assert.equal(byId.json.response.vin, M3);
      assert.equal(byId.json.response.id_s, String(byVin.json.response.id));
      assert.equal((await get(`${na}/api/1/vehicles/${BERLIN}`)).status, 404);
    });

    it('vehicle_data returns the requested sections; location only with location_data and the scope', async () => {
      const r = await get(`${na}/api/1/vehicles/${M3}/vehicle_data?endpoints=charge_state;climate_state;location_data`);
      assert.equal(r.status, 200);
      const d = r.json.response;
      assert.equal(typeof d.charge_state.battery_level, 'number');
      assert.equal(typeof d.climate_state.inside_temp, 'number');
      assert.equal(d.drive_state.latitude, 37.4925);
      assert.equal(d.vehicle_state, undefined);
      const noLoc = await get(`${na}/api/1/vehicles/${M3}/vehicle_data?endpoints=drive_state`);
      assert.equal(noLoc.json.response.drive_state.latitude, undefined);
      assert.ok('shift_state' in noLoc.json.response.drive_state);
      const noScope = (await signIn(h, { scope: 'openid offline_access vehicle_device_data' })).access_token;
      const denied = await get(`${na}/api/1/vehicles/${M3}/vehicle_data?endpoints=location_data`, noScope);
      assert.equal(denied.status, 200);
      assert.equal(denied.json.response.drive_state.latitude, undefined);
      const all = await get(`${na}/api/1/vehicles/${M3}/vehicle_data`);
      for (const s of ['charge_state', 'climate_state', 'closures_state', 'drive_state', 'gui_settings', 'vehicle_config', 'vehicle_state']) {
        assert.ok(all.json.response[s], s);
      }
      assert.equal((await get(`${na}/api/1/vehicles/${M3}/vehicle_data?endpoints=charge_state;bogus`)).status, 400);
    });

    it('asleep → 408 (billed); wake_up takes wakeSeconds; the list never wakes; idle cars fall asleep', async () => {
      const before = await usage();
      const r = await get(`${na}/api/1/vehicles/${Y}/vehicle_data`);
      assert.equal(r.status, 408);
      assert.match(r.json.error, /vehicle is offline or asleep/);
      await get(`${na}/api/1/vehicles`);
      await get(`${na}/api/1/vehicles/${Y}`);
      const mid = await usage();
      assert.equal(mid.data - before.data, 3);
      assert.equal(mid.errors4xx - before.errors4xx, 1);
      assert.equal(mid.wakes, before.wakes, 'list and vehicle calls never wake');
      assert.equal((await get(`${na}/api/1/vehicles/${Y}`)).json.response.state, 'asleep');

      const wake = await h.call('POST', `${na}/api/1/vehicles/${Y}/wake_up`, { token: naToken });
      assert.equal(wake.status, 200);
      assert.equal(wake.json.response.state, 'asleep', 'still waking');
      assert.equal((await usage()).wakes, before.wakes + 1);
      await advance(h, 3);
      assert.equal((await get(`${na}/api/1/vehicles/${Y}`)).json.response.state, 'online');
      assert.equal((await get(`${na}/api/1/vehicles/${Y}/vehicle_data`)).status, 200);
      await advance(h, 901);
      assert.equal((await get(`${na}/api/1/vehicles/${Y}`)).json.response.state, 'asleep');
    });

    it('offline cars never wake', async () => {
      const w = await h.call('POST', `${na}/api/1/vehicles/${TRUCK}/wake_up`, { token: naToken });
      assert.equal(w.json.response.state, 'offline');
      await advance(h, 120);
      assert.equal((await get(`${na}/api/1/vehicles/${TRUCK}`)).json.response.state, 'offline');
      assert.equal((await get(`${na}/api/1/vehicles/${TRUCK}/vehicle_data`)).status, 408);
    });

    it('fleet_status reports pairing and vehicle_info', async () => {
      const r = await h.call('POST', `${na}/api/1/vehicles/fleet_status`, { token: naToken, json: { vins: [M3, Y, CLASSIC_S, BERLIN] } });
      assert.equal(r.status, 200);
      assert.deepEqual(r.json.response.key_paired_vins, [M3]);
      assert.deepEqual(r.json.response.unpaired_vins, [Y, CLASSIC_S, BERLIN]);
      assert.equal(r.json.response.vehicle_info[M3].vehicle_command_protocol_required, true);
      assert.equal(r.json.response.vehicle_info[CLASSIC_S].vehicle_command_protocol_required, false);
      assert.equal(r.json.response.vehicle_info[M3].firmware_version, '2024.44.25.3');
      assert.equal(r.json.response.vehicle_info[BERLIN], undefined);
      assert.equal((await h.call('POST', `${na}/api/1/vehicles/fleet_status`, { token: naToken, json: { vins: 'x' } })).status, 400);
    });

    it('nearby charging sites, options, drivers, release notes, specs', async () => {
      await h.call('POST', `${na}/sim/vehicles/${M3}/wake`);
      const sites = await get(`${na}/api/1/vehicles/${M3}/nearby_charging_sites?count=2&detail=true`);
      assert.equal(sites.status, 200);
      assert.equal(sites.json.response.superchargers.length, 2);
      assert.ok(sites.json.response.superchargers[0].distance_miles <= sites.json.response.superchargers[1].distance_miles);
      assert.equal(typeof sites.json.response.superchargers[0].amenities, 'string');
      assert.equal((await get(`${na}/api/1/vehicles/${CLASSIC_S}/nearby_charging_sites`)).status, 408);
      const opts = await get(`${na}/api/1/dx/vehicles/options?vin=${M3}`);
      assert.ok(opts.json.response.codes.some((c: { code: string }) => c.code === '$MDL3'));
      assert.equal((await get(`${na}/api/1/dx/vehicles/options`)).status, 400);
      assert.deepEqual((await get(`${na}/api/1/vehicles/${M3}/drivers`)).json, { response: [], count: 0 });
      const notes = await get(`${na}/api/1/vehicles/${M3}/release_notes`);
      assert.equal(notes.json.response.release_notes[0].customer_version, '2024.44.25.3');
      const specs = await get(`${na}/api/1/vehicles/${CLASSIC_S}/specs`);
      assert.equal(specs.json.response.model_name, 'Model S');
      assert.equal(specs.json.response.year, 2015);
    });

    it('/sim control endpoints steer state that vehicle_data then reports', async () => {
      const set = await h.call('POST', `${na}/sim/vehicles/${M3}/state`, {
        json: { connectivity: 'online', patch: { charge_state: { battery_level: 17, charging_state: 'Charging' }, vehicle_state: { locked: false } } },
      });
      assert.equal(set.status, 200);
      const d = await get(`${na}/api/1/vehicles/${M3}/vehicle_data?endpoints=charge_state;vehicle_state`);
      assert.equal(d.json.response.charge_state.battery_level, 17);
      assert.equal(d.json.response.charge_state.charging_state, 'Charging');
      assert.equal(d.json.response.vehicle_state.locked, false);
      assert.equal((await h.call('POST', `${na}/sim/vehicles/${M3}/state`, { json: { connectivity: 'napping' } })).status, 400);
      assert.equal((await h.call('POST', `${na}/sim/vehicles/${M3}/state`, { json: { patch: { secret_state: {} } } })).status, 400);
      await h.call('POST', `${na}/sim/vehicles/${M3}/sleep`);
      assert.equal((await get(`${na}/api/1/vehicles/${M3}`)).json.response.state, 'asleep');
    });

    it('usage lists every account and resets', async () => {
      const all = (await h.call('GET', `${eu}/sim/usage`)).json.response;
      assert.ok(all.accounts[NA_ACCOUNT].data > 0);
      assert.equal(all.accounts[EU_ACCOUNT].email, 'emil@example.eu');
      assert.ok(all.totals.data >= all.accounts[NA_ACCOUNT].data);
      await h.call('DELETE', `${eu}/sim/usage`);
      assert.equal((await usage()).data, 0);
    });
  });

  describe('robustness', () => {
    it('malformed bodies get envelopes, never a crash', async () => {
      const url = `${na}/api/1/vehicles/fleet_status`;
      const cases: Array<[{ body?: string; headers?: Record<string, string> }, number]> = [
        [{ body: '{"vins": [', headers: { 'content-type': 'application/json' } }, 400],
        [{ body: '[1,2]', headers: { 'content-type': 'application/json' } }, 400],
        [{ body: 'vins=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 406],
        [{ body: 'x'.repeat(70 * 1024), headers: { 'content-type': 'application/json' } }, 413],
        [{ body: '\u0000\u0001', headers: { 'content-type': 'application/json' } }, 400],
      ];
      for (const [opts, status] of cases) {
        const r = await h.call('POST', url, { token: naToken, ...opts });
        assert.equal(r.status, status, opts.body?.slice(0, 20));
        assert.equal(r.json.response, null);
      }
      assert.equal((await h.call('GET', `${na}/nope`)).status, 404);
      const m = await h.call('PUT', `${na}/status`);
      assert.equal(m.status, 405);
      assert.equal(m.headers.allow, 'GET');
      assert.equal((await h.call('GET', `${na}/api/1/vehicles/%E0%A4%A`, { token: naToken })).status, 404);
    });

    it('survives raw garbage on the TLS socket', async () => {
      const { port } = new URL(na);
      await new Promise<void>((resolve, reject) => {
        const s = connect({ host: '127.0.0.1', port: Number(port), ca: h.sim.caPem!, servername: 'localhost' }, () => s.write('NOT HTTP AT ALL\r\n\r\n'));
        s.on('data', () => undefined);
        s.on('end', resolve);
        s.on('close', () => resolve());
        s.on('error', reject);
      });
      assert.equal((await h.call('GET', `${na}/status`)).text, 'ok');
    });
  });
});

describe('simulator rate limits (world file)', () => {
  let h: Harness;
  let token: string;
  before(async () => {
    const world = defaultWorld();
    world.rateLimits.perVehicle.data = { limit: 3, windowSeconds: 60 };
    world.rateLimits.perAccount.data = { limit: 8, windowSeconds: 60 };
    h = await startHarness({ world });
    token = (await signIn(h)).access_token;
  });
  after(async () => h?.close());

  it('429 with Retry-After per vehicle, then per account; resets with the window', async () => {
    const url = (vin: string) => `${h.sim.urls.fleet.na}/api/1/vehicles/${vin}/vehicle_data`;
    for (let i = 0; i < 3; i++) assert.equal((await h.call('GET', url(M3), { token })).status, 200);
    const limited = await h.call('GET', url(M3), { token });
    assert.equal(limited.status, 429);
    assert.equal(limited.json.error, 'too_many_requests');
    const retry = Number(limited.headers['retry-after']);
    assert.ok(retry >= 1 && retry <= 60, String(retry));
    assert.equal(limited.headers['ratelimit-limit'], '3');
    assert.equal(limited.headers['ratelimit-remaining'], '0');
    // Another vehicle still has its own budget (asleep → 408, still counted against the account).
    assert.equal((await h.call('GET', url(Y), { token })).status, 408);
    // Account budget: 8 per minute (4 used on vehicle calls + the 429 itself doesn't consume).
    let status = 0;
    let n = 0;
    while (n < 10 && status !== 429) {
      status = (await h.call('GET', `${h.sim.urls.fleet.na}/api/1/vehicles`, { token })).status;
      n++;
    }
    assert.equal(status, 429);
    assert.equal(n, 4, 'account limit reached after 8 data calls in the window');
    const u = (await h.call('GET', `${h.sim.urls.fleet.na}/sim/usage?account=${NA_ACCOUNT}`)).json.response;
    assert.equal(u.byStatus['429'], 2, '429s are billable');
    await advance(h, retry + 60);
    assert.equal((await h.call('GET', url(M3), { token })).status, 200);
  });
});
