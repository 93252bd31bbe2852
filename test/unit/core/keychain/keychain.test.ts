import { strict as assert } from 'node:assert';
import { VcsecFromVcsecMessageType } from '../../../../core/command-protocol/schema';
import {
  addKeyPayload,
  formFactorName,
  KeychainError,
  parseRole,
  readWhitelistEntry,
  readWhitelistInfo,
  readWhitelistOperationReply,
  removeKeyPayload,
  roleName,
  roleNumber,
  slotsOf,
  whitelistEntryRequest,
  whitelistInfoRequest,
} from '../../../../core/keychain';
import { generatePrivateKey, publicKeyPoint } from '../../../../core/keys';

const point = publicKeyPoint(generatePrivateKey());

describe('core keychain: payloads and replies as Tesla encodes them', () => {
  it('role and form factor numbers are Tesla’s', () => {
    // teslamotors/vehicle-command pkg/protocol/protobuf/keys.proto: ROLE_NONE 0, SERVICE 1, OWNER 2, DRIVER 3, FM 4,
    // VEHICLE_MONITOR 5, CHARGING_MANAGER 6, GUEST 8.
    assert.deepEqual(
      (['none', 'service', 'owner', 'driver', 'fm', 'vehicle_monitor', 'charging_manager', 'guest'] as const).map(roleNumber),
      [0, 1, 2, 3, 4, 5, 6, 8],
    );
    // vcsec.proto KeyFormFactor: NFC_CARD 1, IOS_DEVICE 6, ANDROID_DEVICE 7, CLOUD_KEY 9.
    assert.deepEqual([1, 6, 7, 9, 0].map(formFactorName), ['nfc_card', 'ios_device', 'android_device', 'cloud_key', 'unknown']);
    assert.equal(roleName(4), 'fm');
  });

  it('takes the roles tesla-control’s add-key-request offers and names them on a typo', () => {
    // cmd/tesla-control/commands.go add-key-request: "One of: owner, driver, fm (fleet manager), vehicle_monitor, charging_manager".
    assert.equal(parseRole('Driver'), 'driver');
    assert.throws(() => parseRole('service'), /use one of owner, driver, fm, vehicle_monitor, charging_manager/);
  });

  it('encodes the whitelist operations at Tesla’s field numbers', () => {
    // vcsec.proto: UnsignedMessage.WhitelistOperation = 16 (tag 0x82 0x01), WhitelistOperation.removePublicKeyFromWhitelist = 2,
    // PublicKey.PublicKeyRaw = 1; addKeyToWhitelistAndAddPermissions = 5 (PermissionChange key = 1, keyRole = 4),
    // metadataForKey = 6 (KeyMetadata.keyFormFactor = 1).
    const remove = Buffer.from(removeKeyPayload(point));
    assert.deepEqual([...remove.subarray(0, 2)], [0x82, 0x01]);
    assert.deepEqual([...remove.subarray(3, 5)], [0x12, 67], 'field 2, length 67');
    assert.deepEqual([...remove.subarray(5, 7)], [0x0a, 65], 'PublicKeyRaw, 65 bytes');
    assert.ok(remove.subarray(7).equals(point));
    const add = Buffer.from(addKeyPayload(point, 'driver', 'cloud_key'));
    assert.deepEqual([...add.subarray(0, 2)], [0x82, 0x01]);
    assert.equal(add[3], 0x2a, 'field 5 (addKeyToWhitelistAndAddPermissions)');
    assert.deepEqual([...add.subarray(-4)], [0x32, 0x02, 0x08, 9], 'metadataForKey { keyFormFactor: CLOUD_KEY 9 }');
    assert.ok(add.includes(Buffer.from([0x20, 3])), 'keyRole = DRIVER 3 at field 4');
  });

  it('encodes info requests as tesla-control’s getVCSECInfo does (type 5, or type 6 with the slot)', () => {
    // vcsec.proto: UnsignedMessage.InformationRequest = 1; InformationRequest { informationRequestType = 1; oneof key { slot = 4 } };
    // INFORMATION_REQUEST_TYPE_GET_WHITELIST_INFO = 5, GET_WHITELIST_ENTRY_INFO = 6.
    assert.deepEqual([...whitelistInfoRequest()], [0x0a, 0x02, 0x08, 0x05]);
    assert.deepEqual([...whitelistEntryRequest(3)], [0x0a, 0x04, 0x08, 0x06, 0x20, 0x03]);
  });

  it('reads whitelist info, entries and a refused operation', () => {
    const info = VcsecFromVcsecMessageType.encode({ whitelistInfo: { numberOfEntries: 3, slotMask: 0b1011 } }).finish();
    assert.deepEqual(readWhitelistInfo(info), { numberOfEntries: 3, slotMask: 11 });
    assert.deepEqual(slotsOf(0b1011), [0, 1, 3]);
    const entry = VcsecFromVcsecMessageType.encode({
      whitelistEntryInfo: { publicKey: { PublicKeyRaw: point }, metadataForKey: { keyFormFactor: 7 }, slot: 3, keyRole: 3 },
    }).finish();
    assert.deepEqual(readWhitelistEntry(entry), { slot: 3, publicKey: point.toString('hex'), role: 'driver', formFactor: 'android_device' });
    const refused = VcsecFromVcsecMessageType.encode({
      commandStatus: { operationStatus: 2, whitelistOperationStatus: { whitelistOperationInformation: 7 } },
    }).finish();
    assert.throws(
      () => readWhitelistOperationReply(refused),
      (e: unknown) => e instanceof KeychainError && e.code === 7 && e.codeName === 'WHITELISTOPERATION_INFORMATION_NO_PERMISSION_TO_REMOVE',
    );
    readWhitelistOperationReply(VcsecFromVcsecMessageType.encode({ commandStatus: { operationStatus: 1, whitelistOperationStatus: {} } }).finish());
  });
});
