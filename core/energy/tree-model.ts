/** The energy rows of the Accounts & Vehicles tree: a site under its account, its power flow and settings under it. Pure. */
import { formatCallPrice, unitPrice } from '../billing/prices';
import { formatAge } from '../vehicle-model/age';
import type { NodeModel } from '../vehicle-model/tree-model';
import { powerFlowLines, siteSummary } from './power-flow';
import type { EnergyProduct, LiveStatus, SiteInfo } from './types';

export interface SiteRecord {
  product: EnergyProduct;
  live?: { data: LiveStatus; at: number };
  info?: { data: SiteInfo; at: number };
  error?: string;
  busy?: string;
}

export const siteNodeId = (accountId: string, siteId: number): string => `site:${accountId}:${siteId}`;

/** What one refresh of a site costs at Tesla's rates: live_status and site_info, two data calls. */
export function siteRefreshCost(calls = 2): string {
  return `${calls} data call${calls === 1 ? '' : 's'}, ${formatCallPrice(calls * unitPrice('data'))} at Tesla's rates`;
}

export function siteNode(accountId: string, r: SiteRecord, now: number, locale?: string): NodeModel {
  const id = r.product.energy_site_id;
  const name = r.product.site_name?.trim() || `Energy site ${id}`;
  const live = r.live?.data;
  const description = r.busy ?? (live ? `${siteSummary(live, locale)} · ${formatAge(r.live!.at, now)}` : 'not read yet');
  const offGrid = live?.grid_status === 'Inactive';
  return {
    id: siteNodeId(accountId, id),
    kind: 'site',
    label: name,
    description,
    tooltip: `${name} (energy_site_id ${id})\n${r.product.resource_type === 'solar' ? 'Solar' : 'Powerwall'}${r.product.components?.solar ? ' + solar' : ''}${
      r.product.components?.wall_connectors?.length ? ' + Wall Connector' : ''
    }\nRefresh: ${siteRefreshCost()}`,
    icon: { id: offGrid ? 'warning' : 'home', color: offGrid ? 'charts.orange' : undefined },
    contextValue: 'fleetkit.energySite',
    collapsible: 'expanded',
    accountId,
    siteId: id,
  };
}

/** The rows under a site: its power flow and settings, or what to do to see them. */
export function siteFieldNodes(accountId: string, r: SiteRecord, locale?: string): NodeModel[] {
  const id = r.product.energy_site_id;
  const base = { kind: 'site-field' as const, collapsible: 'none' as const, accountId, siteId: id };
  const out: NodeModel[] = [];
  if (r.error) {
    out.push({ ...base, id: `${siteNodeId(accountId, id)}:error`, label: r.error, icon: { id: 'warning', color: 'problemsWarningIcon.foreground' } });
  }
  if (!r.live) {
    out.push({
      ...base,
      id: `${siteNodeId(accountId, id)}:hint`,
      label: `Refresh for the live power flow (${siteRefreshCost()})`,
      icon: { id: 'info' },
      command: { command: 'fleetkit.refreshEnergySite', title: 'Refresh Energy Site' },
    });
    return out;
  }
  const icons: Record<string, string> = {
    solar: 'symbol-event',
    battery: 'plug',
    grid: 'arrow-swap',
    home: 'home',
    grid_status: 'globe',
    mode: 'settings-gear',
    reserve: 'shield',
    storm: 'cloud',
  };
  for (const line of powerFlowLines(r.live.data, r.info?.data, locale)) {
    out.push({ ...base, id: `${siteNodeId(accountId, id)}:${line.key}`, label: line.label, description: line.value, icon: { id: icons[line.key] ?? 'dash' } });
  }
  return out;
}
