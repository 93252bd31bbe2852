/**
 * Writes the field catalogue (core/telemetry-catalog/generated/catalog.ts), the config JSON schema
 * (schemas/fleet-telemetry-config.schema.json) and the TextMate grammar (syntaxes/fleet-telemetry-config.tmLanguage.json)
 * from the project's field and enum tables in core/telemetry-wire/data/. Part of `npm run generate`; alone:
 *
 *   node --import tsx core/telemetry-catalog/tools/generate.ts
 *
 * A unit test fails when a committed output differs from what this would write.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCatalog, renderCatalogFiles } from './catalog-model';

const root = join(__dirname, '..', '..', '..');
const data = (name: string): string => readFileSync(join(root, 'core', 'telemetry-wire', 'data', name), 'utf8');

const catalog = buildCatalog(data('telemetry-fields.tsv'), data('telemetry-enums.tsv'));
for (const [path, text] of Object.entries(renderCatalogFiles(catalog))) writeFileSync(join(root, path), text);
console.error(`telemetry-catalog: wrote ${catalog.fields.length} fields, ${Object.keys(catalog.enums).length} enums, the config schema and the grammar`);
