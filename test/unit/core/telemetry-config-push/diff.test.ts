import assert from 'node:assert/strict';
import { describeChanges, diffTelemetryConfig, isLoopbackHost, streamRepoint } from '../../../../core/telemetry-config-push/index';

const CA = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ…\n-----END CERTIFICATE-----\n';

describe('core/telemetry-config-push: diff against the car’s current config', () => {
  const current = {
    hostname: 'localhost',
    port: 4443,
    ca: CA,
    prefer_typed: true,
    alert_types: ['service', 'customer'],
    fields: { Soc: { interval_seconds: 60 }, VehicleSpeed: { interval_seconds: 10 }, Gear: { interval_seconds: 1 } },
    // Tesla returns the config with iss and aud (fleet-telemetry issue #212); the pushed config has neither.
    iss: 'fleetkit-sim-client',
    aud: 'com.tesla.fleet.TelemetryClient',
  };

  it('a car with no config from this app: new, every key added', () => {
    const d = diffTelemetryConfig(null, { hostname: 'telemetry.example.com', port: 443, fields: { Soc: { interval_seconds: 60 } } });
    assert.equal(d.isNew, true);
    assert.deepEqual(
      d.changes.map((c) => `${c.kind} ${c.path}`),
      ['added hostname', 'added port', 'added fields'],
    );
  });

  it('the same config (iss/aud ignored, alert_types in another order): no changes', () => {
    const { iss: _iss, aud: _aud, ...pushed } = current;
    const d = diffTelemetryConfig(current, { ...pushed, alert_types: ['customer', 'service'] });
    assert.deepEqual(d, { isNew: false, changes: [] });
  });

  it('names each change: hostname, port, a CA only as changed, field additions, removals and intervals', () => {
    const next = {
      hostname: 'telemetry.example.com',
      port: 443,
      ca: CA.replace('Q…', 'R…'),
      prefer_typed: true,
      alert_types: ['service'],
      fields: { Soc: { interval_seconds: 30 }, VehicleSpeed: { interval_seconds: 10 }, Odometer: { interval_seconds: 600 } },
    };
    const d = diffTelemetryConfig(current, next);
    assert.equal(d.isNew, false);
    assert.deepEqual(
      d.changes.map((c) => `${c.kind} ${c.path}`),
      [
        'changed hostname',
        'changed port',
        'changed ca',
        'changed alert_types',
        'changed fields.Soc.interval_seconds',
        'removed fields.Gear',
        'added fields.Odometer',
      ],
    );
    assert.deepEqual(describeChanges(d), [
      'hostname localhost → telemetry.example.com',
      'port 4443 → 443',
      'ca changed',
      'alert_types ["service","customer"] → ["service"]',
      'fields Soc every 60 → 30 s −Gear +Odometer',
    ]);
  });

  it('null is the same as not set (ca: null pushed, no ca returned); a long value is only named', () => {
    assert.deepEqual(diffTelemetryConfig({ hostname: 'a.example.com' }, { hostname: 'a.example.com', ca: null }).changes, []);
    assert.deepEqual(
      describeChanges(diffTelemetryConfig({ hostname: 'a.example.com', ca: CA }, { hostname: 'a.example.com', ca: null })),
      ['ca removed'],
      'a PEM is named, not quoted',
    );
  });

  it('a key the new config drops is named with its old value', () => {
    const d = diffTelemetryConfig({ hostname: 'a.example.com', port: 443, exp: 1_900_000_000 }, { hostname: 'a.example.com', port: 443 });
    assert.deepEqual(describeChanges(d), ['exp removed (was 1900000000)']);
  });

  it('loopback hosts are the local bridge', () => {
    for (const h of ['localhost', 'LOCALHOST', 'bridge.localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '0.0.0.0']) {
      assert.equal(isLoopbackHost(h), true, h);
    }
    for (const h of ['telemetry.example.com', '10.0.0.1', '128.0.0.1', 'localhost.example.com', '']) assert.equal(isLoopbackHost(h), false, h);
  });

  it('warns when a push moves a car off the local bridge or onto it, not when it stays on its side', () => {
    assert.deepEqual(streamRepoint(current, { hostname: 'telemetry.example.com', port: 443 }), {
      direction: 'leaves-local',
      from: 'localhost:4443',
      to: 'telemetry.example.com:443',
    });
    assert.deepEqual(streamRepoint({ hostname: 'telemetry.example.com', port: 443 }, { hostname: '127.0.0.1', port: 4443 }), {
      direction: 'joins-local',
      from: 'telemetry.example.com:443',
      to: '127.0.0.1:4443',
    });
    assert.equal(streamRepoint(current, { hostname: '127.0.0.1', port: 4444 }), undefined, 'another loopback name is still this machine');
    assert.equal(streamRepoint({ hostname: 'a.example.com' }, { hostname: 'b.example.com' }), undefined);
    assert.equal(streamRepoint(null, { hostname: 'localhost' }), undefined, 'a car without a config is not re-pointed');
  });
});
