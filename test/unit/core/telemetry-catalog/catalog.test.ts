import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIGURABLE_FIELDS, enumValues, fieldByName, fieldByNumber, isNumericField, TELEMETRY_FIELDS } from '../../../../core/telemetry-catalog/index';
import { buildCatalog, renderCatalogFiles } from '../../../../core/telemetry-catalog/tools/catalog-model';

const root = join(__dirname, '../../../..');
const data = (name: string): string => readFileSync(join(root, 'core/telemetry-wire/data', name), 'utf8');

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

  it('the committed catalogue, config schema and grammar are what npm run generate writes from the field table', () => {
    const files = renderCatalogFiles(buildCatalog(data('telemetry-fields.tsv'), data('telemetry-enums.tsv')));
    assert.deepEqual(Object.keys(files).sort(), ['core/telemetry-catalog/generated/catalog.ts', 'schemas/fleet-telemetry-config.schema.json', 'syntaxes/fleet-telemetry-config.tmLanguage.json']);
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
