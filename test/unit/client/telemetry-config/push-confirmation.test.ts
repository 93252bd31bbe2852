import assert from 'node:assert/strict';
import { unitPrice } from '../../../../core/billing/prices';
import { pushConfirmation, type CurrentConfig } from '../../../../client/telemetry-config/push-confirmation';

const A = '5YJ3E1EA8KF000001';
const B = '7SAYGDEE1PF000002';
const C = '5YJSA1E24FF000003';
const next = { hostname: 'telemetry.example.com', port: 443, fields: { Soc: { interval_seconds: 60 }, Odometer: { interval_seconds: 600 } } };
const bridge = { hostname: 'localhost', port: 4443, fields: { Soc: { interval_seconds: 60 } } };

describe('telemetry config push: the confirmation', () => {
  it('names every car with what changes on it, warns for the car that leaves the local bridge, and prices the reads', () => {
    const current = new Map<string, CurrentConfig>([
      [A, { config: bridge }],
      [B, { config: null }],
      [C, { error: 'HTTP 500 from Fleet API' }],
    ]);
    const c = pushConfirmation({ vins: [A, B, C], next, current, names: new Map([[A, 'Commuter']]), dataCallUsd: unitPrice('data') });
    assert.equal(c.message, 'Push the telemetry config to 3 vehicles?');
    assert.equal(c.button, 'Push to 3 Vehicles');
    assert.deepEqual(c.warnings, [`⚠ Commuter (${A}) streams to the local bridge (localhost:4443); this push re-points it to telemetry.example.com:443.`]);
    const lines = c.detail.split('\n');
    assert.equal(lines[0], 'Streams to telemetry.example.com:443 · 2 fields.');
    assert.ok(lines.includes(`Commuter (${A}): hostname localhost → telemetry.example.com; port 4443 → 443; fields +Odometer`), c.detail);
    assert.ok(lines.includes(`${B}: no config from this app yet (new)`), c.detail);
    assert.ok(lines.includes(`${C}: current config unknown (HTTP 500 from Fleet API)`), c.detail);
    // Three GETs at Tesla's data rate (500 per dollar): $0.006, shown to the cent.
    assert.equal(lines.at(-1), 'Current configs read with 3 billed data calls ($0.01).');
  });

  it('one car: named in the question, the verb says one vehicle; a car moving onto the local bridge is warned too', () => {
    const c = pushConfirmation({ vins: [A], next: bridge, current: new Map([[A, { config: next }]]), dataCallUsd: unitPrice('data') });
    assert.equal(c.message, `Push the telemetry config to ${A}?`);
    assert.equal(c.button, 'Push to 1 Vehicle');
    assert.match(c.warnings[0]!, /streams to telemetry\.example\.com:443; this push re-points it to the local bridge on this machine \(localhost:4443\)/);
    assert.match(c.detail, /Current configs read with 1 billed data call \(<\$0\.01\)\./);
  });

  it('says so when every car already has this config; no warning when nothing is re-pointed', () => {
    const c = pushConfirmation({
      vins: [A, B],
      next,
      current: new Map([
        [A, { config: { ...next, iss: 'x', aud: 'y' } }],
        [B, { config: next }],
      ]),
      dataCallUsd: unitPrice('data'),
    });
    assert.equal(c.message, 'All 2 vehicles already have this telemetry config. Push it again to 2 vehicles?');
    assert.deepEqual(c.warnings, []);
    assert.match(c.detail, new RegExp(`${A}: unchanged`));
  });

  it('lists at most twelve cars and counts the rest', () => {
    const vins = Array.from({ length: 15 }, (_, i) => `5YJ3E1EA7KF0000${String(10 + i)}`);
    const c = pushConfirmation({ vins, next, current: new Map(vins.map((v) => [v, { config: null }])), dataCallUsd: unitPrice('data') });
    assert.equal(c.detail.split('\n').filter((l) => l.endsWith('(new)')).length, 12);
    assert.match(c.detail, /… and 3 more/);
    assert.equal(c.button, 'Push to 15 Vehicles');
  });
});
