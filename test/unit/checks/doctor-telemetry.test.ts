import { strict as assert } from 'node:assert';
import { analyseTelemetrySync, telemetryState, type TelemetrySyncFacts, type TelemetryVehicleSync } from '../../../core/checks/doctor/telemetry';

const facts = (vehicles: TelemetryVehicleSync[], omitted = 0): TelemetrySyncFacts => ({
  reason: 'fleet_telemetry_config.json is in the workspace',
  vehicles,
  omitted,
});

describe('checks: doctor telemetry sync item (pure)', () => {
  it('reads the sync-status response: no config → none, config not taken → pending, taken → synced', () => {
    assert.equal(telemetryState({ synced: true, config: null }), 'none');
    assert.equal(telemetryState({ synced: false, config: { hostname: 'h' } }), 'pending');
    assert.equal(telemetryState({ synced: true, config: { hostname: 'h' } }), 'synced');
  });

  it('skips when nothing was pushed or found, and when there are no vehicles; nothing to fix', () => {
    const c = analyseTelemetrySync(undefined);
    assert.equal(c.status, 'skip');
    assert.match(c.detail, /No telemetry config pushed/);
    assert.equal(c.action, undefined);
    assert.equal(analyseTelemetrySync(facts([])).status, 'skip');
  });

  it('passes when every checked vehicle is synced, and says how many were left out', () => {
    const c = analyseTelemetrySync(
      facts(
        [
          { vin: 'A', state: 'synced' },
          { vin: 'B', state: 'synced' },
        ],
        3,
      ),
    );
    assert.equal(c.status, 'pass');
    assert.match(c.detail, /all 2 checked vehicle\(s\) \(3 more vehicle\(s\) not checked\)/);
  });

  it('warns a pending config with the push command as the action; an unpaired key is named as the cause', () => {
    const c = analyseTelemetrySync(
      facts([
        { vin: 'A', state: 'synced' },
        { vin: 'B', state: 'pending', keyPaired: false },
      ]),
    );
    assert.equal(c.status, 'warn');
    assert.equal(c.action, 'fleetkit.pushTelemetryConfig');
    assert.match(c.detail, /not synced yet on B .*synced on A/);
    assert.match(c.detail, /Checked because fleet_telemetry_config\.json is in the workspace\./);
    assert.match(c.fix, /Pair the key on B/);
    const asleep = analyseTelemetrySync(facts([{ vin: 'B', state: 'pending', keyPaired: true }]));
    assert.match(asleep.fix, /^Wake the vehicle/);
  });

  it("warns vehicles with no config (push it), or full of other apps' configs (remove one first)", () => {
    const c = analyseTelemetrySync(facts([{ vin: 'A', state: 'none' }]));
    assert.equal(c.status, 'warn');
    assert.match(c.detail, /no telemetry config on A/);
    assert.match(c.fix, /Push your telemetry config/);
    assert.match(analyseTelemetrySync(facts([{ vin: 'A', state: 'none', limitReached: true }])).fix, /maximum number of configs/);
  });

  it('fails when a lookup failed, naming the error', () => {
    const c = analyseTelemetrySync(
      facts([
        { vin: 'A', state: 'error', error: '412 must be registered (txid t1)' },
        { vin: 'B', state: 'synced' },
      ]),
    );
    assert.equal(c.status, 'fail');
    assert.match(c.detail, /of A: 412 must be registered \(txid t1\)\. Synced: B\./);
  });
});

describe('checks: doctor telemetry fix per surface', () => {
  it('names the editor command in the editor and fleetkit telemetry push in the CLI', () => {
    const facts = { reason: 'asked', vehicles: [{ vin: 'A', state: 'none' as const }], omitted: 0 };
    assert.match(analyseTelemetrySync(facts).fix!, /\(Fleetkit: Push Telemetry Config\)/);
    assert.match(analyseTelemetrySync(facts, undefined, 'cli').fix!, /\(fleetkit telemetry push\)/);
  });
});
