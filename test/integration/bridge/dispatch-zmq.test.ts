/**
 * The bridge's zmq dispatcher with a real ZeroMQ subscriber: as /work/tesla/fleet-telemetry/datastore/zmq/zmq.go, a
 * PUB socket bound to `addr` sends each record as two frames, the topic `<namespace>_<txtype>`
 * (telemetry.BuildTopicName) and the record payload (protobuf, or decoded JSON with transmit_decoded_records).
 */
import assert from 'node:assert/strict';
import { Subscriber } from 'zeromq';
import { decodePayloadJson } from '../../../core/telemetry-wire';
import type { RunningBridge } from '../../../telemetry-bridge';
import type { DispatchConfig } from '../../../telemetry-bridge/dispatchers/types';
import { freePort } from '../../support/net';
import { makePki, startTestBridge, vehicleFor, waitFor, type Pki } from './helpers';

interface Frames {
  topic: string;
  payload: Buffer;
}

/** A SUB socket on `addr` filtered on `prefix`, collecting two-frame messages until closed. */
function subscribe(addr: string, prefix: string): { socket: Subscriber; messages: Frames[] } {
  const socket = new Subscriber({ linger: 0 });
  socket.connect(addr);
  socket.subscribe(prefix);
  const messages: Frames[] = [];
  void (async () => {
    try {
      for await (const [topic, payload] of socket) messages.push({ topic: topic.toString(), payload: Buffer.from(payload) });
    } catch {
      // closed
    }
  })();
  return { socket, messages };
}

describe('telemetry bridge: zmq dispatcher (real ZeroMQ sockets)', function () {
  this.timeout(120000);
  let pki: Pki;
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  before(() => {
    pki = makePki();
  });
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function setUp(format: DispatchConfig['format'], vin: string, extra: Partial<DispatchConfig> = {}) {
    const addr = `tcp://127.0.0.1:${await freePort()}`;
    const dispatch: DispatchConfig = {
      namespace: 'tesla_telemetry',
      format,
      records: { V: ['zmq'], alerts: ['zmq'] },
      reliableAckSources: {},
      logger: { verbose: false },
      zmq: { addr },
      ...extra,
    };
    const bridge: RunningBridge = await startTestBridge(pki, { feed: undefined, dispatch });
    cleanups.push(() => bridge.close());
    const sub = subscribe(addr, 'tesla_telemetry_');
    cleanups.push(() => sub.socket.close());
    const v = vehicleFor(bridge, pki, pki.vehicle(vin));
    cleanups.push(() => v.close());
    await v.waitConnected();
    // A subscription reaches the PUB socket some time after connecting, and PUB drops what no subscriber asked for
    // yet: send a probe until one arrives, then the records under test.
    let probes = 0;
    await waitFor(() => {
      if (sub.messages.length) return true;
      if (probes++ % 10 === 0) v.sendVehicleData({ data: [{ key: 'VehicleName', value: { stringValue: 'probe' } }] });
      return false;
    }, 'the subscription to reach the publisher');
    await v.waitIdle();
    await waitFor(() => bridge.stats().dispatchers?.zmq.inflight === 0, 'the probes sent');
    sub.messages.length = 0;
    return { bridge, sub, v };
  }

  it('sends [<namespace>_<txtype>, protobuf payload] frames', async () => {
    const vin = '5YJ3ZMQ0000000001';
    const { sub, v } = await setUp('protobuf', vin);
    v.sendVehicleData({ createdAt: '2026-12-07T10:00:00Z', data: [{ key: 'Soc', value: { intValue: 80 } }] });
    v.sendAlerts({ alerts: [{ name: 'ChargePortFault', audiences: ['Customer'], startedAt: '2026-12-07T10:00:00Z' }] });
    await waitFor(() => sub.messages.length === 2, 'two messages');
    assert.deepEqual(
      sub.messages.map((m) => m.topic),
      ['tesla_telemetry_V', 'tesla_telemetry_alerts'],
    );
    // Payload{data=1 [Datum{key=1: Soc (8), value=2: Value{int_value=2: 80}}], created_at=2 {seconds=1: 1796637600}, vin=3}
    const expected = Buffer.concat([
      Buffer.from([0x0a, 0x06, 0x08, 0x08, 0x12, 0x02, 0x10, 80]),
      Buffer.from([0x12, 0x06, 0x08, 0xa0, 0x87, 0xda, 0xd8, 0x06]),
      Buffer.from([0x1a, vin.length]),
      Buffer.from(vin),
    ]);
    assert.equal(sub.messages[0].payload.toString('hex'), expected.toString('hex'));
    // The alert payload decodes as VehicleAlerts with the certificate's VIN.
    const alerts = JSON.parse(decodePayloadJson('alerts', sub.messages[1].payload, 'ignored')) as { alerts: Array<{ name: string }> };
    assert.equal(alerts.alerts[0].name, 'ChargePortFault');
  });

  it('with transmit_decoded_records sends the decoded JSON, and can be the reliable-ack source', async () => {
    const vin = '5YJ3ZMQ0000000002';
    const { bridge, sub, v } = await setUp('json', vin, { reliableAckSources: { V: 'zmq' } });
    const lines: string[] = [];
    bridge.onRecord((r, line) => {
      if (r.txtype === 'V') lines.push(line.toString());
    });
    const acked: string[] = [];
    v.on('ack', (e) => acked.push(e.txid));
    const txid = v.sendVehicleData({ createdAt: '2026-12-07T10:00:00Z', data: [{ key: 'Gear', value: { shiftStateValue: 'ShiftStateP' } }] });
    await v.waitIdle();
    assert.deepEqual(acked, [txid]);
    await waitFor(() => sub.messages.length === 1, 'the record');
    const line = lines[0];
    assert.equal(sub.messages[0].topic, 'tesla_telemetry_V');
    assert.equal(sub.messages[0].payload.toString(), line.slice(line.indexOf(',"record":') + 10, -1));
    assert.equal(bridge.stats().dispatchers?.zmq.published, bridge.stats().records_by_topic.V);
  });
});
