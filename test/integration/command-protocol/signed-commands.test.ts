/**
 * The signer (core) against the simulator's vehicles over HTTPS, exactly as the product talks to Tesla:
 * every catalogue command, pairing through /_ak, fault recovery, legacy/REST fallbacks and the CLI.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type KeyObject } from 'node:crypto';
import {
  AsleepError,
  COMMAND_CATALOGUE,
  FleetApiCommandTransport,
  commandClient,
  KeyNotPairedError,
  MemorySessionStore,
  ProtocolRequiredError,
  RestCommandSender,
  VehicleCommandClient,
} from '../../../core/command-protocol';
import { ForbiddenError } from '../../../core/fleet-api/errors';
import { exportPrivateKeyPem, exportPublicKeyPem, generatePrivateKey } from '../../../core/keys';
import { signIn, startHarness, type Harness } from '../simulator/helpers';
import { defaultWorld } from '../../../simulator/index';
import { SAMPLE_PARAMS } from '../../unit/command-protocol/sample-params';
import { runCli, type CliResult } from '../../support/cli';

const COMMUTER = '5YJ3E1EA8KF000001'; // Model 3 2019, online, key pre-paired
const FAMILY_Y = '7SAYGDEE1PF000002'; // Model Y, asleep, not paired
const LEGACY_S = '5YJSA1E24FF000003'; // Model S 2015: no command protocol

/** Vehicle state each command needs so that it succeeds (the simulated car refuses like a real one otherwise). */
const SETUP: Record<string, Record<string, Record<string, unknown>>> = {
  charge_start: { charge_state: { charging_state: 'Stopped', battery_level: 50 } },
  charge_stop: { charge_state: { charging_state: 'Charging' } },
  charge_port_door_close: { charge_state: { charging_state: 'Disconnected' } },
};

describe('signed commands against the simulator over HTTPS', function () {
  this.timeout(120_000);
  let h: Harness;
  let token: string;
  let key: KeyObject;
  let client: VehicleCommandClient;
  let store: MemorySessionStore;
  let dir: string;

  const transport = (): FleetApiCommandTransport =>
    new FleetApiCommandTransport(commandClient({ baseUrl: h.sim.urls.fleet.na, tokens: token, dispatcher: h.agent }));
  const newClient = (s = new MemorySessionStore()): VehicleCommandClient =>
    new VehicleCommandClient({ privateKey: key, transport: transport(), sessionStore: s, retryDelayMs: 10, pairingDomain: 'fleetkit.example.com' });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test helpers read loosely typed JSON
  const sim = async (method: string, path: string, json?: unknown): Promise<any> => {
    const r = await h.call(method, `${h.sim.urls.fleet.na}${path}`, json === undefined ? {} : { json });
    assert.equal(r.status, 200, `${method} ${path}: ${r.text}`);
    return r.json.response;
  };
  const vehicleState = async (vin: string): Promise<any> => (await sim('GET', `/sim/vehicles/${vin}`)).state; // eslint-disable-line @typescript-eslint/no-explicit-any

  before(async () => {
    // The catalogue run sends ~80 commands to one car: lift the per-vehicle/account command limits for this suite.
    const world = defaultWorld();
    world.rateLimits.perVehicle.commands = { limit: 10_000, windowSeconds: 60 };
    world.rateLimits.perAccount.commands = { limit: 10_000, windowSeconds: 60 };
    h = await startHarness({ world });
    token = (await signIn(h)).access_token;
    key = generatePrivateKey();
    store = new MemorySessionStore();
    client = newClient(store);
    dir = mkdtempSync(join(tmpdir(), 'fk-cmd-'));
  });
  after(async () => {
    await h?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('sends every catalogue command; the vehicle applies each one; one handshake per domain', async () => {
    for (const spec of COMMAND_CATALOGUE) {
      if (SETUP[spec.name]) await sim('POST', `/sim/vehicles/${COMMUTER}/state`, { patch: SETUP[spec.name] });
      const outcome = await client.send(COMMUTER, spec.name, SAMPLE_PARAMS[spec.name] ?? REST_PARAMS[spec.name] ?? {});
      assert.equal(outcome.ok, true, `${spec.name} refused: ${outcome.reason}`);
      assert.equal(outcome.via, spec.signing === 'signed' ? 'signed' : 'rest', spec.name);
    }
    assert.equal(client.stats.handshakes, 2);
    const state = await vehicleState(COMMUTER);
    // The last commands of each kind in catalogue order decide these:
    assert.equal(state.vehicle_state.locked, false, 'door_unlock came after door_lock');
    assert.equal(state.climate_state.is_climate_on, true, 'climate keeper / defrost leave climate on');
    assert.equal(state.charge_state.charge_limit_soc, 85);
    assert.equal(state.charge_state.charge_current_request, 16);
    assert.equal(state.vehicle_state.sentry_mode, true);
    assert.equal(state.vehicle_state.fd_window, 1, 'windows vented');
    assert.equal(state.vehicle_state.vehicle_name, 'Blue Thunder');
    assert.equal(state.climate_state.driver_temp_setting, 22.5);
    assert.equal(state.vehicle_state.speed_limit_mode.current_limit_mph, 65);
    assert.equal(state.vehicle_state.software_update.status, 'available', 'cancel_software_update after schedule');
    assert.equal(state.drive_state.active_route_destination, '1 Infinite Loop');
  });

  it('signed commands show in vehicle_data: locks, climate, charge limit, charging, sentry, windows', async () => {
    await sim('POST', `/sim/vehicles/${COMMUTER}/state`, { patch: { charge_state: { charging_state: 'Stopped', battery_level: 40 } } });
    const steps: Array<[string, Record<string, unknown>]> = [
      ['door_lock', {}],
      ['auto_conditioning_start', {}],
      ['set_charge_limit', { percent: 90 }],
      ['charge_start', {}],
      ['set_sentry_mode', { on: false }],
      ['window_control', { command: 'close' }],
    ];
    for (const [name, params] of steps) assert.equal((await client.send(COMMUTER, name, params)).ok, true, name);
    const r = await h.call('GET', `${h.sim.urls.fleet.na}/api/1/vehicles/${COMMUTER}/vehicle_data`, { token });
    assert.equal(r.status, 200);
    const d = r.json.response;
    assert.equal(d.vehicle_state.locked, true);
    assert.equal(d.climate_state.is_climate_on, true);
    assert.equal(d.charge_state.charge_limit_soc, 90);
    assert.equal(d.charge_state.charging_state, 'Charging');
    assert.equal(d.vehicle_state.sentry_mode, false);
    assert.deepEqual([d.vehicle_state.fd_window, d.vehicle_state.rp_window], [0, 0]);
    assert.equal((await client.send(COMMUTER, 'charge_start')).reason, 'is_charging', 'the car refuses like a real one');
    assert.equal((await client.send(COMMUTER, 'charge_stop')).ok, true);
  });

  it('recovers after a reboot mid-session (new epoch) without a new handshake', async () => {
    const before = await sim('GET', `/sim/vehicles/${COMMUTER}/protocol`);
    await sim('POST', `/sim/vehicles/${COMMUTER}/reboot?domain=infotainment`);
    const after = await sim('GET', `/sim/vehicles/${COMMUTER}/protocol`);
    assert.notEqual(after.infotainment.epoch, before.infotainment.epoch);
    assert.equal(after.vcsec.epoch, before.vcsec.epoch);
    const handshakes = client.stats.handshakes;
    const outcome = await client.send(COMMUTER, 'set_charge_limit', { percent: 70 });
    assert.equal(outcome.ok, true);
    assert.equal(outcome.attempts, 2, 'first attempt hit INCORRECT_EPOCH');
    assert.equal(client.stats.handshakes, handshakes);
    assert.equal((await vehicleState(COMMUTER)).charge_state.charge_limit_soc, 70);
    // VCSEC too.
    await sim('POST', `/sim/vehicles/${COMMUTER}/reboot?domain=vcsec`);
    const lock = await client.send(COMMUTER, 'door_unlock');
    assert.equal(lock.ok, true);
    assert.equal(lock.attempts, 2);
  });

  it('recovers from clock skew in both directions', async () => {
    await sim('POST', `/sim/vehicles/${COMMUTER}/protocol`, { domain: 'infotainment', skewSeconds: 300 });
    const expired = await client.send(COMMUTER, 'flash_lights');
    assert.equal(expired.ok, true);
    assert.equal(expired.attempts, 2, 'vehicle clock ahead: TIME_EXPIRED, then resync');
    await sim('POST', `/sim/vehicles/${COMMUTER}/protocol`, { domain: 'infotainment', skewSeconds: -120 });
    // The car's clock going backwards inside an epoch makes its session info look stale (anti-replay rule),
    // so the client recovers with a fresh handshake.
    const handshakes = client.stats.handshakes;
    const tooLong = await client.send(COMMUTER, 'honk_horn');
    assert.equal(tooLong.ok, true);
    assert.equal(tooLong.attempts, 2, 'vehicle clock behind: TIME_TO_LIVE_TOO_LONG, then a new session');
    assert.equal(client.stats.handshakes, handshakes + 1);
  });

  it('recovers from counter reuse (a second window with a stale cached session)', async () => {
    const stale = new MemorySessionStore();
    for (const e of store.entries.values()) await stale.save(e); // snapshot
    assert.equal((await client.send(COMMUTER, 'door_lock')).ok, true); // spends the next VCSEC counter
    const other = newClient(stale);
    const outcome = await other.send(COMMUTER, 'door_lock');
    assert.equal(outcome.ok, true);
    assert.equal(outcome.attempts, 2, 'INVALID_TOKEN_OR_COUNTER, then resync');
    assert.equal(other.stats.handshakes, 0, 'the cached session was used');
  });

  it('retries busy and internal faults', async () => {
    await sim('POST', `/sim/vehicles/${COMMUTER}/protocol`, { domain: 'infotainment', fault: 1, count: 1 });
    await sim('POST', `/sim/vehicles/${COMMUTER}/protocol`, { domain: 'infotainment', fault: 11, count: 1 });
    const outcome = await client.send(COMMUTER, 'auto_conditioning_stop');
    assert.equal(outcome.ok, true);
    assert.equal(outcome.attempts, 3);
    assert.equal((await vehicleState(COMMUTER)).climate_state.is_climate_on, false);
  });

  it('a rotated vehicle key (service visit): the session info no longer verifies, so the session is dropped and rebuilt', async () => {
    assert.equal((await client.send(COMMUTER, 'flash_lights')).ok, true);
    const before = await sim('GET', `/sim/vehicles/${COMMUTER}/protocol`);
    await sim('POST', `/sim/vehicles/${COMMUTER}/protocol`, { domain: 'infotainment', rotateKeys: true });
    const after = await sim('GET', `/sim/vehicles/${COMMUTER}/protocol`);
    assert.notEqual(after.infotainment.public_key, before.infotainment.public_key);
    const handshakes = client.stats.handshakes;
    const outcome = await client.send(COMMUTER, 'honk_horn');
    assert.equal(outcome.ok, true);
    assert.equal(outcome.attempts, 2, 'INVALID_SIGNATURE with session info we cannot verify, then a new session');
    assert.equal(client.stats.handshakes, handshakes + 1);
  });

  it('asleep → AsleepError; unpaired → pairing link; pairing page approves; then commands work', async () => {
    const c = newClient();
    await assert.rejects(c.send(FAMILY_Y, 'door_lock'), (e: unknown) => e instanceof AsleepError && e.status === 408);
    await sim('POST', `/sim/vehicles/${FAMILY_Y}/wake`);
    await assert.rejects(
      c.send(FAMILY_Y, 'door_lock'),
      (e: unknown) => e instanceof KeyNotPairedError && e.pairingUrl === 'https://tesla.com/_ak/fleetkit.example.com',
    );
    const page = await h.call('GET', `${h.sim.urls.auth}/_ak/fleetkit.example.com`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Add a virtual key/);
    assert.ok(page.text.includes(FAMILY_Y));
    const bad = await h.call('POST', `${h.sim.urls.auth}/_ak/fleetkit.example.com`, { form: { vin: FAMILY_Y, public_key: 'not a key' } });
    assert.equal(bad.status, 400);
    const approved = await h.call('POST', `${h.sim.urls.auth}/_ak/fleetkit.example.com`, { form: { vin: FAMILY_Y, public_key: exportPublicKeyPem(key) } });
    assert.equal(approved.status, 200);
    assert.match(approved.text, /Key added/);
    assert.equal((await c.send(FAMILY_Y, 'door_lock')).ok, true);
    assert.equal((await vehicleState(FAMILY_Y)).vehicle_state.locked, true);
    // Another key is still unknown to this car.
    const stranger = new VehicleCommandClient({ privateKey: generatePrivateKey(), transport: transport() });
    await assert.rejects(stranger.send(FAMILY_Y, 'flash_lights'), KeyNotPairedError);
  });

  it('a token with only vehicle_charging_cmds may send charging commands, nothing else (403)', async () => {
    const chargingOnly = (await signIn(h, { scope: 'openid offline_access vehicle_device_data vehicle_charging_cmds' })).access_token;
    const c = new VehicleCommandClient({
      privateKey: key,
      transport: new FleetApiCommandTransport(commandClient({ baseUrl: h.sim.urls.fleet.na, tokens: chargingOnly, dispatcher: h.agent })),
      retryDelayMs: 10,
    });
    assert.equal((await c.send(COMMUTER, 'set_charge_limit', { percent: 81 })).ok, true);
    await assert.rejects(
      c.send(COMMUTER, 'flash_lights'),
      (e: unknown) => e instanceof ForbiddenError && e.status === 403 && /vehicle_cmds/.test(`${e.error} ${e.errorDescription}`),
    );
    await assert.rejects(c.send(COMMUTER, 'door_lock'), (e: unknown) => e instanceof ForbiddenError && e.status === 403);
  });

  it('legacy vehicle: 422 on signed_command → REST fallback; protocol vehicles refuse REST with 403', async () => {
    await sim('POST', `/sim/vehicles/${LEGACY_S}/wake`);
    const c = newClient();
    const outcome = await c.send(LEGACY_S, 'door_lock');
    assert.equal(outcome.ok, true);
    assert.equal(outcome.via, 'rest');
    assert.equal((await vehicleState(LEGACY_S)).vehicle_state.locked, true);
    const again = await c.send(LEGACY_S, 'set_charge_limit', { percent: 60 });
    assert.equal(again.via, 'rest');
    assert.equal((await vehicleState(LEGACY_S)).charge_state.charge_limit_soc, 60);
    const rest = new RestCommandSender(transport(), 'rest');
    await assert.rejects(rest.send(COMMUTER, 'door_lock'), (e: unknown) => e instanceof ProtocolRequiredError);
    const nav = await rest.send(COMMUTER, 'navigation_request', { value: 'Home' });
    assert.equal(nav.ok, true, 'unsigned REST commands work on every vehicle');
  });

  it('CLI: fleetkit command signs over HTTPS with --ca, caches the session, reports unpaired keys', async () => {
    const keyFile = join(dir, 'private-key.pem');
    writeFileSync(keyFile, exportPrivateKeyPem(key), { mode: 0o600 });
    const caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, h.sim.caPem as string);
    const cache = join(dir, 'sessions.json');
    const run = (args: string[]): Promise<CliResult> => runCli(args);
    const base = ['--token', token, '--key', keyFile, '--base-url', h.sim.urls.fleet.na, '--ca', caFile, '--session-cache', cache, '--json'];
    const first = await run(['command', 'set_charge_limit', '--vin', COMMUTER, '--params', '{"percent":77}', ...base]);
    assert.equal(first.code, 0, first.err);
    const r1 = JSON.parse(first.out);
    assert.equal(r1.ok, true);
    assert.equal(r1.handshakes, 1, first.out + first.err);
    assert.match(r1.txid, /^[0-9a-f]{32}$/, "the simulator's txid of the signed_command call");
    assert.ok(first.err.includes(`txid ${r1.txid}`), first.err);
    assert.ok(!first.err.includes(token), 'the token never reaches the output');
    assert.equal((await vehicleState(COMMUTER)).charge_state.charge_limit_soc, 77);
    const second = await run(['command', 'set_charge_limit', '--vin', COMMUTER, '--params', '{"percent":78}', ...base]);
    assert.equal(second.code, 0, second.err);
    assert.equal(JSON.parse(second.out).handshakes, 0, 'the session came from the cache file');
    await sim('POST', `/sim/vehicles/${COMMUTER}/state`, { patch: { charge_state: { charging_state: 'Stopped' } } });
    const refused = await run(['command', 'charge_stop', '--vin', COMMUTER, ...base]);
    assert.equal(refused.code, 1, 'a refusal exits non-zero');
    assert.deepEqual([JSON.parse(refused.out).ok, JSON.parse(refused.out).reason], [false, 'not_charging']);
    const badParams = await run(['command', 'set_charge_limit', '--vin', COMMUTER, '--params', '{"percent":"x"}', ...base]);
    assert.equal(badParams.code, 2);
    assert.match(badParams.err, /invalid percent param/);
    const legacy = await run(['command', 'door_lock', '--vin', LEGACY_S, ...base]);
    assert.equal(legacy.code, 0, legacy.err);
    assert.equal(JSON.parse(legacy.out).via, 'rest', 'the 422 fallback works from the CLI too');
    assert.match(JSON.parse(legacy.out).txid, /^[0-9a-f]{32}$/, 'REST commands report their txid too');
    const unpairedKey = join(dir, 'other.pem');
    writeFileSync(unpairedKey, exportPrivateKeyPem(generatePrivateKey()));
    const unpaired = await run([
      'command',
      'door_lock',
      '--vin',
      FAMILY_Y,
      '--token',
      token,
      '--key',
      unpairedKey,
      '--base-url',
      h.sim.urls.fleet.na,
      '--ca',
      caFile,
      '--no-session-cache',
      '--json',
      '--pairing-domain',
      'fleetkit.example.com',
    ]);
    assert.equal(unpaired.code, 4);
    assert.equal(JSON.parse(unpaired.out).pairing_url, 'https://tesla.com/_ak/fleetkit.example.com');
    const noTls = await run(['command', 'door_lock', '--vin', COMMUTER, '--token', token, '--key', keyFile, '--base-url', h.sim.urls.fleet.na]);
    assert.equal(noTls.code, 1, 'without --ca the simulator certificate is not trusted');
  });
});

const REST_PARAMS: Record<string, Record<string, unknown>> = {
  navigation_request: { value: '1 Infinite Loop' },
  set_managed_charge_current_request: { charging_amps: 24 },
  set_managed_charger_location: { lat: 37.4, lon: -122.1 },
  set_managed_scheduled_charging_time: { time: 90 },
};
