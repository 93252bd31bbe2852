import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { request } from 'undici';
import { createCa, issueServerCert } from '../../../core/certs';
import { FleetApiClient } from '../../../core/fleet-api/client';
import { pushTelemetryConfig, removeTelemetryConfig } from '../../../core/telemetry-config-push/index';
import { startBridge, type RunningBridge } from '../../../telemetry-bridge';
import { FeedClient } from '../bridge/helpers';
import { NA_EMAIL, signIn, startSim, type SimHandle } from '../fleet-api/sim-fixture';

const VIN = '5YJ3E1EA8KF000001'; // online and key-paired in the default world

/** The whole loop: a config pushed with fleet_telemetry_config_jws makes the simulated car stream to the bridge. */
describe('a signed telemetry config push makes a simulated vehicle stream', function () {
  this.timeout(120_000);
  let h: SimHandle;
  let client: FleetApiClient;
  let bridge: RunningBridge;
  let feed: FeedClient;

  before(async () => {
    h = await startSim();
    const user = await signIn(h, NA_EMAIL);
    client = new FleetApiClient({ baseUrl: h.sim.urls.fleet.na, accountId: user.accountId, tokens: user.tokens, dispatcher: h.dispatcher });
  });
  after(async () => {
    feed?.close();
    await client?.close();
    await bridge?.close();
    await h?.close();
  });

  it('streams by the pushed config and stops when the config is removed', async () => {
    const res = await request(`${h.sim.urls.fleet.na}/sim/telemetry/vehicle-ca`, { dispatcher: h.dispatcher });
    const vehicleCa = await res.body.text();
    const serverCa = createCa({ commonName: 'Signed-push test server CA' });
    const server = issueServerCert(serverCa, { hostnames: ['localhost'] });
    bridge = await startBridge({ port: 0, certPem: server.certPem, keyPem: server.keyPem, vehicleCas: [vehicleCa], feed: { port: 0 } });
    feed = new FeedClient(bridge.feed!.url, bridge.feed!.token);
    await feed.opened();

    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const config = {
      hostname: 'localhost',
      port: bridge.port,
      ca: serverCa.certPem,
      prefer_typed: true,
      fields: { Soc: { interval_seconds: 1 }, Gear: { interval_seconds: 1 }, InsideTemp: { interval_seconds: 1 } },
    };
    const pushed = await pushTelemetryConfig(client, [VIN], config, privateKey);
    assert.equal(pushed.updatedVehicles, 1);

    const vRecords = () => feed.records().filter((r) => r.txtype === 'V' && r.vin === VIN);
    await feed.until(() => vRecords().length >= 1, 'the first V record', 60_000);
    const keys = new Set(vRecords().flatMap((r) => ((r.record as { data: Array<{ key: string }> }).data ?? []).map((d) => d.key)));
    assert.deepEqual([...keys].sort(), ['Gear', 'InsideTemp', 'Soc'], 'the first bucket carries every configured field, nothing else');
    assert.deepEqual((vRecords()[0]!.record as { data: Array<{ key: string; value: unknown }> }).data.find((d) => d.key === 'Gear')!.value, {
      shiftStateValue: 'ShiftStateP',
    });

    assert.equal(await removeTelemetryConfig(client, VIN), true);
    await feed.until(
      () => feed.records().some((r) => r.txtype === 'connectivity' && r.vin === VIN && (r.record as { status: string }).status === 'DISCONNECTED'),
      'the car to disconnect',
      60_000,
    );
  });
});
