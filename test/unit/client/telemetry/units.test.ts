import assert from 'node:assert/strict';
import { fieldByName } from '../../../../core/telemetry-catalog/index';
import { DISPLAY_UNITS, unitOf } from '../../../../client/telemetry/model/units';

describe('Live Telemetry panel units (client/telemetry/model/units.ts)', () => {
  it('names only real fields, with the catalogue unit (locations and booleans show none)', () => {
    for (const [name, unit] of Object.entries(DISPLAY_UNITS)) {
      const field = fieldByName(name);
      assert.ok(field, `${name} is not a telemetry field`);
      const expected = field.valueType === 'number' ? (field.unit ?? '') : '';
      assert.equal(unit, expected, name);
    }
  });

  it('shows units for fields 260-269 (fleet-telemetry PR #546, firmware 2026.32)', () => {
    assert.deepEqual(
      [
        'GpsAccuracyMeters',
        'LifetimeEnergyChargedKwh',
        'BrickSocMinPercent',
        'NominalFullPackEnergyKwh',
        'GradeEstimatePercent',
        'MaxSpeedToReachDestinationMph',
        'SemiCruiseSpeedLimitMph',
      ].map(unitOf),
      ['m', 'kWh', '%', 'kWh', '%', 'mph', 'mph'],
    );
    assert.equal(unitOf('SoftwareUpdateAvailable'), '');
    assert.equal(unitOf('NotAField'), '');
  });
});
