/**
 * A command parameter's current value on the car, from the live data Fleetkit already fetched (never fetched for
 * this): the charge limit prompt starts at the car's charge limit, Sentry Mode's On/Off says which it is now. Pure.
 *
 * Names are those of vehicle_data; where teslamotors/vehicle-command pkg/protocol/protobuf/vehicle.proto has the same
 * field it is named after the path (ChargeState charge_limit_soc, charge_current_request; ClimateState
 * driver_temp_setting, passenger_temp_setting, steering_wheel_heater; VehicleState valet_mode; SpeedLimitMode
 * current_limit_mph; MediaState audio_volume).
 */
import { findCommand, type ParamSpec, type ParamValue } from '../../core/command-protocol/catalogue';
import type { VehicleData } from '../../core/fleet-api/types';

/** command → param → path in vehicle_data. */
const SOURCES: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  set_charge_limit: { percent: ['charge_state', 'charge_limit_soc'] },
  set_charging_amps: { charging_amps: ['charge_state', 'charge_current_request'] },
  set_temps: { driver_temp: ['climate_state', 'driver_temp_setting'], passenger_temp: ['climate_state', 'passenger_temp_setting'] },
  remote_steering_wheel_heater_request: { on: ['climate_state', 'steering_wheel_heater'] },
  set_bioweapon_mode: { on: ['climate_state', 'bioweapon_mode'] },
  adjust_volume: { volume: ['vehicle_state', 'media_info', 'audio_volume'] },
  set_sentry_mode: { on: ['vehicle_state', 'sentry_mode'] },
  set_valet_mode: { on: ['vehicle_state', 'valet_mode'] },
  speed_limit_set_limit: { limit_mph: ['vehicle_state', 'speed_limit_mode', 'current_limit_mph'] },
  set_vehicle_name: { vehicle_name: ['vehicle_state', 'vehicle_name'] },
};

function at(data: unknown, path: readonly string[]): unknown {
  let v = data;
  for (const key of path) {
    if (!v || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

function fits(spec: ParamSpec, v: unknown): v is ParamValue {
  if (spec.type === 'integer' || spec.type === 'number') return typeof v === 'number' && Number.isFinite(v);
  if (spec.type === 'boolean') return typeof v === 'boolean';
  if (spec.type === 'string') return typeof v === 'string' && v !== '';
  return (typeof v === 'string' || typeof v === 'number') && (spec.values ?? []).includes(v);
}

/** The values the car reported for `command`'s params (only those it did report, of the param's type). */
export function currentParamValues(command: string, data: VehicleData | undefined): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  const sources = SOURCES[command];
  const spec = findCommand(command);
  if (!sources || !spec || !data) return out;
  for (const [param, path] of Object.entries(sources)) {
    const p = spec.params.find((x) => x.name === param);
    const v = at(data, path);
    if (p && fits(p, v)) out[param] = v;
  }
  return out;
}
