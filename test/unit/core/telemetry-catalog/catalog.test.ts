import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIGURABLE_FIELDS, enumValues, fieldByName, fieldByNumber, isNumericField, TELEMETRY_FIELDS } from '../../../../core/telemetry-catalog/index';
import { buildCatalog, renderCatalogFiles } from '../../../../core/telemetry-catalog/tools/catalog-model';

const root = join(__dirname, '../../../..');
const data = (name: string): string => readFileSync(join(root, 'core/telemetry-wire/data', name), 'utf8');

describe('core/telemetry-catalog', () => {
  it('holds all 270 Field enum values, numbered 0..269 without gaps', () => {
    assert.equal(TELEMETRY_FIELDS.length, 270);
    TELEMETRY_FIELDS.forEach((f, i) => assert.equal(f.number, i));
    assert.equal(fieldByNumber(259)?.name, 'SelfDrivingMilesSinceReset');
  });

  it('has fields 260-269: firmware 2026.32, telemetry client 1.3.0, always typed, with types and units', () => {
    // teslamotors/fleet-telemetry PR #546 (protos/vehicle_data.proto): names and numbers, first available in firmware
    // 2026.32 (device client 1.3.0); SemiCruiseSpeedLimitMph is Semi-truck only; fields from 179 on are always typed.
    const expected: Array<[string, number, string, string | undefined]> = [
      ['GpsAccuracyMeters', 260, 'number', 'm'],
      ['LifetimeEnergyChargedKwh', 261, 'number', 'kWh'],
      ['BrickSocMinPercent', 262, 'number', '%'],
      ['NominalFullPackEnergyKwh', 263, 'number', 'kWh'],
      ['GradeEstimatePercent', 264, 'number', '%'],
      ['MaxSpeedToReachDestinationMph', 265, 'number', 'mph'],
      ['SoftwareUpdateAvailable', 266, 'boolean', undefined],
      ['SoftwareUpdateInProgress', 267, 'boolean', undefined],
      ['RemoteStartActive', 268, 'boolean', undefined],
      ['SemiCruiseSpeedLimitMph', 269, 'number', 'mph'],
    ];
    for (const [name, number, valueType, unit] of expected) {
      const f = fieldByNumber(number);
      assert.equal(f?.name, name);
      assert.deepEqual(
        [f?.valueType, f?.unit, f?.minFirmware, f?.minClientVersion, f?.alwaysTyped, f?.placeholder],
        [valueType, unit, '2026.32', '1.3.0', true, undefined],
        name,
      );
      assert.equal(f?.semiOnly, name === 'SemiCruiseSpeedLimitMph' ? true : undefined, name);
      assert.ok(CONFIGURABLE_FIELDS.includes(f!), name);
    }
  });

  it('marks Unknown, Deprecated_* and Experimental_* and leaves them out of the configurable list', () => {
    assert.equal(fieldByName('Unknown')?.placeholder, 'unknown');
    assert.equal(fieldByName('Deprecated_3')?.number, 257);
    assert.equal(fieldByName('Experimental_15')?.placeholder, 'experimental');
    assert.equal(CONFIGURABLE_FIELDS.length, 270 - 1 - 3 - 15);
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
    assert.deepEqual(
      names,
      CONFIGURABLE_FIELDS.map((f) => f.name),
    );
  });

  it('the committed catalogue, config schema and grammar are what npm run generate writes from the field table', () => {
    const files = renderCatalogFiles(buildCatalog(data('telemetry-fields.tsv'), data('telemetry-enums.tsv')));
    assert.deepEqual(Object.keys(files).sort(), [
      'core/telemetry-catalog/generated/catalog.ts',
      'schemas/fleet-telemetry-config.schema.json',
      'syntaxes/fleet-telemetry-config.tmLanguage.json',
    ]);
    for (const [path, text] of Object.entries(files)) assert.equal(readFileSync(join(root, path), 'utf8'), text, `${path} is stale: run npm run generate`);
  });

  it('refuses a field table with a mistake, naming the line', () => {
    const fields = data('telemetry-fields.tsv');
    const enums = data('telemetry-enums.tsv');
    const [header, ...rows] = fields.trimEnd().split('\n');
    const withRow = (row: string): string => [header, ...rows, row].join('\n');
    const last = Number(rows[rows.length - 1].split('\t')[1]);
    assert.throws(() => buildCatalog(withRow(`Soc\t${last + 1}\t\t\t\tnumber\t\t\t\tDup.`), enums), /appears twice/);
    assert.throws(() => buildCatalog(withRow(`NewField\t${last}\t\t\t\tnumber\t\t\t\tX.`), enums), /must be an integer above/);
    assert.throws(() => buildCatalog(withRow(`NewField\t${last + 1}\t\t\t\tenum\tNoSuchEnum\t\t\tX.`), enums), /not in telemetry-enums.tsv/);
    assert.throws(() => buildCatalog(withRow(`NewField\t${last + 1}\t2026\t\t\tnumber\t\t\t\tX.`), enums), /min_firmware/);
    assert.throws(() => buildCatalog(withRow(`NewField ${last + 1} number`), enums), new RegExp(`line ${rows.length + 2}: 1 columns`));
    assert.equal(buildCatalog(withRow(`NewField\t${last + 1}\t2099.1\t9.9.9\tyes\tboolean\t\t\t\tX.`), enums).fields.at(-1)?.minFirmware, '2099.1');
  });
});
