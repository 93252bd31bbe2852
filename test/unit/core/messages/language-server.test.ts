import assert from 'node:assert/strict';
import { readVehicleFirmware, VEHICLE_FIRMWARE_NOTIFICATION } from '../../../../core/messages/language-server';

describe('core/messages/language-server', () => {
  it('keeps the notification name the README gives other editors (fleetkit lsp --stdio)', () => {
    assert.equal(VEHICLE_FIRMWARE_NOTIFICATION.method, 'fleetkit/vehicleFirmware');
  });

  it('reads a firmware map and leaves out what is not a version string', () => {
    assert.deepEqual(readVehicleFirmware({ '5YJ3E1EA8KF000001': '2024.44.25', LRW3E7FA7MC000005: 2025, X: null }), { '5YJ3E1EA8KF000001': '2024.44.25' });
    for (const bad of [undefined, null, 'x', 42, true]) assert.deepEqual(readVehicleFirmware(bad), {}, String(bad));
  });
});
