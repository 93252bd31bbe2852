/**
 * What *Pair with Simulated Vehicle* sends (client/simulator/pairing-client.ts), against a real simulator over HTTPS
 * with its CA: the car list from /sim/world, the owner's approval on POST /_ak/<domain> as JSON {vin, public_key}, and
 * then a signed command from that key goes through.
 */
import { strict as assert } from 'node:assert';
import { commandClient, FleetApiCommandTransport, KeyNotPairedError, VehicleCommandClient } from '../../../core/command-protocol';
import { exportPublicKeyPem, generatePrivateKey, importPublicKey } from '../../../core/keys';
import { listSimulatedVehicles, pairSimulatedVehicle, simulatedVehiclePicks, type SimulatorPairingTarget } from '../../../client/simulator/pairing-client';
import { freePort } from '../../support/net';
import { NA_ACCOUNT, startHarness, signIn, type Harness } from './helpers';

const FAMILY_Y = '7SAYGDEE1PF000002';

describe('Pair with Simulated Vehicle: the simulator calls', function () {
  this.timeout(60_000);
  let h: Harness;
  let target: SimulatorPairingTarget;
  before(async () => {
    h = await startHarness();
    target = { baseUrl: h.sim.urls.auth, dispatcher: h.agent };
  });
  after(async () => h?.close());

  it('lists every car of the simulated world with its owner and key state', async () => {
    const cars = await listSimulatedVehicles(target);
    assert.equal(cars.length, h.sim.world.vehicles.length);
    const y = cars.find((c) => c.vin === FAMILY_Y)!;
    assert.deepEqual(y, {
      vin: FAMILY_Y,
      displayName: 'Family Y',
      ownerId: NA_ACCOUNT,
      ownerEmail: 'ada@example.com',
      connectivity: 'asleep',
      keyPaired: false,
    });
    assert.ok(
      cars.some((c) => c.ownerEmail === 'emil@example.eu'),
      "the EU account's cars too",
    );
  });

  it('pairs the key with one POST, then a signed command from that key reaches the (unpaired) car', async () => {
    const key = generatePrivateKey();
    const tokens = await signIn(h);
    const transport = new FleetApiCommandTransport(commandClient({ baseUrl: h.sim.urls.fleet.na, tokens: tokens.access_token, dispatcher: h.agent }));
    const sender = new VehicleCommandClient({ privateKey: key, transport, retryDelayMs: 10, pairingDomain: 'fleetkit.local' });
    await h.call('POST', `${h.sim.urls.auth}/sim/vehicles/${FAMILY_Y}/wake`);
    await assert.rejects(sender.send(FAMILY_Y, 'door_lock'), (e: unknown) => e instanceof KeyNotPairedError, 'unpaired first');

    const result = await pairSimulatedVehicle(target, 'fleetkit.local', FAMILY_Y, exportPublicKeyPem(key));
    assert.deepEqual(result, { vin: FAMILY_Y, domain: 'fleetkit.local', publicKeyHex: importPublicKey(exportPublicKeyPem(key)).toString('hex') });
    const protocol = await h.call('GET', `${h.sim.urls.auth}/sim/vehicles/${FAMILY_Y}/protocol`);
    assert.deepEqual(protocol.json.response.paired_keys, [result.publicKeyHex]);
    assert.equal((await listSimulatedVehicles(target)).find((c) => c.vin === FAMILY_Y)?.keyPaired, true);

    const outcome = await sender.send(FAMILY_Y, 'door_lock');
    assert.equal(outcome.ok, true);
    assert.equal((await h.call('GET', `${h.sim.urls.auth}/sim/vehicles/${FAMILY_Y}`)).json.response.state.vehicle_state.locked, true);
  });

  it('says what went wrong: an unknown VIN, a key that is not a key, a simulator that is not there', async () => {
    await assert.rejects(
      pairSimulatedVehicle(target, 'fleetkit.local', 'NOPE0000000000000', exportPublicKeyPem(generatePrivateKey())),
      /HTTP 400: no vehicle NOPE0000000000000 in this world/,
    );
    await assert.rejects(pairSimulatedVehicle(target, 'fleetkit.local', FAMILY_Y, 'not a key'), /HTTP 400/);
    const closed = await freePort();
    await assert.rejects(
      listSimulatedVehicles({ baseUrl: `https://127.0.0.1:${closed}`, dispatcher: h.agent }),
      new RegExp(`could not reach the simulator at https://127\\.0\\.0\\.1:${closed} \\(ECONNREFUSED\\); is it still running\\?`),
    );
  });

  it("orders the quick pick: signed-in owners' unpaired cars first, and says whose car and whether a key is paired", async () => {
    const picks = simulatedVehiclePicks(await listSimulatedVehicles(target), new Set([NA_ACCOUNT]));
    const first = picks[0]!;
    assert.equal(first.vehicle.ownerId, NA_ACCOUNT);
    assert.equal(first.vehicle.keyPaired, false);
    assert.match(first.detail, /^ada@example\.com \(signed in\) · key not paired$/);
    const eu = picks.find((p) => p.vehicle.ownerEmail === 'emil@example.eu')!;
    assert.ok(picks.indexOf(eu) > picks.findIndex((p) => p.vehicle.ownerId === NA_ACCOUNT && p.vehicle.keyPaired), "other accounts' cars last");
    assert.match(eu.description, /^[A-Z0-9]{17} · (online|asleep|offline)$/);
  });
});
