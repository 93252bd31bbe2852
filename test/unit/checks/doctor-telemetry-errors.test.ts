import { strict as assert } from 'node:assert';
import { analyseTelemetrySync, type TelemetrySyncFacts, type TelemetryVehicleSync } from '../../../core/checks/doctor/telemetry';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const facts = (vehicles: TelemetryVehicleSync[], extra: Partial<TelemetrySyncFacts> = {}): TelemetrySyncFacts => ({
  reason: 'a config was pushed',
  vehicles,
  omitted: 0,
  now: NOW,
  ...extra,
});
// The text Tesla's cars report for a config signed by an unknown key (fleet-telemetry issue #406).
const UNKNOWN_KEY = {
  vin: 'A',
  name: 'client',
  errorName: 'config_manager_error',
  error: 'error loading config file: crypto/ecdsa: verification error',
  createdAt: NOW - 3 * 60_000,
};

describe('checks: doctor telemetry item with the errors vehicles report (pure)', () => {
  it('a synced vehicle that reports errors is a warning, with the newest error, its age and its fix', () => {
    const older = { ...UNKNOWN_KEY, error: 'older', createdAt: NOW - 3_600_000 };
    const c = analyseTelemetrySync(
      facts([
        { vin: 'A', state: 'synced', errors: [UNKNOWN_KEY, older] },
        { vin: 'B', state: 'synced' },
      ]),
    );
    assert.equal(c.status, 'warn');
    assert.equal(c.action, 'fleetkit.pushTelemetryConfig');
    assert.match(
      c.detail,
      /^Telemetry config not working on A: config_manager_error: error loading config file: crypto\/ecdsa: verification error \(3 min ago\); synced on A, B\./,
    );
    assert.doesNotMatch(c.detail, /older/);
    assert.match(c.fix, /^Sign the config with the private key whose public half is registered/);
    assert.match(c.fix, /The Telemetry view lists every error\.$/);
  });

  it('names the CLI command on the CLI, and every vehicle that reports', () => {
    const tls = {
      vin: 'B',
      name: 'client',
      errorName: 'tls_error',
      error: 'tls: failed to verify certificate: x509: certificate signed by unknown authority',
      createdAt: NOW - 10_000,
    };
    const c = analyseTelemetrySync(
      facts([
        { vin: 'A', state: 'pending', errors: [UNKNOWN_KEY] },
        { vin: 'B', state: 'synced', errors: [tls] },
      ]),
      undefined,
      'cli',
    );
    assert.match(c.detail, /not working on A: .*\(3 min ago\); B: tls_error: .*\(10 s ago\); not synced yet on A/);
    assert.match(c.fix, /fleetkit telemetry errors lists every error\./);
  });

  it('without a clock the time is shown as is; without a fix only the pointer to the list', () => {
    const c = analyseTelemetrySync(facts([{ vin: 'A', state: 'synced', errors: [{ ...UNKNOWN_KEY, error: 'something new' }] }], { now: undefined }));
    assert.match(c.detail, /something new \(2026-03-01T11:57:00\.000Z\)/);
    assert.equal(c.fix, 'The Telemetry view lists every error.');
  });

  it('errors that could not be read do not fail the item; the pass says so', () => {
    const c = analyseTelemetrySync(facts([{ vin: 'A', state: 'synced' }], { errorsUnavailable: '403 Unauthorized missing scopes' }));
    assert.equal(c.status, 'pass');
    assert.match(c.detail, /Telemetry errors could not be read: 403 Unauthorized missing scopes\./);
  });
});
