import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIGURABLE_FIELDS, enumValues, fieldByName, fieldByNumber, isNumericField, TELEMETRY_FIELDS } from '../../../../core/telemetry-catalog/index';

describe('core/telemetry-catalog', () => {
  it('holds all 260 Field enum values, numbered 0..259 without gaps', () => {
    assert.equal(TELEMETRY_FIELDS.length, 260);
    TELEMETRY_FIELDS.forEach((f, i) => assert.equal(f.number, i));
    assert.equal(fieldByNumber(259)?.name, 'SelfDrivingMilesSinceReset');
  });

  it('marks Unknown, Deprecated_* and Experimental_* and leaves them out of the configurable list', () => {
    assert.equal(fieldByName('Unknown')?.placeholder, 'unknown');
    assert.equal(fieldByName('Deprecated_3')?.number, 257);
    assert.equal(fieldByName('Experimental_15')?.placeholder, 'experimental');
    assert.equal(CONFIGURABLE_FIELDS.length, 260 - 1 - 3 - 15);
  });

  it('carries minimum firmware and client versions from the proto comments', () => {
    assert.equal(fieldByName('RouteLine')?.minFirmware, '2024.26');
    assert.equal(fieldByName('ChargerVoltage')?.minFirmware, '2024.44.32');
    assert.equal(fieldByName('LightsHazardsActive')?.minClientVersion, '1.0.0');
    assert.equal(fieldByName('MilesSinceReset')?.minFirmware, '2025.44.25.5');
    assert.equal(fieldByName('Soc')?.minFirmware, undefined);
  });

  it('knows value types and enums', () => {
    assert.equal(fieldByName('Gear')?.enum, 'ShiftState');
    assert.ok(enumValues('ShiftState').some((v) => v.name === 'ShiftStateD'));
    assert.equal(isNumericField(fieldByName('Soc')!), true);
    assert.equal(isNumericField(fieldByName('Locked')!), false);
    assert.equal(fieldByName('Location')?.valueType, 'location');
    assert.equal(fieldByName('SemitruckTpmsPressureRe1L0')?.semiOnly, true);
  });

  it('the committed schema lists exactly the configurable fields', () => {
    const schema = JSON.parse(readFileSync(join(__dirname, '../../../../schemas/fleet-telemetry-config.schema.json'), 'utf8'));
    const names = Object.keys(schema.definitions.config.properties.fields.properties);
    assert.deepEqual(names, CONFIGURABLE_FIELDS.map((f) => f.name));
  });
});
