/** Property tests: the signer's tags verify on the vehicle for any payload/counter, and nothing the vehicle receives crashes it. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { generatePrivateKey, publicKeyPoint } from '../../../core/keys/p256';
import { commandMetadata, hmacPersonalizedTag } from '../../../core/command-protocol/crypto';
import { decodeRoutableMessage, encodeRoutableMessage } from '../../../core/command-protocol/messages';
import { ReplayWindow } from '../../../core/command-protocol/replay-window';
import { expectedCommandTag } from '../../../simulator/vehicle-protocol/peer-crypto';
import { VehiclePeer } from '../../../simulator/vehicle-protocol/vehicle-peer';

const vinArb = fc.stringMatching(/^[A-HJ-NPR-Z0-9]{17}$/);

describe('command protocol properties', () => {
  it('signer tag == vehicle tag for any fields; any change to payload or counter breaks it', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        vinArb,
        fc.uint8Array({ minLength: 0, maxLength: 200 }),
        fc.integer({ min: 1, max: 0xfffffffe }),
        fc.integer({ min: 0, max: 2 ** 30 }),
        fc.constantFrom(2, 3),
        fc.constantFrom(0, 2),
        (epoch, vin, payload, counter, expiresAt, domain, flags) => {
          const k = randomBytes(16);
          const fields = { domain, vin, epoch, expiresAt, counter, flags };
          const ours = hmacPersonalizedTag(k, fields, payload);
          assert.deepEqual(ours, expectedCommandTag(k, fields, payload));
          assert.notDeepEqual(ours, expectedCommandTag(k, { ...fields, counter: counter + 1 }, payload));
          assert.notDeepEqual(ours, expectedCommandTag(k, fields, Buffer.concat([payload, Uint8Array.of(0)])));
          assert.equal(commandMetadata(fields).serialize().at(-1), 0xff);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the vehicle answers any bytes with a decodable reply and never throws', () => {
    const key = generatePrivateKey();
    const peer = new VehiclePeer('5YJ3E1EA8KF000001');
    peer.pair(publicKeyPoint(key));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const outcome = peer.handle(bytes, () => ({ ok: true }));
        decodeRoutableMessage(outcome.reply);
      }),
      { numRuns: 500 },
    );
    // Well-formed envelopes with random signature data too.
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 64 }),
        fc.uint8Array({ maxLength: 40 }),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.constantFrom(0, 2, 3, 9),
        (payload, tag, counter, domain) => {
          const bytes = encodeRoutableMessage({
            to_destination: { domain },
            from_destination: { routing_address: randomBytes(16) },
            protobuf_message_as_bytes: payload,
            signature_data: {
              signer_identity: { public_key: publicKeyPoint(key) },
              HMAC_Personalized_data: { epoch: randomBytes(16), counter, expires_at: counter, tag },
            },
            uuid: randomBytes(16),
          });
          const reply = decodeRoutableMessage(peer.handle(bytes, () => ({ ok: true })).reply);
          assert.notEqual(reply.signedMessageStatus?.signed_message_fault ?? 0, 0, 'forged commands never succeed');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('replay window: accepts a counter at most once, whatever the order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 200 }), (counters) => {
        const w = new ReplayWindow();
        const accepted = new Set<number>();
        for (const c of counters) {
          if (w.accept(c)) {
            assert.ok(!accepted.has(c), `counter ${c} accepted twice`);
            accepted.add(c);
          }
        }
      }),
    );
  });
});
