import assert from 'node:assert/strict';
import { findCommand } from '../../../../core/command-protocol/catalogue';
import type { VehicleData } from '../../../../core/fleet-api/types';
import { currentParamValues } from '../../../../client/vehicle-commands/current-values';

const data = {
  id: 1,
  vin: '5YJ3E1EA8KF000001',
  state: 'online',
  charge_state: { charge_limit_soc: 72, charge_current_request: 16 },
  climate_state: { driver_temp_setting: 20.5, passenger_temp_setting: 21, steering_wheel_heater: false },
  vehicle_state: { sentry_mode: true, vehicle_name: 'Commuter', media_info: { audio_volume: 3.5 }, speed_limit_mode: { current_limit_mph: 65 } },
} as unknown as VehicleData;

describe('Send Command: current values from cached live data', () => {
  it('takes the charge limit from charge_state.charge_limit_soc and the other params from their vehicle_data fields', () => {
    assert.deepEqual(currentParamValues('set_charge_limit', data), { percent: 72 });
    assert.deepEqual(currentParamValues('set_charging_amps', data), { charging_amps: 16 });
    assert.deepEqual(currentParamValues('set_temps', data), { driver_temp: 20.5, passenger_temp: 21 });
    assert.deepEqual(currentParamValues('set_sentry_mode', data), { on: true });
    assert.deepEqual(currentParamValues('remote_steering_wheel_heater_request', data), { on: false });
    assert.deepEqual(currentParamValues('adjust_volume', data), { volume: 3.5 });
    assert.deepEqual(currentParamValues('speed_limit_set_limit', data), { limit_mph: 65 });
    assert.deepEqual(currentParamValues('set_vehicle_name', data), { vehicle_name: 'Commuter' });
  });

  it('nothing without live data, for a section that was not fetched, or for a value of the wrong type', () => {
    assert.deepEqual(currentParamValues('set_charge_limit', undefined), {});
    assert.deepEqual(currentParamValues('set_valet_mode', data), {}, 'vehicle_state has no valet_mode here');
    assert.deepEqual(currentParamValues('set_charge_limit', { ...data, charge_state: { charge_limit_soc: '72' } } as unknown as VehicleData), {});
    assert.deepEqual(currentParamValues('door_lock', data), {});
  });

  it('every mapped param exists in the catalogue with a matching type', () => {
    const full = {
      charge_state: { charge_limit_soc: 1, charge_current_request: 1 },
      climate_state: { driver_temp_setting: 1, passenger_temp_setting: 1, steering_wheel_heater: true, bioweapon_mode: true },
      vehicle_state: { sentry_mode: true, valet_mode: true, vehicle_name: 'x', media_info: { audio_volume: 1 }, speed_limit_mode: { current_limit_mph: 1 } },
    } as unknown as VehicleData;
    const commands = [
      'set_charge_limit',
      'set_charging_amps',
      'set_temps',
      'remote_steering_wheel_heater_request',
      'set_bioweapon_mode',
      'adjust_volume',
      'set_sentry_mode',
      'set_valet_mode',
      'speed_limit_set_limit',
      'set_vehicle_name',
    ];
    for (const name of commands) {
      const values = currentParamValues(name, full);
      assert.ok(Object.keys(values).length, name);
      for (const [param, value] of Object.entries(values)) {
        const p = findCommand(name)?.params.find((x) => x.name === param);
        assert.ok(p, `${name}.${param}`);
        const type = p.type === 'integer' ? 'number' : p.type;
        assert.equal(typeof value, type, `${name}.${param}`);
      }
    }
  });
});
