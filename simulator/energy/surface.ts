import { SimHttpError } from '../http/errors';
import type { RequestContext } from '../http/router';
import type { Surface } from '../surface';
import type { SimWorld } from '../world/world';
import { HISTORY_PERIODS, calendarBackup, calendarEnergy, chargeHistory, type HistoryPeriod } from './history';
import { liveStatus, siteInfo } from './json';
import { EXPORT_RULES, OPERATION_MODES, type ExportRule, type OperationMode } from './physics';
import type { SimEnergySite } from './site';

const READ = ['energy_device_data'];
const WRITE = ['energy_cmds'];
const UPDATED = { json: { response: { code: 201, message: 'Updated' } } };

const bad = (field: string, why: string): never => {
  throw new SimHttpError(400, 'invalid_field', `${field} ${why}`);
};

function siteFor(world: SimWorld, ctx: RequestContext): SimEnergySite {
  const site = world.energySiteById(ctx.params.id, ctx.auth!.account!.id);
  if (!site) throw new SimHttpError(404, 'not_found', `no energy site ${ctx.params.id} on this account`);
  return site.sync();
}

function worldSite(world: SimWorld, id: string): SimEnergySite {
  const site = world.energySites.find((s) => String(s.energySiteId) === id || s.id === id);
  if (!site) throw new SimHttpError(404, 'not_found', `no energy site ${id} in this world`);
  return site.sync();
}

function dateParam(ctx: RequestContext, name: string): number | undefined {
  const raw = ctx.query.get(name);
  if (raw === null || raw === '') return undefined;
  const ms = Date.parse(raw);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(raw) || Number.isNaN(ms)) bad(name, 'must be an RFC 3339 time such as 2026-12-01T00:00:00-08:00');
  return ms;
}

function timeZoneParam(ctx: RequestContext, site: SimEnergySite): string {
  const tz = ctx.query.get('time_zone') || site.timeZone;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    bad('time_zone', 'must be an IANA time zone such as America/Los_Angeles');
  }
  return tz;
}

function percent(body: Record<string, unknown>, field: string): number {
  const v = body[field];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 100) bad(field, 'must be a whole number from 0 to 100');
  return v as number;
}

function describe(site: SimEnergySite): Record<string, unknown> {
  return {
    energy_site_id: site.energySiteId,
    id: site.id,
    owner: site.ownerId,
    site_name: site.siteName,
    battery_kwh: site.batteryKwh,
    outage: site.outageSince !== undefined,
    storm_watch: site.stormWatch,
    settings: site.settings,
    flows: site.flows,
  };
}

/** Energy sites (issue 19): live_status, site_info, calendar/telemetry history and the site commands; /sim controls. */
export const energySurface: Surface = {
  name: 'energy',
  register(api) {
    const { router, world } = api;
    const base = '/api/1/energy_sites/:id';

    router.add({
      method: 'GET',
      path: `${base}/live_status`,
      auth: { anyScope: READ },
      billing: 'data',
      handler: (ctx) => ({ json: { response: liveStatus(siteFor(world, ctx), world.clock.now()) } }),
    });
    router.add({
      method: 'GET',
      path: `${base}/site_info`,
      auth: { anyScope: READ },
      billing: 'data',
      handler: (ctx) => ({ json: { response: siteInfo(siteFor(world, ctx)) } }),
    });
    router.add({
      method: 'GET',
      path: `${base}/calendar_history`,
      auth: { anyScope: READ },
      billing: 'data',
      handler: (ctx) => {
        const site = siteFor(world, ctx);
        const kind = ctx.query.get('kind');
        if (kind !== 'energy' && kind !== 'backup') bad('kind', 'must be energy or backup');
        const period = (ctx.query.get('period') || 'day') as HistoryPeriod;
        if (!HISTORY_PERIODS.includes(period)) bad('period', `must be one of ${HISTORY_PERIODS.join(', ')}`);
        const start = dateParam(ctx, 'start_date');
        const end = dateParam(ctx, 'end_date') ?? world.clock.now();
        if (start !== undefined && start > end) bad('start_date', 'must not be after end_date');
        const tz = timeZoneParam(ctx, site);
        return { json: { response: kind === 'energy' ? calendarEnergy(site, period, end, start, tz) : calendarBackup(site, period, end, start, tz) } };
      },
    });
    router.add({
      method: 'GET',
      path: `${base}/telemetry_history`,
      auth: { anyScope: READ },
      billing: 'data',
      handler: (ctx) => {
        const site = siteFor(world, ctx);
        if (ctx.query.get('kind') !== 'charge') bad('kind', 'must be charge');
        timeZoneParam(ctx, site);
        const end = dateParam(ctx, 'end_date') ?? world.clock.now();
        const start = dateParam(ctx, 'start_date') ?? end - 7 * 86_400_000;
        if (start > end) bad('start_date', 'must not be after end_date');
        return { json: { response: chargeHistory(site, start, end) } };
      },
    });

    const command = (name: string, apply: (site: SimEnergySite, body: Record<string, unknown>) => void): void => {
      router.add({
        method: 'POST',
        path: `${base}/${name}`,
        auth: { anyScope: WRITE },
        billing: 'commands',
        handler: async (ctx) => {
          const site = siteFor(world, ctx);
          apply(site, await ctx.json());
          site.settingsChanged();
          return UPDATED;
        },
      });
    };

    command('backup', (site, b) => {
      site.settings.backupReservePercent = percent(b, 'backup_reserve_percent');
    });
    command('operation', (site, b) => {
      if (!OPERATION_MODES.includes(b.default_real_mode as OperationMode)) bad('default_real_mode', `must be one of ${OPERATION_MODES.join(', ')}`);
      site.settings.mode = b.default_real_mode as OperationMode;
    });
    command('storm_mode', (site, b) => {
      if (typeof b.enabled !== 'boolean') bad('enabled', 'must be true or false');
      site.settings.stormModeEnabled = b.enabled as boolean;
    });
    command('grid_import_export', (site, b) => {
      const rule = b.customer_preferred_export_rule;
      const disallow = b.disallow_charge_from_grid_with_solar_installed;
      if (rule === undefined && disallow === undefined) bad('customer_preferred_export_rule', 'or disallow_charge_from_grid_with_solar_installed is required');
      if (rule !== undefined && !EXPORT_RULES.includes(rule as ExportRule)) bad('customer_preferred_export_rule', `must be one of ${EXPORT_RULES.join(', ')}`);
      if (disallow !== undefined && typeof disallow !== 'boolean') bad('disallow_charge_from_grid_with_solar_installed', 'must be true or false');
      if (rule !== undefined) site.settings.exportRule = rule as ExportRule;
      if (disallow !== undefined) site.settings.disallowChargeFromGridWithSolar = disallow as boolean;
    });
    command('off_grid_vehicle_charging_reserve', (site, b) => {
      site.settings.offGridVehicleChargingReservePercent = percent(b, 'off_grid_vehicle_charging_reserve_percent');
    });
    command('time_of_use_settings', (site, b) => {
      const tou = b.tou_settings;
      if (typeof tou !== 'object' || tou === null || Array.isArray(tou)) bad('tou_settings', 'must be an object with tariff_content_v2');
      if (typeof (tou as Record<string, unknown>).tariff_content_v2 !== 'object') bad('tou_settings.tariff_content_v2', 'must be an object (the tariff)');
      site.touSettings = tou as Record<string, unknown>;
    });

    // Simulator-only controls (not Tesla's), like /sim/vehicles: inspect a site, take its grid away, issue a storm watch.
    const hosts = ['auth' as const, 'fleet' as const];
    router.add({ hosts, method: 'GET', path: '/sim/energy_sites/:id', handler: (ctx) => ({ json: { response: describe(worldSite(world, ctx.params.id)) } }) });
    for (const [verb, set] of [
      ['outage', (s: SimEnergySite, on: boolean) => s.setOutage(on)],
      ['storm_watch', (s: SimEnergySite, on: boolean) => s.setStormWatch(on)],
    ] as const) {
      router.add({
        hosts,
        method: 'POST',
        path: `/sim/energy_sites/:id/${verb}`,
        handler: async (ctx) => {
          const site = worldSite(world, ctx.params.id);
          const b = await ctx.json();
          if (typeof b.active !== 'boolean') bad('active', 'must be true or false');
          set(site, b.active as boolean);
          return { json: { response: describe(site) } };
        },
      });
    }
  },
};
