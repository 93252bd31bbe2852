/**
 * Generates our telemetry .proto files and the embedded protobufjs JSON descriptor from the field/enum/oneof
 * tables in ../data (the field table is the one source of the Field enum). Part of `npm run generate`; alone:
 *
 *   node --import tsx core/telemetry-wire/tools/generate.ts
 *
 * The descriptor is what the code loads (bundles never read .proto files at run time); the .proto files are the
 * human-readable form of the same schema and a unit test checks both agree.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, renderDescriptorModule, renderProtoFiles } from './schema-model';

const root = join(__dirname, '..');
const read = (name: string): string => readFileSync(join(root, 'data', name), 'utf8');

const schema = buildSchema({
  fieldsTsv: read('telemetry-fields.tsv'),
  enumsTsv: read('telemetry-enums.tsv'),
  oneofTsv: read('telemetry-value-oneof.tsv'),
});

for (const [file, text] of Object.entries(renderProtoFiles(schema))) {
  writeFileSync(join(root, 'proto', file), text);
}
writeFileSync(join(root, 'generated', 'descriptor.ts'), renderDescriptorModule(schema));
console.error(`telemetry-wire: wrote ${Object.keys(renderProtoFiles(schema)).length} .proto files and generated/descriptor.ts`);
