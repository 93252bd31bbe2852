/**
 * Params as Tesla's code takes them (teslamotors/vehicle-command pkg/proxy/command.go), end to end against the
 * simulator over HTTPS: the legacy REST route reads the proxy's spellings, and our signer's payloads land on the
 * car with Tesla's meaning (official parental settings, day mask, departure clearing, optional temperatures).
 */
import assert from 'node:assert/strict';
import { type KeyObject } from 'node:crypto';
import { commandClient, FleetApiCommandTransport, MemorySessionStore, VehicleCommandClient } from '../../../core/command-protocol';
import { generatePrivateKey } from '../../../core/keys';
import { defaultWorld } from '../../../simulator/index';
import { signIn, startHarness, type Harness } from '../simulator/helpers';

const COMMUTER = '5YJ3E1EA8KF000001'; // Model 3 2019, online, key pre-paired
const LEGACY_S = '5YJSA1E24FF000003'; // Model S 2015: REST commands

describe('Tesla-shaped params over HTTPS (simulator)', function () {
  this.timeout(60_000);
  let h: Harness;
  let token: string;
  let key: KeyObject;
  let client: VehicleCommandClient;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test helpers read loosely typed JSON
  const sim = async (method: string, path: string, json?: unknown): Promise<any> => {
    const r = await h.call(method, `${h.sim.urls.fleet.na}${path}`, json === undefined ? {} : { json });
    assert.equal(r.status, 200, `${method} ${path}: ${r.text}`);
    return r.json.response;
  };
  const state = async (vin: string): Promise<any> => (await sim('GET', `/sim/vehicles/${vin}`)).state; // eslint-disable-line @typescript-eslint/no-explicit-any
  const rest = (vin: string, name: string, json: Record<string, unknown>) =>
    h.call('POST', `${h.sim.urls.fleet.na}/api/1/vehicles/${vin}/command/${name}`, { token, json });

  before(async () => {
    h = await startHarness({ world: defaultWorld() });
    token = (await signIn(h)).access_token;
    key = generatePrivateKey();
    client = new VehicleCommandClient({
      privateKey: key,
      transport: new FleetApiCommandTransport(commandClient({ baseUrl: h.sim.urls.fleet.na, tokens: token, dispatcher: h.agent })),
      sessionStore: new MemorySessionStore(),
      retryDelayMs: 10,
    });
    await sim('POST', `/sim/vehicles/${LEGACY_S}/wake`);
  });
  after(async () => {
    await h?.close();
  });

  it('legacy REST command/{name}: days_of_week in the proxy spellings; a name the proxy refuses is a 400', async () => {
    // pkg/proxy/command.go dayNamesBitMask: TUES = 4, THURS = 16; names any case, spaces allowed.
    const ok = await rest(LEGACY_S, 'add_charge_schedule', {
      lat: 37.4,
      lon: -122.1,
      start_enabled: true,
      start_time: 60,
      end_enabled: false,
      days_of_week: 'tues, THURSDAY',
      enabled: true,
      id: 7,
    });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.response.result, true);
    const stored = ((await state(LEGACY_S)).charge_state.charge_schedules as Array<Record<string, unknown>>).find((s) => s.id === 7);
    assert.equal(stored?.days_of_week, 20);
    const bad = await rest(LEGACY_S, 'add_charge_schedule', {
      lat: 37.4,
      lon: -122.1,
      start_enabled: false,
      end_enabled: false,
      days_of_week: 'Tue',
      enabled: true,
    });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /unrecognized day name: Tue/);
  });

  it('signed: parental setting by official name, "Tue,Thu" as the mask, departure cleared, one temperature', async () => {
    assert.equal((await client.send(COMMUTER, 'parental_controls_enable_setting', { setting: 'ArcadeBlocked', enable: true })).ok, true);
    assert.equal(
      (
        await client.send(COMMUTER, 'add_precondition_schedule', {
          lat: 37.4,
          lon: -122.1,
          precondition_time: 420,
          days_of_week: 'Tue,Thu',
          enabled: true,
          id: 9,
        })
      ).ok,
      true,
    );
    assert.equal((await client.send(COMMUTER, 'set_scheduled_departure', { enable: true, departure_time: 450, preconditioning_weekdays_only: true })).ok, true);
    let s = await state(COMMUTER);
    assert.equal(s.vehicle_state.parental_controls.settings.ArcadeBlocked, true);
    assert.equal((s.climate_state.precondition_schedules as Array<Record<string, unknown>>).find((x) => x.id === 9)?.days_of_week, 20);
    assert.deepEqual(
      [s.charge_state.scheduled_charging_mode, s.charge_state.preconditioning_enabled, s.charge_state.preconditioning_weekdays_only],
      ['DepartBy', true, true],
    );
    const passenger = s.climate_state.passenger_temp_setting;
    assert.equal((await client.send(COMMUTER, 'set_scheduled_departure', { enable: false })).ok, true);
    assert.equal((await client.send(COMMUTER, 'set_temps', { driver_temp: 23 })).ok, true);
    s = await state(COMMUTER);
    assert.deepEqual([s.charge_state.scheduled_charging_mode, s.charge_state.preconditioning_enabled], ['Off', false]);
    assert.deepEqual([s.climate_state.driver_temp_setting, s.climate_state.passenger_temp_setting], [23, passenger]);
  });
});
