import { createHash } from 'node:crypto';
import type { SimClock } from '../world/clock';
import type { EnergySiteConfig } from '../world/types';
import { localTime } from './local-time';
import { dispatch, nextBatteryKwh, powers, type Flows, type SiteConditions, type SiteHardware, type SiteSettings } from './physics';

/** Energy (kWh) of one hour by source → sink, the raw material of calendar_history. */
export interface HourTotals {
  solarToHome: number;
  solarToBattery: number;
  solarToGrid: number;
  batteryToHome: number;
  batteryToGrid: number;
  gridToHome: number;
  gridToBattery: number;
}

export interface BackupEvent {
  startMs: number;
  durationMs: number;
}

export interface ChargeSession {
  startMs: number;
  durationS: number;
  energyWh: number;
}

const FLOW_KEYS = ['solarToHome', 'solarToBattery', 'solarToGrid', 'batteryToHome', 'batteryToGrid', 'gridToHome', 'gridToBattery'] as const;
/** Days of past the site has run when the simulator starts (calendar_history has something to show). */
export const HISTORY_DAYS = 31;
/** A past outage the backfill goes through, for calendar_history kind=backup: days ago and minutes long. */
const PAST_OUTAGE = { daysAgo: 9, hour: 14.25, minutes: 47 };
const LIVE_STEP_MS = 60_000;
const COARSE_STEP_MS = 300_000;
/** A clock jump beyond this is not simulated step by step: the site starts afresh this long before the new time. */
const MAX_CATCH_UP_MS = 40 * 86_400_000;

const POWERWALL = { powerwall2: { kwh: 13.5, kw: 5 }, powerwall3: { kwh: 13.5, kw: 11.5 } } as const;

function stableId(seed: string): number {
  const h = createHash('sha256').update(`energy_site:${seed}`).digest();
  return (h.readUInt32BE(0) % 2 ** 20) * 2 ** 32 + h.readUInt32BE(4) + 1;
}

/**
 * One simulated energy site. Runs lazily on the simulator clock (no timers): every read first steps the physics up
 * to `clock.now()`, one minute at a time, and books each step's energy into hourly totals.
 */
export class SimEnergySite {
  readonly energySiteId: number;
  readonly id: string;
  readonly ownerId: string;
  siteName: string;
  readonly timeZone: string;
  readonly hardware: SiteHardware;
  readonly powerwalls: number;
  readonly batteryType: string;
  readonly installedMs: number;
  readonly settings: SiteSettings;
  touSettings: Record<string, unknown>;
  stormWatch = false;
  /** Start of the current outage (simulator ms), if the grid is down. */
  outageSince: number | undefined;
  batteryKwh: number;
  flows: Flows;
  readonly hours = new Map<number, HourTotals>();
  readonly backupEvents: BackupEvent[] = [];
  readonly chargeSessions: ChargeSession[] = [];
  private lastMs: number;
  private readonly createdMs: number;
  private pastRun = false;
  private session: ChargeSession | undefined;

  constructor(
    cfg: EnergySiteConfig,
    private readonly clock: SimClock,
  ) {
    const model = POWERWALL[cfg.powerwallModel ?? 'powerwall2'];
    this.energySiteId = cfg.energySiteId ?? stableId(cfg.id);
    this.id = cfg.id;
    this.ownerId = cfg.owner;
    this.siteName = cfg.siteName;
    this.timeZone = cfg.timeZone;
    this.powerwalls = cfg.powerwalls;
    this.batteryType = cfg.powerwallModel === 'powerwall3' ? 'solar_powerwall' : 'ac_powerwall';
    this.hardware = {
      solarPeakKw: cfg.solarKw,
      batteryKwh: model.kwh * cfg.powerwalls,
      batteryKw: model.kw * cfg.powerwalls,
      homeBaseKw: cfg.homeKw ?? 1,
      wallConnectorKw: cfg.wallConnector ? 7.68 : 0,
      seed: cfg.seed ?? this.energySiteId % 2 ** 31,
    };
    this.settings = {
      mode: cfg.mode ?? 'self_consumption',
      backupReservePercent: cfg.backupReservePercent ?? 20,
      stormModeEnabled: cfg.stormModeEnabled ?? true,
      exportRule: cfg.exportRule ?? 'pv_only',
      disallowChargeFromGridWithSolar: true,
      offGridVehicleChargingReservePercent: cfg.wallConnector ? 50 : 0,
    };
    this.touSettings = { tariff_content_v2: { name: 'Simulated TOU', utility: 'Simulated Utility', seasons: {}, energy_charges: {} } };
    this.batteryKwh = this.hardware.batteryKwh * 0.5;
    const now = clock.now();
    this.installedMs = now - 400 * 86_400_000;
    this.lastMs = now - HISTORY_DAYS * 86_400_000;
    this.flows = this.flowsAt(this.lastMs, 1 / 60);
    this.createdMs = now;
  }

  /**
   * Steps the physics up to the simulator clock; call before reading state. The first call runs the site through its
   * past (a few thousand steps), so a simulator whose sites nobody reads does not pay for them at start.
   */
  sync(): this {
    if (!this.pastRun) {
      this.pastRun = true;
      this.backfill(this.createdMs);
    }
    this.advanceTo(this.clock.now());
    return this;
  }

  advanceTo(ms: number): void {
    if (ms - this.lastMs > MAX_CATCH_UP_MS) this.lastMs = ms - MAX_CATCH_UP_MS;
    while (this.lastMs < ms) {
      const gap = ms - this.lastMs;
      const step = Math.min(gap, gap > 6 * 3_600_000 ? COARSE_STEP_MS : LIVE_STEP_MS);
      this.step(this.lastMs, step);
      this.lastMs += step;
    }
    this.flows = this.flowsAt(ms, 1 / 60);
  }

  /** The grid goes down (true) or comes back (false); the outage is booked as a backup event when it ends. */
  setOutage(down: boolean): void {
    this.sync();
    const now = this.clock.now();
    if (down && this.outageSince === undefined) this.outageSince = now;
    if (!down && this.outageSince !== undefined) {
      this.backupEvents.push({ startMs: this.outageSince, durationMs: now - this.outageSince });
      this.outageSince = undefined;
    }
    this.flows = this.flowsAt(now, 1 / 60);
  }

  setStormWatch(on: boolean): void {
    this.sync();
    this.stormWatch = on;
    this.flows = this.flowsAt(this.clock.now(), 1 / 60);
  }

  /** After a settings change: the next live_status already reflects it. */
  settingsChanged(): void {
    this.flows = this.flowsAt(this.clock.now(), 1 / 60);
  }

  get percentCharged(): number {
    return (this.batteryKwh / this.hardware.batteryKwh) * 100;
  }

  conditions(ms: number): SiteConditions {
    const t = localTime(ms, this.timeZone);
    return { localHour: t.hour, localDay: t.day, outage: this.outageSince !== undefined && ms >= this.outageSince, stormWatch: this.stormWatch };
  }

  private flowsAt(ms: number, dtH: number): Flows {
    return dispatch(this.hardware, this.settings, this.conditions(ms), this.batteryKwh, dtH);
  }

  private step(ms: number, stepMs: number): void {
    const dtH = stepMs / 3_600_000;
    const f = this.flowsAt(ms, dtH);
    const hourStart = Math.floor(ms / 3_600_000) * 3_600_000;
    let h = this.hours.get(hourStart);
    if (!h) {
      h = { solarToHome: 0, solarToBattery: 0, solarToGrid: 0, batteryToHome: 0, batteryToGrid: 0, gridToHome: 0, gridToBattery: 0 };
      this.hours.set(hourStart, h);
    }
    for (const k of FLOW_KEYS) h[k] += f[k] * dtH;
    this.batteryKwh = nextBatteryKwh(this.hardware, this.batteryKwh, f, dtH);
    this.trackCharging(ms, stepMs, f.wallConnectorKw);
    this.forget(ms);
  }

  private trackCharging(ms: number, stepMs: number, kw: number): void {
    if (kw > 0) {
      this.session ??= { startMs: ms, durationS: 0, energyWh: 0 };
      this.session.durationS += stepMs / 1000;
      this.session.energyWh += (kw * stepMs) / 3600;
    } else if (this.session) {
      this.session.energyWh = Math.round(this.session.energyWh);
      this.chargeSessions.push(this.session);
      this.session = undefined;
    }
  }

  /** Keeps a bounded past (hourly totals beyond it are dropped). */
  private forget(ms: number): void {
    if (this.hours.size <= (MAX_CATCH_UP_MS / 3_600_000) * 2) return;
    const cutoff = ms - 2 * MAX_CATCH_UP_MS;
    for (const k of this.hours.keys()) if (k < cutoff) this.hours.delete(k);
  }

  /** Runs the site over its past, with one outage on the way, so history and the battery's charge are believable. */
  private backfill(now: number): void {
    const start = now - PAST_OUTAGE.daysAgo * 86_400_000 + (PAST_OUTAGE.hour - localTime(now, this.timeZone).hour) * 3_600_000;
    this.advanceTo(start);
    this.outageSince = start;
    this.advanceTo(start + PAST_OUTAGE.minutes * 60_000);
    this.backupEvents.push({ startMs: start, durationMs: PAST_OUTAGE.minutes * 60_000 });
    this.outageSince = undefined;
    this.advanceTo(now);
  }

  /** Live power flows in kW (Tesla's signs). */
  livePowers(): { solar: number; battery: number; grid: number; load: number } {
    return powers(this.flows);
  }
}
