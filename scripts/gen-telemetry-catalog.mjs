#!/usr/bin/env node
// Generates the Fleet Telemetry field catalogue and the config JSON schema from the reference TSVs.
//   node scripts/gen-telemetry-catalog.mjs [--reference ../shared/reference]
// Outputs (committed, so nothing at run or test time needs ../shared):
//   core/telemetry-catalog/generated/catalog.ts
//   schemas/fleet-telemetry-config.schema.json
// Names, numbers, minimum firmware and deprecated/semi notes come from the TSVs. The value type, unit and
// description are not in the proto; they are curated below (VALUE_TYPES, UNITS, DESCRIPTIONS) and by name rules.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const refArg = process.argv.indexOf('--reference');
const reference = resolve(root, refArg > 0 ? process.argv[refArg + 1] : '../shared/reference');

/** Reads a TSV; files without a header row (telemetry-fields.tsv) get `columns` as their header. */
function readTsv(name, columns) {
  const lines = readFileSync(join(reference, name), 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const first = lines[0].split('\t');
  const hasHeader = !columns || first[0] === columns[0];
  const header = hasHeader ? first : columns;
  return lines.slice(hasHeader ? 1 : 0).map((line) => {
    const cells = line.split('\t');
    return Object.fromEntries(header.map((h, i) => [h, (cells[i] ?? '').trim()]));
  });
}

const annotated = readTsv('telemetry-fields-annotated.tsv');
const plain = readTsv('telemetry-fields.tsv', ['name', 'number']);
const enumRows = readTsv('telemetry-enums.tsv');

// Cross-check the two field lists: a mismatch means the reference is inconsistent, so stop.
if (plain.length !== annotated.length) throw new Error(`field count mismatch: ${plain.length} vs ${annotated.length}`);
for (let i = 0; i < plain.length; i++) {
  if (plain[i].name !== annotated[i].name || plain[i].number !== annotated[i].number) {
    throw new Error(`field mismatch at row ${i}: ${plain[i].name} vs ${annotated[i].name}`);
  }
}

/** Enums of vehicle_data.proto other than Field, with their values. */
const enums = {};
for (const row of enumRows) {
  if (row.file !== 'vehicle_data.proto' || row.enum === 'Field') continue;
  (enums[row.enum] ??= []).push({ name: row.name, number: Number(row.number) });
}

/** Field → enum type carried in its Value (the Value oneof member it uses). */
const ENUM_OF = {
  ChargeState: 'ChargingState', Gear: 'ShiftState', DetailedChargeState: 'DetailedChargeStateValue', BMSState: 'BMSStateValue',
  CarType: 'CarTypeValue', ChargePort: 'ChargePortValue', ChargePortLatch: 'ChargePortLatchValue',
  ScheduledChargingMode: 'ScheduledChargingModeValue', SentryMode: 'SentryModeState', LaneDepartureAvoidance: 'LaneAssistLevel',
  SpeedLimitWarning: 'SpeedAssistLevel', ForwardCollisionWarning: 'ForwardCollisionSensitivity', CruiseFollowDistance: 'FollowDistance',
  GuestModeMobileAccessState: 'GuestModeMobileAccess', DriverSeatBelt: 'BuckleStatus', PassengerSeatBelt: 'BuckleStatus',
  DiStateR: 'DriveInverterState', DiStateF: 'DriveInverterState', DiStateREL: 'DriveInverterState', DiStateRER: 'DriveInverterState',
  Hvil: 'HvilStatus', FdWindow: 'WindowState', FpWindow: 'WindowState', RdWindow: 'WindowState', RpWindow: 'WindowState',
  SemitruckPassengerSeatFoldPosition: 'SeatFoldPosition', SemitruckTractorParkBrakeStatus: 'TractorAirStatus',
  SemitruckTrailerParkBrakeStatus: 'TrailerAirStatus', HvacAutoMode: 'HvacAutoModeState',
  CabinOverheatProtectionMode: 'CabinOverheatProtectionModeState', CabinOverheatProtectionTemperatureLimit: 'ClimateOverheatProtectionTempLimit',
  DefrostMode: 'DefrostModeState', ClimateKeeperMode: 'ClimateKeeperModeState', HvacPower: 'HvacPowerState', FastChargerType: 'FastCharger',
  ChargingCableType: 'CableType', TonneauTentMode: 'TonneauTentModeState', TonneauPosition: 'TonneauPositionState',
  PowershareType: 'PowershareTypeStatus', PowershareStatus: 'PowershareState', PowershareStopReason: 'PowershareStopReasonStatus',
  CenterDisplay: 'DisplayState', SettingDistanceUnit: 'DistanceUnit', SettingTemperatureUnit: 'TemperatureUnit',
  SettingTirePressureUnit: 'PressureUnit', SettingChargeUnit: 'ChargeUnitPreference', LightsTurnSignal: 'TurnSignalState',
  MediaPlaybackStatus: 'MediaStatus', SunroofInstalled: 'SunroofInstalledState',
};

const STRUCTURED = {
  Location: 'location', OriginLocation: 'location', DestinationLocation: 'location', DoorState: 'doors',
  TpmsHardWarnings: 'tire-location', TpmsSoftWarnings: 'tire-location',
};

const BOOLEANS = new Set([
  'DriveRail', 'BrakePedal', 'BmsFullchargecomplete', 'DCDCEnable', 'FastChargerPresent', 'ScheduledChargingPending', 'PreconditioningEnabled', 'ChargeEnableRequest',
  'ChargePortColdWeatherMode', 'BatteryHeaterOn', 'NotEnoughPowerToHeat', 'SuperchargerSessionTripPlanner', 'Locked', 'SpeedLimitMode',
  'AutoSeatClimateLeft', 'AutoSeatClimateRight', 'DriverSeatOccupied', 'GuestModeEnabled', 'PinToDriveEnabled', 'AutomaticBlindSpotCamera',
  'BlindSpotCollisionWarningChime', 'EmergencyLaneDepartureAvoidance', 'AutomaticEmergencyBrakingOff', 'ServiceMode', 'ChargePortDoorOpen',
  'DefrostForPreconditioning', 'EuropeVehicle', 'HomelinkNearby', 'HvacACEnabled', 'HvacSteeringWheelHeatAuto', 'OffroadLightbarPresent',
  'RearDisplayHvacEnabled', 'RemoteStartEnabled', 'RightHandDrive', 'ValetModeEnabled', 'WiperHeatEnabled', 'LocatedAtHome', 'LocatedAtWork',
  'LocatedAtFavorite', 'Setting24HourTime', 'LightsHazardsActive', 'LightsHighBeams', 'SeatVentEnabled', 'RearDefrostEnabled', 'GpsState',
]);

const STRINGS = new Set([
  'VehicleName', 'Version', 'Trim', 'ExteriorColor', 'RoofColor', 'RouteLine', 'DestinationName', 'EfficiencyPackage', 'WheelType',
  'SoftwareUpdateVersion', 'MediaPlaybackSource', 'MediaNowPlayingArtist', 'MediaNowPlayingTitle', 'MediaNowPlayingAlbum',
  'MediaNowPlayingStation', 'RouteLastUpdated',
]);

/** Units by exact name; then by name pattern (first match wins). */
const UNITS = {
  VehicleSpeed: 'mph', CruiseSetSpeed: 'mph', CurrentLimitMph: 'mph', ChargeRateMilePerHour: 'mph',
  Odometer: 'mi', RatedRange: 'mi', EstBatteryRange: 'mi', IdealBatteryRange: 'mi', MilesToArrival: 'mi', MilesSinceReset: 'mi',
  SelfDrivingMilesSinceReset: 'mi', Soc: '%', BatteryLevel: '%', ChargeLimitSoc: '%', PedalPosition: '%', BrakePedalPos: '%',
  TimeToFullCharge: 'h', EstimatedHoursToChargeTermination: 'h', PowershareHoursLeft: 'h', MinutesToArrival: 'min',
  RouteTrafficMinutesDelay: 'min', SoftwareUpdateExpectedDurationMinutes: 'min', GpsHeading: '°', IsolationResistance: 'kΩ',
  ChargeAmps: 'A', ChargeCurrentRequest: 'A', ChargeCurrentRequestMax: 'A', PackCurrent: 'A', ChargerVoltage: 'V', PackVoltage: 'V',
  PowershareInstantaneousPowerKW: 'kW', DCChargingPower: 'kW', ACChargingPower: 'kW', DCChargingEnergyIn: 'kWh', ACChargingEnergyIn: 'kWh',
  EnergyRemaining: 'kWh', LifetimeEnergyUsed: 'kWh', LifetimeEnergyUsedDrive: 'kWh', LifetimeEnergyGainedRegen: 'kWh',
  LateralAcceleration: 'g', LongitudinalAcceleration: 'g', ExpectedEnergyPercentAtTripArrival: '%', TonneauOpenPercent: '%',
  SoftwareUpdateDownloadPercentComplete: '%', SoftwareUpdateInstallationPercentComplete: '%', HvacLeftTemperatureRequest: '°C',
  HvacRightTemperatureRequest: '°C', BrickVoltageMax: 'V', BrickVoltageMin: 'V', MediaNowPlayingDuration: 'ms', MediaNowPlayingElapsed: 'ms',
  ScheduledChargingStartTime: 's (epoch)', ScheduledDepartureTime: 's (epoch)', SoftwareUpdateScheduledStartTime: 's (epoch)',
  DiAxleSpeedR: 'rpm', DiAxleSpeedF: 'rpm', DiAxleSpeedREL: 'rpm', DiAxleSpeedRER: 'rpm',
};
const UNIT_PATTERNS = [
  [/^TpmsLastSeenPressureTime/, 's (epoch)'], [/Tpms.*Pressure/, 'bar'], [/Temp(?!erature(Limit|Unit))|Heatsink|Inverter(T|TF|TREL|TRER)$/, '°C'],
  [/VBat/, 'V'], [/MotorCurrent/, 'A'], [/Torque/, 'Nm'],
];

/** Short descriptions where the name alone is not clear enough; others are derived from the name. */
const DESCRIPTIONS = {
  DriveRail: 'Drive rail is powered (the car is ready to drive).', ChargeState: 'Charging state (legacy string form; prefer DetailedChargeState).',
  BmsFullchargecomplete: 'Battery management system reports a completed full charge.', VehicleSpeed: 'Vehicle speed.',
  Odometer: 'Odometer reading.', PackVoltage: 'High-voltage battery pack voltage.', PackCurrent: 'High-voltage battery pack current.',
  Soc: 'Battery state of charge (pack-level, unrounded).', DCDCEnable: 'DC-DC converter enabled.', Gear: 'Selected gear (P, R, N, D).',
  IsolationResistance: 'High-voltage isolation resistance.', PedalPosition: 'Accelerator pedal position.', BrakePedal: 'Brake pedal pressed.',
  Location: 'GPS position (latitude, longitude). minimum_delta is in meters on newer firmware.', GpsState: 'GPS fix available.',
  GpsHeading: 'GPS heading.', RatedRange: 'Rated range remaining.', Hvil: 'High-voltage interlock loop status.',
  DCChargingEnergyIn: 'Energy added in the current DC charging session.', DCChargingPower: 'DC charging power.',
  ACChargingEnergyIn: 'Energy added in the current AC charging session.', ACChargingPower: 'AC charging power.',
  ChargeLimitSoc: 'Charge limit set by the user.', FastChargerPresent: 'A DC fast charger is connected.', EstBatteryRange: 'Estimated range.',
  IdealBatteryRange: 'Ideal range.', BatteryLevel: 'Displayed battery level.', TimeToFullCharge: 'Time until the charge limit is reached.',
  ChargeAmps: 'Charging current.', ChargerPhases: 'Number of AC phases in use.', DoorState: 'Open/closed state of every door and trunk.',
  Locked: 'Vehicle is locked.', VehicleName: 'User-assigned vehicle name.', SentryMode: 'Sentry Mode state.', Version: 'Software version.',
  InsideTemp: 'Cabin temperature.', OutsideTemp: 'Outside air temperature.', CarType: 'Model (Model 3, Y, S, X, Cybertruck, Semi).',
  DetailedChargeState: 'Detailed charging state (Disconnected, Starting, Charging, Complete, Stopped, NoPower…).',
  ChargerVoltage: 'Charger voltage. Defaults to minimum_delta 0.3 from 2025.2.6.', EnergyRemaining: 'Energy remaining in the pack.',
  LifetimeEnergyUsed: 'Lifetime energy used.', RouteLine: 'Encoded polyline of the active navigation route.',
  DestinationName: 'Navigation destination name.', MilesToArrival: 'Distance to the navigation destination.',
  MinutesToArrival: 'Time to the navigation destination.', ServiceMode: 'Vehicle is in service mode.', BMSState: 'Battery management system state.',
  CenterDisplay: 'Center display state (off, on, charging screen, sentry, dog mode…).', ChargePortDoorOpen: 'Charge port door is open.',
  ChargingCableType: 'Type of charging cable connected.', FastChargerType: 'Type of DC fast charger (Supercharger, CHAdeMO, CCS…).',
  HvacPower: 'Climate system power state.', LocatedAtHome: 'Vehicle is at the saved Home location.', LocatedAtWork: 'Vehicle is at the saved Work location.',
  LocatedAtFavorite: 'Vehicle is at a favourite location.', ChargeRateMilePerHour: 'Charging rate in miles of range added per hour.',
  MilesSinceReset: 'Distance since the trip meter was reset.', SelfDrivingMilesSinceReset: 'Distance driven with FSD (Supervised) since the trip meter was reset.',
  TpmsHardWarnings: 'Tires with a hard pressure warning.', TpmsSoftWarnings: 'Tires with a soft pressure warning.',
};

function words(name) {
  return name.replace(/_/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
}

function firmwareOf(text) {
  const m = /^(\d{4}\.\d+(?:\.\d+)*)/.exec(text);
  return m ? m[1] : undefined;
}

function clientVersionOf(text) {
  const m = /device client (\d+\.\d+\.\d+)/.exec(text);
  return m ? m[1] : undefined;
}

const fields = annotated.map((row) => {
  const name = row.name;
  const number = Number(row.number);
  const notes = row.notes;
  const placeholder = name === 'Unknown' ? 'unknown' : /^Deprecated_/.test(name) ? 'deprecated' : /^Experimental_/.test(name) ? 'experimental' : undefined;
  let valueType;
  let enumName;
  if (placeholder) valueType = 'unknown';
  else if (ENUM_OF[name]) {
    valueType = 'enum';
    enumName = ENUM_OF[name];
    if (!enums[enumName]) throw new Error(`unknown enum ${enumName} for ${name}`);
  } else if (STRUCTURED[name]) valueType = STRUCTURED[name];
  else if (BOOLEANS.has(name)) valueType = 'boolean';
  else if (STRINGS.has(name)) valueType = 'string';
  else valueType = 'number';
  let unit = UNITS[name];
  if (!unit && valueType === 'number') unit = UNIT_PATTERNS.find(([re]) => re.test(name))?.[1];
  if (name === 'Location' || name === 'OriginLocation' || name === 'DestinationLocation') unit = '° (lat, lon)';
  const semiOnly = /Semi-truck only/i.test(notes);
  let description = DESCRIPTIONS[name] ?? `${words(name)}.`;
  if (placeholder === 'unknown') description = 'Proto zero value; not a real signal and not configurable.';
  if (placeholder === 'deprecated') description = 'Removed field whose number is kept; do not configure.';
  if (placeholder === 'experimental') description = 'Experimental placeholder; do not configure.';
  if (semiOnly) description += ' Semi truck only.';
  const entry = { name, number, valueType };
  if (enumName) entry.enum = enumName;
  if (unit) entry.unit = unit;
  const minFirmware = firmwareOf(row.min_firmware_per_proto_comment);
  if (minFirmware) entry.minFirmware = minFirmware;
  const clientVersion = clientVersionOf(row.min_firmware_per_proto_comment);
  if (clientVersion) entry.minClientVersion = clientVersion;
  if (row.always_typed_per_proto_comment === 'yes') entry.alwaysTyped = true;
  if (placeholder) entry.placeholder = placeholder;
  if (semiOnly) entry.semiOnly = true;
  entry.description = description;
  return entry;
});

const header = `// GENERATED by scripts/gen-telemetry-catalog.mjs from the Fleet Telemetry reference TSVs. Do not edit.\n`;
const catalogTs =
  header +
  `import type { TelemetryEnumValue, TelemetryFieldInfo } from '../types';\n\n` +
  `export const TELEMETRY_FIELDS: readonly TelemetryFieldInfo[] = [\n${fields.map((f) => `  ${JSON.stringify(f)},`).join('\n')}\n];\n\n` +
  `export const TELEMETRY_ENUMS: Readonly<Record<string, readonly TelemetryEnumValue[]>> = {\n${Object.entries(enums).map(([k, v]) => `  ${k}: ${JSON.stringify(v)},`).join('\n')}\n};\n`;

mkdirSync(join(root, 'core/telemetry-catalog/generated'), { recursive: true });
writeFileSync(join(root, 'core/telemetry-catalog/generated/catalog.ts'), catalogTs);

// ---- JSON schema (for editors that only read schemas; our server does more) ----
const configurable = fields.filter((f) => !f.placeholder);
const fieldRule = {
  type: 'object',
  required: ['interval_seconds'],
  additionalProperties: false,
  properties: {
    interval_seconds: { type: 'integer', minimum: 1, description: 'Minimum seconds between emissions of this field (sent on change).' },
    minimum_delta: { type: 'number', exclusiveMinimum: 0, description: 'Emit only when the value changed by at least this much. Numeric fields only; firmware 2024.44.32+.' },
    resend_interval_seconds: { type: 'integer', minimum: 1, description: 'Re-send the value after this many seconds even if unchanged.' },
  },
};
const fieldProps = {};
for (const f of configurable) {
  const bits = [f.description, `Type: ${f.enum ?? f.valueType}${f.unit ? `, unit: ${f.unit}` : ''}.`];
  if (f.minFirmware) bits.push(`Needs firmware ${f.minFirmware}+.`);
  fieldProps[f.name] = { $ref: '#/definitions/fieldRule', description: bits.join(' ') };
}
const config = {
  type: 'object',
  required: ['hostname', 'port', 'ca', 'fields'],
  additionalProperties: false,
  properties: {
    hostname: { type: 'string', description: 'Host name of your Fleet Telemetry server, without scheme, port or path.', pattern: '^[A-Za-z0-9.-]+$' },
    port: { type: 'integer', minimum: 1, maximum: 65535, description: 'TCP port of your server (an integer; a string port silently breaks streaming).' },
    ca: { type: ['string', 'null'], description: 'PEM certificate chain of your server certificate (full chain recommended).' },
    fields: { type: 'object', description: 'Fields to stream: {FieldName: {interval_seconds, minimum_delta?, resend_interval_seconds?}}.', properties: fieldProps, additionalProperties: false },
    alert_types: { type: 'array', items: { enum: ['service', 'customer', 'service-fix'] }, uniqueItems: true, description: 'Alert audiences to stream.' },
    exp: { type: 'integer', description: 'Expiry of the config, in epoch seconds.' },
    nbf: { type: 'integer', description: 'JWT "not before": the config is not valid before this time, in epoch seconds.' },
    iat: { type: 'integer', description: 'JWT "issued at": when the config was made, in epoch seconds.' },
    prefer_typed: { type: 'boolean', description: 'Send typed values (firmware 2024.38+).' },
    delivery_policy: { enum: ['latest'], description: 'Delivery policy; only "latest" is known.' },
  },
};
const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://fleetkit.dev/schemas/fleet-telemetry-config.schema.json',
  title: 'Tesla Fleet Telemetry configuration',
  description: 'Body of POST /api/1/vehicles/fleet_telemetry_config ({vins, config}) or a bare config object. Generated by scripts/gen-telemetry-catalog.mjs.',
  definitions: {
    fieldRule,
    config,
    vins: { type: 'array', minItems: 1, items: { type: 'string', minLength: 17, maxLength: 17, pattern: '^[A-HJ-NPR-Z0-9]{17}$' }, description: 'VINs to configure.' },
  },
  oneOf: [
    { type: 'object', required: ['vins', 'config'], additionalProperties: false, properties: { vins: { $ref: '#/definitions/vins' }, config: { $ref: '#/definitions/config' } } },
    { $ref: '#/definitions/config' },
  ],
};
mkdirSync(join(root, 'schemas'), { recursive: true });
writeFileSync(join(root, 'schemas/fleet-telemetry-config.schema.json'), JSON.stringify(schema, null, 2) + '\n');
// ---- TextMate grammar: JSON tokens, with config keys, field names and known values highlighted ----
const alt = (names) => names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
const string = (scope) => ({
  begin: '"',
  beginCaptures: { 0: { name: 'punctuation.definition.string.begin.json' } },
  end: '"',
  endCaptures: { 0: { name: 'punctuation.definition.string.end.json' } },
  name: scope,
  patterns: [{ match: '\\\\(?:["\\\\/bfnrt]|u[0-9a-fA-F]{4})', name: 'constant.character.escape.json' }, { match: '\\\\.', name: 'invalid.illegal.unrecognized-string-escape.json' }],
});
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
        { match: `(")(${alt(Object.keys(config.properties))}|vins|config)(")(?=\\s*:)`, captures: { 1: { name: 'punctuation.support.type.property-name.begin.json' }, 2: { name: 'keyword.other.config-key.fleet-telemetry' }, 3: { name: 'punctuation.support.type.property-name.end.json' } } },
        { match: `(")(${alt(Object.keys(fieldRule.properties))})(")(?=\\s*:)`, captures: { 1: { name: 'punctuation.support.type.property-name.begin.json' }, 2: { name: 'variable.parameter.field-rule.fleet-telemetry' }, 3: { name: 'punctuation.support.type.property-name.end.json' } } },
        { match: `(")(${alt(configurable.map((f) => f.name))})(")(?=\\s*:)`, captures: { 1: { name: 'punctuation.support.type.property-name.begin.json' }, 2: { name: 'entity.name.tag.field.fleet-telemetry' }, 3: { name: 'punctuation.support.type.property-name.end.json' } } },
        { match: '("(?:[^"\\\\]|\\\\.)*")(?=\\s*:)', name: 'support.type.property-name.json' },
      ],
    },
    values: {
      patterns: [
        { match: '"(?:latest|service|customer|service-fix)"', name: 'support.constant.value.fleet-telemetry' },
        { match: '\\b(?:true|false|null)\\b', name: 'constant.language.json' },
        { match: '-?(?:0|[1-9]\\d*)(?:\\.\\d+)?(?:[eE][+-]?\\d+)?', name: 'constant.numeric.json' },
        string('string.quoted.double.json'),
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
mkdirSync(join(root, 'syntaxes'), { recursive: true });
writeFileSync(join(root, 'syntaxes/fleet-telemetry-config.tmLanguage.json'), JSON.stringify(grammar, null, 2) + '\n');

console.error(`wrote ${fields.length} fields, ${Object.keys(enums).length} enums, schema with ${configurable.length} configurable fields`);
