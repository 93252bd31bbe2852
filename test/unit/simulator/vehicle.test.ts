import { strict as assert } from 'node:assert';
import { SimClock } from '../../../simulator/world/clock';
import { defaultWorld } from '../../../simulator/world/default-world';
import { SimVehicle } from '../../../simulator/vehicles/vehicle';
import { parseEndpoints, vehicleData, DEFAULT_ENDPOINTS } from '../../../simulator/vehicles/json';
import { distanceMiles, nearbySites } from '../../../simulator/vehicles/charging-sites';
import type { VehicleConfig } from '../../../simulator/world/types';
import { VEHICLE_DATA_ENDPOINTS } from '../../../core/fleet-api/types';

const settings = { ...defaultWorld().settings, wakeSeconds: 5, sleepAfterSeconds: 60 };
const cfg = (over: Partial<VehicleConfig> = {}): VehicleConfig => ({ ...defaultWorld().vehicles[1], ...over });

// The simulated clock is the wall clock plus what a test advances: frozen here, so a loaded machine's real milliseconds
// between two lines cannot move a car across the edges these tests judge (a wake at exactly wakeSeconds).
const T0 = Date.UTC(2026, 11, 7, 12);
const frozen = (): number => T0;

describe('SimVehicle lifecycle (simulator clock)', () => {
  it('wakes after wakeSeconds and falls asleep after idling', () => {
    const clock = new SimClock(frozen);
    const v = new SimVehicle(cfg({ state: 'asleep' }), settings, clock);
    const events: string[] = [];
    v.on('connectivity', (s: string) => events.push(s));
    assert.equal(v.requestWake(), 'asleep');
    assert.equal(v.isWaking, true);
    clock.advance(4999);
    assert.equal(v.status, 'asleep');
    clock.advance(1);
    assert.equal(v.status, 'online');
    clock.advance(59_000);
    v.touch();
    clock.advance(59_000);
    assert.equal(v.status, 'online', 'activity kept it awake');
    clock.advance(1_000);
    assert.equal(v.status, 'asleep');
    assert.deepEqual(events, ['online', 'asleep']);
  });

  it('offline never wakes; sleepAfterSeconds 0 never sleeps; wakeSeconds 0 wakes at once', () => {
    const clock = new SimClock(frozen);
    const off = new SimVehicle(cfg({ state: 'offline' }), settings, clock);
    assert.equal(off.requestWake(), 'offline');
    clock.advance(3_600_000);
    assert.equal(off.status, 'offline');
    const insomniac = new SimVehicle(cfg({ state: 'online', sleepAfterSeconds: 0 }), settings, clock);
    clock.advance(10 * 86_400_000);
    assert.equal(insomniac.status, 'online');
    const quick = new SimVehicle(cfg({ state: 'asleep', wakeSeconds: 0 }), settings, clock);
    assert.equal(quick.requestWake(), 'online');
  });

  it('derives protocol requirement from model/year, stable ids from the VIN, and merges overrides', () => {
    const clock = new SimClock(frozen);
    const legacy = new SimVehicle(cfg({ model: 'S', year: 2016, vin: '5YJSA1E26GF000009' }), settings, clock);
    assert.equal(legacy.commandProtocolRequired, false);
    const modern = new SimVehicle(cfg({ overrides: { charge_state: { battery_level: 12 } } }), settings, clock);
    assert.equal(modern.commandProtocolRequired, true);
    assert.equal(modern.state.charge_state.battery_level, 12);
    assert.equal(modern.state.charge_state.charge_limit_soc, 80, 'other fields keep defaults');
    const again = new SimVehicle(cfg(), settings, clock);
    assert.equal(again.id, modern.id);
    assert.ok(Number.isSafeInteger(again.id));
    assert.notEqual(legacy.id, modern.id);
  });

  it('update() deep-merges, emits change per section, and ignores prototype keys', () => {
    const v = new SimVehicle(cfg(), settings, new SimClock(frozen));
    const changed: string[] = [];
    v.on('change', (s: string) => changed.push(s));
    v.update({ climate_state: { is_climate_on: true }, vehicle_state: { speed_limit_mode: { active: true } } });
    assert.equal(v.state.climate_state.is_climate_on, true);
    assert.equal(v.state.vehicle_state.speed_limit_mode.active, true);
    assert.equal(v.state.vehicle_state.speed_limit_mode.max_limit_mph, 120);
    assert.deepEqual(changed, ['climate_state', 'vehicle_state']);
    v.update(JSON.parse('{"charge_state": {"__proto__": {"polluted": true}}}'));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe('vehicle_data shaping', () => {
  it('parses endpoints (; or ,), defaults, and reports unknown names', () => {
    assert.deepEqual(parseEndpoints(null).endpoints, DEFAULT_ENDPOINTS);
    assert.deepEqual(parseEndpoints('charge_state; location_data,charge_state'), { endpoints: ['charge_state', 'location_data'], unknown: [] });
    assert.deepEqual(parseEndpoints('charge_state;nope').unknown, ['nope']);
    assert.deepEqual(parseEndpoints('Charge_State;charge_state ').unknown, ['Charge_State'], 'names are case-sensitive');
  });

  it('accepts every endpoint name of the shared Fleet API table', () => {
    assert.deepEqual(parseEndpoints(VEHICLE_DATA_ENDPOINTS.join(';')), { endpoints: [...VEHICLE_DATA_ENDPOINTS], unknown: [] });
  });

  it('includes location fields only when asked', () => {
    const v = new SimVehicle(cfg(), settings, new SimClock(frozen));
    const withLoc = vehicleData(v, 1, ['location_data'], true, 1000) as Record<string, Record<string, unknown>>;
    assert.equal(withLoc.drive_state.latitude, 37.3947);
    assert.equal(withLoc.charge_state, undefined);
    const without = vehicleData(v, 1, ['drive_state', 'location_data'], false, 1000) as Record<string, Record<string, unknown>>;
    assert.equal(without.drive_state.latitude, undefined);
    assert.equal(without.drive_state.timestamp, 1000);
    const combo = vehicleData(v, 1, ['vehicle_data_combo'], false, 1) as Record<string, unknown>;
    for (const s of DEFAULT_ENDPOINTS) assert.ok(combo[s], s);
  });

  it('nearby charging sites are sorted, filtered by radius and count', () => {
    assert.ok(Math.abs(distanceMiles(0, 0, 0, 1) - 69.09) < 0.1);
    const all = nearbySites(52.52, 13.405, { detail: false }, 0) as { superchargers: Array<{ distance_miles: number; amenities?: string }> };
    const d = all.superchargers.map((s) => s.distance_miles);
    assert.deepEqual(
      [...d].sort((a, b) => a - b),
      d,
    );
    assert.equal(all.superchargers[0].amenities, undefined);
    const near = nearbySites(52.52, 13.405, { detail: true, radiusMiles: 5, count: 1 }, 0) as { superchargers: Array<{ distance_miles: number }> };
    assert.equal(near.superchargers.length, 1);
    assert.ok(near.superchargers[0].distance_miles <= 5);
  });
});
