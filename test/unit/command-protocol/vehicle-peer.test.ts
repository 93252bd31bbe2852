/** The simulated vehicle on its own: each fault of the reference table it produces, and its replies. */
import assert from 'node:assert/strict';
import { randomBytes, type KeyObject } from 'node:crypto';
import { generatePrivateKey, publicKeyPoint } from '../../../core/keys/p256';
import { DomainSession, type SignedRequest } from '../../../core/command-protocol/session';
import { decodeRoutableMessage, decodeSessionInfo, encodeRoutableMessage, type RoutableMessage } from '../../../core/command-protocol/messages';
import { CarServerActionType, CarServerResponseType } from '../../../core/command-protocol/schema';
import { VehiclePeer, type Executor } from '../../../simulator/vehicle-protocol/vehicle-peer';

const VIN = '5YJ3E1EA8KF000001';
const OTHER_VIN = '7SAYGDEE1PF000002';
const ok: Executor = () => ({ ok: true });
const FLASH = CarServerActionType.encode({ vehicleAction: { vehicleControlFlashLightsAction: {} } }).finish();

function handshake(peer: VehiclePeer, key: KeyObject, domain: 2 | 3, vin = VIN): { session: DomainSession; reply: RoutableMessage } {
  const uuid = randomBytes(16);
  const reply = decodeRoutableMessage(
    peer.handle(
      encodeRoutableMessage({
        to_destination: { domain },
        from_destination: { routing_address: randomBytes(16) },
        session_info_request: { public_key: publicKeyPoint(key) },
        uuid,
      }),
      ok,
    ).reply,
  );
  const info = decodeSessionInfo(reply.session_info as Uint8Array);
  const session = DomainSession.fromHandshake({
    vin,
    domain,
    privateKey: key,
    info,
    infoBytes: reply.session_info as Uint8Array,
    tag: reply.signature_data?.session_info_tag?.tag,
    challenge: uuid,
    receivedAt: Date.now(),
  });
  return { session, reply };
}

function send(peer: VehiclePeer, request: SignedRequest, mutate: (m: RoutableMessage) => void = () => undefined): RoutableMessage & { fault: number } {
  const message = structuredClone(request.message);
  mutate(message);
  const reply = decodeRoutableMessage(peer.handle(encodeRoutableMessage(message), ok).reply);
  return Object.assign(reply, { fault: reply.signedMessageStatus?.signed_message_fault ?? 0 });
}

describe('simulated vehicle peer', () => {
  let key: KeyObject;
  let peer: VehiclePeer;
  beforeEach(() => {
    key = generatePrivateKey();
    peer = new VehiclePeer(VIN, { otherVins: () => [VIN, OTHER_VIN] });
    peer.pair(publicKeyPoint(key));
  });

  it('handshake: signed session info for our uuid, the domain key, and KEY_NOT_ON_WHITELIST for strangers', () => {
    const { reply } = handshake(peer, key, 3);
    assert.deepEqual(Buffer.from(decodeSessionInfo(reply.session_info as Uint8Array).publicKey), peer.domainPublicKey(3));
    assert.equal(decodeSessionInfo(reply.session_info as Uint8Array).status, 0);
    const stranger = generatePrivateKey();
    const r = handshake(peer, stranger, 2).reply;
    assert.equal(decodeSessionInfo(r.session_info as Uint8Array).status, 1);
  });

  it('executes a good command and encrypts the reply when asked (flags = 2), plaintext otherwise', () => {
    const { session } = handshake(peer, key, 3);
    const request = session.sign(FLASH, Date.now());
    const reply = send(peer, request);
    assert.equal(reply.fault, 0);
    assert.ok(reply.signature_data?.AES_GCM_Response_data, 'encrypted');
    const plain = session.openReply(reply, request);
    assert.equal(CarServerResponseType.toObject(CarServerResponseType.decode(plain)).actionStatus?.result ?? 0, 0);
    assert.throws(() => session.openReply(reply, request), /replayed reply/, 'the same response counter twice is a replay');
    const clear = send(peer, session.sign(FLASH, Date.now(), { encryptResponse: false }));
    assert.equal(clear.signature_data, undefined);
    assert.equal(Buffer.from(clear.protobuf_message_as_bytes as Uint8Array).toString('hex'), '0a00');
  });

  it('numbers encrypted replies per session epoch by default, or per request (always 1) when configured', () => {
    const counter = (r: RoutableMessage): number | undefined => r.signature_data?.AES_GCM_Response_data?.counter;
    const { session } = handshake(peer, key, 3);
    assert.deepEqual(
      [1, 2, 3].map(() => counter(send(peer, session.sign(FLASH, Date.now())))),
      [1, 2, 3],
      'per-session: counts up across requests',
    );
    assert.equal(peer.replyCounters(3), 'per-session');
    peer.setReplyCounters(3, 'per-request');
    assert.deepEqual(
      [1, 2, 3].map(() => counter(send(peer, session.sign(FLASH, Date.now())))),
      [1, 1, 1],
      "per-request: each reply is its request's first",
    );
    assert.equal(peer.replyCounters(2), 'per-session', 'the other domain is unchanged');
    peer.reboot(3);
    assert.equal(peer.replyCounters(3), 'per-request', 'firmware behaviour survives a reboot');
    const configured = new VehiclePeer(VIN, { replyCounters: 'per-request' });
    assert.deepEqual([configured.replyCounters(2), configured.replyCounters(3)], ['per-request', 'per-request']);
  });

  it('fault 3 for an unpaired signer (no session info)', () => {
    const { session } = handshake(peer, key, 3);
    peer.unpair(publicKeyPoint(key));
    const reply = send(peer, session.sign(FLASH, Date.now()));
    assert.equal(reply.fault, 3);
    assert.equal(reply.session_info, undefined);
  });

  it('fault 5 for a bad tag, with session info signed for the request uuid', () => {
    const { session } = handshake(peer, key, 3);
    const request = session.sign(FLASH, Date.now());
    const reply = send(peer, request, (m) => {
      (m.signature_data!.HMAC_Personalized_data!.tag as Uint8Array)[0] ^= 1;
    });
    assert.equal(reply.fault, 5);
    assert.ok(session.authenticates(reply.session_info as Uint8Array, reply.signature_data?.session_info_tag?.tag, request.uuid));
    assert.ok(!session.authenticates(reply.session_info as Uint8Array, reply.signature_data?.session_info_tag?.tag, randomBytes(16)));
  });

  it('fault 12 when the command was signed for another VIN', () => {
    const { reply } = handshake(peer, key, 3);
    const info = decodeSessionInfo(reply.session_info as Uint8Array);
    const wrong = DomainSession.fromCache({ vin: OTHER_VIN, domain: 3, sessionInfo: '', receivedAt: Date.now() - info.clock_time * 1000 }, key, info);
    assert.equal(send(peer, wrong.sign(FLASH, Date.now())).fault, 12);
  });

  it('fault 6 for a reused counter; VCSEC is strict, infotainment takes out-of-order counters once', () => {
    const vcsec = handshake(peer, key, 2).session;
    const lock = Uint8Array.of(0x10, 0x01);
    const first = vcsec.sign(lock, Date.now());
    const second = vcsec.sign(lock, Date.now());
    assert.equal(send(peer, second).fault, 0);
    assert.equal(send(peer, first).fault, 6, 'VCSEC: older counter refused');
    assert.equal(send(peer, second).fault, 6, 'replay refused');
    const info = handshake(peer, key, 3).session;
    const a = info.sign(FLASH, Date.now());
    const b = info.sign(FLASH, Date.now());
    assert.equal(send(peer, b).fault, 0);
    assert.equal(send(peer, a).fault, 0, 'infotainment: out of order inside the window');
    assert.equal(send(peer, a).fault, 6, 'but only once');
  });

  it('fault 15 after a reboot, fault 17 when expired, fault 20 when the TTL is too long', () => {
    const { session } = handshake(peer, key, 3);
    peer.reboot(3);
    const afterReboot = send(peer, session.sign(FLASH, Date.now()));
    assert.equal(afterReboot.fault, 15);
    assert.deepEqual(Buffer.from(decodeSessionInfo(afterReboot.session_info as Uint8Array).epoch), peer.epoch(3));
    const fresh = handshake(peer, key, 3).session;
    assert.equal(send(peer, fresh.sign(FLASH, Date.now() - 8_000)).fault, 17, 'the car rebooted 10 s ago; this expired 3 s ago');
    assert.equal(send(peer, fresh.sign(FLASH, Date.now(), { lifetimeSeconds: 120 })).fault, 20);
    assert.equal(send(peer, fresh.sign(FLASH, Date.now(), { lifetimeSeconds: 25 })).fault, 0);
  });

  it('answers garbage, unknown domains, unsigned and undecodable commands with faults and never throws', () => {
    const decode = (bytes: Uint8Array): number => decodeRoutableMessage(peer.handle(bytes, ok).reply).signedMessageStatus?.signed_message_fault ?? 0;
    assert.equal(decode(Buffer.from('not protobuf at all, really')), 10);
    assert.equal(decode(encodeRoutableMessage({ to_destination: { domain: 7 }, uuid: randomBytes(16) })), 8);
    assert.equal(decode(encodeRoutableMessage({ to_destination: { domain: 3 }, protobuf_message_as_bytes: FLASH })), 3);
    const { session } = handshake(peer, key, 3);
    assert.equal(send(peer, session.sign(Uint8Array.of(0xff, 0xff, 0xff), Date.now())).fault, 10);
    assert.equal(send(peer, session.sign(CarServerActionType.encode({ vehicleAction: {} }).finish(), Date.now())).fault, 9);
  });

  it('injected busy/internal faults carry session info; refusals come back as actionStatus ERROR', () => {
    const { session } = handshake(peer, key, 3);
    peer.injectFault(3, 1, 1);
    const busy = send(peer, session.sign(FLASH, Date.now()));
    assert.equal(busy.fault, 1);
    assert.equal(busy.signedMessageStatus?.operation_status, 1);
    assert.ok(busy.session_info);
    const refusing = new VehiclePeer(VIN);
    refusing.pair(publicKeyPoint(key));
    const s2 = handshake(refusing, key, 3).session;
    const request = s2.sign(FLASH, Date.now());
    const reply = decodeRoutableMessage(refusing.handle(encodeRoutableMessage(request.message), () => ({ ok: false, reason: 'nope' })).reply);
    const app = CarServerResponseType.toObject(CarServerResponseType.decode(s2.openReply(reply, request)));
    assert.deepEqual(app.actionStatus, { result: 1, result_reason: { plain_text: 'nope' } });
  });
});
