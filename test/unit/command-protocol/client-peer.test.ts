/** The signer (core) against the simulated vehicle peer (simulator), in process: no sockets, both real code paths. */
import assert from 'node:assert/strict';
import { generatePrivateKey, publicKeyPoint } from '../../../core/keys/p256';
import {
  COMMAND_CATALOGUE,
  VehicleCommandClient,
  MemorySessionStore,
  KeyNotPairedError,
  VehicleFaultError,
  Domain,
  daysOfWeekMask,
} from '../../../core/command-protocol';
import type { SignedCommandTransport } from '../../../core/command-protocol';
import { VehiclePeer, type Executor } from '../../../simulator/vehicle-protocol/vehicle-peer';
import type { VehicleInstruction } from '../../../simulator/vehicle-protocol/decode-command';

import { SAMPLE_PARAMS } from './sample-params';

const VIN = '5YJ3E1EA8KF000001';

function setup(options: { paired?: boolean; now?: () => number; peerNow?: () => number; store?: MemorySessionStore } = {}) {
  const key = generatePrivateKey();
  const peer = new VehiclePeer(VIN, { ...(options.peerNow ? { now: options.peerNow } : {}) });
  if (options.paired !== false) peer.pair(publicKeyPoint(key));
  const applied: VehicleInstruction[] = [];
  const faults: number[] = [];
  const execute: Executor = (instruction) => {
    applied.push(instruction);
    return { ok: true };
  };
  const transport: SignedCommandTransport = {
    async signedCommand(vin, bytes) {
      assert.equal(vin, VIN);
      const outcome = peer.handle(bytes, execute);
      faults.push(outcome.fault);
      return { message: outcome.reply, txid: `peer-${faults.length}` };
    },
  };
  const client = new VehicleCommandClient({
    privateKey: key,
    transport,
    retryDelayMs: 0,
    ...(options.now ? { now: options.now } : {}),
    ...(options.store ? { sessionStore: options.store } : {}),
  });
  return { key, peer, client, applied, faults, transport };
}

describe('signer ↔ simulated vehicle (in process)', () => {
  it('every signed catalogue command round-trips to the same instruction on the vehicle', async () => {
    const { client, applied, faults } = setup();
    const signed = COMMAND_CATALOGUE.filter((c) => c.signing === 'signed');
    assert.equal(signed.length, 68, 'every signed command of the proxy table');
    for (const spec of signed) {
      const params = SAMPLE_PARAMS[spec.name] ?? {};
      const outcome = await client.send(VIN, spec.name, params);
      assert.equal(outcome.ok, true, `${spec.name}: ${outcome.reason}`);
      const got = applied.at(-1) as VehicleInstruction;
      assert.equal(got.name, spec.name);
      for (const [k, v] of Object.entries(params)) {
        if (spec.name === 'window_control' && (k === 'lat' || k === 'lon')) continue;
        const actual = got.params[k];
        // The car holds days_of_week as the bit mask (teslamotors/vehicle-command common.proto ChargeSchedule.days_of_week, int32).
        if (k === 'days_of_week') {
          assert.equal(actual, daysOfWeekMask(v as string), `${spec.name}.${k}`);
          continue;
        }
        if (typeof v === 'number') assert.ok(Math.abs((actual as number) - v) < 1e-3, `${spec.name}.${k}: ${String(actual)} ≠ ${v}`);
        else assert.deepEqual(actual, v, `${spec.name}.${k}`);
      }
    }
    assert.equal(client.stats.handshakes, 2, 'one handshake per domain');
    assert.ok(faults.every((f) => f === 0));
  });

  it("the outcome carries the txid of the call that delivered the command, not the handshake's", async () => {
    const { client, faults } = setup();
    const outcome = await client.send(VIN, 'door_lock');
    assert.equal(outcome.handshakes, 1);
    assert.equal(faults.length, 2, 'handshake, then the command');
    assert.equal(outcome.txid, 'peer-2');
  });

  it('door_unlock still emits RKEAction 0 (oneof zero value)', async () => {
    const { client, applied } = setup();
    await client.send(VIN, 'door_unlock');
    assert.equal(applied[0].name, 'door_unlock');
  });

  it('an unpaired key gets KeyNotPairedError with the pairing link', async () => {
    const key = generatePrivateKey();
    const peer = new VehiclePeer(VIN);
    const client = new VehicleCommandClient({
      privateKey: key,
      pairingDomain: 'fleet.example.com',
      transport: { signedCommand: async (_v, b) => ({ message: peer.handle(b, () => ({ ok: true })).reply }) },
    });
    await assert.rejects(client.send(VIN, 'door_lock'), (err: unknown) => {
      assert.ok(err instanceof KeyNotPairedError);
      assert.equal(err.pairingUrl, 'https://tesla.com/_ak/fleet.example.com');
      return true;
    });
  });

  it('recovers from a reboot (INCORRECT_EPOCH) without a new handshake', async () => {
    const { client, peer, faults } = setup();
    await client.send(VIN, 'flash_lights');
    peer.reboot(Domain.Infotainment);
    const outcome = await client.send(VIN, 'honk_horn');
    assert.equal(outcome.ok, true);
    assert.equal(outcome.attempts, 2);
    assert.ok(faults.includes(15));
    assert.equal(client.stats.handshakes, 1);
  });

  it('reports progress: handshake, send, recover, send', async () => {
    const { client, peer } = setup();
    const events: string[] = [];
    await client.send(VIN, 'flash_lights', {}, undefined, (e) => events.push(e.stage === 'recover' ? `recover:${e.fault}` : e.stage));
    assert.deepEqual(events, ['handshake', 'send']);
    peer.reboot(Domain.Infotainment);
    events.length = 0;
    await client.send(VIN, 'flash_lights', {}, undefined, (e) => events.push(e.stage === 'recover' ? `recover:${e.fault}` : e.stage));
    assert.deepEqual(events, ['send', 'recover:15', 'send']);
  });

  it('recovers from clock skew (TIME_EXPIRED and TIME_TO_LIVE_TOO_LONG)', async () => {
    let skew = 0;
    const { client, faults } = setup({ now: () => Date.now() + skew });
    await client.send(VIN, 'flash_lights');
    skew = -60_000; // our clock falls behind: the command expires before it is sent
    assert.equal((await client.send(VIN, 'flash_lights')).ok, true);
    assert.ok(faults.includes(17));
    skew = 120_000; // now far ahead: TTL too long
    assert.equal((await client.send(VIN, 'flash_lights')).ok, true);
    assert.ok(faults.includes(20));
  });

  it('recovers from counter reuse and busy/internal faults', async () => {
    const { client, peer, faults, key } = setup();
    const store = new MemorySessionStore();
    const first = new VehicleCommandClient({
      privateKey: key,
      transport: { signedCommand: async (_v, b) => ({ message: peer.handle(b, () => ({ ok: true })).reply }) },
      sessionStore: store,
      retryDelayMs: 0,
    });
    await first.send(VIN, 'door_lock');
    // A second client restores the same cached session and reuses the counter the first one already spent.
    const stale = [...store.entries.values()][0];
    await first.send(VIN, 'door_lock');
    const second = new VehicleCommandClient({
      privateKey: key,
      transport: {
        signedCommand: async (_v, b) => {
          const o = peer.handle(b, () => ({ ok: true }));
          faults.push(o.fault);
          return { message: o.reply };
        },
      },
      sessionStore: new MemorySessionStore(),
      retryDelayMs: 0,
    });
    await (second as unknown as { options: { sessionStore: MemorySessionStore } }).options.sessionStore.save(stale);
    assert.equal((await second.send(VIN, 'door_lock')).ok, true);
    assert.ok(faults.includes(6), 'vehicle reported a reused counter');
    assert.equal(second.stats.handshakes, 0);
    peer.injectFault(Domain.Infotainment, 1, 1);
    peer.injectFault(Domain.Infotainment, 11, 1);
    const outcome = await client.send(VIN, 'charge_start');
    assert.equal(outcome.ok, true);
    assert.equal(outcome.attempts, 3);
  });

  it('a non-retriable fault surfaces as VehicleFaultError', async () => {
    const { client, peer } = setup();
    peer.injectFault(Domain.VehicleSecurity, 7, 1);
    await assert.rejects(client.send(VIN, 'door_lock'), (err: unknown) => err instanceof VehicleFaultError && err.fault === 7);
  });

  it('a vehicle refusal is an outcome with the reason', async () => {
    const key = generatePrivateKey();
    const peer = new VehiclePeer(VIN);
    peer.pair(publicKeyPoint(key));
    const client = new VehicleCommandClient({
      privateKey: key,
      transport: { signedCommand: async (_v, b) => ({ message: peer.handle(b, () => ({ ok: false, reason: 'not_charging' })).reply }) },
    });
    const outcome = await client.send(VIN, 'charge_stop');
    assert.equal(outcome.ok, false);
    assert.equal(outcome.reason, 'not_charging');
  });

  it('a cached session is reused by a new client without a handshake', async () => {
    const store = new MemorySessionStore();
    const { client, key, peer } = setup({ store });
    await client.send(VIN, 'flash_lights');
    assert.equal(client.stats.handshakes, 1);
    const again = new VehicleCommandClient({
      privateKey: key,
      sessionStore: store,
      transport: { signedCommand: async (_v, b) => ({ message: peer.handle(b, () => ({ ok: true })).reply }) },
    });
    assert.equal((await again.send(VIN, 'honk_horn')).ok, true);
    assert.equal(again.stats.handshakes, 0);
    for (const entry of store.entries.values()) assert.deepEqual(Object.keys(entry).sort(), ['domain', 'receivedAt', 'sessionInfo', 'vin']);
  });

  it('session info that no longer verifies (vehicle key rotated) drops the session and handshakes again', async () => {
    const store = new MemorySessionStore();
    const { client, key } = setup({ store });
    await client.send(VIN, 'flash_lights');
    // Same VIN, brand-new vehicle keys (a service visit): the cached session's K is wrong.
    const replaced = new VehiclePeer(VIN);
    replaced.pair(publicKeyPoint(key));
    const after = new VehicleCommandClient({
      privateKey: key,
      sessionStore: store,
      retryDelayMs: 0,
      transport: { signedCommand: async (_v, b) => ({ message: replaced.handle(b, () => ({ ok: true })).reply }) },
    });
    const outcome = await after.send(VIN, 'flash_lights');
    assert.equal(outcome.ok, true);
    assert.equal(after.stats.handshakes, 1);
  });

  it('concurrent commands to one VIN never reuse a counter', async () => {
    const { client, faults } = setup();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => client.send(VIN, i % 2 ? 'door_lock' : 'flash_lights')));
    assert.ok(results.every((r) => r.ok && r.attempts === 1));
    assert.ok(faults.every((f) => f === 0));
  });
});
