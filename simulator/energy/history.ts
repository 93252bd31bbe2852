/**
 * calendar_history and telemetry_history from what the site booked while it ran (hourly totals, outages, Wall
 * Connector sessions). Buckets: period=day → hours of that local day, week → its 7 days, month → the days of the
 * calendar month, year → its months; only buckets the site has run through are listed.
 */
import { localDayStartMs, localTime, rfc3339Local } from './local-time';
import type { HourTotals, SimEnergySite } from './site';

export type HistoryPeriod = 'day' | 'week' | 'month' | 'year';
export const HISTORY_PERIODS: readonly HistoryPeriod[] = ['day', 'week', 'month', 'year'];

interface Bucket {
  start: number;
  end: number;
}

const DAY = 86_400_000;

function dateOfDay(day: number): { y: number; m: number } {
  const d = new Date(day * DAY);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() };
}

const dayNumber = (y: number, m: number, d = 1): number => Math.floor(Date.UTC(y, m, d) / DAY);

/** The buckets of `period` around `endMs` in `timeZone`. */
export function periodBuckets(period: HistoryPeriod, endMs: number, timeZone: string): Bucket[] {
  const today = localTime(endMs, timeZone).day;
  const days = (from: number, to: number): Bucket[] => {
    const out: Bucket[] = [];
    for (let d = from; d < to; d++) out.push({ start: localDayStartMs(d, timeZone), end: localDayStartMs(d + 1, timeZone) });
    return out;
  };
  if (period === 'day') {
    const start = localDayStartMs(today, timeZone);
    const end = localDayStartMs(today + 1, timeZone);
    const out: Bucket[] = [];
    for (let t = start; t < end; t += 3_600_000) out.push({ start: t, end: t + 3_600_000 });
    return out;
  }
  if (period === 'week') return days(today - 6, today + 1);
  const { y, m } = dateOfDay(today);
  if (period === 'month') return days(dayNumber(y, m), dayNumber(y, m + 1));
  const out: Bucket[] = [];
  for (let i = 0; i < 12; i++) out.push({ start: localDayStartMs(dayNumber(y, i), timeZone), end: localDayStartMs(dayNumber(y, i + 1), timeZone) });
  return out;
}

function sumHours(site: SimEnergySite, b: Bucket): HourTotals | undefined {
  let sum: HourTotals | undefined;
  for (const [start, h] of site.hours) {
    if (start < b.start || start >= b.end) continue;
    sum ??= { solarToHome: 0, solarToBattery: 0, solarToGrid: 0, batteryToHome: 0, batteryToGrid: 0, gridToHome: 0, gridToBattery: 0 };
    for (const k of Object.keys(h) as Array<keyof HourTotals>) sum[k] += h[k];
  }
  return sum;
}

/** One time_series entry in Tesla's field names (Wh). */
export function energyEntry(t: HourTotals, startMs: number, timeZone: string): Record<string, unknown> {
  const wh = (kwh: number): number => Math.round(kwh * 1000);
  const solar = t.solarToHome + t.solarToBattery + t.solarToGrid;
  return {
    timestamp: rfc3339Local(startMs, timeZone),
    solar_energy_exported: wh(solar),
    generator_energy_exported: 0,
    grid_energy_imported: wh(t.gridToHome + t.gridToBattery),
    grid_services_energy_imported: 0,
    grid_services_energy_exported: 0,
    grid_energy_exported_from_solar: wh(t.solarToGrid),
    grid_energy_exported_from_generator: 0,
    grid_energy_exported_from_battery: wh(t.batteryToGrid),
    battery_energy_exported: wh(t.batteryToHome + t.batteryToGrid),
    battery_energy_imported_from_grid: wh(t.gridToBattery),
    battery_energy_imported_from_solar: wh(t.solarToBattery),
    battery_energy_imported_from_generator: 0,
    consumer_energy_imported_from_grid: wh(t.gridToHome),
    consumer_energy_imported_from_solar: wh(t.solarToHome),
    consumer_energy_imported_from_battery: wh(t.batteryToHome),
    consumer_energy_imported_from_generator: 0,
    total_home_usage: wh(t.solarToHome + t.batteryToHome + t.gridToHome),
    total_battery_charge: wh(t.solarToBattery + t.gridToBattery),
    total_battery_discharge: wh(t.batteryToHome + t.batteryToGrid),
    total_solar_generation: wh(solar),
    total_grid_energy_exported: wh(t.solarToGrid + t.batteryToGrid),
  };
}

export function calendarEnergy(
  site: SimEnergySite,
  period: HistoryPeriod,
  endMs: number,
  startMs: number | undefined,
  timeZone: string,
): Record<string, unknown> {
  site.sync();
  const series: Array<Record<string, unknown>> = [];
  for (const b of periodBuckets(period, endMs, timeZone)) {
    if (startMs !== undefined && b.end <= startMs) continue;
    const t = sumHours(site, b);
    if (t) series.push(energyEntry(t, b.start, timeZone));
  }
  return { serial_number: `${site.id}-GW1`, period, installation_time_zone: site.timeZone, time_series: series };
}

export function calendarBackup(
  site: SimEnergySite,
  period: HistoryPeriod,
  endMs: number,
  startMs: number | undefined,
  timeZone: string,
): Record<string, unknown> {
  site.sync();
  const buckets = periodBuckets(period, endMs, timeZone);
  const from = Math.max(buckets[0].start, startMs ?? -Infinity);
  const to = buckets[buckets.length - 1].end;
  const events = site.backupEvents
    .filter((e) => e.startMs >= from && e.startMs < to)
    .map((e) => ({ timestamp: rfc3339Local(e.startMs, timeZone), duration: e.durationMs }));
  return { events, total_events: events.length };
}

export function chargeHistory(site: SimEnergySite, startMs: number, endMs: number): Record<string, unknown> {
  site.sync();
  return {
    charge_history: site.chargeSessions
      .filter((s) => s.startMs >= startMs && s.startMs < endMs)
      .map((s) => ({
        charge_start_time: { seconds: Math.floor(s.startMs / 1000) },
        charge_duration: { seconds: Math.round(s.durationS) },
        energy_added_wh: s.energyWh,
      })),
  };
}
