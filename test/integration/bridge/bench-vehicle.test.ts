import assert from 'node:assert/strict';
import { decodeEnvelope, encodeStreamEnvelope, encodeVehicleData, MESSAGE_TYPE_ACK } from '../../../core/telemetry-wire';
import { maskedBinaryFrame, RawVehicle } from '../../../bench/raw-vehicle';
import { streamingSample } from '../../../bench/vehicle-load';
import type { BridgeRecord } from '../../../telemetry-bridge/record';
import { makePki, startTestBridge, waitFor, type Pki } from './helpers';

/** RFC 6455 §5.3: the payload is the masked bytes XORed with the 4-byte key that precedes them. */
function unmask(frame: Buffer): { fin: boolean; opcode: number; payload: Buffer } {
  assert.equal(frame[1] & 0x80, 0x80, 'client frames are masked');
  let n = frame[1] & 0x7f;
  let at = 2;
  if (n === 126) {
    n = frame.readUInt16BE(2);
    at = 4;
  }
  const key = frame.subarray(at, at + 4);
  const payload = Buffer.from(frame.subarray(at + 4));
  assert.equal(payload.length, n);
  for (let i = 0; i < n; i++) payload[i] ^= key[i & 3];
  return { fin: (frame[0] & 0x80) !== 0, opcode: frame[0] & 0x0f, payload };
}

describe('bench vehicle (bench/raw-vehicle.ts) against the bridge', function () {
  this.timeout(60000);
  let pki: Pki;
  before(() => {
    pki = makePki();
  });

  it('frames are final, binary and masked, with 7- and 16-bit lengths, and a fresh key each time', () => {
    for (const size of [0, 5, 125, 126, 300, 65535]) {
      const payload = Buffer.from(Array.from({ length: size }, (_, i) => (i * 31) & 0xff));
      const a = maskedBinaryFrame(payload);
      const b = maskedBinaryFrame(payload);
      assert.deepEqual(unmask(a), { fin: true, opcode: 2, payload });
      assert.equal(a.length, (size < 126 ? 2 : 4) + 4 + size);
      assert.notDeepEqual(a.subarray(a.length - size - 4, a.length - size), b.subarray(b.length - size - 4, b.length - size), 'mask keys differ');
    }
    assert.throws(() => maskedBinaryFrame(new Uint8Array(65536)), /too large/);
  });

  it('upgrades over mTLS, its frames are decoded as the vehicle of its certificate, and every ack carries its txid', async () => {
    const bridge = await startTestBridge(pki);
    const vin = '5YJ3BENCHVEHICLE1';
    const cert = pki.vehicle(vin);
    const vehicle = new RawVehicle({ port: bridge.port, ca: pki.serverCa.certPem, certPem: cert.certPem, keyPem: cert.keyPem });
    const records: BridgeRecord[] = [];
    bridge.onRecord((r) => void (r.txtype === 'V' && records.push(r)));
    const acked: string[] = [];
    vehicle.onMessage = (data) => {
      const ack = decodeEnvelope(data);
      assert.equal(ack.messageType, MESSAGE_TYPE_ACK);
      acked.push(Buffer.from(ack.txid).toString());
    };
    try {
      await vehicle.connect();
      assert.equal(vehicle.connected, true);
      const txids = ['bench-0', 'bench-1', 'bench-2'];
      for (const [i, txid] of txids.entries()) {
        vehicle.send(encodeStreamEnvelope({ txid, topic: 'V', payload: encodeVehicleData(streamingSample(i)), messageId: `m${i}`, createdAt: 1 }));
      }
      await waitFor(() => acked.length === 3 && records.length === 3, 'three acks and three records');
      assert.deepEqual(acked, txids);
      assert.deepEqual(
        records.map((r) => [r.vin, r.txid, r.txtype]),
        txids.map((t) => [vin, t, 'V']),
      );
      const line = JSON.parse(records[1].line.toString()) as { message_id: string; record: { vin: string; data: Array<{ key: string }> } };
      assert.equal(line.message_id, 'm1');
      assert.equal(line.record.vin, vin);
      assert.deepEqual(
        line.record.data.map((d) => d.key),
        streamingSample(1).data.map((d) => d.key),
      );
    } finally {
      await vehicle.close();
      await bridge.close();
    }
  });

  it('a certificate the bridge does not trust is refused before the upgrade', async () => {
    const bridge = await startTestBridge(pki);
    const cert = pki.vehicle('5YJ3BENCHVEHICLE2', { ca: pki.otherCa });
    const vehicle = new RawVehicle({ port: bridge.port, ca: pki.serverCa.certPem, certPem: cert.certPem, keyPem: cert.keyPem });
    try {
      await assert.rejects(vehicle.connect());
      assert.equal(vehicle.connected, false);
    } finally {
      await vehicle.close();
      await bridge.close();
    }
  });
});
