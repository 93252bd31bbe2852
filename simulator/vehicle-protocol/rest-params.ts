/**
 * The legacy REST `command/{name}` route's JSON → the instruction shape decode-command.ts makes of a signed payload,
 * reading the params the way tesla-http-proxy does (so what works against the proxy works here too):
 * `days_of_week` day names (any case, comma list, spaces allowed; SUN/SUNDAY … THURS/THURSDAY …, ALL, WEEKDAYS) or
 * a bit mask number; `set_scheduled_departure` with enable false clears, and a `*_weekdays_only` switch on its own
 * still means weekdays; `set_valet_mode` off carries no password. The vehicle's own table, not core's.
 */
import type { CommandParamValue, VehicleInstruction } from './decode-command';

export class RestParamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestParamError';
  }
}

const DAY_BITS: Readonly<Record<string, number>> = {
  SUN: 1,
  SUNDAY: 1,
  MON: 2,
  MONDAY: 2,
  TUES: 4,
  TUESDAY: 4,
  WED: 8,
  WEDNESDAY: 8,
  THURS: 16,
  THURSDAY: 16,
  FRI: 32,
  FRIDAY: 32,
  SAT: 64,
  SATURDAY: 64,
  ALL: 127,
  WEEKDAYS: 62,
};

/** A day list as the proxy reads it → the bit mask the car stores. */
export function dayMask(value: CommandParamValue | undefined): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 127) return value;
  if (typeof value !== 'string') throw new RestParamError(value === undefined ? 'missing days_of_week param' : 'invalid days_of_week param');
  let mask = 0;
  for (const part of value.split(',')) {
    const bit = DAY_BITS[part.trim().toUpperCase()];
    if (bit === undefined) throw new RestParamError(`unrecognized day name: ${part}`);
    mask |= bit;
  }
  return mask;
}

type Params = Record<string, CommandParamValue>;

/** One PreconditioningTimes / OffPeakChargingTimes choice from its two switches: weekdays-only wins, then enabled. */
function policy(p: Params, enabled: string, weekdaysOnly: string): { on: boolean; weekdays: boolean } {
  if (p[weekdaysOnly] === true) return { on: true, weekdays: true };
  return { on: p[enabled] === true, weekdays: false };
}

export function restInstruction(name: string, body: Params): VehicleInstruction {
  const p: Params = { ...body };
  switch (name) {
    case 'add_charge_schedule':
    case 'add_precondition_schedule':
      p.days_of_week = dayMask(p.days_of_week);
      return { name, params: p };
    case 'set_scheduled_departure': {
      if (p.enable !== true) return { name, params: { enable: false } };
      const pre = policy(p, 'preconditioning_enabled', 'preconditioning_weekdays_only');
      const off = policy(p, 'off_peak_charging_enabled', 'off_peak_charging_weekdays_only');
      return {
        name,
        params: {
          enable: true,
          departure_time: typeof p.departure_time === 'number' ? Math.trunc(p.departure_time) : 0,
          end_off_peak_time: typeof p.end_off_peak_time === 'number' ? Math.trunc(p.end_off_peak_time) : 0,
          preconditioning_enabled: pre.on,
          preconditioning_weekdays_only: pre.weekdays,
          off_peak_charging_enabled: off.on,
          off_peak_charging_weekdays_only: off.weekdays,
        },
      };
    }
    case 'set_temps':
      return {
        name,
        params: {
          driver_temp: typeof p.driver_temp === 'number' ? p.driver_temp : 0,
          passenger_temp: typeof p.passenger_temp === 'number' ? p.passenger_temp : 0,
        },
      };
    case 'set_valet_mode':
      return { name, params: p.on === true ? { on: true, password: typeof p.password === 'string' ? p.password : '' } : { on: false } };
    default:
      return { name, params: p };
  }
}
