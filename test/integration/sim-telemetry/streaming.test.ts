import assert from 'node:assert/strict';
import { createCa, issueServerCert } from '../../../core/certs';
import { startBridge, type RunningBridge } from '../../../telemetry-bridge';
import { createTelemetrySurface } from '../../../simulator/telemetry/surface';
import { startSimulator, type RunningSimulator } from '../../../simulator/index';
import { replaceSurfaces } from '../../support/simulator';
import { FeedClient } from '../bridge/helpers';

const DRIVER = '5YJ3E1EA8KF000001'; // online in the default world
const CHARGER = 'LRW3E7FA7MC000005'; // online in the default world

type FeedRecord = ReturnType<FeedClient['records']>[number];
type Datum = { key: string; value: Record<string, unknown> };
const data = (r: FeedRecord): Datum[] => (r.record as { data?: Datum[] }).data ?? [];
const createdMs = (r: FeedRecord): number => Date.parse(String((r.record as { createdAt: string }).createdAt));

describe('simulated vehicles stream to a real bridge over mTLS', function () {
  this.timeout(120_000);
  let sim: RunningSimulator;
  let bridge: RunningBridge | undefined;
  let feed: FeedClient | undefined;
  const serverCa = createCa({ commonName: 'Sim-telemetry test server CA' });
  const server = issueServerCert(serverCa, { hostnames: ['localhost', '127.0.0.1'] });

  const simGet = async (path: string): Promise<Response> => fetch(`${sim.urls.fleet.na}${path}`);
  const simPost = async (path: string, body: unknown): Promise<Response> =>
    fetch(`${sim.urls.fleet.na}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  async function openBridge(port: number): Promise<RunningBridge> {
    const vehicleCa = await (await simGet('/sim/telemetry/vehicle-ca')).text();
    return startBridge({ port, certPem: server.certPem + serverCa.certPem, keyPem: server.keyPem, vehicleCas: [vehicleCa], feed: { port: 0 } });
  }

  before(async () => {
    const surfaces = replaceSurfaces(createTelemetrySurface({ reconnect: { initialMs: 200, maxMs: 1000 } }));
    sim = await startSimulator({ tls: false, surfaces });
  });
  afterEach(async () => {
    feed?.close();
    feed = undefined;
    await bridge?.close();
    bridge = undefined;
  });
  after(async () => {
    await sim?.close();
  });

  it('streams by the config: typed and untyped values, intervals, unknown fields on the errors topic', async () => {
    bridge = await openBridge(0);
    feed = new FeedClient(bridge.feed!.url, bridge.feed!.token);
    await feed.opened();
    const base = { hostname: 'localhost', port: bridge.port, ca: serverCa.certPem, alert_types: ['service', 'customer'] };
    const typedFields = {
      VehicleSpeed: { interval_seconds: 1 },
      Location: { interval_seconds: 1 },
      GpsHeading: { interval_seconds: 1 },
      Gear: { interval_seconds: 1 },
      Soc: { interval_seconds: 1 },
      NotARealField: { interval_seconds: 1 },
      Odometer: { interval_seconds: 2, minimum_delta: 1000 },
    };
    let res = await simPost('/sim/telemetry/config', {
      vins: [DRIVER],
      config: { ...base, prefer_typed: true, fields: typedFields },
      activities: { [DRIVER]: 'drive' },
    });
    assert.equal(res.status, 200, await res.clone().text());
    res = await simPost('/sim/telemetry/config', {
      vins: [CHARGER],
      config: {
        ...base,
        prefer_typed: false,
        fields: {
          Soc: { interval_seconds: 1 },
          DCChargingPower: { interval_seconds: 1 },
          DetailedChargeState: { interval_seconds: 1 },
          Gear: { interval_seconds: 1 },
          Location: { interval_seconds: 1 },
        },
      },
      activities: { [CHARGER]: 'charge' },
    });
    assert.equal(res.status, 200);

    const vRecords = (vin: string) => feed!.records().filter((r) => r.txtype === 'V' && r.vin === vin);
    const values = (vin: string, key: string) =>
      vRecords(vin).flatMap((r) =>
        data(r)
          .filter((d) => d.key === key)
          .map((d) => ({ at: createdMs(r), value: d.value })),
      );
    await feed.until(() => values(DRIVER, 'VehicleSpeed').length >= 4 && values(CHARGER, 'Soc').length >= 3, 'speed and soc records from both cars', 60_000);

    // Connectivity from the bridge, with the VIN from the client certificate.
    const connected = feed
      .records()
      .filter((r) => r.txtype === 'connectivity')
      .map((r) => r.vin);
    assert.ok(connected.includes(DRIVER) && connected.includes(CHARGER), `connectivity records for both cars: ${connected.join(',')}`);

    // Typed values for prefer_typed, strings for the other car (but DetailedChargeState is always typed).
    for (const { value } of values(DRIVER, 'VehicleSpeed')) assert.equal(typeof value.doubleValue, 'number');
    const loc = values(DRIVER, 'Location')[0]!.value.locationValue as { latitude: number; longitude: number };
    assert.ok(Math.abs(loc.latitude - 37.49) < 0.05 && Math.abs(loc.longitude + 121.94) < 0.05, JSON.stringify(loc));
    assert.deepEqual(
      values(DRIVER, 'Gear').map((g) => g.value),
      [{ shiftStateValue: 'ShiftStateD' }],
      'Gear sent once: it never changes while driving',
    );
    for (const { value } of values(CHARGER, 'Soc')) assert.match(String(value.stringValue), /^\d+(\.\d+)?$/);
    assert.deepEqual(
      values(CHARGER, 'Gear').map((g) => g.value),
      [{ stringValue: 'P' }],
    );
    assert.deepEqual(values(CHARGER, 'DetailedChargeState')[0]!.value, { detailedChargeStateValue: 'DetailedChargeStateCharging' });
    const chargerLoc = values(CHARGER, 'Location')[0]!.value.locationValue as { latitude: number } | undefined;
    assert.ok(chargerLoc && chargerLoc.latitude > 0, 'the bridge turns the Location string into locationValue');
    const dcPower = values(CHARGER, 'DCChargingPower').map((p) => Number(p.value.stringValue));
    assert.ok(dcPower.length >= 1 && dcPower.every((p) => p > 20 && p <= 250), `DC charging power on the curve: ${dcPower.join(',')}`);
    const socs = values(CHARGER, 'Soc').map((s) => Number(s.value.stringValue));
    assert.ok(socs[socs.length - 1]! > socs[0]!, `state of charge rises while charging: ${socs.join(',')}`);

    // interval_seconds: no field is emitted twice within its interval (vehicle timestamps).
    for (const [vin, key] of [
      [DRIVER, 'VehicleSpeed'],
      [DRIVER, 'Soc'],
      [CHARGER, 'Soc'],
    ] as const) {
      const at = values(vin, key).map((v) => v.at);
      for (let i = 1; i < at.length; i++) assert.ok(at[i]! - at[i - 1]! >= 1000, `${vin} ${key} emitted ${at[i]! - at[i - 1]!} ms after the previous one`);
    }
    // minimum_delta 1000 (miles) on Odometer: only the first value goes out on a short drive.
    assert.equal(values(DRIVER, 'Odometer').length, 1);
    // Every V message carries only configured fields.
    for (const r of vRecords(DRIVER)) for (const d of data(r)) assert.ok(d.key in typedFields, d.key);

    await feed.until(() => feed!.records().some((r) => r.txtype === 'errors' && r.vin === DRIVER), 'the errors record');
    const errors = feed.records().find((r) => r.txtype === 'errors' && r.vin === DRIVER)!.record as {
      errors: Array<{ name: string; tags: Record<string, string> }>;
    };
    assert.deepEqual(
      errors.errors.map((e) => [e.name, e.tags.field_name]),
      [['unsupported_field', 'NotARealField']],
    );

    // The simulator's /vehicle_data state follows the stream.
    const state = (await (await simGet(`/sim/vehicles/${DRIVER}`)).json()) as {
      response: { state: { drive_state: { shift_state: string; latitude: number } } };
    };
    assert.equal(state.response.state.drive_state.shift_state, 'D');
    const status = (await (await simGet('/sim/telemetry')).json()) as { response: { streams: Array<{ vin: string; connected: boolean; signals: number }> } };
    const driverStream = status.response.streams.find((s) => s.vin === DRIVER)!;
    assert.ok(driverStream.connected && driverStream.signals > 0);
  });

  it('buffers while the bridge is down and delivers the backlog after it comes back', async () => {
    bridge = await openBridge(0);
    const port = bridge.port;
    const fields = { VehicleSpeed: { interval_seconds: 1 }, Soc: { interval_seconds: 1 } };
    const res = await simPost('/sim/telemetry/config', {
      vins: [DRIVER],
      config: { hostname: '127.0.0.1', port, ca: serverCa.certPem, prefer_typed: true, fields },
      activities: { [DRIVER]: 'drive' },
    });
    assert.equal(res.status, 200);
    feed = new FeedClient(bridge.feed!.url, bridge.feed!.token);
    await feed.opened();
    await feed.until(() => feed!.records().filter((r) => r.txtype === 'V' && r.vin === DRIVER).length >= 2, 'records before the restart', 60_000);
    feed.close();
    const downAt = Date.now();
    await bridge.close();
    bridge = undefined;
    await new Promise((r) => setTimeout(r, 3500)); // the car keeps driving and queues its messages
    const upAt = Date.now();
    bridge = await openBridge(port);
    feed = new FeedClient(bridge.feed!.url, bridge.feed!.token);
    await feed.opened();
    const backlog = () => feed!.records().filter((r) => r.txtype === 'V' && r.vin === DRIVER && createdMs(r) > downAt && createdMs(r) < upAt);
    await feed.until(() => backlog().length >= 2, 'messages created while the bridge was down', 60_000);
    for (const r of backlog()) assert.ok(data(r).some((d) => d.key === 'VehicleSpeed' || d.key === 'Soc'));
    await feed.until(() => feed!.records().some((r) => r.txtype === 'connectivity' && r.vin === DRIVER), 'the reconnect');
  });

  it('rejects bad /sim/telemetry requests with clear errors', async () => {
    let res = await simPost('/sim/telemetry/config', { config: { hostname: 'localhost', port: '443', ca: 'x', fields: {} } });
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { error_description: string }).error_description, /port/);
    res = await simPost('/sim/telemetry/config', { vins: ['NOPE'], config: { hostname: 'localhost', port: 443, ca: 'x', fields: {} } });
    assert.equal(res.status, 404);
    res = await simPost(`/sim/telemetry/vehicles/${DRIVER}/activity`, { activity: 'fly' });
    assert.equal(res.status, 400);
    const pem = await (await simGet('/sim/telemetry/vehicle-ca')).text();
    assert.match(pem, /BEGIN CERTIFICATE/);
  });
});
