import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  decodeEnvelope,
  decodeVehicleFrame,
  encodeAck,
  encodeErrorResponse,
  encodeStreamEnvelope,
  EnvelopeError,
  INCORRECT_MESSAGE_FORMAT,
  MESSAGE_TYPE_ACK,
  MESSAGE_TYPE_STREAM,
} from '../../../core/telemetry-wire';

interface Vectors {
  V_stream_message: string;
  V_payload_protobuf: string;
  ack_V: string;
  error_response: string;
}

const vectors = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'telemetry-envelope-vectors.json'), 'utf8')) as Vectors;
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8');

describe('telemetry-wire envelope', () => {
  it('decodes the reference V stream message', () => {
    const env = decodeEnvelope(Buffer.from(vectors.V_stream_message, 'hex'));
    assert.equal(env.messageType, MESSAGE_TYPE_STREAM);
    assert.equal(text(env.txid), 'integration-test-txid');
    assert.equal(text(env.topic), 'V');
    assert.equal(text(env.messageId), 'integration-test-message-id');
    assert.ok(env.stream);
    assert.equal(env.stream.createdAt, 1);
    assert.equal(text(env.stream.senderId), 'vehicle_device.device-1');
    assert.equal(text(env.stream.deviceType), 'vehicle_device');
    assert.equal(text(env.stream.deviceId), 'device-1');
    assert.equal(hex(env.stream.payload), vectors.V_payload_protobuf);
    assert.equal(env.stream.deliveredAtEpochMs, BigInt('1700000000123'));
  });

  it('encodes the reference V stream message byte for byte', () => {
    const bytes = encodeStreamEnvelope({
      txid: 'integration-test-txid',
      topic: 'V',
      messageId: 'integration-test-message-id',
      createdAt: 1,
      senderId: 'vehicle_device.device-1',
      deviceType: 'vehicle_device',
      deviceId: 'device-1',
      payload: Buffer.from(vectors.V_payload_protobuf, 'hex'),
      deliveredAtEpochMs: 1700000000123,
    });
    assert.equal(hex(bytes), vectors.V_stream_message);
  });

  it('encodes the ack exactly as the reference server does, and reads it back', () => {
    const ack = encodeAck('integration-test-txid', 'V');
    assert.equal(hex(ack), vectors.ack_V);
    const env = decodeEnvelope(ack);
    assert.equal(env.messageType, MESSAGE_TYPE_ACK);
    assert.equal(text(env.txid), 'integration-test-txid');
    assert.equal(text(env.topic), 'V');
    assert.equal(env.messageId.length, 0);
    assert.equal(env.stream, undefined);
  });

  it('acks built from a cached template are byte-identical to the reference and carry their own txid', () => {
    // Warm the template for this txid length and topic with other content first.
    encodeAck('xxxxxxxxxxxxxxxxxxxxx', 'V');
    assert.equal(hex(encodeAck('integration-test-txid', 'V')), vectors.ack_V);
    for (const topic of ['V', 'alerts', 'errors', 'a-topic-nobody-sends']) {
      for (const length of [1, 2, 7, 31, 32, 33, 64, 255, 256, 257, 1000]) {
        for (const fill of ['a', 'z', '\u00e9']) {
          const txid = fill.repeat(length);
          const env = decodeEnvelope(encodeAck(txid, topic));
          assert.equal(env.messageType, MESSAGE_TYPE_ACK);
          assert.equal(text(env.txid), txid, `txid of length ${length} on ${topic}`);
          assert.equal(text(env.topic), topic);
        }
      }
    }
  });

  it('encodes the error response exactly as the reference server does, and reads it back', () => {
    const reply = encodeErrorResponse('integration-test-txid');
    assert.equal(hex(reply), vectors.error_response);
    const env = decodeEnvelope(reply);
    assert.equal(env.messageType, MESSAGE_TYPE_STREAM);
    assert.equal(text(env.txid), 'integration-test-txid');
    assert.equal(text(env.topic), '');
    assert.equal(text(env.stream?.payload ?? new Uint8Array()), INCORRECT_MESSAGE_FORMAT);
    assert.equal(env.stream?.createdAt, 0);
    assert.equal(env.stream?.deliveredAtEpochMs, BigInt(0));
  });

  it('rejects every truncation of a valid frame with an EnvelopeError or a readable prefix, never a crash', () => {
    const full = Buffer.from(vectors.V_stream_message, 'hex');
    let rejected = 0;
    for (let n = 0; n < full.length; n++) {
      try {
        decodeEnvelope(full.subarray(0, n));
      } catch (err) {
        assert.ok(err instanceof EnvelopeError, `length ${n}: ${String(err)}`);
        rejected++;
      }
    }
    // FlatBuffers are written back to front: cutting the tail removes the root offset's target.
    assert.ok(rejected > full.length - 8, `only ${rejected} truncations rejected`);
  });

  it('refuses offsets that point outside the buffer', () => {
    const bad = Buffer.from(vectors.V_stream_message, 'hex');
    bad.writeUInt32LE(0xfffffff0, 0);
    assert.throws(() => decodeEnvelope(bad), EnvelopeError);
    const badVtable = Buffer.from(vectors.ack_V, 'hex');
    const root = badVtable.readUInt32LE(0);
    badVtable.writeInt32LE(-100000, root);
    assert.throws(() => decodeEnvelope(badVtable), EnvelopeError);
  });

  it('an ack is not a vehicle frame: it is refused with its txid kept for the reply', () => {
    assert.throws(
      () => decodeVehicleFrame(Buffer.from(vectors.ack_V, 'hex'), 'VIN'),
      (err: Error & { txid?: Uint8Array }) => /message type 5/.test(err.message) && text(err.txid ?? new Uint8Array()) === 'integration-test-txid',
    );
  });
});
