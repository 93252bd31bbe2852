import { strict as assert } from 'node:assert';
import { generatePrivateKey, publicKeyPoint } from '../../../core/keys';
import { FormFactor, Role, Whitelist, WhitelistInfo, WHITELIST_SLOTS } from '../../../simulator/vehicle-protocol/whitelist';

const key = (): string => publicKeyPoint(generatePrivateKey()).toString('hex');
const VIN = '5YJ3E1EA8KF000001';

describe('simulated car keychain (VCSEC whitelist)', () => {
  it('comes with the owner’s phone key and key card, the same for a VIN every time', () => {
    const w = new Whitelist(VIN);
    assert.deepEqual(
      w.entries.map((e) => [e.slot, e.role, e.formFactor, e.builtin]),
      [
        [0, Role.Owner, FormFactor.IosDevice, true],
        [1, Role.Owner, FormFactor.NfcCard, true],
      ],
    );
    assert.deepEqual(
      new Whitelist(VIN).entries.map((e) => e.key),
      w.entries.map((e) => e.key),
    );
    assert.equal(w.slotMask, 0b11);
    assert.deepEqual(w.appKeys, []);
  });

  it('owners remove other keys but never themselves, so an owner key always stays', () => {
    const w = new Whitelist(VIN);
    const [phone, card] = w.entries.map((e) => e.key);
    assert.equal(w.remove(phone, phone), WhitelistInfo.NoPermissionToRemoveOneself);
    assert.equal(w.remove(phone, card), WhitelistInfo.None);
    assert.equal(w.remove(phone, phone), WhitelistInfo.NoPermissionToRemoveOneself);
    assert.deepEqual(
      w.entries.map((e) => e.key),
      [phone],
    );
  });

  it('follows the role rules of protocol.md: drivers, fleet managers and monitors cannot remove; service removes drivers, guests and fleet managers only', () => {
    const w = new Whitelist(VIN);
    const phone = w.entries[0].key;
    const [driver, fm, monitor, charging, service, guest] = [key(), key(), key(), key(), key(), key()];
    w.put(driver, Role.Driver, FormFactor.AndroidDevice);
    w.put(fm, Role.FleetManager, FormFactor.CloudKey);
    w.put(monitor, Role.VehicleMonitor, FormFactor.CloudKey);
    w.put(charging, Role.ChargingManager, FormFactor.CloudKey);
    w.put(service, Role.Service, FormFactor.CloudKey);
    w.put(guest, Role.Guest, FormFactor.IosDevice);
    for (const signer of [driver, fm, monitor, charging, guest]) assert.equal(w.remove(signer, phone), WhitelistInfo.NoPermissionToRemove);
    assert.equal(w.remove(service, phone), WhitelistInfo.NoPermissionToRemove, 'service cannot remove an owner');
    assert.equal(w.remove(service, monitor), WhitelistInfo.NoPermissionToRemove);
    assert.equal(w.remove(service, guest), WhitelistInfo.None);
    assert.equal(w.remove(service, fm), WhitelistInfo.None);
    assert.equal(w.remove(service, driver), WhitelistInfo.None);
    assert.equal(w.remove(key(), phone), WhitelistInfo.NoPermissionToRemove, 'a key not on the car');
    assert.equal(w.remove(phone, key()), WhitelistInfo.PublicKeyNotOnWhitelist);
  });

  it('only owners add; never a service key, a key without a role, a key twice or past the last slot', () => {
    const w = new Whitelist(VIN);
    const phone = w.entries[0].key;
    const driver = key();
    w.put(driver, Role.Driver, FormFactor.AndroidDevice);
    assert.equal(w.add(driver, key(), Role.Driver, FormFactor.CloudKey), WhitelistInfo.NoPermissionToAdd);
    assert.equal(w.add(phone, key(), Role.Service, FormFactor.CloudKey), WhitelistInfo.AddKeyWithServiceRole);
    assert.equal(w.add(phone, key(), Role.None, FormFactor.CloudKey), WhitelistInfo.AddKeyWithoutRole);
    assert.equal(w.add(phone, driver, Role.Owner, FormFactor.CloudKey), WhitelistInfo.AlreadyOnWhitelist);
    assert.equal(w.add(phone, 'ab'.repeat(65), Role.Driver, FormFactor.CloudKey), WhitelistInfo.InvalidPublicKey);
    while (w.entries.length < WHITELIST_SLOTS) assert.equal(w.add(phone, key(), Role.Driver, FormFactor.CloudKey), WhitelistInfo.None);
    assert.equal(w.add(phone, key(), Role.Driver, FormFactor.CloudKey), WhitelistInfo.WhitelistFull);
  });

  it('keeps add-key requests waiting until a key card tap, then fills the lowest free slot', () => {
    const w = new Whitelist(VIN);
    const [a, b] = [key(), key()];
    w.remove(w.entries[0].key, w.entries[1].key);
    assert.equal(w.request(a, Role.Driver, FormFactor.IosDevice, 1), WhitelistInfo.None);
    assert.equal(w.request(b, Role.Owner, FormFactor.CloudKey, 2), WhitelistInfo.None);
    assert.equal(w.request(w.entries[0].key, Role.Driver, FormFactor.CloudKey, 3), WhitelistInfo.AlreadyOnWhitelist);
    assert.equal(w.entries.length, 1);
    assert.deepEqual(w.approveRequests(), [a, b]);
    assert.deepEqual(
      w.entries.map((e) => [e.slot, e.key, e.role]),
      [
        [0, w.entries[0].key, Role.Owner],
        [1, a, Role.Driver],
        [2, b, Role.Owner],
      ],
    );
    assert.deepEqual(w.requests, []);
  });
});
