import type { VehicleStateSections } from '../vehicles/state';
import { metersBetween } from './emitter';

/** What a simulated car is doing; chosen from its state or set through /sim/telemetry. */
export type Activity = 'drive' | 'charge' | 'park';
export const ACTIVITIES: readonly Activity[] = ['drive', 'charge', 'park'];

/** Usable pack energy of every simulated car (kWh). */
export const PACK_KWH = 75;

/** Battery and route state the Fleet API does not expose but telemetry does. */
export interface Physics {
  soc: number;
  energyRemainingKwh: number;
  packVoltage: number;
  packCurrent: number;
  moduleTempMax: number;
  moduleTempMin: number;
  route: Array<{ latitude: number; longitude: number }>;
  segment: number;
  segmentProgressM: number;
  /** Seconds since start, drives the slow outside-temperature swing. */
  elapsedS: number;
  /** Estimated error radius of the GPS fix (m): a few metres, wandering. */
  gpsAccuracyM: number;
  /** Energy charged into the pack over the car's life (kWh). */
  lifetimeChargedKwh: number;
  /** Road grade under the car (%, uphill positive): follows the route while driving, stays put when parked. */
  gradePercent: number;
}

type Patch = Partial<Record<keyof VehicleStateSections, Record<string, unknown>>>;

/** A loop of about 5 km of streets starting at `start` (offsets in degrees). */
export function routeAround(start: { latitude: number; longitude: number }): Physics['route'] {
  const offsets: Array<[number, number]> = [
    [0, 0],
    [0.006, 0.001],
    [0.011, 0.008],
    [0.009, 0.016],
    [0.002, 0.018],
    [-0.004, 0.012],
    [-0.003, 0.004],
  ];
  return offsets.map(([dLat, dLon]) => ({ latitude: start.latitude + dLat, longitude: start.longitude + dLon }));
}

/** Energy use per mile at a steady speed (kWh/mi): rolling losses plus drag growing with the square of speed. */
export function kwhPerMileAt(speedMph: number): number {
  return 0.16 + 0.000035 * speedMph * speedMph;
}

function odometerOf(state: VehicleStateSections): number {
  return Number((state.vehicle_state as { odometer?: number }).odometer ?? 0);
}

/** The pack's nominal full energy (kWh): a little above the usable energy, fading about 1 % per 16,000 mi (at most 12 %). */
export function nominalFullPackKwh(odometerMi: number): number {
  return PACK_KWH * 1.04 * (1 - Math.min(0.12, odometerMi / 1_600_000));
}

/** State of charge of the lowest brick (%): a little under the pack's, the spread widening as the pack empties. */
export function brickSocMin(soc: number): number {
  return Math.max(0, soc - (0.3 + 0.5 * (1 - soc / 100)));
}

/** Road grade (%) along the loop: gentle hills, one period per lap, within about ±4 %. */
export function gradeAlongRoute(physics: Physics): number {
  const laps = (physics.segment + physics.segmentProgressM / 1000) / Math.max(1, physics.route.length);
  return 4 * Math.sin(2 * Math.PI * laps) * Math.cos(6 * Math.PI * laps);
}

/** Metres left to the end of the current lap (back at the loop's start: the simulated navigation destination). */
export function metersToLapEnd(physics: Physics): number {
  const route = physics.route;
  let m = 0;
  for (let i = physics.segment; i < route.length; i++) m += metersBetween(route[i]!, route[(i + 1) % route.length]!);
  return Math.max(0, m - physics.segmentProgressM);
}

/**
 * The highest steady speed (mph) at which the energy left, minus a 5 % reserve, still covers the distance to the
 * destination (capped at 85 mph: the answer when energy is ample); 0 when it cannot be reached at all.
 */
export function maxSpeedToReach(physics: Physics, distanceMi: number): number {
  const usable = physics.energyRemainingKwh - PACK_KWH * 0.05;
  if (usable <= 0) return 0;
  if (distanceMi <= 0) return 85;
  const perMile = usable / distanceMi;
  if (perMile <= kwhPerMileAt(0)) return 0;
  return Math.min(85, Math.sqrt((perMile - kwhPerMileAt(0)) / 0.000035));
}

export function initialPhysics(state: VehicleStateSections): Physics {
  const soc = state.charge_state.battery_level;
  const odometer = odometerOf(state);
  return {
    soc,
    energyRemainingKwh: (PACK_KWH * soc) / 100,
    packVoltage: packVoltageAt(soc, 0),
    packCurrent: 0,
    moduleTempMax: 24,
    moduleTempMin: 22.5,
    route: routeAround({ latitude: state.drive_state.latitude, longitude: state.drive_state.longitude }),
    segment: 0,
    segmentProgressM: 0,
    elapsedS: 0,
    gpsAccuracyM: 4,
    // What the miles so far took at about 0.28 kWh/mi, plus charging losses.
    lifetimeChargedKwh: odometer * 0.28 * 1.08,
    gradePercent: 0,
  };
}

/** Open-circuit voltage of a ~96s pack by state of charge, sagging under load (kW). */
export function packVoltageAt(soc: number, loadKw: number): number {
  return 330 + 1.0 * soc - loadKw * 0.12;
}

/** DC fast-charge power (kW) a car accepts at `soc`: ramp-up, plateau, then the taper to the limit. */
export function dcChargeCurveKw(soc: number): number {
  if (soc < 10) return 150 + soc * 10;
  if (soc < 20) return 250;
  if (soc < 50) return 250 - (soc - 20) * 3.5;
  if (soc < 90) return Math.max(20, 145 - (soc - 50) * 3.1);
  return Math.max(6, 20 - (soc - 90) * 1.4);
}

/** AC (wall connector) power: flat at 11.5 kW, tapering in the last 5 %. */
export function acChargeCurveKw(soc: number): number {
  return soc < 95 ? 11.5 : Math.max(2, 11.5 - (soc - 95) * 1.9);
}

function bearing(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = Math.PI / 180;
  const y = Math.sin((b.longitude - a.longitude) * rad) * Math.cos(b.latitude * rad);
  const x =
    Math.cos(a.latitude * rad) * Math.sin(b.latitude * rad) -
    Math.sin(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.cos((b.longitude - a.longitude) * rad);
  return (Math.atan2(y, x) / rad + 360) % 360;
}

const SEGMENT_SPEED_MPH = [30, 45, 65, 40, 55, 35, 25];
const approach = (value: number, target: number, dtS: number, tauS: number): number => value + (target - value) * (1 - Math.exp(-dtS / tauS));

/** The activity a car's own state implies (charging → charge, in D → drive, else park). */
export function activityFromState(state: VehicleStateSections): Activity {
  if (state.charge_state.charging_state === 'Charging' || state.charge_state.charging_state === 'Starting') return 'charge';
  if (state.drive_state.shift_state === 'D' || state.drive_state.shift_state === 'R') return 'drive';
  return 'park';
}

/**
 * Advances one car by `dtS` seconds: moves it along its route or charges it along the charging curve, and lets
 * pack and cabin temperatures follow. Mutates `physics`; returns the Fleet-API state patch to apply with
 * `SimVehicle.update()` so /vehicle_data and the stream agree. `rand` is a [0,1) source (seeded in tests).
 */
export function step(state: VehicleStateSections, physics: Physics, activity: Activity, dtS: number, rand: () => number): Patch {
  physics.elapsedS += dtS;
  const c = state.charge_state;
  const cl = state.climate_state;
  const d = state.drive_state;
  const patch: Patch = {};
  let loadKw = cl.is_climate_on ? 1.5 : 0.2;
  let chargeKw = 0;

  if (activity === 'drive') {
    const from = physics.route[physics.segment % physics.route.length]!;
    const to = physics.route[(physics.segment + 1) % physics.route.length]!;
    const lengthM = Math.max(1, metersBetween(from, to));
    const remaining = lengthM - physics.segmentProgressM;
    const cruise = SEGMENT_SPEED_MPH[physics.segment % SEGMENT_SPEED_MPH.length]!;
    const target = remaining < 120 ? 18 : cruise + (rand() - 0.5) * 6;
    const prev = d.speed ?? 0;
    const speed = Math.max(0, prev + Math.max(-6 * dtS, Math.min(4 * dtS, target - prev)));
    const movedM = speed * 0.44704 * dtS;
    physics.segmentProgressM += movedM;
    if (physics.segmentProgressM >= lengthM) {
      physics.segmentProgressM -= lengthM;
      physics.segment = (physics.segment + 1) % physics.route.length;
    }
    const a = physics.route[physics.segment]!;
    const b = physics.route[(physics.segment + 1) % physics.route.length]!;
    const f = Math.min(1, physics.segmentProgressM / Math.max(1, metersBetween(a, b)));
    physics.gradePercent = gradeAlongRoute(physics);
    const latitude = a.latitude + (b.latitude - a.latitude) * f;
    const longitude = a.longitude + (b.longitude - a.longitude) * f;
    const driveKw = speed * 0.28 + ((Math.max(0, speed - prev) * 8) / Math.max(dtS, 0.001)) * 0.1;
    loadKw += driveKw;
    const odometer = odometerOf(state) + movedM / 1609.344;
    patch.drive_state = {
      shift_state: 'D',
      speed,
      power: Math.round(driveKw),
      latitude,
      longitude,
      heading: Math.round(bearing(a, b)),
      native_latitude: latitude,
      native_longitude: longitude,
      gps_as_of: 0,
    };
    patch.vehicle_state = { odometer };
    if (c.charging_state !== 'Disconnected') {
      patch.charge_state = {
        charging_state: 'Disconnected',
        charger_power: 0,
        charger_voltage: 0,
        charger_actual_current: 0,
        fast_charger_present: false,
        charge_port_door_open: false,
      };
    }
  } else {
    if (d.shift_state !== 'P' || d.speed) patch.drive_state = { shift_state: 'P', speed: null, power: 0 };
    if (activity === 'charge') {
      const dc = c.fast_charger_present;
      const full = physics.soc >= c.charge_limit_soc;
      chargeKw = full ? 0 : dc ? dcChargeCurveKw(physics.soc) : acChargeCurveKw(physics.soc);
      chargeKw *= 0.985 + rand() * 0.03;
    }
  }

  // Moving under open sky the fix is good; parked (garages, buildings) it drifts wider.
  const accuracyTarget = activity === 'drive' ? 2.5 + rand() * 2 : 4 + rand() * 6;
  physics.gpsAccuracyM = approach(physics.gpsAccuracyM, accuracyTarget, dtS, 20);
  physics.lifetimeChargedKwh += (chargeKw * dtS) / 3600;
  const netKw = chargeKw * 0.94 - loadKw;
  physics.energyRemainingKwh = Math.min(PACK_KWH, Math.max(0, physics.energyRemainingKwh + (netKw * dtS) / 3600));
  physics.soc = (physics.energyRemainingKwh / PACK_KWH) * 100;
  physics.packVoltage = packVoltageAt(physics.soc, loadKw - chargeKw);
  physics.packCurrent = ((loadKw - chargeKw) * 1000) / physics.packVoltage;
  const heatKw = Math.abs(loadKw - chargeKw);
  physics.moduleTempMax = approach(physics.moduleTempMax, 24 + heatKw / 7, dtS, 240);
  physics.moduleTempMin = approach(physics.moduleTempMin, 22.5 + heatKw / 10, dtS, 300);

  const level = Math.round(physics.soc * 10) / 10;
  const rangeMi = (310 * physics.soc) / 100;
  const chargePatch: Record<string, unknown> = {
    ...(patch.charge_state ?? {}),
    battery_level: Math.round(level),
    usable_battery_level: Math.max(0, Math.round(level) - 1),
    battery_range: rangeMi,
    est_battery_range: rangeMi * 0.9,
    ideal_battery_range: rangeMi,
  };
  if (activity === 'charge') {
    const complete = chargeKw === 0;
    const voltage = c.fast_charger_present ? physics.packVoltage : 240;
    const avgKw = Math.max(5, chargeKw * 0.7);
    Object.assign(chargePatch, {
      charging_state: complete ? 'Complete' : 'Charging',
      charger_power: Math.round(chargeKw * 100) / 100,
      charger_voltage: complete ? 0 : Math.round(voltage),
      charger_actual_current: complete ? 0 : Math.round((chargeKw * 1000) / voltage),
      charger_phases: c.fast_charger_present ? null : 1,
      charge_energy_added: c.charge_energy_added + (chargeKw * dtS) / 3600,
      charge_port_door_open: true,
      time_to_full_charge: complete ? 0 : Math.max(0, (((c.charge_limit_soc - physics.soc) / 100) * PACK_KWH) / avgKw),
      charge_rate: complete ? 0 : chargeKw / 0.25,
    });
  }
  patch.charge_state = chargePatch;

  const outside = 14 + 3 * Math.sin(physics.elapsedS / 1800);
  const cabinTarget = cl.is_climate_on ? cl.driver_temp_setting : outside + 4;
  patch.climate_state = { outside_temp: Math.round(outside * 10) / 10, inside_temp: approach(cl.inside_temp, cabinTarget, dtS, cl.is_climate_on ? 240 : 900) };
  return patch;
}
