/**
 * Anti-replay of encrypted replies (AES_GCM_Response_data.counter), checked against the official client,
 * teslamotors/vehicle-command (read at commit 724d8c8). The facts each test states are cited next to it.
 */
import assert from 'node:assert/strict';
import { randomBytes, type KeyObject } from 'node:crypto';
import { generatePrivateKey, publicKeyPoint } from '../../../core/keys/p256';
import { deriveSessionKey } from '../../../core/command-protocol/crypto';
import { decodeRoutableMessage, decodeSessionInfo, encodeRoutableMessage, type RoutableMessage } from '../../../core/command-protocol/messages';
import { ReplayWindow } from '../../../core/command-protocol/replay-window';
import { DomainSession, type SignedRequest } from '../../../core/command-protocol/session';
import { VehicleCommandClient } from '../../../core/command-protocol';
import { CarServerActionType, CarServerResponseType } from '../../../core/command-protocol/schema';
import { encryptReply } from '../../../simulator/vehicle-protocol/peer-crypto';
import { VehiclePeer, type Executor } from '../../../simulator/vehicle-protocol/vehicle-peer';

const VIN = '5YJ3E1EA8KF000001';
const ok: Executor = () => ({ ok: true });
const FLASH = CarServerActionType.encode({ vehicleAction: { vehicleControlFlashLightsAction: {} } }).finish();
const APP_OK = CarServerResponseType.encode({ actionStatus: {} }).finish();

describe('reply anti-replay (as teslamotors/vehicle-command does it)', () => {
  describe('the window rules', () => {
    // internal/authentication/window.go: SlidingWindow.Update accepts the first counter it is given
    // unconditionally (the `used` flag), whatever its value: nothing special about 0 on the client side.
    it('the first counter is accepted whatever it is, 0 included', () => {
      for (const first of [0, 1, 7, 0xffffffff]) assert.equal(new ReplayWindow().accept(first), true, String(first));
      const w = new ReplayWindow();
      assert.equal(w.accept(0), true);
      assert.equal(w.accept(0), false, 'counter 0 is a counter like any other: twice is a duplicate');
      assert.equal(w.accept(1), true);
    });

    // internal/authentication/window.go updateSlidingWindow: `counter == newCounter` → "has been used before".
    it('a counter equal to the highest seen is refused', () => {
      const w = new ReplayWindow();
      assert.equal(w.accept(100), true);
      assert.equal(w.accept(100), false);
    });

    // updateSlidingWindow: newCounter > counter is always valid; the window shifts by the difference and the
    // previous highest is recorded (window_test.go: 100 with history {99, 94} → 101 gives {100, 99, 94}).
    it('a higher counter is accepted and the previous highest is remembered', () => {
      const w = new ReplayWindow();
      for (const c of [94, 99, 100]) assert.equal(w.accept(c), true);
      assert.equal(w.accept(101), true);
      for (const c of [101, 100, 99, 94]) assert.equal(w.accept(c), false, `${c} was seen`);
      assert.equal(w.accept(98), true, 'not seen, inside the window');
    });

    // internal/authentication/crypto.go: windowSize = 32. updateSlidingWindow refuses an older counter only when
    // `age > windowSize` (age = highest − counter), so counters 1..32 behind are still judged by the history
    // (verifier_test.go: "the window of acceptable counters will be [C - windowSize, C)").
    it('an older counter is accepted once if at most 32 behind; 33 behind is too old to tell', () => {
      const w = new ReplayWindow();
      assert.equal(w.size, 32);
      assert.equal(w.accept(100), true);
      assert.equal(w.accept(68), true, '32 behind');
      assert.equal(w.accept(68), false, 'and only once');
      assert.equal(w.accept(67), false, '33 behind');
      assert.equal(w.accept(3), false, 'window_test.go: 100 then 3 fails');
    });

    // window_test.go: counter 100 → 500 succeeds and the old history no longer fits (window becomes 0).
    it('a jump past the window forgets the history', () => {
      const w = new ReplayWindow();
      assert.equal(w.accept(100), true);
      assert.equal(w.accept(500), true);
      assert.equal(w.accept(468), true, '32 behind 500 was never seen');
      assert.equal(w.accept(467), false, '33 behind');
      assert.equal(w.accept(100), false);
    });

    // Tesla's history is one uint64 and shifts by up to 32 (and more, emptying it); ours must not wrap at 32 bits.
    it('a shift of exactly 32 keeps the previous highest as the oldest entry', () => {
      const w = new ReplayWindow();
      assert.equal(w.accept(10), true);
      assert.equal(w.accept(42), true);
      assert.equal(w.accept(10), false, '10 is 32 behind 42 and was seen');
      assert.equal(w.accept(11), true);
      assert.equal(w.accept(43), true);
      assert.equal(w.accept(11), false, '11 is 32 behind 43 and was seen');
      assert.equal(w.accept(10), false, 'now 33 behind');
    });
  });

  describe('one window per request, not per session', () => {
    let key: KeyObject;
    let peer: VehiclePeer;
    let session: DomainSession;
    let k: Buffer;
    beforeEach(() => {
      key = generatePrivateKey();
      peer = new VehiclePeer(VIN);
      peer.pair(publicKeyPoint(key));
      const uuid = randomBytes(16);
      const hello = decodeRoutableMessage(
        peer.handle(
          encodeRoutableMessage({
            to_destination: { domain: 3 },
            from_destination: { routing_address: randomBytes(16) },
            session_info_request: { public_key: publicKeyPoint(key) },
            uuid,
          }),
          ok,
        ).reply,
      );
      const infoBytes = hello.session_info as Uint8Array;
      session = DomainSession.fromHandshake({
        vin: VIN,
        domain: 3,
        privateKey: key,
        info: decodeSessionInfo(infoBytes),
        infoBytes,
        tag: hello.signature_data?.session_info_tag?.tag,
        challenge: uuid,
        receivedAt: Date.now(),
      });
      k = deriveSessionKey(key, session.vehiclePublicKey);
    });

    /** What a car sends back: the app reply sealed under K for `request` (request hash in the AAD) with `counter`. */
    const sealedReply = (request: SignedRequest, counter: number): RoutableMessage => {
      const sealed = encryptReply(k, { domain: 3, vin: VIN, counter, flags: 0, requestHash: request.requestHash, fault: 0 }, APP_OK);
      return {
        from_destination: { domain: 3 },
        protobuf_message_as_bytes: sealed.ciphertext,
        signature_data: { AES_GCM_Response_data: { nonce: sealed.nonce, counter, tag: sealed.tag } },
      };
    };

    // internal/dispatcher/dispatcher.go: Send creates a new receiver (createHandler) for every request, and
    // internal/dispatcher/receiver.go gives each receiver its own `antireplay authentication.SlidingWindow`;
    // internal/dispatcher/session.go decrypt checks `handler.antireplay.Update(counter)` — the request's window.
    it('two requests whose replies both carry counter 1 both succeed', () => {
      const first = session.sign(FLASH, Date.now());
      const second = session.sign(FLASH, Date.now());
      assert.deepEqual(Buffer.from(session.openReply(sealedReply(first, 1), first)), Buffer.from(APP_OK));
      assert.deepEqual(Buffer.from(session.openReply(sealedReply(second, 1), second)), Buffer.from(APP_OK));
    });

    // Same window (session.go decrypt → handler.antireplay.Update): a duplicate counter for one request is
    // ErrReplayedResponse ("received vehicle response with duplicate counter", pkg/protocol/error.go).
    it('the same reply delivered twice to one request is refused', () => {
      const request = session.sign(FLASH, Date.now());
      const reply = sealedReply(request, 1);
      session.openReply(structuredClone(reply), request);
      assert.throws(() => session.openReply(structuredClone(reply), request), /replayed reply/);
    });

    // The receiver's window follows window.go for any further replies to the same request: higher counters and
    // unseen counters inside the window pass, a seen one does not.
    it("several replies to one request follow the window rules; another request's count is separate", () => {
      const a = session.sign(FLASH, Date.now());
      const b = session.sign(FLASH, Date.now());
      session.openReply(sealedReply(a, 5), a);
      session.openReply(sealedReply(a, 7), a);
      session.openReply(sealedReply(a, 6), a);
      assert.throws(() => session.openReply(sealedReply(a, 6), a), /replayed reply/);
      session.openReply(sealedReply(b, 6), b);
      session.openReply(sealedReply(b, 0), b);
    });

    // internal/dispatcher/session.go decrypt: Signer.Decrypt (authentication) runs before antireplay.Update,
    // so a reply that fails authentication leaves the window untouched. The AAD carries the request hash
    // (internal/authentication/peer.go responseMetadata: TAG_REQUEST_HASH), binding a reply to its request.
    it("a reply to another request does not authenticate and does not spend this request's counter", () => {
      const a = session.sign(FLASH, Date.now());
      const b = session.sign(FLASH, Date.now());
      assert.throws(() => session.openReply(sealedReply(a, 1), b), /failed authentication/);
      session.openReply(sealedReply(b, 1), b);
    });

    // Replies are no longer tied to the session epoch: after a reboot (new epoch) a car counting per epoch starts
    // again at 1, which a per-request window takes in its stride.
    it('a car that restarts its reply count (reboot) is accepted', () => {
      const before = session.sign(FLASH, Date.now());
      session.openReply(sealedReply(before, 1), before);
      const after = session.sign(FLASH, Date.now());
      session.openReply(sealedReply(after, 1), after);
    });
  });

  describe('through the client, against a simulated car numbering replies per request', () => {
    for (const replyCounters of ['per-request', 'per-session'] as const) {
      it(`${replyCounters}: several commands in a row on both domains, no "replayed reply"`, async () => {
        const key = generatePrivateKey();
        const peer = new VehiclePeer(VIN, { replyCounters });
        peer.pair(publicKeyPoint(key));
        const counters: number[] = [];
        const client = new VehicleCommandClient({
          privateKey: key,
          retryDelayMs: 0,
          transport: {
            async signedCommand(_vin, bytes) {
              const outcome = peer.handle(bytes, ok);
              const gcm = decodeRoutableMessage(outcome.reply).signature_data?.AES_GCM_Response_data;
              if (gcm) counters.push(gcm.counter ?? 0);
              return { message: outcome.reply };
            },
          },
        });
        for (const command of ['flash_lights', 'honk_horn', 'door_lock', 'door_unlock', 'flash_lights', 'door_lock']) {
          const outcome = await client.send(VIN, command);
          assert.equal(outcome.ok, true, command);
          assert.equal(outcome.attempts, 1, command);
        }
        assert.equal(counters.length, 6);
        if (replyCounters === 'per-request') assert.deepEqual(counters, [1, 1, 1, 1, 1, 1]);
        else assert.deepEqual(counters, [1, 2, 1, 2, 3, 3], 'each domain counts its own replies: infotainment 1,2,3 and VCSEC 1,2,3');
      });
    }
  });
});
