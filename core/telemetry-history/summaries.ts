/**
 * Charging sessions and drives of one vehicle, computed from history's aggregates: the state changes of
 * DetailedChargeState and Gear mark when a session or a drive starts and ends, and the per-minute buckets of the
 * numeric fields inside it give energy added, distance, speeds and SoC. Minute resolution: a session's first and last
 * minute count whole. Units are the catalogue's (kWh, mi, mph, %).
 */
import type { StateChange } from './changes';
import { minuteOf, type MinuteBucket } from './minute-buckets';

export interface SummaryInput {
  /** State changes of one VIN (at least DetailedChargeState and Gear), any order. */
  changes: readonly StateChange[];
  /** Minute buckets of one VIN (Soc/BatteryLevel, ACChargingEnergyIn/DCChargingEnergyIn, Odometer, VehicleSpeed), any order. */
  buckets: readonly MinuteBucket[];
  /** Where the data ends (epoch ms): the end of a session still under way. */
  until: number;
}

interface Span {
  vin: string;
  /** Epoch ms. */
  start: number;
  end: number;
  /** True when the data ends before the session or drive does. */
  ongoing: boolean;
  durationS: number;
  /** State of charge at the start and at the end (%), when known. */
  socFrom?: number;
  socTo?: number;
}

export interface ChargingSession extends Span {
  /** kWh added (the car's AC/DC energy-in counter over the session). */
  energyAddedKwh?: number;
  /** Average charging power (kW) = energy added / duration. */
  averagePowerKw?: number;
}

export interface Drive extends Span {
  /** Miles driven (the Odometer over the drive). */
  distanceMi?: number;
  /** Distance / duration (mph). */
  averageSpeedMph?: number;
  /** The highest VehicleSpeed of the drive (mph). */
  maxSpeedMph?: number;
}

/** Gear values that mean the car is driving (typed `ShiftStateD` or untyped `D`). */
const DRIVING = new Set(['D', 'R', 'N']);
const CHARGING = new Set(['Charging', 'Starting']);

const strip = (value: string, prefix: string): string => (value.startsWith(prefix) ? value.slice(prefix.length) : value);

/** The intervals during which `field`'s state satisfies `active`, from its changes. */
function intervals(
  changes: readonly StateChange[],
  field: string,
  active: (v: string) => boolean,
  until: number,
): Array<{ start: number; end: number; ongoing: boolean }> {
  const mine = changes.filter((c) => c.field === field).sort((a, b) => a.at - b.at);
  const out: Array<{ start: number; end: number; ongoing: boolean }> = [];
  let start: number | undefined;
  for (const c of mine) {
    const on = active(c.value);
    if (on && start === undefined) start = c.at;
    else if (!on && start !== undefined) {
      out.push({ start, end: c.at, ongoing: false });
      start = undefined;
    }
  }
  if (start !== undefined) out.push({ start, end: Math.max(start, until), ongoing: true });
  return out;
}

/** The buckets of `field` whose minute overlaps [start, end], in time order. */
function within(buckets: readonly MinuteBucket[], field: string, start: number, end: number): MinuteBucket[] {
  const from = minuteOf(start);
  return buckets.filter((b) => b.field === field && b.minute >= from && b.minute <= end).sort((a, b) => a.minute - b.minute);
}

/** The first field of `fields` that has buckets in the window. */
function firstWith(buckets: readonly MinuteBucket[], fields: readonly string[], start: number, end: number): MinuteBucket[] {
  for (const f of fields) {
    const bs = within(buckets, f, start, end);
    if (bs.length) return bs;
  }
  return [];
}

/**
 * How much a counter that only grows (energy in, odometer) rose over the buckets. A counter that restarts (a new
 * session's energy counter at 0) counts its rise after the restart: inside a bucket from its lowest value, across
 * buckets from the next bucket's first value.
 */
export function counterRise(buckets: readonly MinuteBucket[]): number | undefined {
  if (!buckets.length) return undefined;
  let total = 0;
  let prevLast: number | undefined;
  for (const b of buckets) {
    if (prevLast !== undefined && b.first >= prevLast) total += b.first - prevLast;
    total += b.min < b.first ? b.last - b.min : b.last - b.first;
    prevLast = b.last;
  }
  return Math.max(0, total);
}

function span(vin: string, i: { start: number; end: number; ongoing: boolean }, buckets: readonly MinuteBucket[]): Span {
  const soc = firstWith(buckets, ['Soc', 'BatteryLevel'], i.start, i.end);
  return {
    vin,
    start: i.start,
    end: i.end,
    ongoing: i.ongoing,
    durationS: (i.end - i.start) / 1000,
    ...(soc.length ? { socFrom: soc[0]!.first, socTo: soc[soc.length - 1]!.last } : {}),
  };
}

/** Charging sessions: DetailedChargeState Charging (or Starting) until it becomes anything else. */
export function chargingSessions(vin: string, input: SummaryInput): ChargingSession[] {
  return intervals(input.changes, 'DetailedChargeState', (v) => CHARGING.has(strip(v, 'DetailedChargeState')), input.until).map((i) => {
    const s: ChargingSession = span(vin, i, input.buckets);
    const energy = counterRise(firstWith(input.buckets, ['ACChargingEnergyIn', 'DCChargingEnergyIn'], i.start, i.end));
    if (energy !== undefined) {
      s.energyAddedKwh = energy;
      if (s.durationS > 0) s.averagePowerKw = energy / (s.durationS / 3600);
    }
    return s;
  });
}

/** Drives: Gear D, R or N until it becomes P (or anything else). */
export function drives(vin: string, input: SummaryInput): Drive[] {
  return intervals(input.changes, 'Gear', (v) => DRIVING.has(strip(v, 'ShiftState')), input.until).map((i) => {
    const d: Drive = span(vin, i, input.buckets);
    const distance = counterRise(within(input.buckets, 'Odometer', i.start, i.end));
    if (distance !== undefined) {
      d.distanceMi = distance;
      if (d.durationS > 0) d.averageSpeedMph = distance / (d.durationS / 3600);
    }
    const speeds = within(input.buckets, 'VehicleSpeed', i.start, i.end);
    if (speeds.length) d.maxSpeedMph = Math.max(...speeds.map((b) => b.max));
    return d;
  });
}
