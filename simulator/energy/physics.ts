/**
 * The physics of a simulated energy site (Powerwall + solar + grid + home), as pure functions of the time and the
 * site's settings. Powers are kW, energies kWh; signs follow Tesla's live_status: battery > 0 discharges,
 * grid > 0 imports. Every step splits the flows by source and sink, so solar + battery + grid = home holds by
 * construction (the unit tests check it at every step).
 */

export type OperationMode = 'self_consumption' | 'autonomous' | 'backup';
export const OPERATION_MODES: readonly OperationMode[] = ['self_consumption', 'autonomous', 'backup'];
export type ExportRule = 'pv_only' | 'battery_ok' | 'never';
export const EXPORT_RULES: readonly ExportRule[] = ['pv_only', 'battery_ok', 'never'];

/** What does not change while the site runs. */
export interface SiteHardware {
  /** Peak DC output of the array in full sun (kW); 0 = no solar. */
  solarPeakKw: number;
  /** Usable battery energy (kWh): 13.5 per Powerwall. */
  batteryKwh: number;
  /** Continuous battery power (kW): 5 per Powerwall 2, 11.5 per Powerwall 3. */
  batteryKw: number;
  /** Average house load (kW) the load profile scales around. */
  homeBaseKw: number;
  /** A Wall Connector that charges a car overnight at this power (kW); 0 = none. */
  wallConnectorKw: number;
  /** Seed of the weather and load noise. */
  seed: number;
}

/** The settings Fleet API commands change. */
export interface SiteSettings {
  mode: OperationMode;
  backupReservePercent: number;
  stormModeEnabled: boolean;
  exportRule: ExportRule;
  disallowChargeFromGridWithSolar: boolean;
  offGridVehicleChargingReservePercent: number;
}

/** What the outside world does to the site right now. */
export interface SiteConditions {
  /** Local time of day in hours, 0 ≤ h < 24. */
  localHour: number;
  /** Whole days since the epoch in local time (picks the day's weather). */
  localDay: number;
  /** The utility grid is down: the site islands and runs on battery and solar. */
  outage: boolean;
  /** A storm watch is in effect (Storm Watch acts on it only when storm mode is enabled). */
  stormWatch: boolean;
}

/** Power flows of one instant (kW), by source → sink. */
export interface Flows {
  solarToHome: number;
  solarToBattery: number;
  solarToGrid: number;
  batteryToHome: number;
  batteryToGrid: number;
  gridToHome: number;
  gridToBattery: number;
  /** Of the home's load, what went unserved during an outage with an empty battery. */
  shedKw: number;
  /** Part of the home load that is the Wall Connector. */
  wallConnectorKw: number;
}

/** Sunrise and sunset hours of the simulated sky (no seasons). */
export const SUNRISE_HOUR = 6.5;
export const SUNSET_HOUR = 18.5;
/** Tesla's time-based control treats these local hours as on-peak (the simulator's default tariff). */
export const PEAK_START_HOUR = 16;
export const PEAK_END_HOUR = 21;
/** Overnight Wall Connector session, local hours. */
export const WALL_CONNECTOR_START_HOUR = 1;
export const WALL_CONNECTOR_END_HOUR = 3;

/** A deterministic number in [0, 1) from a seed and integers (mulberry32-style hashing). */
export function noise(seed: number, ...keys: number[]): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const k of keys) {
    h = Math.imul(h ^ (k | 0), 0x85ebca6b) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
  }
  return h / 2 ** 32;
}

/** Fraction of clear-sky output the clouds let through: a day's weather (clear to overcast) and passing clouds. */
export function cloudFactor(seed: number, localDay: number, localHour: number): number {
  const overcast = noise(seed, localDay, 1) ** 2 * 0.6; // most days fairly clear, some grey
  const slot = Math.floor(localHour * 4);
  const frac = localHour * 4 - slot;
  const a = noise(seed, localDay, 2, slot);
  const b = noise(seed, localDay, 2, slot + 1);
  const passing = (a + (b - a) * frac) * 0.25; // interpolated 15-minute cloud cover
  return Math.max(0.05, 1 - overcast - passing);
}

/** Solar output (kW): zero at night, a sine bell peaking at midday, shaded by clouds. */
export function solarKw(hw: SiteHardware, localDay: number, localHour: number): number {
  if (hw.solarPeakKw <= 0 || localHour <= SUNRISE_HOUR || localHour >= SUNSET_HOUR) return 0;
  const sun = Math.sin((Math.PI * (localHour - SUNRISE_HOUR)) / (SUNSET_HOUR - SUNRISE_HOUR));
  return hw.solarPeakKw * sun ** 1.3 * cloudFactor(hw.seed, localDay, localHour);
}

const bump = (h: number, centre: number, width: number): number => Math.exp(-(((h - centre) / width) ** 2));

/** The house's own load (kW, without the Wall Connector): a night base, a morning and a larger evening peak, noise. */
export function houseKw(hw: SiteHardware, localDay: number, localHour: number): number {
  const shape = 0.45 + 0.9 * bump(localHour, 7.5, 1.2) + 0.5 * bump(localHour, 13, 2.5) + 1.6 * bump(localHour, 19, 1.8);
  const slot = Math.floor(localHour * 12); // 5-minute wobble of appliances switching
  const wobble = 0.85 + 0.3 * noise(hw.seed, localDay, 3, slot);
  return hw.homeBaseKw * shape * wobble;
}

export function wallConnectorKw(hw: SiteHardware, localHour: number): number {
  return hw.wallConnectorKw > 0 && localHour >= WALL_CONNECTOR_START_HOUR && localHour < WALL_CONNECTOR_END_HOUR ? hw.wallConnectorKw : 0;
}

export function isPeak(localHour: number): boolean {
  return localHour >= PEAK_START_HOUR && localHour < PEAK_END_HOUR;
}

/** Storm Watch: storm mode enabled and a watch in effect (the battery charges to full and holds). */
export function stormModeActive(settings: SiteSettings, cond: SiteConditions): boolean {
  return settings.stormModeEnabled && cond.stormWatch;
}

/**
 * Dispatches one instant: how solar, battery and grid meet the home's load, given the battery's energy.
 * `dtH` (hours) bounds charging and discharging by what fits into or is left in the battery over the step.
 */
export function dispatch(hw: SiteHardware, settings: SiteSettings, cond: SiteConditions, batteryKwh: number, dtH: number): Flows {
  const solar = solarKw(hw, cond.localDay, cond.localHour);
  const wc = wallConnectorKw(hw, cond.localHour);
  const load = houseKw(hw, cond.localDay, cond.localHour) + wc;
  const f: Flows = {
    solarToHome: 0,
    solarToBattery: 0,
    solarToGrid: 0,
    batteryToHome: 0,
    batteryToGrid: 0,
    gridToHome: 0,
    gridToBattery: 0,
    shedKw: 0,
    wallConnectorKw: wc,
  };

  const room = Math.max(0, hw.batteryKwh - batteryKwh) / dtH; // kW that still fits this step
  const reserveKwh = (hw.batteryKwh * settings.backupReservePercent) / 100;
  // Off grid the whole battery is available; on grid only what is above the backup reserve.
  const available = Math.max(0, batteryKwh - (cond.outage ? 0 : reserveKwh)) / dtH;
  let chargeLeft = Math.min(hw.batteryKw, room);
  let dischargeLeft = Math.min(hw.batteryKw, available);

  f.solarToHome = Math.min(solar, load);
  let excess = solar - f.solarToHome;
  let deficit = load - f.solarToHome;

  f.solarToBattery = Math.min(excess, chargeLeft);
  excess -= f.solarToBattery;
  chargeLeft -= f.solarToBattery;

  if (cond.outage) {
    // Islanded: no grid. The battery covers what solar cannot; solar beyond home + battery is curtailed.
    f.batteryToHome = Math.min(deficit, dischargeLeft);
    f.shedKw = deficit - f.batteryToHome;
    return f;
  }

  const holdFull = settings.mode === 'backup' || stormModeActive(settings, cond);
  const canExportSolar = settings.exportRule !== 'never';
  f.solarToGrid = canExportSolar ? excess : 0; // otherwise curtailed

  if (holdFull) {
    // Backup-only and Storm Watch keep the battery full, charging from the grid too, and never discharge on grid.
    f.gridToBattery = chargeLeft;
    f.gridToHome = deficit;
    return f;
  }

  const peak = isPeak(cond.localHour);
  if (settings.mode === 'self_consumption' || peak) {
    f.batteryToHome = Math.min(deficit, dischargeLeft);
    deficit -= f.batteryToHome;
    dischargeLeft -= f.batteryToHome;
  }
  if (settings.mode === 'autonomous' && peak && settings.exportRule === 'battery_ok') {
    // Time-based control sells what is above the reserve while prices are high.
    f.batteryToGrid = dischargeLeft;
  }
  if (settings.mode === 'autonomous' && !peak && solar === 0 && !settings.disallowChargeFromGridWithSolar && hw.solarPeakKw === 0) {
    // Without solar, time-based control fills the battery off-peak from the grid.
    f.gridToBattery = chargeLeft;
  }
  f.gridToHome = deficit;
  return f;
}

/** Totals of a flow set as Tesla reports them in live_status (kW). */
export function powers(f: Flows): { solar: number; battery: number; grid: number; load: number } {
  const solar = f.solarToHome + f.solarToBattery + f.solarToGrid;
  const battery = f.batteryToHome + f.batteryToGrid - f.solarToBattery - f.gridToBattery;
  const grid = f.gridToHome + f.gridToBattery - f.solarToGrid - f.batteryToGrid;
  const load = f.solarToHome + f.batteryToHome + f.gridToHome;
  return { solar, battery, grid, load };
}

/** The battery energy after `dtH` hours of these flows (no losses: what goes in comes out). */
export function nextBatteryKwh(hw: SiteHardware, batteryKwh: number, f: Flows, dtH: number): number {
  const net = f.solarToBattery + f.gridToBattery - f.batteryToHome - f.batteryToGrid;
  return Math.min(hw.batteryKwh, Math.max(0, batteryKwh + net * dtH));
}
