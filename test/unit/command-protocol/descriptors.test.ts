import assert from 'node:assert/strict';
import { loadProtoDescriptors } from '../../../core/command-protocol/proto-source';
import descriptors from '../../../core/command-protocol/generated/descriptors.json';
import { enumValues, protocolRoot } from '../../../core/command-protocol/schema';

describe('protobuf descriptors', () => {
  it('generated/descriptors.json is up to date with proto/*.proto (run generate-descriptors.ts)', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(loadProtoDescriptors())), descriptors);
  });
});

/** Field numbers and enum values from Tesla's own .proto files (teslamotors/vehicle-command pkg/protocol/protobuf). */
describe('protobuf descriptors agree with teslamotors/vehicle-command', () => {
  const field = (type: string, name: string): { id: number; type: string; repeated: boolean } => {
    const f = protocolRoot.lookupType(type).fields[name];
    assert.ok(f, `${type}.${name}`);
    return { id: f.id, type: f.type, repeated: f.repeated };
  };

  it('the inner field numbers our README once called assumptions match car_server.proto', () => {
    // teslamotors/vehicle-command pkg/protocol/protobuf/car_server.proto:
    // message SetKeepAccessoryPowerModeAction { bool keep_accessory_power_mode = 1; }
    assert.deepEqual(field('CarServer.SetKeepAccessoryPowerModeAction', 'keep_accessory_power_mode'), { id: 1, type: 'bool', repeated: false });
    // message ParentalControlsAction { bool activate = 1; string pin = 2; }
    assert.deepEqual(field('CarServer.ParentalControlsAction', 'activate'), { id: 1, type: 'bool', repeated: false });
    assert.deepEqual(field('CarServer.ParentalControlsAction', 'pin'), { id: 2, type: 'string', repeated: false });
    // message ParentalControlsEnableSettingsAction { ParentalControlsSetting_E setting = 1; bool enable = 2; }
    assert.deepEqual(field('CarServer.ParentalControlsEnableSettingsAction', 'setting'), { id: 1, type: 'ParentalControlsSetting_E', repeated: false });
    assert.deepEqual(field('CarServer.ParentalControlsEnableSettingsAction', 'enable'), { id: 2, type: 'bool', repeated: false });
    // message ParentalControlsSetSpeedLimitAction { double limit_mph = 1; }
    assert.deepEqual(field('CarServer.ParentalControlsSetSpeedLimitAction', 'limit_mph'), { id: 1, type: 'double', repeated: false });
    // VehicleAction: parentalControlsClearPinAdminAction = 110 … parentalControlsSetSpeedLimitAction = 113, setKeepAccessoryPowerModeAction = 138.
    const va = (name: string): number => field('CarServer.VehicleAction', name).id;
    assert.deepEqual(
      [
        va('parentalControlsClearPinAdminAction'),
        va('parentalControlsAction'),
        va('parentalControlsEnableSettingsAction'),
        va('parentalControlsSetSpeedLimitAction'),
        va('setKeepAccessoryPowerModeAction'),
      ],
      [110, 111, 112, 113, 138],
    );
  });

  it('ParentalControlsSetting_E is SpeedLimit 0 … ArcadeBlocked 6', () => {
    // teslamotors/vehicle-command pkg/protocol/protobuf/car_server.proto: ParentalControlsEnableSettingsAction.ParentalControlsSetting_E
    assert.deepEqual(
      { ...enumValues('CarServer.ParentalControlsEnableSettingsAction.ParentalControlsSetting_E') },
      { SpeedLimit: 0, Acceleration: 1, SafetyFeatures: 2, Curfew: 3, BrowserBlocked: 4, TheaterBlocked: 5, ArcadeBlocked: 6 },
    );
  });

  it('HvacTemperatureAdjustmentAction carries level (Temperature, TEMP_MAX = 3) and the temperature zones', () => {
    // teslamotors/vehicle-command pkg/protocol/protobuf/car_server.proto: HvacTemperatureAdjustmentAction { delta_celsius = 1;
    // delta_percent = 2; absolute_celsius = 3; Temperature level = 5; repeated HvacTemperatureZone hvac_temperature_zone = 4;
    // driver_temp_celsius = 6; passenger_temp_celsius = 7 }, Temperature { oneof type { TEMP_UNKNOWN = 1; TEMP_MIN = 2; TEMP_MAX = 3 } }.
    const t = 'CarServer.HvacTemperatureAdjustmentAction';
    assert.deepEqual(field(t, 'level'), { id: 5, type: 'Temperature', repeated: false });
    assert.deepEqual(field(t, 'hvac_temperature_zone'), { id: 4, type: 'HvacTemperatureZone', repeated: true });
    assert.deepEqual([field(t, 'driver_temp_celsius').id, field(t, 'passenger_temp_celsius').id], [6, 7]);
    assert.deepEqual(
      ['TEMP_UNKNOWN', 'TEMP_MIN', 'TEMP_MAX'].map((n) => field(`${t}.Temperature`, n).id),
      [1, 2, 3],
    );
    assert.deepEqual(
      ['TEMP_ZONE_UNKNOWN', 'TEMP_ZONE_FRONT_LEFT', 'TEMP_ZONE_FRONT_RIGHT', 'TEMP_ZONE_REAR'].map((n) => field(`${t}.HvacTemperatureZone`, n).id),
      [1, 2, 3, 4],
    );
  });

  it('schedules keep days_of_week in field 3 (int32)', () => {
    // teslamotors/vehicle-command pkg/protocol/protobuf/common.proto: ChargeSchedule / PreconditionSchedule int32 days_of_week = 3.
    assert.deepEqual(field('CarServer.ChargeSchedule', 'days_of_week'), { id: 3, type: 'int32', repeated: false });
    assert.deepEqual(field('CarServer.PreconditionSchedule', 'days_of_week'), { id: 3, type: 'int32', repeated: false });
  });
});
