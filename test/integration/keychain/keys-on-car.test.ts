/**
 * The keys on a car against the real simulator: core's listCarKeys / removeCarKey / requestCarKeyAdd over
 * signed_command (unsigned whitelist info requests and add-key requests, as tesla-control's list-keys and
 * add-key-request send them; a signed removePublicKeyFromWhitelist, as its remove-key), and `fleetkit keys`.
 * Role and form factor names are Tesla's (teslamotors/vehicle-command pkg/protocol/protobuf/keys.proto, vcsec.proto).
 */
import { strict as assert } from 'node:assert';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { Domain, FleetApiCommandTransport, MemorySessionStore, VehicleCommandClient } from '../../../core/command-protocol';
import { FleetApiClient } from '../../../core/fleet-api/client';
import { KeychainError, listCarKeys, removeCarKey, requestCarKeyAdd } from '../../../core/keychain';
import { exportPrivateKeyPem, generatePrivateKey, publicKeyPoint } from '../../../core/keys';
import { runCli } from '../../support/cli';
import { control, NA_EMAIL, signIn, startSim, type SimHandle } from '../fleet-api/sim-fixture';

const COMMUTER = '5YJ3E1EA8KF000001';

describe('keys on the car against the simulator', function () {
  let h: SimHandle;
  let client: FleetApiClient;
  let transport: FleetApiCommandTransport;
  let token: string;
  let dir: string;
  const ours = generatePrivateKey();
  const driver = generatePrivateKey();
  const signerFor = (key: typeof ours) => new VehicleCommandClient({ privateKey: key, transport, sessionStore: new MemorySessionStore(), retryDelayMs: 0 });
  const hex = (key: typeof ours) => publicKeyPoint(key).toString('hex');

  async function tapKeyCard(vin: string): Promise<string> {
    const res = await request(`${h.sim.urls.auth}/_ak/fleet.example.com/key-requests`, {
      method: 'POST',
      body: new URLSearchParams({ vin }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      dispatcher: h.dispatcher,
    });
    return res.body.text();
  }

  before(async () => {
    h = await startSim((w) => {
      // Commuter stays awake for the whole suite.
      for (const v of w.vehicles) v.sleepAfterSeconds = 0;
      // Listing is one signed_command per slot: more calls than the default per-minute command limit.
      w.rateLimits.perVehicle.commands = { limit: 10_000, windowSeconds: 60 };
      w.rateLimits.perAccount.commands = { limit: 10_000, windowSeconds: 60 };
    });
    const ada = await signIn(h, NA_EMAIL);
    token = ada.accessToken;
    client = new FleetApiClient({ baseUrl: h.sim.urls.fleet.na, accountId: ada.accountId, tokens: ada.tokens, dispatcher: h.dispatcher });
    transport = new FleetApiCommandTransport(client);
    // Commuter's world entry says "your app's key is paired": the first key to handshake becomes it (an owner cloud key).
    await signerFor(ours).handshake(COMMUTER, Domain.VehicleSecurity);
    dir = await mkdtemp(join(tmpdir(), 'fleetkit-keys-'));
    await writeFile(join(dir, 'ca.pem'), h.sim.caPem!);
    await writeFile(join(dir, 'ours.pem'), exportPrivateKeyPem(ours));
  });

  after(async () => {
    await client?.close();
    await h?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lists every slot with its role and form factor, and marks ours', async () => {
    const keys = await listCarKeys(transport, COMMUTER, publicKeyPoint(ours));
    assert.deepEqual(
      keys.map((k) => [k.slot, k.role, k.formFactor, k.ours]),
      [
        [0, 'owner', 'ios_device', false],
        [1, 'owner', 'nfc_card', false],
        [2, 'owner', 'cloud_key', true],
      ],
    );
    assert.equal(keys[2].publicKey, hex(ours));
    assert.match(keys[2].fingerprintShort, /^([0-9a-f]{2}:){7}[0-9a-f]{2}$/);
  });

  it('an add-key request waits for a key card tap, then the key is on the car with its role', async () => {
    await requestCarKeyAdd(transport, COMMUTER, publicKeyPoint(driver), 'driver', 'android_device');
    assert.equal((await listCarKeys(transport, COMMUTER)).length, 3, 'not added before the tap');
    const protocol = await request(`${h.sim.urls.fleet.na}/sim/vehicles/${COMMUTER}/protocol`, { dispatcher: h.dispatcher });
    const waiting = ((await protocol.body.json()) as { response: { key_requests: Array<{ public_key: string }> } }).response.key_requests;
    assert.deepEqual(
      waiting.map((r) => r.public_key),
      [hex(driver)],
    );
    assert.match(await tapKeyCard(COMMUTER), /added 1 requested key/);
    const added = (await listCarKeys(transport, COMMUTER)).find((k) => k.publicKey === hex(driver));
    assert.deepEqual([added?.slot, added?.role, added?.formFactor], [3, 'driver', 'android_device']);
  });

  it('a request for a key the car already has is refused with VCSEC’s reason', async () => {
    await assert.rejects(
      requestCarKeyAdd(transport, COMMUTER, publicKeyPoint(driver), 'owner'),
      (e: unknown) => e instanceof KeychainError && e.codeName === 'WHITELISTOPERATION_INFORMATION_ATTEMPTING_TO_ADD_KEY_THAT_IS_ALREADY_ON_THE_WHITELIST',
    );
  });

  it('a driver key may not remove other keys', async () => {
    const phone = (await listCarKeys(transport, COMMUTER))[0];
    await assert.rejects(
      removeCarKey(signerFor(driver), COMMUTER, Buffer.from(phone.publicKey, 'hex')),
      (e: unknown) => e instanceof KeychainError && e.codeName === 'WHITELISTOPERATION_INFORMATION_NO_PERMISSION_TO_REMOVE' && /owner key/.test(e.message),
    );
    assert.equal((await listCarKeys(transport, COMMUTER)).length, 4, 'nothing removed');
  });

  it('an owner key cannot remove itself (so the last owner key stays), nor a key the car does not have', async () => {
    const signer = signerFor(ours);
    await assert.rejects(
      removeCarKey(signer, COMMUTER, publicKeyPoint(ours)),
      (e: unknown) => e instanceof KeychainError && e.codeName === 'WHITELISTOPERATION_INFORMATION_NO_PERMISSION_TO_REMOVE_ONESELF',
    );
    await assert.rejects(
      removeCarKey(signer, COMMUTER, publicKeyPoint(generatePrivateKey())),
      (e: unknown) => e instanceof KeychainError && e.codeName === 'WHITELISTOPERATION_INFORMATION_PUBLIC_KEY_NOT_ON_WHITELIST',
    );
  });

  it('an owner key removes the driver key', async () => {
    await removeCarKey(signerFor(ours), COMMUTER, publicKeyPoint(driver));
    assert.ok(!(await listCarKeys(transport, COMMUTER)).some((k) => k.publicKey === hex(driver)));
  });

  const cli = (args: string[]) =>
    runCli(['keys', ...args, '--vin', COMMUTER, '--token', token, '--base-url', h.sim.urls.fleet.na, '--ca', join(dir, 'ca.pem')]);

  it('fleetkit keys list prints the keys as JSON, ours marked', async () => {
    const r = await cli(['list', '--key', join(dir, 'ours.pem')]);
    assert.equal(r.code, 0, r.err);
    const out = JSON.parse(r.out) as { ok: boolean; keys: Array<{ role: string; ours: boolean; publicKey: string }> };
    assert.equal(out.ok, true);
    assert.deepEqual(
      out.keys.filter((k) => k.ours).map((k) => k.publicKey),
      [hex(ours)],
    );
    assert.match(r.err, /owner +cloud_key .*\(ours\)/);
  });

  it('fleetkit keys add-request then remove --yes; remove without --yes changes nothing', async () => {
    const other = generatePrivateKey();
    const bad = await cli(['add-request', '--public-key', hex(other), '--role', 'valet']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--role: unknown role "valet": use one of owner, driver/);
    const asked = await cli(['add-request', '--public-key', hex(other), '--role', 'driver']);
    assert.equal(asked.code, 0, asked.err);
    assert.equal((JSON.parse(asked.out) as { waiting_for: string }).waiting_for, 'key card tap');
    await control(h, `/sim/vehicles/${COMMUTER}/protocol`, { approveKeyRequests: true });
    const unconfirmed = await cli(['remove', '--public-key', hex(other), '--key', join(dir, 'ours.pem')]);
    assert.equal(unconfirmed.code, 2);
    assert.match(unconfirmed.err, /cannot be undone.*--yes/);
    assert.ok(
      (await listCarKeys(transport, COMMUTER)).some((k) => k.publicKey === hex(other)),
      'still there',
    );
    const removed = await cli(['remove', '--public-key', hex(other), '--key', join(dir, 'ours.pem'), '--yes']);
    assert.equal(removed.code, 0, removed.err);
    assert.ok(!(await listCarKeys(transport, COMMUTER)).some((k) => k.publicKey === hex(other)));
    const refused = await cli(['remove', '--public-key', hex(ours), '--key', join(dir, 'ours.pem'), '--yes']);
    assert.equal(refused.code, 1);
    assert.equal((JSON.parse(refused.out) as { ok: boolean; error: string }).error, 'KeychainError');
  });
});
