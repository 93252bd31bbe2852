import { formatTimestamp } from '../format/quantity';
import { formatAge } from './age';
import type { VehicleRecord, VehicleCache } from './cache';
import { modelName } from './model-name';
import { SECTIONS, sectionRows, type SectionId } from './sections';

/** An account as the tree shows it (no tokens: the sign-in layer keeps those). */
export interface AccountInfo {
  id: string;
  label: string;
  region: string;
  /** `tesla` or `simulator`. */
  environment: string;
  baseUrl: string;
}

export type NodeKind = 'account' | 'vehicle' | 'section' | 'field' | 'message' | 'site' | 'site-field' | 'car-keys' | 'car-key';

export interface NodeModel {
  /** Stable across refreshes (keeps expansion state). */
  id: string;
  kind: NodeKind;
  label: string;
  description?: string;
  tooltip?: string;
  /** Codicon id and theme colour id. */
  icon?: { id: string; color?: string };
  /** For `viewItem` when-clauses: fleetkit.account, fleetkit.vehicle.online|asleep|offline|unknown, fleetkit.section.… */
  contextValue?: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  accountId: string;
  vin?: string;
  sectionId?: SectionId;
  /** Energy site rows: the site's `energy_site_id`. */
  siteId?: number;
  /** A key row under a vehicle's Keys: the whitelist slot it sits in. */
  keySlot?: number;
  /** What a click on the row runs (a hint row's action). */
  command?: { command: string; title: string };
}

const STATE_ICONS: Record<string, { id: string; color?: string }> = {
  online: { id: 'circle-filled', color: 'charts.green' },
  asleep: { id: 'debug-pause', color: 'charts.yellow' },
  offline: { id: 'circle-slash', color: 'disabledForeground' },
};

export function stateOf(record: VehicleRecord): 'online' | 'asleep' | 'offline' | 'unknown' {
  const s = String(record.summary.state);
  return s === 'online' || s === 'asleep' || s === 'offline' ? s : 'unknown';
}

export function vehicleLabel(record: VehicleRecord): string {
  const name = record.summary.display_name;
  return typeof name === 'string' && name.trim() ? name.trim() : record.vin;
}

export function firmwareOf(record: VehicleRecord): string | undefined {
  const fromData = record.data?.vehicle_state?.car_version;
  return record.key?.firmwareVersion ?? (typeof fromData === 'string' ? fromData : undefined);
}

export function accountNode(account: AccountInfo, cache: VehicleCache, now: number, busy?: string): NodeModel {
  const listedAt = cache.listedAt(account.id);
  const count = cache.list(account.id).length;
  const parts = [account.region.toUpperCase()];
  if (account.environment !== 'tesla') parts.push(account.environment);
  if (busy) parts.push(busy);
  else if (listedAt !== undefined) parts.push(`${count} vehicle${count === 1 ? '' : 's'} · ${formatAge(listedAt, now)}`);
  return {
    id: `account:${account.id}`,
    kind: 'account',
    label: account.label,
    description: parts.join(' · '),
    tooltip: `${account.label}\nRegion: ${account.region.toUpperCase()} (${account.baseUrl})\nEnvironment: ${account.environment}${listedAt !== undefined ? `\nVehicle list: ${formatAge(listedAt, now)}` : '\nVehicle list not fetched yet'}`,
    icon: { id: account.environment === 'tesla' ? 'account' : 'beaker' },
    contextValue: `fleetkit.account.${account.environment === 'tesla' ? 'tesla' : 'simulator'}`,
    collapsible: 'expanded',
    accountId: account.id,
  };
}

export function vehicleNode(record: VehicleRecord, now: number): NodeModel {
  const state = stateOf(record);
  const model = modelName(record.vin, record.data?.vehicle_config?.car_type);
  const fw = firmwareOf(record);
  const key = record.key ? (record.key.paired ? 'key paired' : 'key not paired') : undefined;
  const description = [model, state, key, fw].filter(Boolean).join(' · ');
  const lines = [
    `${vehicleLabel(record)}${model ? ` (${model})` : ''}`,
    `VIN: ${record.vin}`,
    `State: ${state} (${formatAge(record.stateAt, now)})`,
    `Virtual key: ${record.key ? (record.key.paired ? 'paired' : 'not paired') : 'unknown — run "Fetch Fleet Status"'}`,
  ];
  if (fw) lines.push(`Firmware: ${fw}`);
  if (record.key?.protocolRequired !== undefined) lines.push(`Vehicle Command Protocol required: ${record.key.protocolRequired ? 'yes' : 'no'}`);
  lines.push(record.dataAt !== undefined ? `Live data: ${formatAge(record.dataAt, now)}` : 'Live data: never fetched');
  return {
    id: `vehicle:${record.accountId}:${record.vin}`,
    kind: 'vehicle',
    label: vehicleLabel(record),
    description,
    tooltip: lines.join('\n'),
    icon: STATE_ICONS[state] ?? { id: 'circle-large' },
    contextValue: `fleetkit.vehicle.${state}${record.key ? (record.key.paired ? '.paired' : '.unpaired') : ''}`,
    collapsible: 'collapsed',
    accountId: record.accountId,
    vin: record.vin,
  };
}

export function sectionNodes(record: VehicleRecord, now: number, locale?: string): NodeModel[] {
  return SECTIONS.map((spec) => {
    const at = record.sectionsAt[spec.id];
    const rows = sectionRows(spec, record.data?.[spec.source] as Record<string, unknown> | undefined, locale);
    const fetched = at !== undefined && rows.length > 0;
    let description: string;
    if (fetched) description = formatAge(at, now);
    else if (at !== undefined && spec.id === 'location') description = 'no location (needs the vehicle_location scope)';
    else if (at !== undefined) description = 'no values';
    else description = 'not fetched';
    return {
      id: `section:${record.accountId}:${record.vin}:${spec.id}`,
      kind: 'section' as const,
      label: spec.label,
      description,
      tooltip: fetched
        ? `${spec.label}: last fetched ${formatAge(at, now)} (${formatTimestamp(at, locale)})`
        : `${spec.label}: use "Fetch Live Data" on the vehicle`,
      icon: { id: spec.icon },
      contextValue: `fleetkit.section.${fetched ? 'fetched' : 'empty'}`,
      collapsible: fetched ? ('collapsed' as const) : ('none' as const),
      accountId: record.accountId,
      vin: record.vin,
      sectionId: spec.id,
    };
  });
}

/** A section's value rows; the hover adds the value exactly as Tesla sent it and where it sits in vehicle_data. */
export function fieldNodes(record: VehicleRecord, sectionId: SectionId, locale?: string): NodeModel[] {
  const spec = SECTIONS.find((s) => s.id === sectionId);
  if (!spec) return [];
  return sectionRows(spec, record.data?.[spec.source] as Record<string, unknown> | undefined, locale).map((row) => ({
    id: `field:${record.accountId}:${record.vin}:${sectionId}:${row.key}`,
    kind: 'field' as const,
    label: row.label,
    description: row.value,
    tooltip: `${row.label}: ${row.value}\n${spec.source}.${row.key} = ${row.raw}`,
    contextValue: 'fleetkit.field',
    collapsible: 'none' as const,
    accountId: record.accountId,
    vin: record.vin,
    sectionId,
  }));
}

export function messageNode(accountId: string, id: string, label: string, icon?: string): NodeModel {
  return {
    id: `message:${accountId}:${id}`,
    kind: 'message',
    label,
    icon: icon ? { id: icon } : undefined,
    collapsible: 'none',
    accountId,
    contextValue: 'fleetkit.message',
  };
}
