/** Every vector of reference §7.1 and §7.3 (and the §7.2 key/ECDH ones that exercise our primitives). */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createCipheriv } from 'node:crypto';
import { importPrivateKeyPem, publicKeyPoint, exportPublicKeyPem, privateKeyFromScalar, importPublicKey } from '../../../core/keys/p256';
import {
  commandMetadata,
  decryptResponse,
  deriveSessionKey,
  hmacPersonalizedTag,
  hmacRequestHash,
  responseMetadata,
  sessionInfoTag,
  subkey,
} from '../../../core/command-protocol/crypto';
import { Metadata, Tag } from '../../../core/command-protocol/metadata';
import { decodeRoutableMessage, decodeSessionInfo, encodeRoutableMessage } from '../../../core/command-protocol/messages';
import { bleLocalName } from '../../../core/command-protocol/ble-name';
import { CarServerActionType, CarServerResponseType, VcsecUnsignedMessageType } from '../../../core/command-protocol/schema';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

const VEHICLE_KEY = `-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIDRO5bRmp88e6xK29QMx2y5exYNO9fS+/P2MvlXCUo1woAoGCCqGSM49
AwEHoUQDQgAEx6H0cThIaqRymXFJSHjTOxok45Vx90im4WxZVbPYd9OmqqDpVRZk
dK9dMsQQ9DmiI0E3rRuwhf1OiBPJWPEdlw==
-----END EC PRIVATE KEY-----`;
const VEHICLE_PEM = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEx6H0cThIaqRymXFJSHjTOxok45Vx
90im4WxZVbPYd9OmqqDpVRZkdK9dMsQQ9DmiI0E3rRuwhf1OiBPJWPEdlw==
-----END PUBLIC KEY-----`;
const CLIENT_KEY = `-----BEGIN EC PRIVATE KEY-----
MHcCAQEEICU4zcKal8GcHpmmN9bPT4yXDBGLVu3h5jI+bRYsSzDboAoGCCqGSM49
AwEHoUQDQgAEsra8aMLaBmXOZWgVWUmWxiOU7di+qQX+eBp1T+aoRacUMwkC8iXp
Jp1GbgWzSZgf2p2FzCPG+0RKpztikQXcbg==
-----END EC PRIVATE KEY-----`;
const CLIENT_PEM = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEsra8aMLaBmXOZWgVWUmWxiOU7di+
qQX+eBp1T+aoRacUMwkC8iXpJp1GbgWzSZgf2p2FzCPG+0RKpztikQXcbg==
-----END PUBLIC KEY-----`;

const VIN = '5YJ30123456789ABC';
const V_POINT = hex('04c7a1f47138486aa4729971494878d33b1a24e39571f748a6e16c5955b3d877d3a6aaa0e955166474af5d32c410f439a2234137ad1bb085fd4e8813c958f11d97');
const C_POINT = hex('04b2b6bc68c2da0665ce656815594996c62394edd8bea905fe781a754fe6a845a714330902f225e9269d466e05b349981fda9d85cc23c6fb444aa73b629105dc6e');
const K = hex('1b2fce19967b79db696f909cff89ea9a');
const EPOCH = hex('4c463f9cc0d3d26906e982ed224adde6');
const ROUTING = hex('2c907bd76c640d360b3027dc7404efde');
const HANDSHAKE_UUID = hex('1588d5a30eabc6f8fc9a951b11f6fd11');
const SESSION_INFO = hex(
  '0806124104c7a1f47138486aa4729971494878d33b1a24e39571f748a6e16c5955b3d877d3a6aaa0e955166474af5d32c410f439a2234137ad1bb085fd4e8813c958f11d971a104c463f9cc0d3d26906e982ed224adde6255a0a0000',
);
const P = hex('120452020801');

describe('command protocol vectors §7.1 (protocol.md)', () => {
  const vehicle = importPrivateKeyPem(VEHICLE_KEY);
  const client = importPrivateKeyPem(CLIENT_KEY);

  it('vehicle and client keys: scalar, public point and SPKI PEM', () => {
    assert.equal(vehicle.export({ format: 'jwk' }).d, hex('344EE5B466A7CF1EEB12B6F50331DB2E5EC5834EF5F4BEFCFD8CBE55C2528D70').toString('base64url'));
    assert.deepEqual(publicKeyPoint(vehicle), V_POINT);
    assert.deepEqual(publicKeyPoint(client), C_POINT);
    assert.equal(exportPublicKeyPem(vehicle).trim(), VEHICLE_PEM);
    assert.equal(exportPublicKeyPem(client).trim(), CLIENT_PEM);
    assert.deepEqual(importPublicKey(CLIENT_PEM), C_POINT);
    assert.equal(client.export({ format: 'jwk' }).d, hex('2538CDC29A97C19C1E99A637D6CF4F8C970C118B56EDE1E6323E6D162C4B30DB').toString('base64url'));
  });

  it('handshake request serialises to the documented bytes', () => {
    const bytes = encodeRoutableMessage({
      to_destination: { domain: 3 },
      from_destination: { routing_address: ROUTING },
      session_info_request: { public_key: C_POINT },
      uuid: HANDSHAKE_UUID,
    });
    assert.equal(
      Buffer.from(bytes).toString('hex'),
      '320208033a1212102c907bd76c640d360b3027dc7404efde72430a4104b2b6bc68c2da0665ce656815594996c62394edd8bea905fe781a754fe6a845a714330902f225e9269d466e05b349981fda9d85cc23c6fb444aa73b629105dc6e9a03101588d5a30eabc6f8fc9a951b11f6fd11',
    );
  });

  it('session info decodes to counter 6, V, epoch, clock 2650', () => {
    const info = decodeSessionInfo(SESSION_INFO);
    assert.equal(info.counter, 6);
    assert.deepEqual(Buffer.from(info.publicKey), V_POINT);
    assert.deepEqual(Buffer.from(info.epoch), EPOCH);
    assert.equal(info.clock_time, 2650);
  });

  it('ECDH gives K from both sides', () => {
    assert.deepEqual(deriveSessionKey(client, V_POINT), K);
    assert.deepEqual(deriveSessionKey(vehicle, C_POINT), K);
  });

  it('SESSION_INFO_KEY, metadata and the session-info tag', () => {
    assert.equal(subkey(K, 'session info').toString('hex'), 'fceb679ee7bca756fcd441bf238bf2f338629b41d9eb9c67be1b32c9672ce300');
    const metadata = new Metadata()
      .add(Tag.SignatureType, Uint8Array.of(6))
      .add(Tag.Personalization, Buffer.from(VIN))
      .add(Tag.Challenge, HANDSHAKE_UUID)
      .serialize();
    assert.equal(metadata.toString('hex'), '000106021135594a333031323334353637383941424306101588d5a30eabc6f8fc9a951b11f6fd11ff');
    assert.equal(sessionInfoTag(K, VIN, HANDSHAKE_UUID, SESSION_INFO).toString('hex'), '996c1fe38331be138f8039c194b14db2198846ed7d8251e6749284d7b32ea002');
  });

  it('the HVAC-on payload encodes as 120452020801', () => {
    const bytes = CarServerActionType.encode({ vehicleAction: { hvacAutoAction: { power_on: true } } }).finish();
    assert.equal(Buffer.from(bytes).toString('hex'), '120452020801');
  });

  it('AES-GCM command example: metadata and ciphertext/tag', () => {
    const m = new Metadata()
      .add(Tag.SignatureType, Uint8Array.of(5))
      .add(Tag.Domain, Uint8Array.of(3))
      .add(Tag.Personalization, Buffer.from(VIN))
      .add(Tag.Epoch, EPOCH)
      .addUint32(Tag.ExpiresAt, 2655)
      .addUint32(Tag.Counter, 7);
    const serialized = m.serialize();
    assert.equal(
      serialized.toString('hex'),
      '000105010103021135594a333031323334353637383941424303104c463f9cc0d3d26906e982ed224adde6040400000a5f050400000007ff',
    );
    const cipher = createCipheriv('aes-128-gcm', K, hex('dbf79447fa156674dae1caed'));
    cipher.setAAD(createHash('sha256').update(serialized).digest());
    const ct = Buffer.concat([cipher.update(P), cipher.final()]);
    assert.equal(ct.toString('hex'), '38038e8c0f2e');
    assert.equal(cipher.getAuthTag().toString('hex'), '8e128da165f162f4d7d2c8da866cf82a');
  });

  it('metadata encoding examples', () => {
    assert.equal(new Metadata().add(Tag.Personalization, Buffer.from('abc')).serialize().subarray(0, -1).toString('hex'), '0203616263');
    assert.equal(new Metadata().addUint32(Tag.Counter, 100).serialize().subarray(0, -1).toString('hex'), '050400000064');
    assert.equal(
      new Metadata().add(Tag.Personalization, Buffer.from('abc')).addUint32(Tag.Counter, 100).serialize().toString('hex'),
      '0203616263050400000064ff',
    );
    assert.throws(() => new Metadata().addUint32(Tag.Counter, 1).add(Tag.Personalization, Buffer.from('a')), /ascend/);
  });

  it('BLE local name', () => {
    assert.equal(bleLocalName('5YJS0000000000000'), 'S1a87a5a75f3df858C');
  });

  it('debug decode example: unsigned VCSEC InformationRequest{GET_WHITELIST_INFO}', () => {
    const msg = decodeRoutableMessage(hex('320208023a1212100a7962c10d38b61dd2a7722780a4f0969a031005514f57616bcc81a8ce0f9d7b48322952040a020805'));
    assert.equal(msg.to_destination?.domain, 2);
    const inner = VcsecUnsignedMessageType.toObject(VcsecUnsignedMessageType.decode(msg.protobuf_message_as_bytes as Uint8Array), { enums: String });
    assert.deepEqual(inner, { InformationRequest: { informationRequestType: 'INFORMATION_REQUEST_TYPE_GET_WHITELIST_INFO' } });
  });
});

describe('command protocol vectors §7.2 (unit-test keys)', () => {
  it('metadata checksum TestCheckSum', () => {
    const m = new Metadata()
      .add(0, hex('05'))
      .add(1, hex('02'))
      .add(2, Buffer.from('testVIN'))
      .add(3, hex('aada928a4f215f55f9e6e45e66b6521e'))
      .add(4, hex('00000e74'))
      .add(5, hex('0000053a'));
    assert.equal(createHash('sha256').update(m.serialize()).digest('hex'), 'abab04d804499813382efd74a06791ce2de777439603246dfbaa8392ca05868e');
  });

  it('ECDH keeps a leading zero in the shared x-coordinate and rejects invalid points', () => {
    const priv = privateKeyFromScalar(hex('5260f8d6113875d86f8ee8fea340df1ffb40c658b5455e8c33d797c53a41afd3'));
    const peer = hex('0407fb60b65b94e0de4a954c53be10003d9e69918dedfda5f4e9efb9ebd8c5bd672a53991c4068865d5fb44f97f6cecf8398f261dd1d7bc69be676afdc8ffacbcc');
    const expected = createHash('sha1').update(hex('0072d5b815207a04f0c795fba0ba9e8add3f1f57148c51fface22ca15e6fd845')).digest().subarray(0, 16);
    assert.deepEqual(deriveSessionKey(priv, peer), expected);
    const flipped = Buffer.from(peer);
    flipped[1] ^= 1;
    assert.throws(() => deriveSessionKey(priv, flipped), /not a valid P-256 point/);
    assert.throws(() => deriveSessionKey(priv, Buffer.concat([Uint8Array.of(4), Buffer.alloc(64)])), /not a valid P-256 point/);
  });

  it('scalar → public point (native_test)', () => {
    const key = privateKeyFromScalar(hex('3e20d8f0b0caddd0970ab36342c5dc3f0a3d5677883cb260ed6ceb3aed9320c4'));
    assert.equal(
      publicKeyPoint(key).toString('hex'),
      '04c4ff45b968e87469af648ed34c34a934d74a1d76f272d153fc81114ddfecc178f688e62bec19c9b144e9415361fa4fecab5ded4336336b9751c9a78ffa270fae',
    );
  });
});

describe('command protocol vectors §7.3 (HMAC_PERSONALIZED and response)', () => {
  const fields = { domain: 3, vin: VIN, epoch: EPOCH, expiresAt: 2655, counter: 7, flags: 0 };

  it('K_cmd', () => {
    assert.equal(subkey(K, 'authenticated command').toString('hex'), '6d3a14d0b6d762e4f076739e2cf6edd291d2e56e3f25bc6a2af5cb26dc753b14');
  });

  it('flags = 0: metadata and tag', () => {
    assert.equal(
      commandMetadata(fields).serialize().toString('hex'),
      '000108010103021135594a333031323334353637383941424303104c463f9cc0d3d26906e982ed224adde6040400000a5f050400000007ff',
    );
    assert.equal(hmacPersonalizedTag(K, fields, P).toString('hex'), '6d75c4e7c5e144996e22f1bdf694e453c94774a636e4382053cb8e358bf25ea8');
  });

  it('flags = 2: metadata, tag and request hashes', () => {
    const f2 = { ...fields, flags: 2 };
    assert.equal(
      commandMetadata(f2).serialize().toString('hex'),
      '000108010103021135594a333031323334353637383941424303104c463f9cc0d3d26906e982ed224adde6040400000a5f050400000007070400000002ff',
    );
    const tag = hmacPersonalizedTag(K, f2, P);
    assert.equal(tag.toString('hex'), 'f3c24554a00e42160e6acef6dd4f1c8ef9c30ed6391ec818d75663bee00a47f0');
    assert.equal(hmacRequestHash(3, tag).toString('hex'), '08f3c24554a00e42160e6acef6dd4f1c8ef9c30ed6391ec818d75663bee00a47f0');
    assert.equal(hmacRequestHash(2, tag).toString('hex'), '08f3c24554a00e42160e6acef6dd4f1c8e');
  });

  it('full signed RoutableMessage bytes and base64', () => {
    const tag = hex('f3c24554a00e42160e6acef6dd4f1c8ef9c30ed6391ec818d75663bee00a47f0');
    const bytes = Buffer.from(
      encodeRoutableMessage({
        to_destination: { domain: 3 },
        from_destination: { routing_address: ROUTING },
        protobuf_message_as_bytes: P,
        signature_data: { signer_identity: { public_key: C_POINT }, HMAC_Personalized_data: { epoch: EPOCH, counter: 7, expires_at: 2655, tag } },
        uuid: hex('58406580528b6a5301391800b4fe9b99'),
        flags: 2,
      }),
    );
    assert.equal(
      bytes.toString('hex'),
      '320208033a1212102c907bd76c640d360b3027dc7404efde52061204520208016a82010a430a4104b2b6bc68c2da0665ce656815594996c62394edd8bea905fe781a754fe6a845a714330902f225e9269d466e05b349981fda9d85cc23c6fb444aa73b629105dc6e423b0a104c463f9cc0d3d26906e982ed224adde610071d5f0a00002220f3c24554a00e42160e6acef6dd4f1c8ef9c30ed6391ec818d75663bee00a47f09a031058406580528b6a5301391800b4fe9b99a00302',
    );
    assert.equal(
      bytes.toString('base64'),
      'MgIIAzoSEhAskHvXbGQNNgswJ9x0BO/eUgYSBFICCAFqggEKQwpBBLK2vGjC2gZlzmVoFVlJlsYjlO3YvqkF/ngadU/mqEWnFDMJAvIl6SadRm4Fs0mYH9qdhcwjxvtESqc7YpEF3G5COwoQTEY/nMDT0mkG6YLtIkrd5hAHHV8KAAAiIPPCRVSgDkIWDmrO9t1PHI75ww7WOR7IGNdWY77gCkfwmgMQWEBlgFKLalMBORgAtP6bmaADAg==',
    );
  });

  it('encrypted response: metadata, AAD, decryption to Response{actionStatus OK}', () => {
    const requestHash = hex('08f3c24554a00e42160e6acef6dd4f1c8ef9c30ed6391ec818d75663bee00a47f0');
    const rf = { domain: 3, vin: VIN, counter: 1, flags: 0, requestHash, fault: 0 };
    const rm = responseMetadata(rf).serialize();
    assert.equal(
      rm.toString('hex'),
      '000109010103021135594a3330313233343536373839414243050400000001070400000000082108f3c24554a00e42160e6acef6dd4f1c8ef9c30ed6391ec818d75663bee00a47f0090400000000ff',
    );
    assert.equal(createHash('sha256').update(rm).digest('hex'), '3ac5c913aa39e5e0895eeae0cbc3c1fc28970bee28732ed8e81be9d0cda37501');
    const plain = decryptResponse(K, rf, hex('000102030405060708090a0b'), hex('135c'), hex('a39e8f2159cd6ee89ddd8de1edcdd2ba'));
    assert.equal(plain.toString('hex'), '0a00');
    const response = CarServerResponseType.toObject(CarServerResponseType.decode(plain), { defaults: true });
    assert.equal(response.actionStatus.result, 0);
    assert.throws(
      () => decryptResponse(K, { ...rf, counter: 2 }, hex('000102030405060708090a0b'), hex('135c'), hex('a39e8f2159cd6ee89ddd8de1edcdd2ba')),
      /authentication/,
    );
  });
});
