import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { request } from 'undici';
import { signTelemetryConfig } from '../../../core/telemetry-config-push/index';
import { telemetryConfigsOf } from '../../../simulator/telemetry-config/store';
import { NA_EMAIL, signIn, startSim, type SignedIn, type SimHandle } from '../fleet-api/sim-fixture';

const PAIRED_3 = '5YJ3E1EA8KF000001';
const UNPAIRED_Y = '7SAYGDEE1PF000002';
const LEGACY_S = '5YJSA1E24FF000003';
const OLD_CYBERTRUCK = '7G2CEHED4RA000004';

const CONFIG = {
  hostname: 'telemetry.example.com',
  port: 443,
  ca: null,
  fields: { VehicleSpeed: { interval_seconds: 10 }, Soc: { interval_seconds: 60 } },
  prefer_typed: true,
};

describe('simulator: fleet_telemetry_config_jws with core-signed Tesla.SS256 tokens', function () {
  this.timeout(60_000);
  let h: SimHandle;
  let user: SignedIn;
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });

  before(async () => {
    h = await startSim((world) => {
      for (const v of world.vehicles) {
        if (v.vin === LEGACY_S) v.keyPaired = true;
        if (v.vin === OLD_CYBERTRUCK) v.firmware = '2024.20.1';
      }
    });
    user = await signIn(h, NA_EMAIL);
  });
  after(async () => h.close());

  async function call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await request(`${h.sim.urls.fleet.na}${path}`, {
      method,
      dispatcher: h.dispatcher,
      headers: { authorization: `Bearer ${user.accessToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.statusCode, json: (await res.body.json()) as Record<string, unknown> };
  }

  it('verifies the signature, records the config, and reports skipped vehicles with reasons', async () => {
    const { token, iss } = signTelemetryConfig(CONFIG, privateKey);
    const res = await call('POST', '/api/1/vehicles/fleet_telemetry_config_jws', { vins: [PAIRED_3, UNPAIRED_Y, LEGACY_S, OLD_CYBERTRUCK], token });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    assert.deepEqual(res.json.response, {
      updated_vehicles: 1,
      skipped_vehicles: { missing_key: [UNPAIRED_Y], unsupported_hardware: [LEGACY_S], unsupported_firmware: [OLD_CYBERTRUCK], max_configs: [] },
    });
    const got = await call('GET', `/api/1/vehicles/${PAIRED_3}/fleet_telemetry_config`);
    const response = got.json.response as { synced: boolean; config: Record<string, unknown>; limit_reached: boolean; key_paired: boolean };
    assert.equal(response.config.hostname, 'telemetry.example.com');
    assert.deepEqual(response.config.fields, CONFIG.fields);
    assert.equal(response.config.iss, iss);
    assert.equal(response.config.aud, 'com.tesla.fleet.TelemetryClient');
    assert.equal(response.limit_reached, false);
    assert.equal(response.key_paired, true);
    assert.equal(telemetryConfigsOf(h.sim.world).of(PAIRED_3).length, 1, 'recorded on the vehicle for the streaming side');
  });

  it('rejects a tampered token and a token signed for other claims', async () => {
    const { token } = signTelemetryConfig(CONFIG, privateKey);
    const [header, payload, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), port: 4443 })).toString('base64url');
    for (const bad of [`${header}.${forged}.${signature}`, `${header}.${payload}.${Buffer.alloc(96, 7).toString('base64url')}`]) {
      const res = await call('POST', '/api/1/vehicles/fleet_telemetry_config_jws', { vins: [PAIRED_3], token: bad });
      assert.equal(res.status, 400);
      assert.match(String(res.json.error_description ?? res.json.error), /invalid config token/);
    }
  });

  it('reports only the first unknown field, like Tesla', async () => {
    const { token } = signTelemetryConfig({ ...CONFIG, fields: { Sooc: { interval_seconds: 5 }, Speeed: { interval_seconds: 5 } } }, privateKey);
    const res = await call('POST', '/api/1/vehicles/fleet_telemetry_config_jws', { vins: [PAIRED_3], token });
    assert.equal(res.status, 400);
    assert.equal(res.json.error, 'Unknown field Sooc');
  });

  it('takes one call at a time per account (429 for the overlapping one)', async () => {
    const { token } = signTelemetryConfig(CONFIG, privateKey);
    const results = await Promise.all([0, 1].map(() => call('POST', '/api/1/vehicles/fleet_telemetry_config_jws', { vins: [PAIRED_3], token })));
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 429]);
  });

  it("skips vehicles that already hold three other apps' configs (max_configs), then DELETE removes ours", async () => {
    const store = telemetryConfigsOf(h.sim.world);
    store.delete(PAIRED_3, h.sim.ready.clientId);
    for (const other of ['app-a', 'app-b', 'app-c']) store.set(PAIRED_3, { clientId: other, config: {}, pushedAt: 0, syncedAt: 0 });
    const { token } = signTelemetryConfig(CONFIG, privateKey);
    const res = await call('POST', '/api/1/vehicles/fleet_telemetry_config_jws', { vins: [PAIRED_3], token });
    assert.deepEqual((res.json.response as { skipped_vehicles: { max_configs: string[] } }).skipped_vehicles.max_configs, [PAIRED_3]);
    const limited = await call('GET', `/api/1/vehicles/${PAIRED_3}/fleet_telemetry_config`);
    assert.equal((limited.json.response as { limit_reached: boolean; config: unknown }).limit_reached, true);
    for (const other of ['app-a', 'app-b', 'app-c']) store.delete(PAIRED_3, other);

    assert.equal((await call('POST', '/api/1/vehicles/fleet_telemetry_config_jws', { vins: [PAIRED_3], token })).status, 200);
    const del = await call('DELETE', `/api/1/vehicles/${PAIRED_3}/fleet_telemetry_config`);
    assert.deepEqual(del.json.response, { updated_vehicles: 1 });
    const after = await call('GET', `/api/1/vehicles/${PAIRED_3}/fleet_telemetry_config`);
    assert.equal((after.json.response as { config: unknown }).config, null);
  });
});
