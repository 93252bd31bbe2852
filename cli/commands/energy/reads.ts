/** `fleetkit energy list|status|info|history`: the billed data reads of energy sites. */
import { CALENDAR_PERIODS, type CalendarPeriod, type EnergyHistory, type BackupHistory, type ChargeHistory } from '../../../core/energy/types';
import { EXPORT_RULE_LABELS, MODE_LABELS, powerFlowLines } from '../../../core/energy/power-flow';
import { formatNumber } from '../../../core/format/quantity';
import { parseOptions } from '../../args';
import { UsageError } from '../../command';
import type { Subcommand } from '../../subcommands';
import { FLEET_OPTIONS, FLEET_OPTIONS_HELP } from '../telemetry/shared';
import { parseSiteArgs, runEnergy, SITE_HELP, siteId } from './shared';

const kwh = (wh: number | undefined): string => `${formatNumber((wh ?? 0) / 1000, 'kWh')} kWh`;

export const listSubcommand: Subcommand = {
  summary: "The account's energy sites (from /api/1/products)",
  usage: `Usage: fleetkit energy list [--token TOKEN] [--base-url URL] [--ca FILE] [--json]

Lists the energy sites of GET /api/1/products (one billed data call): energy_site_id, name, type, battery.
${FLEET_OPTIONS_HELP}
`,
  async run(args, io) {
    const { values } = parseOptions(args, FLEET_OPTIONS);
    return runEnergy(
      io,
      'list',
      values,
      async (e) => {
        const { sites, res } = await e.sites({ signal: io.signal });
        return { result: sites, txid: res.txid };
      },
      (sites) =>
        sites.length
          ? sites.map(
              (s) =>
                `${s.energy_site_id}  ${s.site_name ?? '(unnamed)'}  ${s.resource_type}${s.percentage_charged !== undefined ? `  ${formatNumber(s.percentage_charged, '%')} %` : ''}`,
            )
          : ['No energy sites on this account (a partner token sees none: sign in as the user).'],
    );
  },
};

export const statusSubcommand: Subcommand = {
  summary: 'Live power flow: solar, Powerwall, grid and home (live_status + site_info)',
  usage: `Usage: fleetkit energy status --site ID [--token TOKEN] [--base-url URL] [--ca FILE] [--json]

Reads live_status and site_info (two billed data calls): solar, Powerwall, grid and home power in kW, the
battery's charge, grid status, mode, backup reserve and Storm Watch.
${SITE_HELP}
`,
  async run(args, io) {
    const { values } = parseSiteArgs(args, {});
    const id = siteId(values);
    return runEnergy(
      io,
      'status',
      values,
      async (e) => {
        const live = await e.liveStatus(id, { signal: io.signal });
        const info = await e.siteInfo(id, { signal: io.signal });
        return { result: { live_status: live.response, site_info: info.response }, txid: live.txid };
      },
      (r) => powerFlowLines(r.live_status, r.site_info).map((l) => `${l.label.padEnd(15)} ${l.value}`),
    );
  },
};

export const infoSubcommand: Subcommand = {
  summary: "The site's settings and hardware (site_info)",
  usage: `Usage: fleetkit energy info --site ID [--token TOKEN] [--base-url URL] [--ca FILE] [--json]

Reads site_info (one billed data call). Without --json: the settings the commands change, then the whole response.
${SITE_HELP}
`,
  async run(args, io) {
    const { values } = parseSiteArgs(args, {});
    const id = siteId(values);
    return runEnergy(
      io,
      'info',
      values,
      async (e) => {
        const r = await e.siteInfo(id, { signal: io.signal });
        return { result: r.response, txid: r.txid };
      },
      (i) => [
        `${i.site_name ?? i.id ?? id}`,
        `  mode                 ${MODE_LABELS[i.default_real_mode] ?? i.default_real_mode} (${i.default_real_mode})`,
        `  backup reserve       ${i.backup_reserve_percent} %`,
        `  storm mode           ${i.user_settings?.storm_mode_enabled ? 'enabled' : 'off'}`,
        `  export               ${EXPORT_RULE_LABELS[String(i.components?.customer_preferred_export_rule)] ?? i.components?.customer_preferred_export_rule ?? '—'}`,
        `  grid charging        ${i.components?.disallow_charge_from_grid_with_solar_installed ? 'disallowed' : 'allowed'}`,
        `  off-grid EV reserve  ${i.off_grid_vehicle_charging_reserve_percent ?? '—'} %`,
        `  Powerwalls           ${i.battery_count ?? '—'} (${formatNumber((i.nameplate_energy ?? 0) / 1000, 'kWh')} kWh, ${formatNumber((i.nameplate_power ?? 0) / 1000, 'kW')} kW)`,
        `  time zone            ${i.installation_time_zone ?? '—'}`,
      ],
    );
  },
};

const KINDS = ['energy', 'backup', 'charge'] as const;

export const historySubcommand: Subcommand = {
  summary: 'Energy by day/week/month/year, outages, or Wall Connector sessions',
  usage: `Usage: fleetkit energy history --site ID [--kind energy|backup|charge] [--period day|week|month|year]
                               [--start RFC3339] [--end RFC3339] [--time-zone ZONE] [--json]

  --kind K          energy (default: calendar_history, Wh by source and sink), backup (outages), or charge
                    (telemetry_history: Wall Connector sessions)
  --period P        ${CALENDAR_PERIODS.join(', ')} (default day; not for charge)
  --start, --end    RFC 3339 times with their offset, e.g. 2026-12-01T00:00:00-08:00
  --time-zone ZONE  IANA zone (default: the site's)
${SITE_HELP}

One billed data call.
`,
  async run(args, io) {
    const { values } = parseSiteArgs(args, {
      kind: { type: 'string' },
      period: { type: 'string' },
      start: { type: 'string' },
      end: { type: 'string' },
      'time-zone': { type: 'string' },
    });
    const id = siteId(values);
    const kind = (values.kind ?? 'energy') as (typeof KINDS)[number];
    if (!KINDS.includes(kind)) throw new UsageError(`--kind must be one of ${KINDS.join(', ')} (got ${values.kind})`);
    const period = (values.period ?? 'day') as CalendarPeriod;
    if (!CALENDAR_PERIODS.includes(period)) throw new UsageError(`--period must be one of ${CALENDAR_PERIODS.join(', ')} (got ${values.period})`);
    for (const f of ['start', 'end'] as const) {
      const v = values[f];
      if (v !== undefined && (!/^\d{4}-\d{2}-\d{2}T/.test(v) || Number.isNaN(Date.parse(v)))) {
        throw new UsageError(`--${f} must be an RFC 3339 time with its offset, e.g. 2026-12-01T00:00:00-08:00 (got ${v})`);
      }
    }
    const w = { period, startDate: values.start, endDate: values.end, timeZone: values['time-zone'], signal: io.signal };
    return runEnergy(
      io,
      'history',
      values,
      async (e): Promise<{ result: EnergyHistory | BackupHistory | ChargeHistory; txid?: string }> => {
        const r =
          kind === 'charge'
            ? await e.chargeHistory(id, w)
            : kind === 'backup'
              ? await e.calendarHistory(id, 'backup', w)
              : await e.calendarHistory(id, 'energy', w);
        return { result: r.response, txid: r.txid };
      },
      (r) => {
        if (kind === 'energy') {
          const h = r as EnergyHistory;
          return [
            'start                       solar        home         grid in      grid out     battery out',
            ...h.time_series.map(
              (t) =>
                `${t.timestamp.padEnd(27)} ${kwh(t.solar_energy_exported).padEnd(12)} ${kwh(Number(t.total_home_usage)).padEnd(12)} ${kwh(t.grid_energy_imported).padEnd(12)} ${kwh(
                  (t.grid_energy_exported_from_solar ?? 0) + (t.grid_energy_exported_from_battery ?? 0),
                ).padEnd(12)} ${kwh(t.battery_energy_exported)}`,
            ),
          ];
        }
        if (kind === 'backup') {
          const b = r as BackupHistory;
          return b.events.length ? b.events.map((ev) => `outage ${ev.timestamp} for ${Math.round(ev.duration / 60_000)} min`) : ['No outages in this period.'];
        }
        const c = r as ChargeHistory;
        return c.charge_history.length
          ? c.charge_history.map(
              (x) =>
                `${new Date(x.charge_start_time.seconds * 1000).toISOString()}  ${Math.round(x.charge_duration.seconds / 60)} min  ${kwh(x.energy_added_wh)}`,
            )
          : ['No Wall Connector sessions in this window.'];
      },
    );
  },
};
