import { strict as assert } from 'node:assert';
import { formatAge } from '../../../core/vehicle-model/age';
import { VehicleCache } from '../../../core/vehicle-model/cache';
import { modelName } from '../../../core/vehicle-model/model-name';
import { ALL_SECTION_ENDPOINTS } from '../../../core/vehicle-model/sections';
import { accountNode, fieldNodes, sectionNodes, vehicleNode } from '../../../core/vehicle-model/tree-model';

const T0 = Date.UTC(2026, 10, 23, 4, 0, 0);
const A = 'acct';
const V1 = { id: 1, vin: '5YJ3E1EA7KF000001', display_name: 'Red', state: 'online' };
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
    assert.equal(modelName('5YJ3E1EA7KF000001'), 'Model 3');
    assert.equal(modelName('7SAYGDEE5PA000002'), 'Model Y');
    assert.equal(modelName('5YJ3E1EA7KF000001', 'modely'), 'Model Y');
    assert.equal(modelName('short'), undefined);
  });

  it('a list refresh keeps fetched data, drops vanished cars, and keeps Tesla order', () => {
    const cache = new VehicleCache();
    cache.applyList(A, [V1, V2], T0);
    cache.applyVehicleData(A, V1.vin, { ...V1, charge_state: { battery_level: 80 } }, ['charge_state'], T0 + 1000, '{"response":{}}');
    cache.applyList(A, [V2, { ...V1, state: 'asleep' }], T0 + 60_000);
    assert.deepEqual(cache.list(A).map((v) => v.vin), [V2.vin, V1.vin]);
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
    cache.applyFleetStatus(A, { key_paired_vins: [V1.vin], unpaired_vins: [V2.vin], vehicle_info: { [V1.vin]: { firmware_version: '2025.2.6', vehicle_command_protocol_required: true } } }, T0, '{}');
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
      { ...V1, charge_state: { battery_level: 64, charging_state: 'Charging' }, drive_state: { shift_state: null, speed: null }, vehicle_state: { locked: true, df: 0, car_version: '2025.2.6 abc' } },
      ['charge_state', 'drive_state', 'closures_state', 'vehicle_state'],
      T0,
      '{}',
    );
    const sections = sectionNodes(cache.get(A, V1.vin)!, T0 + 3 * 60_000);
    const byId = Object.fromEntries(sections.map((s) => [s.sectionId, s]));
    assert.equal(byId.charge.description, '3 min ago');
    assert.equal(byId.climate.description, 'not fetched');
    assert.equal(byId.location.description, 'not fetched');
    assert.deepEqual(fieldNodes(cache.get(A, V1.vin)!, 'charge').map((f) => `${f.label}=${f.description}`), ['Battery=64 %', 'Charging state=Charging']);
    assert.deepEqual(fieldNodes(cache.get(A, V1.vin)!, 'closures').map((f) => `${f.label}=${f.description}`), ['Locked=yes', 'Driver door=closed', 'Software=2025.2.6 abc']);
    assert.equal(fieldNodes(cache.get(A, V1.vin)!, 'drive')[0].description, 'P (parked)');
  });

  it('the default endpoints fetch what every section reads (closures live in vehicle_state)', () => {
    const cache = new VehicleCache();
    cache.applyList(A, [V1], T0);
    assert.ok(ALL_SECTION_ENDPOINTS.includes('vehicle_state'));
    cache.applyVehicleData(A, V1.vin, { ...V1, vehicle_state: { locked: false, df: 0 } }, ALL_SECTION_ENDPOINTS, T0, '{}');
    const closures = sectionNodes(cache.get(A, V1.vin)!, T0).find((s) => s.sectionId === 'closures')!;
    assert.equal(closures.description, 'just now');
    assert.deepEqual(fieldNodes(cache.get(A, V1.vin)!, 'closures').map((f) => `${f.label}=${f.description}`), ['Locked=no', 'Driver door=closed']);
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
});
