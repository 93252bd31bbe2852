/**
 * The Fleet Telemetry field catalogue as data, read from the project's own field table
 * (core/telemetry-wire/data/telemetry-fields.tsv, one line per Field: name, number, minimum firmware and telemetry
 * client, always typed, value type, enum, unit, Semi only, description) and the enums table. Renders the catalogue
 * module, the config JSON schema and the TextMate grammar. Pure: no file access (see generate.ts).
 */
import type { TelemetryEnumValue, TelemetryFieldInfo, TelemetryValueType } from '../types';

export const FIELD_TABLE_COLUMNS = [
  'name',
  'number',
  'min_firmware',
  'min_client',
  'always_typed',
  'value_type',
  'enum',
  'unit',
  'semi_only',
  'description',
] as const;

const VALUE_TYPES: readonly TelemetryValueType[] = ['number', 'boolean', 'string', 'enum', 'location', 'doors', 'tire-location', 'unknown'];

export interface Catalog {
  fields: TelemetryFieldInfo[];
  enums: Record<string, TelemetryEnumValue[]>;
}

function lines(tsv: string): string[][] {
  return tsv
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split('\t'));
}

/** Enums of vehicle_data.proto (the Field enum is the field table itself). */
export function parseEnums(enumsTsv: string): Record<string, TelemetryEnumValue[]> {
  const enums: Record<string, TelemetryEnumValue[]> = {};
  for (const [file, en, name, n] of lines(enumsTsv)) {
    if (file === 'file' || file !== 'vehicle_data.proto' || en === 'Field') continue;
    (enums[en] ??= []).push({ name, number: Number(n) });
  }
  return enums;
}

/** Reads and checks the field table; every mistake is reported with its line. */
export function buildCatalog(fieldsTsv: string, enumsTsv: string): Catalog {
  const enums = parseEnums(enumsTsv);
  const rows = lines(fieldsTsv);
  const header = rows.shift() ?? [];
  if (header.join('\t') !== FIELD_TABLE_COLUMNS.join('\t')) throw new Error(`telemetry-fields.tsv: the header must be ${FIELD_TABLE_COLUMNS.join(' | ')}`);
  const fields: TelemetryFieldInfo[] = [];
  const names = new Set<string>();
  let previous = -1;
  rows.forEach((cells, i) => {
    const where = `telemetry-fields.tsv line ${i + 2}`;
    if (cells.length !== FIELD_TABLE_COLUMNS.length) {
      throw new Error(`${where}: ${cells.length} columns, expected ${FIELD_TABLE_COLUMNS.length} (tab-separated)`);
    }
    const [name, numberText, minFirmware, minClient, alwaysTyped, valueType, enumName, unit, semiOnly, description] = cells.map((c) => c.trim());
    const number = Number(numberText);
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw new Error(`${where}: bad field name "${name}"`);
    if (names.has(name)) throw new Error(`${where}: ${name} appears twice`);
    if (!Number.isInteger(number) || number <= previous) {
      throw new Error(`${where}: number ${numberText} must be an integer above the line before (${previous})`);
    }
    if (minFirmware && !/^\d{4}\.\d+(\.\d+)*$/.test(minFirmware)) throw new Error(`${where}: min_firmware "${minFirmware}" is not like 2026.32`);
    if (minClient && !/^\d+\.\d+\.\d+$/.test(minClient)) throw new Error(`${where}: min_client "${minClient}" is not like 1.3.0`);
    for (const [column, flag] of [
      ['always_typed', alwaysTyped],
      ['semi_only', semiOnly],
    ]) {
      if (flag !== '' && flag !== 'yes') throw new Error(`${where}: ${column} is "yes" or empty, found "${flag}"`);
    }
    if (!(VALUE_TYPES as readonly string[]).includes(valueType)) throw new Error(`${where}: value_type "${valueType}" is not one of ${VALUE_TYPES.join(', ')}`);
    if ((valueType === 'enum') !== (enumName !== '')) throw new Error(`${where}: an enum name goes with value_type enum, and only there`);
    if (enumName && !enums[enumName]) throw new Error(`${where}: enum ${enumName} is not in telemetry-enums.tsv`);
    if (!description) throw new Error(`${where}: description is empty`);
    const placeholder = name === 'Unknown' ? 'unknown' : /^Deprecated_/.test(name) ? 'deprecated' : /^Experimental_/.test(name) ? 'experimental' : undefined;
    if (placeholder && valueType !== 'unknown') throw new Error(`${where}: ${name} is a placeholder; its value_type is unknown`);
    // Key order of the generated entries: as below, description last.
    const entry: { -readonly [K in keyof Omit<TelemetryFieldInfo, 'description'>]: TelemetryFieldInfo[K] } = {
      name,
      number,
      valueType: valueType as TelemetryValueType,
    };
    if (enumName) entry.enum = enumName;
    if (unit) entry.unit = unit;
    if (minFirmware) entry.minFirmware = minFirmware;
    if (minClient) entry.minClientVersion = minClient;
    if (alwaysTyped) entry.alwaysTyped = true;
    if (placeholder) entry.placeholder = placeholder;
    if (semiOnly) entry.semiOnly = true;
    fields.push({ ...entry, description: semiOnly ? `${description} Semi truck only.` : description });
    names.add(name);
    previous = number;
  });
  return { fields, enums };
}

const SOURCE = 'core/telemetry-wire/data/telemetry-fields.tsv and telemetry-enums.tsv';

export function renderCatalogModule(catalog: Catalog): string {
  return (
    `// GENERATED by core/telemetry-catalog/tools/generate.ts (npm run generate) from ${SOURCE}. Do not edit.\n` +
    `import type { TelemetryEnumValue, TelemetryFieldInfo } from '../types';\n\n` +
    `export const TELEMETRY_FIELDS: readonly TelemetryFieldInfo[] = [\n${catalog.fields.map((f) => `  ${JSON.stringify(f)},`).join('\n')}\n];\n\n` +
    `export const TELEMETRY_ENUMS: Readonly<Record<string, readonly TelemetryEnumValue[]>> = {\n${Object.entries(catalog.enums)
      .map(([k, v]) => `  ${k}: ${JSON.stringify(v)},`)
      .join('\n')}\n};\n`
  );
}

const FIELD_RULE = {
  type: 'object',
  required: ['interval_seconds'],
  additionalProperties: false,
  properties: {
    interval_seconds: { type: 'integer', minimum: 1, description: 'Minimum seconds between emissions of this field (sent on change).' },
    minimum_delta: {
      type: 'number',
      exclusiveMinimum: 0,
      description: 'Emit only when the value changed by at least this much. Numeric fields only; firmware 2024.44.32+.',
    },
    resend_interval_seconds: { type: 'integer', minimum: 1, description: 'Re-send the value after this many seconds even if unchanged.' },
  },
};

function configSchema(fields: readonly TelemetryFieldInfo[]): Record<string, unknown> {
  const fieldProps: Record<string, unknown> = {};
  for (const f of fields.filter((x) => !x.placeholder)) {
    const bits = [f.description, `Type: ${f.enum ?? f.valueType}${f.unit ? `, unit: ${f.unit}` : ''}.`];
    if (f.minFirmware) bits.push(`Needs firmware ${f.minFirmware}+.`);
    fieldProps[f.name] = { $ref: '#/definitions/fieldRule', description: bits.join(' ') };
  }
  return {
    type: 'object',
    required: ['hostname', 'port', 'ca', 'fields'],
    additionalProperties: false,
    properties: {
      hostname: { type: 'string', description: 'Host name of your Fleet Telemetry server, without scheme, port or path.', pattern: '^[A-Za-z0-9.-]+$' },
      port: { type: 'integer', minimum: 1, maximum: 65535, description: 'TCP port of your server (an integer; a string port silently breaks streaming).' },
      ca: { type: ['string', 'null'], description: 'PEM certificate chain of your server certificate (full chain recommended).' },
      fields: {
        type: 'object',
        description: 'Fields to stream: {FieldName: {interval_seconds, minimum_delta?, resend_interval_seconds?}}.',
        properties: fieldProps,
        additionalProperties: false,
      },
      alert_types: { type: 'array', items: { enum: ['service', 'customer', 'service-fix'] }, uniqueItems: true, description: 'Alert audiences to stream.' },
      exp: { type: 'integer', description: 'Expiry of the config, in epoch seconds.' },
      nbf: { type: 'integer', description: 'JWT "not before": the config is not valid before this time, in epoch seconds.' },
      iat: { type: 'integer', description: 'JWT "issued at": when the config was made, in epoch seconds.' },
      prefer_typed: { type: 'boolean', description: 'Send typed values (firmware 2024.38+).' },
      delivery_policy: { enum: ['latest'], description: 'Delivery policy; only "latest" is known.' },
    },
  };
}

/** The config JSON schema (for editors that only read schemas; the language server does more). */
export function renderConfigSchema(catalog: Catalog): string {
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://fleetkit.dev/schemas/fleet-telemetry-config.schema.json',
    title: 'Tesla Fleet Telemetry configuration',
    description:
      'Body of POST /api/1/vehicles/fleet_telemetry_config ({vins, config}) or a bare config object. Generated by core/telemetry-catalog/tools/generate.ts (npm run generate).',
    definitions: {
      fieldRule: FIELD_RULE,
      config: configSchema(catalog.fields),
      vins: {
        type: 'array',
        minItems: 1,
        items: { type: 'string', minLength: 17, maxLength: 17, pattern: '^[A-HJ-NPR-Z0-9]{17}$' },
        description: 'VINs to configure.',
      },
    },
    oneOf: [
      {
        type: 'object',
        required: ['vins', 'config'],
        additionalProperties: false,
        properties: { vins: { $ref: '#/definitions/vins' }, config: { $ref: '#/definitions/config' } },
      },
      { $ref: '#/definitions/config' },
    ],
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

const alt = (names: readonly string[]): string => names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');

function stringRule(scope: string): Record<string, unknown> {
  return {
    begin: '"',
    beginCaptures: { 0: { name: 'punctuation.definition.string.begin.json' } },
    end: '"',
    endCaptures: { 0: { name: 'punctuation.definition.string.end.json' } },
    name: scope,
    patterns: [
      { match: '\\\\(?:["\\\\/bfnrt]|u[0-9a-fA-F]{4})', name: 'constant.character.escape.json' },
      { match: '\\\\.', name: 'invalid.illegal.unrecognized-string-escape.json' },
    ],
  };
}

function keyRule(names: string, scope: string): Record<string, unknown> {
  return {
    match: `(")(${names})(")(?=\\s*:)`,
    captures: {
      1: { name: 'punctuation.support.type.property-name.begin.json' },
      2: { name: scope },
      3: { name: 'punctuation.support.type.property-name.end.json' },
    },
  };
}

/** The TextMate grammar: JSON tokens, with config keys, field names and known values highlighted. */
export function renderGrammar(catalog: Catalog): string {
  const configKeys = Object.keys((configSchema(catalog.fields) as { properties: Record<string, unknown> }).properties);
  const grammar = {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    name: 'Fleet Telemetry Config',
    scopeName: 'source.json.fleet-telemetry-config',
    fileTypes: ['telemetry.json'],
    patterns: [{ include: '#comments' }, { include: '#keys' }, { include: '#values' }, { include: '#punctuation' }],
    repository: {
      comments: {
        patterns: [
          { begin: '/\\*', end: '\\*/', name: 'comment.block.json' },
          { match: '(//).*$', name: 'comment.line.double-slash.js' },
        ],
      },
      keys: {
        patterns: [
          keyRule(`${alt(configKeys)}|vins|config`, 'keyword.other.config-key.fleet-telemetry'),
          keyRule(alt(Object.keys(FIELD_RULE.properties)), 'variable.parameter.field-rule.fleet-telemetry'),
          keyRule(alt(catalog.fields.filter((f) => !f.placeholder).map((f) => f.name)), 'entity.name.tag.field.fleet-telemetry'),
          { match: '("(?:[^"\\\\]|\\\\.)*")(?=\\s*:)', name: 'support.type.property-name.json' },
        ],
      },
      values: {
        patterns: [
          { match: '"(?:latest|service|customer|service-fix)"', name: 'support.constant.value.fleet-telemetry' },
          { match: '\\b(?:true|false|null)\\b', name: 'constant.language.json' },
          { match: '-?(?:0|[1-9]\\d*)(?:\\.\\d+)?(?:[eE][+-]?\\d+)?', name: 'constant.numeric.json' },
          stringRule('string.quoted.double.json'),
        ],
      },
      punctuation: {
        patterns: [
          { match: '[{}]', name: 'punctuation.definition.dictionary.json' },
          { match: '[\\[\\]]', name: 'punctuation.definition.array.json' },
          { match: ':', name: 'punctuation.separator.dictionary.key-value.json' },
          { match: ',', name: 'punctuation.separator.json' },
        ],
      },
    },
  };
  return `${JSON.stringify(grammar, null, 2)}\n`;
}

/** Every generated file, by path from the repository root. */
export function renderCatalogFiles(catalog: Catalog): Record<string, string> {
  return {
    'core/telemetry-catalog/generated/catalog.ts': renderCatalogModule(catalog),
    'schemas/fleet-telemetry-config.schema.json': renderConfigSchema(catalog),
    'syntaxes/fleet-telemetry-config.tmLanguage.json': renderGrammar(catalog),
  };
}
