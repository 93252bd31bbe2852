/**
 * Tesla-shaped answers of the energy endpoints (developer.tesla.com/docs/fleet-api/endpoints/energy): watts and
 * watt-hours, RFC 3339 timestamps with the site's offset, battery_power > 0 discharging, grid_power > 0 importing.
 */
import { rfc3339Local } from './local-time';
import type { SimEnergySite } from './site';

const w = (kw: number): number => Math.round(kw * 1000);

function walls(site: SimEnergySite): Array<Record<string, unknown>> {
  return site.hardware.wallConnectorKw > 0
    ? [{ din: `1529455-02-D--PGT${String(site.energySiteId).slice(-8)}`, device_id: `wc-${site.id}`, is_active: true }]
    : [];
}

/** The site's entry in `GET /api/1/products` (beside the vehicles). */
export function productEntry(site: SimEnergySite): Record<string, unknown> {
  site.sync();
  const p = site.livePowers();
  return {
    energy_site_id: site.energySiteId,
    resource_type: 'battery',
    site_name: site.siteName,
    id: site.id,
    gateway_id: `${site.id}-GW1`,
    asset_site_id: `asset-${site.energySiteId}`,
    energy_left: Math.round(site.batteryKwh * 1000),
    total_pack_energy: Math.round(site.hardware.batteryKwh * 1000),
    percentage_charged: site.percentCharged,
    battery_type: site.batteryType,
    backup_capable: true,
    battery_power: w(p.battery),
    storm_mode_enabled: site.settings.stormModeEnabled,
    components: {
      battery: true,
      battery_type: site.batteryType,
      solar: site.hardware.solarPeakKw > 0,
      solar_type: site.hardware.solarPeakKw > 0 ? 'pv_panel' : undefined,
      grid: true,
      load_meter: true,
      market_type: 'residential',
      wall_connectors: walls(site),
    },
  };
}

/** `GET /energy_sites/{id}/live_status`. */
export function liveStatus(site: SimEnergySite, nowMs: number): Record<string, unknown> {
  site.sync();
  const p = site.livePowers();
  const islanded = site.outageSince !== undefined;
  const wc = site.flows.wallConnectorKw;
  return {
    solar_power: w(p.solar),
    energy_left: site.batteryKwh * 1000,
    total_pack_energy: Math.round(site.hardware.batteryKwh * 1000),
    percentage_charged: site.percentCharged,
    backup_capable: true,
    battery_power: w(p.battery),
    load_power: w(p.load),
    grid_status: islanded ? 'Inactive' : 'Active',
    grid_services_active: false,
    grid_power: w(p.grid),
    grid_services_power: 0,
    generator_power: 0,
    island_status: islanded ? 'off_grid' : 'on_grid',
    storm_mode_active: site.settings.stormModeEnabled && site.stormWatch,
    timestamp: rfc3339Local(nowMs, site.timeZone),
    wall_connectors: walls(site).map((x) => ({ din: x.din, wall_connector_state: wc > 0 ? 3 : 2, wall_connector_fault_state: 2, wall_connector_power: w(wc) })),
  };
}

/** `GET /energy_sites/{id}/site_info`. */
export function siteInfo(site: SimEnergySite): Record<string, unknown> {
  const s = site.settings;
  const solar = site.hardware.solarPeakKw > 0;
  return {
    id: site.id,
    site_name: site.siteName,
    backup_reserve_percent: s.backupReservePercent,
    default_real_mode: s.mode,
    installation_date: rfc3339Local(site.installedMs, site.timeZone),
    user_settings: { storm_mode_enabled: s.stormModeEnabled, sync_grid_alert_enabled: true, breaker_alert_enabled: true },
    components: {
      solar,
      solar_type: solar ? 'pv_panel' : undefined,
      battery: true,
      grid: true,
      backup: true,
      gateway: 'teg',
      load_meter: true,
      tou_capable: true,
      storm_mode_capable: true,
      off_grid_vehicle_charging_reserve_supported: site.hardware.wallConnectorKw > 0,
      battery_type: site.batteryType,
      configurable: true,
      grid_services_enabled: false,
      wall_connectors: walls(site),
      disallow_charge_from_grid_with_solar_installed: s.disallowChargeFromGridWithSolar,
      customer_preferred_export_rule: s.exportRule,
      net_meter_mode: 'battery_ok',
    },
    version: '25.10.1 9a7b2c1d',
    battery_count: site.powerwalls,
    tou_settings: site.touSettings,
    nameplate_power: Math.round(site.hardware.batteryKw * 1000),
    nameplate_energy: Math.round(site.hardware.batteryKwh * 1000),
    installation_time_zone: site.timeZone,
    off_grid_vehicle_charging_reserve_percent: s.offGridVehicleChargingReservePercent,
    max_site_meter_power_ac: 1_000_000_000,
    min_site_meter_power_ac: -1_000_000_000,
    vpp_backup_reserve_percent: s.backupReservePercent,
    utility: 'Simulated Utility',
  };
}
