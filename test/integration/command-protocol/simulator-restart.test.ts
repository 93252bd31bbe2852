/**
 * A cached session meets a car that forgot it (issue: after restarting `npm start`, the first command to a paired car
 * failed "not paired" and the retry worked). The client now handshakes once more before it reports "not paired": a car
 * that still knows the key takes the command; a car that does not is reported truthfully.
 */
import assert from 'node:assert/strict';
import { commandClient, createCommandSender, KeyNotPairedError, MemorySessionStore } from '../../../core/command-protocol';
import { exportPublicKeyPem, generatePrivateKey } from '../../../core/keys';
import { signIn, startHarness, type Harness } from '../simulator/helpers';

const COMMUTER = '5YJ3E1EA8KF000001';
const FAMILY_Y = '7SAYGDEE1PF000002';

describe('a cached session after the simulator restarted', function () {
  this.timeout(60_000);
  const key = generatePrivateKey();
  const sessions = new MemorySessionStore();
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function sender(harness: Harness) {
    const token = (await signIn(harness)).access_token;
    return createCommandSender({
      kind: 'native',
      client: commandClient({ baseUrl: harness.sim.urls.fleet.na, tokens: token, dispatcher: harness.agent }),
      privateKey: key,
      sessionStore: sessions,
      pairingDomain: 'fleetkit.local',
    });
  }

  it('first run: sessions are cached for a paired car and a car paired on the pairing page', async () => {
    h = await startHarness();
    const s = await sender(h);
    assert.equal((await s.send(COMMUTER, 'door_lock')).ok, true);
    await h.call('POST', `${h.sim.urls.fleet.na}/sim/vehicles/${FAMILY_Y}/wake`);
    const paired = await h.call('POST', `${h.sim.urls.auth}/_ak/fleetkit.local`, { json: { vin: FAMILY_Y, public_key: exportPublicKeyPem(key) } });
    assert.equal(paired.status, 200, paired.text);
    assert.equal((await s.send(FAMILY_Y, 'flash_lights')).ok, true);
    assert.ok(await sessions.load(COMMUTER, 2), 'the VCSEC session is cached');
  });

  it('after a restart the first command to the auto-paired car goes through (one fresh handshake), and a forgotten pairing is reported as such', async () => {
    h = await startHarness();
    const s = await sender(h);
    const outcome = await s.send(COMMUTER, 'door_unlock');
    assert.equal(outcome.ok, true, 'not "not paired"');
    assert.equal(outcome.handshakes, 1, 'the cached session was replaced by one fresh handshake');
    await h.call('POST', `${h.sim.urls.fleet.na}/sim/vehicles/${FAMILY_Y}/wake`);
    await assert.rejects(s.send(FAMILY_Y, 'flash_lights'), KeyNotPairedError, 'the restarted car really forgot this key');
  });
});
