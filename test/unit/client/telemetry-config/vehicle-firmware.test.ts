import assert from 'node:assert/strict';
import { VehicleCache } from '../../../../core/vehicle-model/cache';
import { firmwareByVin, firmwareKey } from '../../../../client/telemetry-config/vehicle-firmware';

const A = '5YJ3E1EA8KF000001';
const B = '7SAYGDEE1PF000002';
const C = '5YJSA1E24FF000003';

describe('telemetry config: vehicle firmware for the language server', () => {
  it('maps fleet_status firmware_version first, vehicle_data car_version otherwise, and skips unknown', () => {
    const cache = new VehicleCache();
    cache.applyList(
      'acct',
      [A, B, C].map((vin, i) => ({ id: i + 1, vin, state: 'online' })),
      1,
    );
    cache.applyVehicleData('acct', A, { id: 1, vin: A, state: 'online', vehicle_state: { car_version: '2024.20.1 abc123' } }, ['vehicle_state'], 2, '{}');
    cache.applyVehicleData('acct', B, { id: 2, vin: B, state: 'online', vehicle_state: { car_version: '2024.8.9 old' } }, ['vehicle_state'], 2, '{}');
    cache.applyFleetStatus('acct', { key_paired_vins: [B], unpaired_vins: [C], vehicle_info: { [B]: { firmware_version: '2024.44.25' }, [C]: {} } }, 3, '{}');
    assert.deepEqual(firmwareByVin(cache.list('acct')), { [A]: '2024.20.1 abc123', [B]: '2024.44.25' });
  });

  it('gives an order-independent key that changes with any version', () => {
    assert.equal(firmwareKey({ [A]: '2024.20', [B]: '2024.44' }), firmwareKey({ [B]: '2024.44', [A]: '2024.20' }));
    assert.notEqual(firmwareKey({ [A]: '2024.20' }), firmwareKey({ [A]: '2024.26' }));
    assert.notEqual(firmwareKey({}), firmwareKey({ [A]: '2024.20' }));
  });
});
