import { strict as assert } from 'node:assert';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDoctor, type DoctorInput } from '../../../core/checks/doctor/run';
import { FleetApiClient } from '../../../core/fleet-api/client';
import { pushTelemetryConfig } from '../../../core/telemetry-config-push';
import { NA_EMAIL, control, signIn, startSim, type SignedIn, type SimHandle } from '../fleet-api/sim-fixture';
import { runCli } from '../../support/cli';
import { simDoctorInput, telemetrySyncedItem } from './doctor-sim-input';
import { writeReadyFile } from '../../support/simulator';

const ONLINE_PAIRED = '5YJ3E1EA8KF000001';
const OFFLINE_PAIRED = '7G2CEHED4RA000004';
const UNPAIRED = ['7SAYGDEE1PF000002', '5YJSA1E24FF000003'];

describe('doctor: telemetry config synced, from the sync status the simulator reports', function () {
  let h: SimHandle;
  let me: SignedIn;
  let client: FleetApiClient;
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const config = { hostname: 'telemetry.example.com', port: 443, ca: null, fields: { Soc: { interval_seconds: 60 } }, prefer_typed: true };
  const input = (over: Partial<DoctorInput> = {}): DoctorInput => simDoctorInput(h, me, over);
  const item = telemetrySyncedItem;

  before(async () => {
    h = await startSim();
    me = await signIn(h, NA_EMAIL);
    client = new FleetApiClient({ baseUrl: h.sim.urls.fleet.na, accountId: me.accountId, tokens: me.tokens, dispatcher: h.dispatcher });
  });
  after(async () => {
    await client.close();
    await h.close();
  });

  it('not asked (no config pushed or found): skipped, and no sync-status call is billed', async () => {
    const r = await runDoctor(input());
    assert.equal(item(r).status, 'skip');
    assert.equal(r.facts.billableCalls, '3');
  });

  it('after a push: synced on the online car, pending on the offline one, none on the unpaired ones — a warning with the push command', async () => {
    const pushed = await pushTelemetryConfig(client, [ONLINE_PAIRED, OFFLINE_PAIRED], config, privateKey);
    assert.equal(pushed.updatedVehicles, 2);
    const r = await runDoctor(input({ telemetry: { reason: 'a config was pushed from Fleetkit' } }));
    const c = item(r);
    assert.equal(c.status, 'warn', c.detail);
    assert.equal(c.action, 'fleetkit.pushTelemetryConfig');
    assert.match(c.detail, new RegExp(`not synced yet on ${OFFLINE_PAIRED}`));
    assert.match(c.detail, new RegExp(`no telemetry config on (${UNPAIRED.join('|')}), (${UNPAIRED.join('|')})`));
    assert.match(c.detail, new RegExp(`synced on ${ONLINE_PAIRED}`));
    assert.match(c.detail, /Checked because a config was pushed from Fleetkit\./);
    assert.equal(r.facts.billableCalls, String(3 + 4), 'one billed GET fleet_telemetry_config per vehicle');
  });

  it('once the offline car comes online it takes the config, and the item passes for the configured cars', async () => {
    await control(h, `/sim/vehicles/${OFFLINE_PAIRED}/state`, { connectivity: 'online' });
    const r = await runDoctor(input({ vins: [ONLINE_PAIRED, OFFLINE_PAIRED], telemetry: { reason: 'fleet_telemetry_config.json is in the workspace' } }));
    const c = item(r);
    assert.equal(c.status, 'pass', c.detail);
    assert.match(c.detail, /Synced on all 2 checked vehicle\(s\)/);
  });

  it('caps the billed lookups and says how many vehicles were left out', async () => {
    const r = await runDoctor(input({ telemetry: { reason: 'test' }, maxTelemetryVehicles: 1 }));
    assert.match(item(r).detail, /3 more vehicle\(s\) not checked/);
    assert.equal(r.facts.billableCalls, String(3 + 1));
  });

  it('fleetkit doctor --telemetry --json reports the item from the same sync status', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fleetkit-doctor-telemetry-'));
    try {
      const { readyFile } = await writeReadyFile(dir, h.sim);
      const run = async (extra: string[]): Promise<{ id: string; status: string; detail: string; fix?: string; action?: string }> => {
        const { out } = await runCli(['doctor', '--simulator', readyFile, '--vin', ONLINE_PAIRED, '--vin', UNPAIRED[0], ...extra, '--json'], {
          env: { FLEETKIT_ACCESS_TOKEN: me.accessToken },
        });
        return (JSON.parse(out) as { checks: Array<{ id: string; status: string; detail: string; fix?: string; action?: string }> }).checks.find(
          (c) => c.id === 'telemetry.synced',
        )!;
      };
      const on = await run(['--telemetry']);
      assert.equal(on.status, 'warn');
      assert.match(on.detail, new RegExp(`no telemetry config on ${UNPAIRED[0]}; synced on ${ONLINE_PAIRED}`));
      assert.match(on.detail, /--telemetry was given/);
      // The CLI's report names the CLI command; editor command ids (fleetkit.pushTelemetryConfig) are the editor's.
      assert.match(on.fix!, /fleetkit telemetry push/);
      assert.equal(on.action, undefined);
      assert.equal((await run([])).status, 'skip');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
