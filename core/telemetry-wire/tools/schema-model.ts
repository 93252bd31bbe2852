/**
 * The telemetry protobuf schema as data: enums and the Value oneof come from the TSV tables, the few messages are
 * written out below from the field list in the reference (fleet-telemetry.md §2). Renders .proto text and the
 * protobufjs JSON descriptor. Pure: no file access.
 */

export interface EnumModel {
  name: string;
  values: Array<[string, number]>;
}

export interface FieldModel {
  name: string;
  id: number;
  /** Scalar type name, or a message/enum name (qualified with `.` for another package). */
  type: string;
  repeated?: boolean;
  mapKey?: string;
  oneof?: string;
}

export interface MessageModel {
  name: string;
  fields: FieldModel[];
  oneofs?: Array<{ name: string; members: string[] }>;
}

export interface PackageModel {
  file: string;
  pkg: string;
  enums: EnumModel[];
  messages: MessageModel[];
}

export interface SchemaModel {
  packages: PackageModel[];
}

export interface SchemaTables {
  fieldsTsv: string;
  enumsTsv: string;
  oneofTsv: string;
}

const TIMESTAMP = '.google.protobuf.Timestamp';

function rows(tsv: string): string[][] {
  return tsv
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split('\t'));
}

function num(text: string, where: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`bad number '${text}' in ${where}`);
  return n;
}

export function buildSchema(tables: SchemaTables): SchemaModel {
  const enumsByFile = new Map<string, Map<string, Array<[string, number]>>>();
  for (const [file, en, name, n] of rows(tables.enumsTsv)) {
    if (file === 'file') continue; // header
    const perFile = enumsByFile.get(file) ?? new Map<string, Array<[string, number]>>();
    enumsByFile.set(file, perFile);
    const values = perFile.get(en) ?? [];
    perFile.set(en, values);
    values.push([name, num(n, `enum ${en}`)]);
  }
  // The fields table (its first two columns; a header row starts with "name") is the only source of Field.
  const fieldEnum: Array<[string, number]> = rows(tables.fieldsTsv)
    .filter(([name], i) => !(i === 0 && name === 'name'))
    .map(([name, n]) => [name, num(n, `fields table, ${name}`)]);
  const seenNames = new Set<string>();
  const seenNumbers = new Set<number>();
  for (const [name, n] of fieldEnum) {
    if (seenNames.has(name) || seenNumbers.has(n)) throw new Error(`fields table: ${name} = ${n} repeats a name or a number`);
    seenNames.add(name);
    seenNumbers.add(n);
  }
  const otherDataEnums = enumsByFile.get('vehicle_data.proto') ?? new Map<string, Array<[string, number]>>();
  if (otherDataEnums.has('Field')) throw new Error('the Field enum belongs in telemetry-fields.tsv only, not in telemetry-enums.tsv');
  const dataEnums = new Map<string, Array<[string, number]>>([['Field', fieldEnum], ...otherDataEnums]);

  const oneofMembers: FieldModel[] = [];
  for (const [type, name, n] of rows(tables.oneofTsv)) {
    if (type === 'type') continue;
    oneofMembers.push({ name, id: num(n, `Value.${name}`), type, oneof: 'value' });
  }
  const messageNames = new Set(['LocationValue', 'Doors', 'TireLocation', 'Time']);
  const scalars = new Set(['string', 'int32', 'int64', 'float', 'double', 'bool']);
  for (const m of oneofMembers) {
    if (!scalars.has(m.type) && !messageNames.has(m.type) && !dataEnums.has(m.type)) {
      throw new Error(`Value.${m.name} has unknown type ${m.type}`);
    }
  }

  const bools = (names: string[]): FieldModel[] => names.map((name, i) => ({ name, id: i + 1, type: 'bool' }));
  const enumList = (m: Map<string, Array<[string, number]>> | undefined): EnumModel[] =>
    [...(m ?? new Map<string, Array<[string, number]>>()).entries()].map(([name, values]) => ({ name, values }));

  const vehicleData: PackageModel = {
    file: 'vehicle_data.proto',
    pkg: 'telemetry.vehicle_data',
    enums: enumList(dataEnums),
    messages: [
      {
        name: 'Payload',
        fields: [
          { name: 'data', id: 1, type: 'Datum', repeated: true },
          { name: 'created_at', id: 2, type: TIMESTAMP },
          { name: 'vin', id: 3, type: 'string' },
          { name: 'is_resend', id: 4, type: 'bool' },
        ],
      },
      {
        name: 'Datum',
        fields: [
          { name: 'key', id: 1, type: 'Field' },
          { name: 'value', id: 2, type: 'Value' },
        ],
      },
      { name: 'Value', fields: oneofMembers, oneofs: [{ name: 'value', members: oneofMembers.map((m) => m.name) }] },
      {
        name: 'LocationValue',
        fields: [
          { name: 'latitude', id: 1, type: 'double' },
          { name: 'longitude', id: 2, type: 'double' },
        ],
      },
      { name: 'Doors', fields: bools(['DriverFront', 'DriverRear', 'PassengerFront', 'PassengerRear', 'TrunkFront', 'TrunkRear']) },
      {
        name: 'TireLocation',
        fields: bools([
          'front_left',
          'front_right',
          'rear_left',
          'rear_right',
          'semi_middle_axle_left_2',
          'semi_middle_axle_right_2',
          'semi_rear_axle_left',
          'semi_rear_axle_right',
          'semi_rear_axle_left_2',
          'semi_rear_axle_right_2',
        ]),
      },
      {
        name: 'Time',
        fields: [
          { name: 'hour', id: 1, type: 'int32' },
          { name: 'minute', id: 2, type: 'int32' },
          { name: 'second', id: 3, type: 'int32' },
        ],
      },
    ],
  };

  const alerts: PackageModel = {
    file: 'vehicle_alert.proto',
    pkg: 'telemetry.vehicle_alerts',
    enums: enumList(enumsByFile.get('vehicle_alert.proto')),
    messages: [
      {
        name: 'VehicleAlerts',
        fields: [
          { name: 'alerts', id: 1, type: 'VehicleAlert', repeated: true },
          { name: 'created_at', id: 2, type: TIMESTAMP },
          { name: 'vin', id: 3, type: 'string' },
        ],
      },
      {
        name: 'VehicleAlert',
        fields: [
          { name: 'name', id: 1, type: 'string' },
          { name: 'audiences', id: 2, type: 'Audience', repeated: true },
          { name: 'started_at', id: 3, type: TIMESTAMP },
          { name: 'ended_at', id: 4, type: TIMESTAMP },
        ],
      },
    ],
  };

  const errors: PackageModel = {
    file: 'vehicle_error.proto',
    pkg: 'telemetry.vehicle_error',
    enums: [],
    messages: [
      {
        name: 'VehicleErrors',
        fields: [
          { name: 'errors', id: 1, type: 'VehicleError', repeated: true },
          { name: 'created_at', id: 2, type: TIMESTAMP },
          { name: 'vin', id: 3, type: 'string' },
        ],
      },
      {
        name: 'VehicleError',
        fields: [
          { name: 'created_at', id: 1, type: TIMESTAMP },
          { name: 'name', id: 2, type: 'string' },
          { name: 'tags', id: 3, type: 'string', mapKey: 'string' },
          { name: 'body', id: 4, type: 'string' },
        ],
      },
    ],
  };

  const connectivity: PackageModel = {
    file: 'vehicle_connectivity.proto',
    pkg: 'telemetry.vehicle_connectivity',
    enums: enumList(enumsByFile.get('vehicle_connectivity.proto')),
    messages: [
      {
        name: 'VehicleConnectivity',
        fields: [
          { name: 'vin', id: 1, type: 'string' },
          { name: 'connection_id', id: 2, type: 'string' },
          { name: 'status', id: 3, type: 'ConnectivityEvent' },
          { name: 'created_at', id: 4, type: TIMESTAMP },
          { name: 'network_interface', id: 5, type: 'string' },
        ],
      },
    ],
  };

  return { packages: [vehicleData, alerts, errors, connectivity] };
}

function protoType(type: string): string {
  return type === TIMESTAMP ? 'google.protobuf.Timestamp' : type;
}

function renderField(f: FieldModel, indent: string): string {
  if (f.mapKey) return `${indent}map<${f.mapKey}, ${protoType(f.type)}> ${f.name} = ${f.id};`;
  return `${indent}${f.repeated ? 'repeated ' : ''}${protoType(f.type)} ${f.name} = ${f.id};`;
}

export function renderProtoFiles(schema: SchemaModel): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of schema.packages) {
    const lines = [
      '// Generated by core/telemetry-wire/tools/generate.ts from core/telemetry-wire/data/*.tsv. Do not edit.',
      '// Written from the field list in the Fleet Telemetry reference (field numbers are facts of the wire format).',
      'syntax = "proto3";',
      '',
      `package ${p.pkg};`,
      '',
      'import "google/protobuf/timestamp.proto";',
      '',
    ];
    for (const e of p.enums) {
      lines.push(`enum ${e.name} {`);
      for (const [name, n] of e.values) lines.push(`  ${name} = ${n};`);
      lines.push('}', '');
    }
    for (const m of p.messages) {
      lines.push(`message ${m.name} {`);
      const inOneof = new Set((m.oneofs ?? []).flatMap((o) => o.members));
      for (const o of m.oneofs ?? []) {
        lines.push(`  oneof ${o.name} {`);
        for (const f of m.fields.filter((x) => o.members.includes(x.name))) lines.push(renderField(f, '    '));
        lines.push('  }');
      }
      for (const f of m.fields.filter((x) => !inOneof.has(x.name))) lines.push(renderField(f, '  '));
      lines.push('}', '');
    }
    out[p.file] = lines.join('\n');
  }
  return out;
}

type JsonNamespace = { nested?: Record<string, unknown> } & Record<string, unknown>;

/** The protobufjs `Root.fromJSON` form of the schema, including google.protobuf.Timestamp. */
export function toDescriptor(schema: SchemaModel): JsonNamespace {
  const root: JsonNamespace = {
    nested: {
      google: { nested: { protobuf: { nested: { Timestamp: { fields: { seconds: { type: 'int64', id: 1 }, nanos: { type: 'int32', id: 2 } } } } } } },
    },
  };
  for (const p of schema.packages) {
    let ns = root;
    for (const part of p.pkg.split('.')) {
      ns.nested ??= {};
      ns.nested[part] ??= {};
      ns = ns.nested[part] as JsonNamespace;
    }
    ns.nested ??= {};
    for (const e of p.enums) ns.nested[e.name] = { values: Object.fromEntries(e.values) };
    for (const m of p.messages) {
      const fields: Record<string, unknown> = {};
      for (const f of m.fields) {
        const def: Record<string, unknown> = { type: f.type, id: f.id };
        if (f.repeated) def.rule = 'repeated';
        if (f.mapKey) def.keyType = f.mapKey;
        fields[f.name] = def;
      }
      const msg: Record<string, unknown> = { fields };
      if (m.oneofs?.length) msg.oneofs = Object.fromEntries(m.oneofs.map((o) => [o.name, { oneof: o.members }]));
      ns.nested[m.name] = msg;
    }
  }
  return root;
}

export function renderDescriptorModule(schema: SchemaModel): string {
  return [
    '// Generated by core/telemetry-wire/tools/generate.ts from core/telemetry-wire/data/*.tsv. Do not edit.',
    '// protobufjs JSON descriptor of the telemetry protos (embedded so bundles never read .proto files).',
    '/* eslint-disable */',
    `export const TELEMETRY_DESCRIPTOR = ${JSON.stringify(toDescriptor(schema))};`,
    '',
  ].join('\n');
}
