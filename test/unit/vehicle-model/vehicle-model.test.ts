import { strict as assert } from 'node:assert';
import { formatAge } from '../../../core/vehicle-model/age';
import { VehicleCache } from '../../../core/vehicle-model/cache';
import { modelName } from '../../../core/vehicle-model/model-name';
import { ALL_SECTION_ENDPOINTS } from '../../../core/vehicle-model/sections';
import { accountNode, fieldNodes, sectionNodes, vehicleNode } from '../../../core/vehicle-model/tree-model';
import { listEntry, vehicleJson } from '../../../core/vehicle-model/vehicle-json';

const T0 = Date.UTC(2026, 10, 23, 4, 0, 0);
const A = 'acct';
const V1 = { id: 1, vin: '5YJ3E1EA8KF000001', display_name: 'Red', state: 'online' };
const V2 = { id: 2, vin: '7SAYGDEE5PA000002', display_name: null, state: 'asleep' };

describe('vehicle model', () => {
  it('formats ages', () => {
    assert.equal(formatAge(T0, T0 + 2_000), 'just now');
    assert.equal(formatAge(T0, T0 + 42_000), '42 s ago');
    assert.equal(formatAge(T0, T0 + 3 * 60_000 + 10_000), '3 min ago');
    assert.equal(formatAge(T0, T0 + 5 * 3600_000), '5 h ago');
    assert.equal(formatAge(T0, T0 + 3 * 86400_000), '3 d ago');
    assert.equal(formatAge(T0 + 10_000, T0), 'just now');
  });

  it('names models from car_type or the VIN', () => {
    assert.equal(modelName('5YJ3E1EA8KF000001'), 'Model 3');
    assert.equal(modelName('7SAYGDEE5PA000002'), 'Model Y');
    assert.equal(modelName('5YJ3E1EA8KF000001', 'modely'), 'Model Y');
    assert.equal(modelName('short'), undefined);
  });

  it('a list refresh keeps fetched data, drops vanished cars, and keeps Tesla order', () => {
    const cache = new VehicleCache();
    cache.applyList(A, [V1, V2], T0);
    cache.applyVehicleData(A, V1.vin, { ...V1, charge_state: { battery_level: 80 } }, ['charge_state'], T0 + 1000, '{"response":{}}');
    cache.applyList(A, [V2, { ...V1, state: 'asleep' }], T0 + 60_000);
    assert.deepEqual(
      cache.list(A).map((v) => v.vin),
      [V2.vin, V1.vin],
    );
    const r1 = cache.get(A, V1.vin)!;
    assert.equal(r1.summary.state, 'asleep');
    assert.equal(r1.data?.charge_state?.battery_level, 80);
    assert.equal(r1.sectionsAt.charge, T0 + 1000);
    cache.applyList(A, [V2], T0 + 120_000);
    assert.equal(cache.get(A, V1.vin), undefined);
  });

  it('vehicle nodes show name, model, state icon, key and firmware', () => {
    const cache = new VehicleCache();
    cache.applyList(A, [V1, V2], T0);
    cache.applyFleetStatus(
      A,
      {
        key_paired_vins: [V1.vin],
        unpaired_vins: [V2.vin],
        vehicle_info: { [V1.vin]: { firmware_version: '2025.2.6', vehicle_command_protocol_required: true } },
      },
      T0,
      '{}',
    );
    const n1 = vehicleNode(cache.get(A, V1.vin)!, T0 + 180_000);
    assert.equal(n1.label, 'Red');
    assert.equal(n1.description, 'Model 3 · online · key paired · 2025.2.6');
    assert.equal(n1.icon?.id, 'circle-filled');
    assert.equal(n1.contextValue, 'fleetkit.vehicle.online.paired');
    assert.match(n1.tooltip!, /State: online \(3 min ago\)/);
    const n2 = vehicleNode(cache.get(A, V2.vin)!, T0);
    assert.equal(n2.label, V2.vin, 'no display name → VIN');
    assert.equal(n2.contextValue, 'fleetkit.vehicle.asleep.unpaired');
    assert.equal(n2.icon?.id, 'debug-pause');
  });

  it('a signed command that went through marks the key paired (tree: "key paired"), keeping fleet_status facts', () => {
    const cache = new VehicleCache();
    cache.applyList(A, [V1, V2], T0);
    cache.applyFleetStatus(A, { key_paired_vins: [], unpaired_vins: [V2.vin], vehicle_info: { [V2.vin]: { firmware_version: '2025.2.6' } } }, T0, '{}');
    assert.match(vehicleNode(cache.get(A, V2.vin)!, T0).description ?? '', /key not paired/);
    assert.equal(cache.markKeyPaired(A, V2.vin, T0 + 1000), true);
    const n = vehicleNode(cache.get(A, V2.vin)!, T0 + 1000);
    assert.match(n.description ?? '', /key paired · 2025\.2\.6/);
    assert.equal(n.contextValue, 'fleetkit.vehicle.asleep.paired');
    assert.equal(cache.markKeyPaired(A, V2.vin, T0 + 2000), false, 'already paired: nothing to change');
    assert.equal(cache.markKeyPaired(A, 'NOTLISTED00000000', T0), false);
    assert.equal(cache.markKeyPaired(A, V1.vin, T0), true, 'a car fleet_status never covered learns it too');
  });

  it('sections are "not fetched" until live data arrives, then show values with their age', () => {
    const cache = new VehicleCache();
    cache.applyList(A, [V1], T0);
    const rec = cache.get(A, V1.vin)!;
    assert.ok(sectionNodes(rec, T0).every((s) => s.description === 'not fetched'));
    cache.applyVehicleData(
      A,
      V1.vin,
      {
        ...V1,
        charge_state: { battery_level: 64, charging_state: 'Charging' },
        drive_state: { shift_state: null, speed: null },
        vehicle_state: { locked: true, df: 0, car_version: '2025.2.6 abc' },
      },
      ['charge_state', 'drive_state', 'closures_state', 'vehicle_state'],
      T0,
      '{}',
    );
    const sections = sectionNodes(cache.get(A, V1.vin)!, T0 + 3 * 60_000);
    const byId = Object.fromEntries(sections.map((s) => [s.sectionId, s]));
    assert.equal(byId.charge.description, '3 min ago');
    assert.equal(byId.climate.description, 'not fetched');
    assert.equal(byId.location.description, 'not fetched');
    assert.deepEqual(
      fieldNodes(cache.get(A, V1.vin)!, 'charge').map((f) => `${f.label}=${f.description}`),
      ['Battery=64 %', 'Charging state=Charging'],
    );
    assert.deepEqual(
      fieldNodes(cache.get(A, V1.vin)!, 'closures').map((f) => `${f.label}=${f.description}`),
      ['Locked=yes', 'Driver door=closed', 'Software=2025.2.6 abc'],
    );
    assert.equal(fieldNodes(cache.get(A, V1.vin)!, 'drive')[0].description, 'P (parked)');
  });

  it('the default endpoints fetch what every section reads (closures live in vehicle_state)', () => {
    const cache = new VehicleCache();
    cache.applyList(A, [V1], T0);
    assert.ok(ALL_SECTION_ENDPOINTS.includes('vehicle_state'));
    cache.applyVehicleData(A, V1.vin, { ...V1, vehicle_state: { locked: false, df: 0 } }, ALL_SECTION_ENDPOINTS, T0, '{}');
    const closures = sectionNodes(cache.get(A, V1.vin)!, T0).find((s) => s.sectionId === 'closures')!;
    assert.equal(closures.description, 'just now');
    assert.deepEqual(
      fieldNodes(cache.get(A, V1.vin)!, 'closures').map((f) => `${f.label}=${f.description}`),
      ['Locked=no', 'Driver door=closed'],
    );
  });

  it('location asked for but absent reads as a scope problem', () => {
    const cache = new VehicleCache();
    cache.applyList(A, [V1], T0);
    cache.applyVehicleData(A, V1.vin, { ...V1, drive_state: { speed: null } }, ['drive_state', 'location_data'], T0, '{}');
    const loc = sectionNodes(cache.get(A, V1.vin)!, T0).find((s) => s.sectionId === 'location')!;
    assert.match(loc.description!, /vehicle_location/);
  });

  it('account nodes show region, count and list age; snapshots drop raws and tokens', () => {
    const cache = new VehicleCache();
    cache.applyList(A, [{ ...V1, tokens: ['secret-ish'] }], T0, '{"response":[]}');
    const node = accountNode({ id: A, label: 'dev@example.com', region: 'eu', environment: 'simulator', baseUrl: 'https://127.0.0.1:1' }, cache, T0 + 60_000);
    assert.equal(node.description, 'EU · simulator · 1 vehicle · 1 min ago');
    const snap = cache.snapshot();
    assert.equal(snap.vehicles[0].summary.tokens, undefined);
    assert.equal(snap.lists[A].raw, undefined);
    const restored = new VehicleCache(JSON.parse(JSON.stringify(snap)));
    assert.equal(restored.get(A, V1.vin)?.summary.display_name, 'Red');
    assert.equal(new VehicleCache({ version: 99 }).list(A).length, 0);
  });
  it('shows values with their unit and precision, in the locale; the hover keeps what Tesla sent', () => {
    const cache = new VehicleCache();
    cache.applyList(A, [V1], T0);
    // Values as the simulator answered vehicle_data (the newcomer's screenshot: "223.19931019259252 mi").
    cache.applyVehicleData(
      A,
      V1.vin,
      {
        ...V1,
        charge_state: { battery_level: 64, battery_range: 223.19931019259252, charger_power: 11, charge_rate: 34.56, time_to_full_charge: 1.25 },
        climate_state: { inside_temp: 21.488346988860847, outside_temp: -0.04 },
        drive_state: { latitude: 37.3926431, longitude: -122.0812345, heading: 187.6, gps_as_of: T0 / 1000, speed: 31.7, power: -4 },
        vehicle_state: { odometer: 12345.6789 },
        vehicle_config: { utc_offset: -28800 },
      },
      ALL_SECTION_ENDPOINTS,
      T0,
      '{}',
    );
    const rec = cache.get(A, V1.vin)!;
    const rows = (id: Parameters<typeof fieldNodes>[1], locale?: string) => fieldNodes(rec, id, locale).map((f) => `${f.label}=${f.description}`);
    assert.deepEqual(rows('charge', 'en'), ['Battery=64 %', 'Range=223.2 mi', 'Charger power=11.0 kW', 'Charge rate=35 mi/h', 'Time to full=1 h 15 min']);
    assert.deepEqual(rows('climate', 'en'), ['Inside=21.5 °C', 'Outside=0.0 °C']);
    assert.deepEqual(rows('drive', 'en'), ['Speed=32 mph', 'Power=-4.0 kW']);
    assert.deepEqual(rows('location', 'en').slice(0, 3), ['Latitude=37.39264° N', 'Longitude=122.08123° W', 'Heading=188°']);
    assert.match(rows('location', 'en')[3]!, /^GPS as of=Nov 2[23], 2026/);
    assert.deepEqual(rows('closures', 'en'), ['Odometer=12,345.7 mi']);
    assert.deepEqual(rows('config', 'en'), ['UTC offset=UTC-8']);
    assert.deepEqual(rows('charge', 'de').slice(1, 3), ['Range=223,2 mi', 'Charger power=11,0 kW']);
    assert.deepEqual(rows('climate', 'de'), ['Inside=21,5 °C', 'Outside=0,0 °C']);
    assert.deepEqual(rows('closures', 'de'), ['Odometer=12.345,7 mi']);
    const range = fieldNodes(rec, 'charge', 'en').find((f) => f.label === 'Range')!;
    assert.equal(range.tooltip, 'Range: 223.2 mi\ncharge_state.battery_range = 223.19931019259252');
    const charge = sectionNodes(rec, T0 + 60_000, 'de').find((s) => s.sectionId === 'charge')!;
    assert.match(charge.tooltip!, /^Charge: last fetched 1 min ago \(\d\d\.\d\d\.2026, \d\d:\d\d:\d\d\)$/, 'the fetch time in the locale');
  });

  it("Open as JSON on a vehicle opens that vehicle's own answer, never the account's fleet_status", () => {
    const cache = new VehicleCache();
    const listBody = JSON.stringify({ response: [V1, V2], count: 2 });
    cache.applyList(A, [V1, V2], T0, listBody);
    const r1 = () => cache.get(A, V1.vin)!;
    assert.deepEqual(
      vehicleJson(r1(), cache.listRaw(A)),
      { what: 'vehicle list entry', text: JSON.stringify(V1), at: T0 },
      'only the list so far: its own entry',
    );
    assert.deepEqual(listEntry(JSON.stringify([{ response: [V2] }, { response: [V1] }]), V1.vin), V1, 'several pages');
    assert.equal(listEntry('not json', V1.vin), undefined);
    const data = JSON.stringify({ response: { ...V1, charge_state: { battery_range: 223.19931019259252 } } });
    cache.applyVehicleData(A, V1.vin, { ...V1, charge_state: { battery_range: 223.19931019259252 } }, ['charge_state'], T0 + 1000, data);
    // fleet_status afterwards covers both cars: it is newer, but it is not this vehicle's data.
    const fleet = JSON.stringify({ response: { key_paired_vins: [V1.vin, V2.vin], unpaired_vins: [] } });
    cache.applyFleetStatus(A, { key_paired_vins: [V1.vin, V2.vin], unpaired_vins: [], vehicle_info: {} }, T0 + 2000, fleet);
    cache.applyList(A, [V1, V2], T0 + 3000, listBody);
    assert.deepEqual(
      vehicleJson(r1(), cache.listRaw(A)),
      { what: 'vehicle_data', text: data, at: T0 + 1000 },
      'its vehicle_data, even after newer list and fleet_status calls',
    );
    const r2 = cache.get(A, V2.vin)!;
    assert.equal(vehicleJson(r2, cache.listRaw(A))?.what, 'vehicle list entry', 'the other car has only fleet_status and the list: the list entry');
    assert.equal(JSON.parse(vehicleJson(r2, cache.listRaw(A))!.text).vin, V2.vin);
    const woke = JSON.stringify({ response: { ...V2, state: 'online' } });
    cache.applySummary(A, { ...V2, state: 'online' }, T0 + 4000, { kind: 'wake_up', text: woke, at: T0 + 4000 });
    assert.deepEqual(
      vehicleJson(cache.get(A, V2.vin)!, cache.listRaw(A)),
      { what: 'wake_up', text: woke, at: T0 + 4000 },
      'a newer wake answer beats the list entry',
    );
    const restored = new VehicleCache(JSON.parse(JSON.stringify(cache.snapshot())));
    assert.equal(vehicleJson(restored.get(A, V1.vin)!, restored.listRaw(A)), undefined, 'raw bodies are not persisted: nothing to open');
  });
});
