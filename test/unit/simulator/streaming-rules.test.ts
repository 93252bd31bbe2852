import assert from 'node:assert/strict';
import { AlertTracker } from '../../../simulator/telemetry/alerts';
import { FieldEmitter, type Sample } from '../../../simulator/telemetry/emitter';
import { parseFieldRules } from '../../../simulator/telemetry/field-rules';
import { dcChargeCurveKw, initialPhysics, kwhPerMileAt, metersToLapEnd, PACK_KWH, step } from '../../../simulator/telemetry/physics';
import { SIMULATED_FIELDS, vehicleSamples } from '../../../simulator/telemetry/signals';
import { decodePayload, encodeVehicleData } from '../../../core/telemetry-wire';
import { streamTarget } from '../../../simulator/telemetry/vehicle-stream';
import { initialState } from '../../../simulator/vehicles/state';
import { FIELDS_260_269 } from '../../support/tesla-fields';

const num = (n: number): Sample => ({ value: { doubleValue: n }, num: n, key: String(n) });

describe('simulated vehicle streaming rules (simulator/telemetry)', () => {
  it('parses fields and reports unknown names and too-short intervals', () => {
    const { rules, problems } = parseFieldRules({
      VehicleSpeed: { interval_seconds: 1, minimum_delta: 2 },
      Soc: { interval_seconds: 5, resend_interval_seconds: 60 },
      Bogus: { interval_seconds: 1 },
      Gear: { interval_seconds: 0 },
    });
    assert.deepEqual(
      [...rules],
      [
        ['VehicleSpeed', { intervalMs: 1000, minimumDelta: 2 }],
        ['Soc', { intervalMs: 5000, resendIntervalMs: 60_000 }],
      ],
    );
    assert.deepEqual(
      problems.map((p) => [p.name, p.field]),
      [
        ['unsupported_field', 'Bogus'],
        ['unsuported_interval', 'Gear'],
      ],
    );
    assert.deepEqual(parseFieldRules('nope'), { rules: new Map(), problems: [] });
  });

  it('emits a field when its interval has passed AND it changed by minimum_delta, or on resend', () => {
    const e = new FieldEmitter(
      new Map([
        ['A', { intervalMs: 1000, minimumDelta: 2 }],
        ['B', { intervalMs: 1000, resendIntervalMs: 5000 }],
      ]),
    );
    const keys = (t: number, a: number, b: number) =>
      e
        .select(
          t,
          new Map([
            ['A', num(a)],
            ['B', num(b)],
          ]),
        )
        .map((d) => d.key);
    assert.deepEqual(keys(0, 10, 1), ['A', 'B'], 'first bucket sends everything');
    assert.deepEqual(keys(500, 20, 2), [], 'interval not elapsed');
    assert.deepEqual(keys(1000, 11, 3), ['B'], 'A changed by < minimum_delta; B changed');
    assert.deepEqual(keys(2000, 12, 3), ['A'], 'A now 2 away from the last SENT value');
    assert.deepEqual(keys(5500, 12, 3), [], 'unchanged');
    assert.deepEqual(keys(6000, 12, 3), ['B'], 'B resent after resend_interval_seconds');
  });

  it('compares locations in meters for minimum_delta', () => {
    const loc = (lat: number): Sample => ({ value: {}, loc: { latitude: lat, longitude: 0 }, key: String(lat) });
    const e = new FieldEmitter(new Map([['Location', { intervalMs: 1000, minimumDelta: 100 }]]));
    assert.equal(e.select(0, new Map([['Location', loc(0)]])).length, 1);
    assert.equal(e.select(2000, new Map([['Location', loc(0.0005)]])).length, 0, '≈55 m');
    assert.equal(e.select(3000, new Map([['Location', loc(0.001)]])).length, 1, '≈111 m');
  });

  it('sends typed values with prefer_typed and strings without (always-typed fields stay typed)', () => {
    const state = initialState(
      { vin: 'V1', owner: 'o', model: '3', year: 2023, displayName: 'x', firmware: '2024.44.32', keyPaired: true, state: 'online' } as never,
      0,
    );
    const p = initialPhysics(state);
    const typed = vehicleSamples(state, p, true);
    const plain = vehicleSamples(state, p, false);
    assert.deepEqual(typed.get('Gear')!.value, { shiftStateValue: 'ShiftStateP' });
    assert.deepEqual(plain.get('Gear')!.value, { stringValue: 'P' });
    assert.ok('locationValue' in typed.get('Location')!.value);
    assert.match(String(plain.get('Location')!.value.stringValue), /^\(\d+\.\d{6} N, \d+\.\d{6} W\)$/);
    assert.equal(typeof plain.get('Soc')!.value.stringValue, 'string');
    assert.deepEqual(plain.get('DetailedChargeState')!.value, { detailedChargeStateValue: 'DetailedChargeStateDisconnected' });
  });

  it('drives along the route and charges along the curve, consistently with the vehicle state', () => {
    const state = initialState(
      { vin: 'V1', owner: 'o', model: '3', year: 2023, displayName: 'x', firmware: '2024.44.32', keyPaired: true, state: 'online' } as never,
      0,
    );
    const p = initialPhysics(state);
    const start = { lat: state.drive_state.latitude, lon: state.drive_state.longitude };
    let rand = 0;
    const r = () => (rand = (rand + 0.37) % 1);
    const merge = (patch: Record<string, Record<string, unknown>>) => {
      for (const [k, v] of Object.entries(patch)) Object.assign((state as unknown as Record<string, Record<string, unknown>>)[k]!, v);
    };
    for (let i = 0; i < 120; i++) merge(step(state, p, 'drive', 0.5, r));
    assert.equal(state.drive_state.shift_state, 'D');
    assert.ok((state.drive_state.speed ?? 0) > 5);
    assert.ok(Math.abs(state.drive_state.latitude - start.lat) + Math.abs(state.drive_state.longitude - start.lon) > 0.0005, 'moved');
    assert.ok(p.soc < 72, 'driving uses energy');
    const socBefore = p.soc;
    state.charge_state.fast_charger_present = true;
    for (let i = 0; i < 60; i++) merge(step(state, p, 'charge', 1, r));
    assert.equal(state.charge_state.charging_state, 'Charging');
    assert.ok(p.soc > socBefore, 'charging adds energy');
    assert.ok(Math.abs(state.charge_state.charger_power - dcChargeCurveKw(p.soc)) < dcChargeCurveKw(p.soc) * 0.05);
    assert.ok(dcChargeCurveKw(15) > dcChargeCurveKw(60) && dcChargeCurveKw(60) > dcChargeCurveKw(95), 'the curve tapers');
  });
});

describe('simulated streaming of fields 260-269 (firmware 2026.32, fleet-telemetry PR #546)', () => {
  const NEW_FIELDS = FIELDS_260_269;
  const car = () => {
    const state = initialState(
      { vin: 'V1', owner: 'o', model: 'Y', year: 2025, displayName: 'x', firmware: '2026.32.1', keyPaired: true, state: 'online' } as never,
      0,
    );
    (state.vehicle_state as { odometer: number }).odometer = 24_000;
    return { state, physics: initialPhysics(state) };
  };
  const merge = (state: object, patch: Record<string, Record<string, unknown>>) => {
    for (const [k, v] of Object.entries(patch)) Object.assign((state as Record<string, Record<string, unknown>>)[k]!, v);
  };
  let n = 0;
  const rand = () => (n = (n + 0.61803) % 1);

  it('a config with all ten is accepted; a simulated car streams them all but the Semi-only one, always typed', () => {
    const { rules, problems } = parseFieldRules(Object.fromEntries(NEW_FIELDS.map((f) => [f, { interval_seconds: 1 }])));
    assert.deepEqual(problems, []);
    assert.equal(rules.size, 10);
    const { state, physics } = car();
    for (let i = 0; i < 20; i++) merge(state, step(state, physics, 'drive', 0.5, rand));
    const sent = new FieldEmitter(rules).select(10_000, vehicleSamples(state, physics, false));
    assert.deepEqual(sent.map((d) => d.key).sort(), NEW_FIELDS.filter((f) => f !== 'SemiCruiseSpeedLimitMph').sort(), 'a Model Y is no Semi');
    for (const d of sent) assert.ok('doubleValue' in d.value || 'booleanValue' in d.value, `${d.key} typed without prefer_typed: ${JSON.stringify(d.value)}`);
    // Through the wire: the names (not bare numbers) come back out of the decoded record.
    const decoded = decodePayload('V', encodeVehicleData({ data: sent }), 'V1').data as Array<{ key: unknown }>;
    assert.deepEqual(
      decoded.map((d) => d.key),
      sent.map((d) => d.key),
    );
  });

  it('gives believable values that follow the car', () => {
    const { state, physics } = car();
    const value = (samples: ReturnType<typeof vehicleSamples>, f: string): unknown => Object.values(samples.get(f)?.value ?? {})[0];
    const parked = vehicleSamples(state, physics, true);
    assert.equal(parked.get('MaxSpeedToReachDestinationMph'), undefined, 'no destination while parked');
    assert.equal(value(parked, 'NominalFullPackEnergyKwh'), 76.8, '78 kWh new, 1.5 % fade after 24,000 mi');
    assert.equal(value(parked, 'LifetimeEnergyChargedKwh'), 7257.6, 'what 24,000 mi took, with charging losses');
    const soc = Number(value(parked, 'Soc'));
    const brick = Number(value(parked, 'BrickSocMinPercent'));
    assert.ok(brick < soc && brick > soc - 1, `brick ${brick} a little under the pack's ${soc}`);
    assert.deepEqual(
      [value(parked, 'SoftwareUpdateAvailable'), value(parked, 'SoftwareUpdateInProgress'), value(parked, 'RemoteStartActive')],
      [false, false, false],
    );

    const grades = new Set<number>();
    for (let i = 0; i < 600; i++) {
      merge(state, step(state, physics, 'drive', 1, rand));
      const s = vehicleSamples(state, physics, true);
      grades.add(Number(value(s, 'GradeEstimatePercent')));
      const accuracy = Number(value(s, 'GpsAccuracyMeters'));
      assert.ok(accuracy >= 1 && accuracy <= 12, `accuracy ${accuracy} m`);
      const max = Number(value(s, 'MaxSpeedToReachDestinationMph'));
      assert.ok(max > 0 && max <= 85, `max speed ${max}`);
    }
    assert.ok(grades.size > 10 && Math.max(...grades) <= 4 && Math.min(...grades) >= -4, 'the grade follows the hills of the loop');
    // Just enough energy above the 5 % reserve for the rest of the lap at 50 mph.
    const lapLeftMi = metersToLapEnd(physics) / 1609.344;
    physics.energyRemainingKwh = PACK_KWH * 0.05 + lapLeftMi * kwhPerMileAt(50);
    assert.equal(value(vehicleSamples(state, physics, true), 'MaxSpeedToReachDestinationMph'), 50, 'little energy left: slower');
    physics.energyRemainingKwh = PACK_KWH * 0.04;
    assert.equal(value(vehicleSamples(state, physics, true), 'MaxSpeedToReachDestinationMph'), 0, 'below the reserve: out of reach');

    const before = Number(value(vehicleSamples(state, physics, true), 'LifetimeEnergyChargedKwh'));
    for (let i = 0; i < 60; i++) merge(state, step(state, physics, 'charge', 10, rand));
    assert.ok(Number(value(vehicleSamples(state, physics, true), 'LifetimeEnergyChargedKwh')) > before + 1, 'charging adds to the lifetime total');

    (state.vehicle_state as { software_update: { status: string } }).software_update.status = 'installing';
    (state.vehicle_state as { remote_start: boolean }).remote_start = true;
    const s = vehicleSamples(state, physics, true);
    assert.deepEqual([value(s, 'SoftwareUpdateAvailable'), value(s, 'SoftwareUpdateInProgress'), value(s, 'RemoteStartActive')], [true, true, true]);
  });

  it('SIMULATED_FIELDS lists what the samples hold, parked and driving', () => {
    const { state, physics } = car();
    const keys = new Set(vehicleSamples(state, physics, true).keys());
    merge(state, step(state, physics, 'drive', 1, rand));
    for (const k of vehicleSamples(state, physics, true).keys()) keys.add(k);
    assert.deepEqual([...keys].sort(), [...SIMULATED_FIELDS].sort());
  });
});

describe('simulated vehicle alerts and config checks (simulator/telemetry)', () => {
  const state = () =>
    initialState({ vin: 'V1', owner: 'o', model: '3', year: 2023, displayName: 'x', firmware: '2024.44.32', keyPaired: true, state: 'online' } as never, 0);

  it('raises and clears alerts with hysteresis, only for the configured audiences', () => {
    const s = state();
    const p = initialPhysics(s);
    const service = new AlertTracker(['service']);
    const none = new AlertTracker(undefined);
    p.moduleTempMax = 39;
    assert.deepEqual(service.update(1000, s, p), [{ name: 'BMS_w140_HighPackTemperature', audiences: ['Service', 'Customer'], startedAt: 1000 }]);
    assert.deepEqual(none.update(1000, s, p), [], 'no alert_types → no alerts');
    p.moduleTempMax = 36;
    assert.deepEqual(service.update(2000, s, p), [], 'between the thresholds: still active, nothing new');
    p.moduleTempMax = 34;
    assert.deepEqual(service.update(3000, s, p), [
      { name: 'BMS_w140_HighPackTemperature', audiences: ['Service', 'Customer'], startedAt: 1000, endedAt: 3000 },
    ]);
    p.soc = 10;
    assert.deepEqual(service.update(4000, s, p), [], 'LowBattery is a Customer alert');
  });

  it('checks the connection part of a config', () => {
    const ca = '-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n';
    assert.deepEqual(streamTarget({ hostname: 'localhost', port: 4443, ca }, 0), { hostname: 'localhost', port: 4443, ca });
    assert.match(String(streamTarget({ hostname: 'localhost', port: '4443', ca }, 0)), /port/);
    assert.match(String(streamTarget({ hostname: 'localhost', port: 4443, ca: null }, 0)), /ca/);
    assert.match(String(streamTarget({ hostname: 'localhost', port: 4443, ca, exp: 10 }, 20_000)), /expired/);
    assert.match(String(streamTarget({ hostname: 'localhost', port: 4443, ca, nbf: 30 }, 20_000)), /not valid yet \(nbf\)/);
    assert.deepEqual(streamTarget({ hostname: 'localhost', port: 4443, ca, nbf: 20, iat: 20, exp: 30 }, 20_000), { hostname: 'localhost', port: 4443, ca });
  });
});
