/** How an energy site's state reads to a person (tree, CLI): kW with one decimal, directions in words, Tesla's mode names. */
import { formatNumber } from '../format/quantity';
import type { LiveStatus, SiteInfo } from './types';

/** The names the Tesla app gives the operation modes. */
export const MODE_LABELS: Readonly<Record<string, string>> = {
  self_consumption: 'Self-Powered',
  autonomous: 'Time-Based Control',
  backup: 'Backup-Only',
};

export const EXPORT_RULE_LABELS: Readonly<Record<string, string>> = {
  pv_only: 'Solar only',
  battery_ok: 'Everything (solar and battery)',
  never: 'No export',
};

export interface FlowLine {
  /** Stable key (solar, battery, grid, home, grid_status, mode, reserve, storm). */
  key: string;
  label: string;
  value: string;
}

const kw = (watts: number, locale?: string): string => `${formatNumber(Math.abs(watts) / 1000, 'kW', locale)} kW`;
/** Below 50 W a flow reads as idle rather than "0.0 kW charging". */
const IDLE_W = 50;

export function batteryLine(live: LiveStatus, locale?: string): string {
  const pct = `${formatNumber(live.percentage_charged, '%', locale)} %`;
  if (Math.abs(live.battery_power) < IDLE_W) return `${pct} · idle`;
  return `${pct} · ${kw(live.battery_power, locale)} ${live.battery_power > 0 ? 'discharging' : 'charging'}`;
}

export function gridLine(live: LiveStatus, locale?: string): string {
  if (live.grid_status === 'Inactive') return 'off grid';
  if (Math.abs(live.grid_power) < IDLE_W) return 'idle';
  return `${kw(live.grid_power, locale)} ${live.grid_power > 0 ? 'importing' : 'exporting'}`;
}

/** Live power flow, then the settings when site_info is known. */
export function powerFlowLines(live: LiveStatus, info?: SiteInfo, locale?: string): FlowLine[] {
  const lines: FlowLine[] = [
    { key: 'solar', label: 'Solar', value: kw(live.solar_power, locale) },
    { key: 'battery', label: 'Powerwall', value: batteryLine(live, locale) },
    { key: 'grid', label: 'Grid', value: gridLine(live, locale) },
    { key: 'home', label: 'Home', value: kw(live.load_power, locale) },
    {
      key: 'grid_status',
      label: 'Grid status',
      value:
        live.grid_status === 'Inactive' ? 'outage: running on Powerwall' : live.grid_status === 'Active' ? 'connected' : String(live.grid_status ?? 'unknown'),
    },
  ];
  if (info) {
    lines.push(
      { key: 'mode', label: 'Mode', value: MODE_LABELS[info.default_real_mode] ?? String(info.default_real_mode) },
      { key: 'reserve', label: 'Backup reserve', value: `${formatNumber(info.backup_reserve_percent, '%', locale)} %` },
    );
  }
  const stormEnabled = info?.user_settings?.storm_mode_enabled;
  if (stormEnabled !== undefined || live.storm_mode_active) {
    lines.push({ key: 'storm', label: 'Storm Watch', value: live.storm_mode_active ? 'active: holding the Powerwall full' : stormEnabled ? 'enabled' : 'off' });
  }
  return lines;
}

/** One line for a site row: "54 % · solar 3.4 kW · home 1.3 kW". */
export function siteSummary(live: LiveStatus, locale?: string): string {
  const parts = [`${formatNumber(live.percentage_charged, '%', locale)} %`, `solar ${kw(live.solar_power, locale)}`, `home ${kw(live.load_power, locale)}`];
  if (live.grid_status === 'Inactive') parts.push('off grid');
  return parts.join(' · ');
}
