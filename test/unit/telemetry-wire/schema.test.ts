import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { TELEMETRY_DESCRIPTOR } from '../../../core/telemetry-wire/generated/descriptor';
import { buildSchema, renderProtoFiles, toDescriptor } from '../../../core/telemetry-wire/tools/schema-model';
import { FIELD_ENUM, TYPES } from '../../../core/telemetry-wire';

const wire = join(__dirname, '..', '..', '..', 'core', 'telemetry-wire');
const read = (rel: string): string => readFileSync(join(wire, rel), 'utf8');
const schema = buildSchema({
  fieldsTsv: read('data/telemetry-fields.tsv'),
  enumsTsv: read('data/telemetry-enums.tsv'),
  oneofTsv: read('data/telemetry-value-oneof.tsv'),
});

describe('telemetry-wire schema', () => {
  it('the embedded descriptor and the .proto files are generated from the current tables', () => {
    assert.deepEqual(TELEMETRY_DESCRIPTOR, toDescriptor(schema), 'stale: run npm run generate');
    for (const [file, text] of Object.entries(renderProtoFiles(schema))) assert.equal(read(`proto/${file}`), text, `${file} is stale: run npm run generate`);
  });

  it('the .proto files, parsed by protobufjs, define the same types as the embedded descriptor', () => {
    const parsed = new protobuf.Root();
    parsed.loadSync(
      ['vehicle_data', 'vehicle_alert', 'vehicle_error', 'vehicle_connectivity'].map((f) => join(wire, 'proto', `${f}.proto`)),
      { keepCase: true },
    );
    parsed.resolveAll();
    for (const t of Object.values(TYPES)) {
      const other = parsed.lookupType(t.fullName);
      assert.deepEqual(
        other.fieldsArray.map((f) => [f.name, f.id, f.resolvedType ? f.resolvedType.fullName : f.type, f.repeated]),
        t.fieldsArray.map((f) => [f.name, f.id, f.resolvedType ? f.resolvedType.fullName : f.type, f.repeated]),
        t.fullName,
      );
    }
  });

  it('has all 270 Field values and the 53 Value oneof members', () => {
    assert.equal(Object.keys(FIELD_ENUM.values).length, 270);
    assert.equal(FIELD_ENUM.values.SelfDrivingMilesSinceReset, 259);
    assert.equal(TYPES.Value.oneofsArray[0].fieldsArray.length, 53);
    assert.equal(TYPES.Value.fields.location_value.id, 7);
    assert.equal(TYPES.Value.fieldsById[20], undefined, 'number 20 stays unused');
  });

  it('has the fields 260-269 of firmware 2026.32 with their numbers, in the generated .proto and descriptor', () => {
    // teslamotors/fleet-telemetry PR #546 (protos/vehicle_data.proto): fields 260-269 are first available in
    // firmware 2026.32 (device client 1.3.0).
    const expected = {
      GpsAccuracyMeters: 260,
      LifetimeEnergyChargedKwh: 261,
      BrickSocMinPercent: 262,
      NominalFullPackEnergyKwh: 263,
      GradeEstimatePercent: 264,
      MaxSpeedToReachDestinationMph: 265,
      SoftwareUpdateAvailable: 266,
      SoftwareUpdateInProgress: 267,
      RemoteStartActive: 268,
      SemiCruiseSpeedLimitMph: 269,
    };
    const proto = read('proto/vehicle_data.proto');
    for (const [name, n] of Object.entries(expected)) {
      assert.equal(FIELD_ENUM.values[name], n, name);
      assert.ok(proto.includes(`  ${name} = ${n};`), `${name} in vehicle_data.proto`);
    }
    assert.deepEqual(
      Object.values(FIELD_ENUM.values).sort((a, b) => a - b),
      [...Array(270).keys()],
      'numbered 0..269 without gaps',
    );
  });

  it('the fields table is the only list of Field: the enums table does not repeat it', () => {
    assert.doesNotMatch(read('data/telemetry-enums.tsv'), /^vehicle_data\.proto\tField\t/m);
    const withField = `${read('data/telemetry-enums.tsv')}vehicle_data.proto\tField\tUnknown\t0\n`;
    assert.throws(
      () => buildSchema({ fieldsTsv: read('data/telemetry-fields.tsv'), enumsTsv: withField, oneofTsv: read('data/telemetry-value-oneof.tsv') }),
      /telemetry-fields.tsv only/,
    );
  });
});
