import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { FleetApiClient } from '../../../core/fleet-api/client';
import { FleetApiError } from '../../../core/fleet-api/errors';
import { pushTelemetryConfig, removeTelemetryConfig, telemetrySyncStatus } from '../../../core/telemetry-config-push/index';
import { NA_EMAIL, signIn, startSim, type SimHandle } from '../fleet-api/sim-fixture';

describe('core/telemetry-config-push over the Fleet API client (simulator)', function () {
  this.timeout(60_000);
  let h: SimHandle;
  let client: FleetApiClient;
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const config = { hostname: 'telemetry.example.com', port: 443, ca: null, fields: { Soc: { interval_seconds: 60 } }, prefer_typed: true };

  before(async () => {
    h = await startSim();
    const user = await signIn(h, NA_EMAIL);
    client = new FleetApiClient({ baseUrl: h.sim.urls.fleet.na, accountId: user.accountId, tokens: user.tokens, dispatcher: h.dispatcher });
  });
  after(async () => {
    await client.close();
    await h.close();
  });

  it('pushes, lists skipped vehicles with their fixes, shows the sync status and removes the config', async () => {
    const result = await pushTelemetryConfig(client, ['5YJ3E1EA8KF000001', '7SAYGDEE1PF000002'], config, privateKey);
    assert.equal(result.updatedVehicles, 1);
    assert.deepEqual(
      result.skipped.map((s) => [s.vin, s.reason]),
      [['7SAYGDEE1PF000002', 'missing_key']],
    );
    assert.match(result.skipped[0].fix, /Pair your virtual key/);
    const status = await telemetrySyncStatus(client, '5YJ3E1EA8KF000001');
    assert.equal(status.config?.hostname, 'telemetry.example.com');
    assert.equal(status.limitReached, false);
    assert.equal(await removeTelemetryConfig(client, '5YJ3E1EA8KF000001'), true);
    assert.equal((await telemetrySyncStatus(client, '5YJ3E1EA8KF000001')).config, null);
    assert.equal(await removeTelemetryConfig(client, '5YJ3E1EA8KF000001'), false);
  });

  it('surfaces Tesla\'s "Unknown field" error with its txid', async () => {
    await assert.rejects(
      pushTelemetryConfig(client, ['5YJ3E1EA8KF000001'], { ...config, fields: { Sooc: { interval_seconds: 1 } } }, privateKey),
      (err: unknown) => err instanceof FleetApiError && err.status === 400 && /Unknown field Sooc/.test(err.message) && typeof err.txid === 'string',
    );
  });
});
