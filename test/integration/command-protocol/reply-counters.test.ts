/**
 * A car that numbers its encrypted replies per request (every reply carries response counter 1) against our
 * client over HTTPS: the anti-replay window is per request, as in teslamotors/vehicle-command
 * (internal/dispatcher/receiver.go: each pending request's receiver has its own `antireplay` window), so
 * several commands in a row go through without a "replayed reply" error.
 */
import assert from 'node:assert/strict';
import { type KeyObject } from 'node:crypto';
import { MemorySessionStore, VehicleCommandClient, type SignedCommandTransport } from '../../../core/command-protocol';
import { decodeRoutableMessage } from '../../../core/command-protocol/messages';
import { generatePrivateKey } from '../../../core/keys';
import { defaultWorld } from '../../../simulator/index';
import { signIn, startHarness, type Harness } from '../simulator/helpers';

const COMMUTER = '5YJ3E1EA8KF000001'; // Model 3 2019, online, key pre-paired

describe('reply counters numbered per request, over HTTPS', function () {
  this.timeout(60_000);
  let h: Harness;
  let token: string;
  let key: KeyObject;
  /** Response counters of the encrypted replies our client received, in order. */
  let counters: number[];

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test helpers read loosely typed JSON
  const sim = async (method: string, path: string, json?: unknown): Promise<any> => {
    const r = await h.call(method, `${h.sim.urls.fleet.na}${path}`, json === undefined ? {} : { json });
    assert.equal(r.status, 200, `${method} ${path}: ${r.text}`);
    return r.json.response;
  };
  /**
   * `POST /api/1/vehicles/{vin}/signed_command` over HTTPS to the simulator, noting each encrypted reply's counter.
   * A thin transport of its own: what is under test is the client's reply handling, not the HTTP layer.
   */
  const observed = (): SignedCommandTransport => ({
    async signedCommand(vin, bytes) {
      const r = await h.call('POST', `${h.sim.urls.fleet.na}/api/1/vehicles/${vin}/signed_command`, {
        token,
        json: { routable_message: Buffer.from(bytes).toString('base64') },
      });
      assert.equal(r.status, 200, r.text);
      const message = Buffer.from(r.json.response as string, 'base64');
      const gcm = decodeRoutableMessage(message).signature_data?.AES_GCM_Response_data;
      if (gcm) counters.push(gcm.counter ?? 0);
      return { message };
    },
  });
  const newClient = (store = new MemorySessionStore()): VehicleCommandClient =>
    new VehicleCommandClient({ privateKey: key, transport: observed(), sessionStore: store, retryDelayMs: 10 });

  before(async () => {
    const world = defaultWorld();
    const commuter = world.vehicles.find((v) => v.vin === COMMUTER);
    assert.ok(commuter);
    commuter.replyCounters = 'per-request'; // the world-file option
    h = await startHarness({ world });
    token = (await signIn(h)).access_token;
    key = generatePrivateKey();
  });
  beforeEach(() => {
    counters = [];
  });
  after(async () => {
    await h?.close();
  });

  it('the world option shows in GET /sim/vehicles/<vin>/protocol for both domains', async () => {
    const p = await sim('GET', `/sim/vehicles/${COMMUTER}/protocol`);
    assert.deepEqual([p.vcsec.reply_counters, p.infotainment.reply_counters], ['per-request', 'per-request']);
  });

  it('several commands in a row on both domains succeed, every reply carrying counter 1', async () => {
    const store = new MemorySessionStore();
    const client = newClient(store);
    const commands = ['flash_lights', 'door_lock', 'honk_horn', 'door_unlock', 'set_charge_limit', 'door_lock', 'flash_lights', 'auto_conditioning_start'];
    for (const command of commands) {
      const outcome = await client.send(COMMUTER, command, command === 'set_charge_limit' ? { percent: 80 } : {});
      assert.equal(outcome.ok, true, `${command}: ${outcome.reason}`);
      assert.equal(outcome.attempts, 1, command);
    }
    assert.equal(client.stats.handshakes, 2, 'one session per domain, kept throughout');
    assert.deepEqual(
      counters,
      commands.map(() => 1),
      'the car really numbered its replies per request',
    );
    // A second client resuming the cached sessions (another window/process) gets counter 1 again: fine too.
    const resumed = newClient(store);
    assert.equal((await resumed.send(COMMUTER, 'door_lock')).ok, true);
    assert.equal((await resumed.send(COMMUTER, 'flash_lights')).ok, true);
    assert.equal(resumed.stats.handshakes, 0);
  });

  it('POST /sim/vehicles/<vin>/protocol {replyCounters} switches the numbering mid-session; the client accepts both', async () => {
    const client = newClient();
    await sim('POST', `/sim/vehicles/${COMMUTER}/protocol`, { domain: 'infotainment', replyCounters: 'per-session' });
    for (let i = 0; i < 3; i++) assert.equal((await client.send(COMMUTER, 'flash_lights')).ok, true);
    const p = await sim('GET', `/sim/vehicles/${COMMUTER}/protocol`);
    assert.deepEqual([p.vcsec.reply_counters, p.infotainment.reply_counters], ['per-request', 'per-session'], 'only the named domain changed');
    await sim('POST', `/sim/vehicles/${COMMUTER}/protocol`, { domain: 'infotainment', replyCounters: 'per-request' });
    // The same session now sees counter 1 again after 2, 3, …: a per-session window would call this a replay.
    for (let i = 0; i < 3; i++) assert.equal((await client.send(COMMUTER, 'honk_horn')).ok, true);
    assert.equal(client.stats.handshakes, 1);
    assert.equal(counters.length, 6);
    assert.ok(
      counters.slice(0, 3).every((c, i, a) => i === 0 || c === a[i - 1] + 1),
      `per-session counts up: ${counters.join(',')}`,
    );
    assert.deepEqual(counters.slice(3), [1, 1, 1]);
    const bad = await h.call('POST', `${h.sim.urls.fleet.na}/sim/vehicles/${COMMUTER}/protocol`, { json: { replyCounters: 'per-epoch' } });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /replyCounters must be one of per-session, per-request/);
  });
});
