import { strict as assert } from 'node:assert';
import { FleetApi } from '../../../core/fleet-api/api';
import { FleetApiError, ForbiddenError } from '../../../core/fleet-api/errors';
import { RegionDirectory } from '../../../core/fleet-api/region';
import { UsageLedger } from '../../../core/billing/ledger';
import { EnergyInputError } from '../../../core/energy/validate';
import type { EnergyHistory } from '../../../core/energy/types';
import { NA_EMAIL, control, signIn, startSim, usage, type SimHandle } from '../fleet-api/sim-fixture';

/** Scopes of a user who granted the energy scopes (names from developer.tesla.com, reference fleet-api.md §1.1). */
const ENERGY_SCOPES = 'openid offline_access user_data vehicle_device_data energy_device_data energy_cmds';
const HOME = 2252143998764501;
const CABIN = 2252143998764502;

describe('energy endpoints (core) against the simulator', function () {
  let h: SimHandle;
  let api: FleetApi;
  let accountId: string;
  let ledger: UsageLedger;

  before(async () => {
    h = await startSim();
    const me = await signIn(h, NA_EMAIL, ENERGY_SCOPES);
    accountId = me.accountId;
    ledger = new UsageLedger();
    api = FleetApi.create({
      baseUrl: h.sim.urls.fleet.na,
      accountId,
      tokens: me.tokens,
      dispatcher: h.dispatcher,
      regions: new RegionDirectory({ na: h.sim.urls.fleet.na, eu: h.sim.urls.fleet.eu }),
      onCall: (e) => ledger.record(e),
    });
  });
  after(async () => {
    await api?.close();
    await h?.close();
  });

  it('lists the energy sites of /api/1/products beside the vehicles', async () => {
    const { sites, res } = await api.energy.sites();
    // Tesla's products entry for a site: energy_site_id, resource_type, site_name, components (developer.tesla.com energy endpoints).
    assert.deepEqual(
      sites.map((s) => [s.energy_site_id, s.site_name, s.resource_type]),
      [
        [HOME, 'Home', 'battery'],
        [CABIN, 'Cabin', 'battery'],
      ],
    );
    assert.equal(res.response.length, 6, 'four vehicles and two sites');
    assert.equal(sites[0].components?.solar, true);
    assert.equal(sites[0].components?.wall_connectors?.length, 1, 'Home has a Wall Connector');
    assert.equal(sites[1].components?.wall_connectors?.length, 0);
  });

  it('reads live_status in Tesla’s units and signs: the flows balance', async () => {
    const { response: live } = await api.energy.liveStatus(HOME);
    for (const k of ['solar_power', 'battery_power', 'load_power', 'grid_power', 'percentage_charged'] as const) assert.equal(typeof live[k], 'number', k);
    // W, battery > 0 discharging, grid > 0 importing: load = solar + battery + grid (± rounding of each to 1 W).
    assert.ok(Math.abs(live.solar_power + live.battery_power + live.grid_power - live.load_power) <= 3, JSON.stringify(live));
    assert.equal(live.grid_status, 'Active');
    assert.match(String(live.timestamp), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}-0[78]:00$/, 'RFC 3339 with the site’s Pacific offset');
  });

  it('changes the backup reserve and the mode; site_info shows the new values; commands are billed as commands', async () => {
    const before = await usage(h, accountId);
    const r = await api.energy.setBackupReserve(HOME, 35);
    assert.deepEqual(r.response, { code: 201, message: 'Updated' });
    await api.energy.setOperationMode(HOME, 'autonomous');
    await api.energy.setStormMode(HOME, false);
    await api.energy.setGridImportExport(HOME, { customer_preferred_export_rule: 'battery_ok', disallow_charge_from_grid_with_solar_installed: false });
    await api.energy.setOffGridVehicleChargingReserve(HOME, 60);
    await api.energy.setTimeOfUseSettings(HOME, { tariff_content_v2: { name: 'Night Saver', utility: 'PG&E' } });
    const { response: info } = await api.energy.siteInfo(HOME);
    assert.equal(info.backup_reserve_percent, 35);
    assert.equal(info.default_real_mode, 'autonomous');
    assert.equal(info.user_settings?.storm_mode_enabled, false);
    assert.equal(info.components?.customer_preferred_export_rule, 'battery_ok');
    assert.equal(info.components?.disallow_charge_from_grid_with_solar_installed, false);
    assert.equal(info.off_grid_vehicle_charging_reserve_percent, 60);
    assert.deepEqual(info.tou_settings, { tariff_content_v2: { name: 'Night Saver', utility: 'PG&E' } });
    const after = await usage(h, accountId);
    assert.equal(after.commands - before.commands, 6);
    assert.equal(after.data - before.data, 1);
    // The client's own ledger files the same calls under the same categories (core/billing classifyRequest).
    const counts = ledger.summary(accountId, Date.now()).counts;
    assert.equal(counts.commands, 6);
  });

  it('refuses out-of-range input before sending anything', async () => {
    const before = await usage(h, accountId);
    await assert.rejects(api.energy.setBackupReserve(HOME, 120), EnergyInputError);
    await assert.rejects(api.energy.setOperationMode(HOME, 'eco' as never), /use self_consumption, autonomous, backup/);
    await assert.rejects(api.energy.setGridImportExport(HOME, {}), EnergyInputError);
    assert.deepEqual(await usage(h, accountId), before, 'nothing billed');
  });

  it('reads calendar_history (energy and backup) and the Wall Connector’s charge history', async () => {
    const week = await api.energy.calendarHistory(HOME, 'energy', { period: 'week' });
    const series = (week.response as EnergyHistory).time_series;
    assert.equal(series.length, 7, 'the last seven days, one entry each');
    for (const e of series) {
      // Wh by source and sink: what the home used came from solar, battery and grid.
      const home = e.consumer_energy_imported_from_solar! + e.consumer_energy_imported_from_battery! + e.consumer_energy_imported_from_grid!;
      assert.ok(Math.abs(home - Number(e.total_home_usage)) <= 2);
      assert.ok(Number(e.total_home_usage) > 5000, 'a home uses kWh a day');
    }
    const backup = await api.energy.calendarHistory(HOME, 'backup', { period: 'month', endDate: new Date().toISOString().slice(0, 19) + 'Z' });
    assert.ok(Array.isArray(backup.response.events));
    const charges = await api.energy.chargeHistory(HOME);
    assert.ok(charges.response.charge_history.length >= 6, 'a session every night');
    assert.ok(charges.response.charge_history.every((s) => s.energy_added_wh > 10_000));
  });

  it('an outage islands the site: off grid, on battery, and a backup event once the grid is back', async () => {
    await control(h, `/sim/energy_sites/${CABIN}/outage`, { active: true });
    const { response: live } = await api.energy.liveStatus(CABIN);
    assert.equal(live.grid_status, 'Inactive');
    assert.equal(live.island_status, 'off_grid');
    assert.equal(live.grid_power, 0);
    await control(h, '/sim/clock', { advanceSeconds: 1800 });
    await control(h, `/sim/energy_sites/${CABIN}/outage`, { active: false });
    const today = await api.energy.calendarHistory(CABIN, 'backup', { period: 'day' });
    assert.ok(
      today.response.events.some((e) => e.duration >= 1_800_000 && e.duration < 1_860_000),
      JSON.stringify(today.response),
    );
    assert.equal((await api.energy.liveStatus(CABIN)).response.grid_status, 'Active');
  });

  it('Storm Watch holds the battery: storm_mode_active and no discharge', async () => {
    await api.energy.setStormMode(CABIN, true);
    await control(h, `/sim/energy_sites/${CABIN}/storm_watch`, { active: true });
    const { response: live } = await api.energy.liveStatus(CABIN);
    assert.equal(live.storm_mode_active, true);
    assert.ok(live.battery_power <= 0, 'charging or idle, never discharging');
    await control(h, `/sim/energy_sites/${CABIN}/storm_watch`, { active: false });
  });

  it('answers Tesla’s 403 to a token without the energy scopes, and 404 for another account’s site', async () => {
    const plain = await signIn(h, NA_EMAIL); // vehicle scopes only
    const other = FleetApi.create({ baseUrl: h.sim.urls.fleet.na, accountId: plain.accountId, tokens: plain.tokens, dispatcher: h.dispatcher });
    try {
      const err = await other.energy.liveStatus(HOME).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(err instanceof ForbiddenError, String(err));
      assert.equal(err.status, 403);
      assert.equal(err.error, 'Unauthorized missing scopes');
      await assert.rejects(api.energy.liveStatus(999), (e: unknown) => e instanceof FleetApiError && e.status === 404);
    } finally {
      await other.close();
    }
  });
});
