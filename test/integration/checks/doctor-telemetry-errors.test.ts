import { strict as assert } from 'node:assert';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCa } from '../../../core/certs';
import { runDoctor, type DoctorInput } from '../../../core/checks/doctor/run';
import { FleetApiClient } from '../../../core/fleet-api/client';
import { pushTelemetryConfig } from '../../../core/telemetry-config-push';
import { NA_EMAIL, signIn, startSim, type SignedIn, type SimHandle } from '../fleet-api/sim-fixture';
import { runCli } from '../../support/cli';
import { freePort } from '../../support/net';
import { writeReadyFile } from '../../support/simulator';
import { simDoctorInput, telemetrySyncedItem } from './doctor-sim-input';

const ONLINE_PAIRED = '5YJ3E1EA8KF000001';

describe('doctor: the telemetry item shows what vehicles report about the config (fleet_telemetry_errors)', function () {
  this.timeout(120_000);
  let h: SimHandle;
  let me: SignedIn;
  let port: number;
  const input = (over: Partial<DoctorInput> = {}): DoctorInput =>
    simDoctorInput(h, me, { vins: [ONLINE_PAIRED], telemetry: { reason: 'a config was pushed from Fleetkit' }, ...over });
  const item = telemetrySyncedItem;

  before(async () => {
    h = await startSim();
    me = await signIn(h, NA_EMAIL);
    port = await freePort();
    const client = new FleetApiClient({ baseUrl: h.sim.urls.fleet.na, accountId: me.accountId, tokens: me.tokens, dispatcher: h.dispatcher });
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const config = { hostname: 'localhost', port, ca: createCa({ commonName: 'Doctor errors test CA' }).certPem, fields: { Soc: { interval_seconds: 60 } } };
    assert.equal((await pushTelemetryConfig(client, [ONLINE_PAIRED], config, privateKey)).updatedVehicles, 1);
    await client.close();
  });
  after(async () => {
    await h?.close();
  });

  it('with the client secret: read from the partner endpoint (not billed); the synced car that cannot stream is a warning with the fix', async () => {
    let r = await runDoctor(input());
    for (const end = Date.now() + 30_000; item(r).status === 'pass' && Date.now() < end; r = await runDoctor(input())) {
      await new Promise((res) => setTimeout(res, 500));
    }
    const c = item(r);
    assert.equal(c.status, 'warn', c.detail);
    assert.match(
      c.detail,
      new RegExp(
        `^Telemetry config not working on ${ONLINE_PAIRED}: connection_error: dial tcp 127\\.0\\.0\\.1:${port}: connect: connection refused \\((just now|\\d+ s ago)\\); synced on ${ONLINE_PAIRED}\\.`,
      ),
    );
    assert.match(c.fix, /listen on the config's port/);
    assert.equal(r.facts.billableCalls, '3', 'users/region, fleet_status, one fleet_telemetry_config; the partner endpoint is not billed');
  });

  it('without the client secret: one billed vehicle call per configured vehicle, same verdict', async () => {
    const r = await runDoctor(input({ clientSecret: undefined }));
    assert.equal(item(r).status, 'warn');
    assert.match(item(r).detail, /connection_error/);
    assert.equal(r.facts.billableCalls, '4');
  });

  it('fleetkit doctor --telemetry --json points at fleetkit telemetry errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fleetkit-doctor-telemetry-errors-'));
    try {
      const { readyFile } = await writeReadyFile(dir, h.sim);
      const { out } = await runCli(['doctor', '--simulator', readyFile, '--vin', ONLINE_PAIRED, '--telemetry', '--json'], {
        env: { FLEETKIT_ACCESS_TOKEN: me.accessToken, FLEETKIT_CONFIG_DIR: dir },
      });
      const c = (JSON.parse(out) as { checks: Array<{ id: string; status: string; detail: string; fix: string }> }).checks.find(
        (x) => x.id === 'telemetry.synced',
      )!;
      assert.equal(c.status, 'warn');
      assert.match(c.fix, /fleetkit telemetry errors lists every error\./);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
