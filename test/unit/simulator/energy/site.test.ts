import { strict as assert } from 'node:assert';
import { calendarBackup, calendarEnergy, chargeHistory, periodBuckets } from '../../../../simulator/energy/history';
import { liveStatus, siteInfo } from '../../../../simulator/energy/json';
import { localTime, rfc3339Local } from '../../../../simulator/energy/local-time';
import { HISTORY_DAYS, SimEnergySite } from '../../../../simulator/energy/site';
import { SimClock } from '../../../../simulator/world/clock';
import { defaultWorld } from '../../../../simulator/world/default-world';
import type { EnergySiteConfig } from '../../../../simulator/world/types';

const HOME = (): EnergySiteConfig => defaultWorld().energySites![0];

describe('simulated energy site', () => {
  it('has run through its past: hourly totals for the history days, a believable battery, the same for the same seed', () => {
    const a = new SimEnergySite(HOME(), new SimClock()).sync();
    assert.ok(a.hours.size >= HISTORY_DAYS * 24 - 1 && a.hours.size <= HISTORY_DAYS * 24 + 2, String(a.hours.size));
    assert.ok(a.percentCharged >= 20 - 1e-9 && a.percentCharged <= 100, 'within reserve and full');
    assert.equal(a.backupEvents.length, 1, 'one outage in the past');
    assert.ok(a.chargeSessions.length >= HISTORY_DAYS - 1, 'a Wall Connector session each night');
  });

  it('aggregates calendar_history from the hours it ran: the day equals the sum of its hours, and every entry balances', () => {
    const clock = new SimClock();
    const site = new SimEnergySite(HOME(), clock);
    const yesterdayNoon = clock.now() - 86_400_000 + (12 - localTime(clock.now(), site.timeZone).hour) * 3_600_000;
    const day = calendarEnergy(site, 'day', yesterdayNoon, undefined, site.timeZone).time_series as Array<Record<string, number>>;
    const week = calendarEnergy(site, 'week', clock.now(), undefined, site.timeZone).time_series as Array<Record<string, number>>;
    assert.equal(day.length, 24, 'hourly entries for a whole past day');
    const yesterday = week[week.length - 2];
    for (const k of ['total_home_usage', 'solar_energy_exported', 'grid_energy_imported', 'battery_energy_exported']) {
      const sum = day.reduce((s, e) => s + e[k], 0);
      assert.ok(Math.abs(sum - yesterday[k]) <= 24, `${k}: ${sum} vs ${yesterday[k]}`);
    }
    for (const e of [...day, ...week]) {
      // In = out (Wh, each rounded): solar + battery discharge + grid import = home + battery charge + export.
      const into = e.solar_energy_exported + e.battery_energy_exported + e.grid_energy_imported;
      const out = e.total_home_usage + e.total_battery_charge + e.total_grid_energy_exported;
      assert.ok(Math.abs(into - out) <= 4, JSON.stringify(e));
    }
    assert.equal(day[0].solar_energy_exported, 0, 'no sun at midnight');
    assert.ok(day[12].solar_energy_exported > 0 || day[13].solar_energy_exported > 0, 'sun at noon');
  });

  it('books an outage as a backup event and the Wall Connector sessions as charge history', () => {
    const clock = new SimClock();
    const site = new SimEnergySite(HOME(), clock);
    site.setOutage(true);
    assert.equal(liveStatus(site, clock.now()).grid_status, 'Inactive');
    clock.advance(2 * 3_600_000);
    site.setOutage(false);
    const events = calendarBackup(site, 'week', clock.now(), undefined, site.timeZone).events as Array<{ duration: number }>;
    const last = events[events.length - 1].duration;
    assert.ok(last >= 2 * 3_600_000 && last < 2 * 3_600_000 + 60_000, String(last));
    const charges = chargeHistory(site, clock.now() - 7 * 86_400_000, clock.now()).charge_history as Array<{
      energy_added_wh: number;
      charge_duration: { seconds: number };
    }>;
    // 7.68 kW (32 A at 240 V) for the two-hour overnight session.
    for (const c of charges.slice(0, -1)) assert.ok(Math.abs(c.energy_added_wh - 15_360) <= 200, JSON.stringify(c));
  });

  it('shows a settings change in the next site_info', () => {
    const site = new SimEnergySite(HOME(), new SimClock());
    site.settings.backupReservePercent = 55;
    site.settingsChanged();
    assert.equal(siteInfo(site).backup_reserve_percent, 55);
  });

  it('writes local RFC 3339 times and local periods', () => {
    const ms = Date.UTC(2026, 11, 7, 17, 30, 0);
    assert.equal(rfc3339Local(ms, 'America/Los_Angeles'), '2026-12-07T09:30:00-08:00');
    assert.equal(rfc3339Local(Date.UTC(2026, 6, 1, 12), 'Europe/Berlin'), '2026-07-01T14:00:00+02:00');
    assert.equal(periodBuckets('day', ms, 'America/Los_Angeles').length, 24);
    assert.equal(periodBuckets('month', ms, 'America/Los_Angeles').length, 31);
    assert.equal(periodBuckets('year', ms, 'America/Los_Angeles').length, 12);
    assert.equal(rfc3339Local(periodBuckets('week', ms, 'America/Los_Angeles')[0].start, 'America/Los_Angeles'), '2026-12-01T00:00:00-08:00');
  });
});
