import { fieldByName } from '../../core/telemetry-catalog/index';
import type { ValueJson } from '../../core/telemetry-wire';
import type { VehicleStateSections } from '../vehicles/state';
import type { Sample } from './emitter';
import { brickSocMin, maxSpeedToReach, metersToLapEnd, nominalFullPackKwh, type Physics } from './physics';

type Kind = 'double' | 'int' | 'bool' | 'string' | 'location' | { enumMember: string; prefix: string };

const round = (n: number, digits: number): number => Math.round(n * 10 ** digits) / 10 ** digits;

function encode(field: string, kind: Kind, raw: unknown, typed: boolean): Sample {
  // Fields 179 on are always sent typed, whatever `prefer_typed` says (the field table's always_typed).
  const asTyped = typed || fieldByName(field)?.alwaysTyped === true;
  if (kind === 'location') {
    const loc = raw as { latitude: number; longitude: number };
    const key = `${loc.latitude},${loc.longitude}`;
    if (asTyped) return { value: { locationValue: loc }, loc, key };
    const text = `(${Math.abs(loc.latitude).toFixed(6)} ${loc.latitude >= 0 ? 'N' : 'S'}, ${Math.abs(loc.longitude).toFixed(6)} ${loc.longitude >= 0 ? 'E' : 'W'})`;
    return { value: { stringValue: text }, loc, key };
  }
  if (kind === 'bool') {
    const b = Boolean(raw);
    return { value: asTyped ? { booleanValue: b } : { stringValue: String(b) }, key: String(b) };
  }
  // Strings are strings either way (fleet-telemetry sends VehicleName as a Value string_value).
  if (kind === 'string') return { value: { stringValue: String(raw) }, key: String(raw) };
  if (kind === 'double' || kind === 'int') {
    const n = Number(raw);
    const value: ValueJson = !asTyped ? { stringValue: String(n) } : kind === 'int' ? { intValue: Math.round(n) } : { doubleValue: n };
    return { value, num: n, key: String(n) };
  }
  const suffix = String(raw);
  return { value: asTyped ? { [kind.enumMember]: `${kind.prefix}${suffix}` } : { stringValue: suffix }, key: suffix };
}

const DETAILED: Record<string, string> = {
  Disconnected: 'Disconnected',
  Stopped: 'Stopped',
  Charging: 'Charging',
  Complete: 'Complete',
  NoPower: 'NoPower',
  Starting: 'Starting',
};

/**
 * Every signal the simulated car can stream, read from its Tesla-shaped state (so /vehicle_data and the stream
 * agree) plus the physics the Fleet API does not expose (pack voltage, current, module temperatures).
 */
export function vehicleSamples(state: VehicleStateSections, physics: Physics, typed: boolean): Map<string, Sample> {
  const c = state.charge_state;
  const cl = state.climate_state;
  const d = state.drive_state;
  const odometer = Number((state.vehicle_state as { odometer?: number }).odometer ?? 0);
  const locked = Boolean((state.vehicle_state as { locked?: boolean }).locked);
  const charging = c.charging_state === 'Charging';
  const update = (state.vehicle_state as { software_update?: { status?: string } }).software_update?.status ?? '';
  const entries: Array<[string, Kind, unknown]> = [
    ['VehicleSpeed', 'double', round(d.speed ?? 0, 1)],
    ['Gear', { enumMember: 'shiftStateValue', prefix: 'ShiftState' }, d.shift_state ?? 'P'],
    ['Location', 'location', { latitude: round(d.latitude, 6), longitude: round(d.longitude, 6) }],
    ['GpsHeading', 'double', round(d.heading, 1)],
    ['Odometer', 'double', round(odometer, 2)],
    ['Soc', 'double', round(physics.soc, 2)],
    ['BatteryLevel', 'double', round(c.battery_level, 1)],
    ['EstBatteryRange', 'double', round(c.est_battery_range, 1)],
    ['RatedRange', 'double', round(c.battery_range, 1)],
    ['EnergyRemaining', 'double', round(physics.energyRemainingKwh, 2)],
    ['PackVoltage', 'double', round(physics.packVoltage, 1)],
    ['PackCurrent', 'double', round(physics.packCurrent, 1)],
    ['ModuleTempMax', 'double', round(physics.moduleTempMax, 1)],
    ['ModuleTempMin', 'double', round(physics.moduleTempMin, 1)],
    ['ChargeLimitSoc', 'int', c.charge_limit_soc],
    ['DetailedChargeState', { enumMember: 'detailedChargeStateValue', prefix: 'DetailedChargeState' }, DETAILED[c.charging_state] ?? 'Unknown'],
    ['ACChargingPower', 'double', charging && !c.fast_charger_present ? round(c.charger_power, 2) : 0],
    ['DCChargingPower', 'double', charging && c.fast_charger_present ? round(c.charger_power, 2) : 0],
    ['ACChargingEnergyIn', 'double', round(c.charge_energy_added, 2)],
    ['ChargeAmps', 'double', round(c.charger_actual_current, 1)],
    ['ChargerVoltage', 'double', round(c.charger_voltage, 1)],
    ['TimeToFullCharge', 'double', round(c.time_to_full_charge, 2)],
    ['FastChargerPresent', 'bool', c.fast_charger_present],
    ['ChargePortDoorOpen', 'bool', c.charge_port_door_open],
    ['InsideTemp', 'double', round(cl.inside_temp, 1)],
    ['OutsideTemp', 'double', round(cl.outside_temp, 1)],
    ['HvacLeftTemperatureRequest', 'double', cl.driver_temp_setting],
    ['HvacACEnabled', 'bool', cl.is_climate_on],
    ['HvacPower', { enumMember: 'hvacPowerValue', prefix: 'HvacPowerState' }, cl.is_climate_on ? 'On' : 'Off'],
    ['Locked', 'bool', locked],
    ['VehicleName', 'string', (state.vehicle_state as { vehicle_name?: string }).vehicle_name ?? ''],
    // Fields 260-269 (firmware 2026.32). SemiCruiseSpeedLimitMph is not here: only a Semi sends it.
    ['GpsAccuracyMeters', 'double', round(physics.gpsAccuracyM, 1)],
    ['LifetimeEnergyChargedKwh', 'double', round(physics.lifetimeChargedKwh, 1)],
    ['BrickSocMinPercent', 'double', round(brickSocMin(physics.soc), 1)],
    ['NominalFullPackEnergyKwh', 'double', round(nominalFullPackKwh(odometer), 1)],
    ['GradeEstimatePercent', 'double', round(physics.gradePercent, 1)],
    ['SoftwareUpdateAvailable', 'bool', update !== ''],
    ['SoftwareUpdateInProgress', 'bool', update === 'installing'],
    ['RemoteStartActive', 'bool', Boolean((state.vehicle_state as { remote_start?: boolean }).remote_start)],
  ];
  // Only while driving: the destination is the end of the lap.
  if (d.shift_state === 'D' || d.shift_state === 'R') {
    entries.push(['MaxSpeedToReachDestinationMph', 'double', round(maxSpeedToReach(physics, metersToLapEnd(physics) / 1609.344), 1)]);
  }
  const out = new Map<string, Sample>();
  for (const [field, kind, raw] of entries) out.set(field, encode(field, kind, raw, typed));
  return out;
}

/** Field names vehicleSamples produces (what a simulated car supports; MaxSpeedToReachDestinationMph only while driving). */
export const SIMULATED_FIELDS: readonly string[] = [
  'VehicleSpeed',
  'Gear',
  'Location',
  'GpsHeading',
  'Odometer',
  'Soc',
  'BatteryLevel',
  'EstBatteryRange',
  'RatedRange',
  'EnergyRemaining',
  'PackVoltage',
  'PackCurrent',
  'ModuleTempMax',
  'ModuleTempMin',
  'ChargeLimitSoc',
  'DetailedChargeState',
  'ACChargingPower',
  'DCChargingPower',
  'ACChargingEnergyIn',
  'ChargeAmps',
  'ChargerVoltage',
  'TimeToFullCharge',
  'FastChargerPresent',
  'ChargePortDoorOpen',
  'InsideTemp',
  'OutsideTemp',
  'HvacLeftTemperatureRequest',
  'HvacACEnabled',
  'HvacPower',
  'Locked',
  'VehicleName',
  'GpsAccuracyMeters',
  'LifetimeEnergyChargedKwh',
  'BrickSocMinPercent',
  'NominalFullPackEnergyKwh',
  'GradeEstimatePercent',
  'SoftwareUpdateAvailable',
  'SoftwareUpdateInProgress',
  'RemoteStartActive',
  'MaxSpeedToReachDestinationMph',
];
