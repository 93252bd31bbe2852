import { strict as assert } from 'node:assert';
import { powerFlowLines, siteSummary } from '../../../../core/energy/power-flow';
import type { LiveStatus, SiteInfo } from '../../../../core/energy/types';
import { EnergyInputError, validateGridImportExport, validatePercent, validateTouSettings } from '../../../../core/energy/validate';
import { sitePath } from '../../../../core/energy/endpoints';
import { classifyRequest, endpointLabel } from '../../../../core/billing/categories';
import { siteFieldNodes, siteNode, type SiteRecord } from '../../../../core/energy/tree-model';

// Field names and signs from developer.tesla.com/docs/fleet-api/endpoints/energy (live_status): W, battery_power > 0
// discharging, grid_power > 0 importing (reference notes fleet-api.md §2.3).
const LIVE: LiveStatus = {
  solar_power: 3412,
  battery_power: -2100,
  load_power: 1287,
  grid_power: -25,
  percentage_charged: 54.27,
  grid_status: 'Active',
  storm_mode_active: false,
};
const INFO: SiteInfo = { backup_reserve_percent: 20, default_real_mode: 'self_consumption', user_settings: { storm_mode_enabled: true } };

describe('energy power flow (core)', () => {
  it('reads a live_status as kW with one decimal and directions in words', () => {
    const lines = Object.fromEntries(powerFlowLines(LIVE, INFO, 'en').map((l) => [l.key, l.value]));
    assert.deepEqual(lines, {
      solar: '3.4 kW',
      battery: '54.3 % · 2.1 kW charging',
      grid: 'idle',
      home: '1.3 kW',
      grid_status: 'connected',
      mode: 'Self-Powered',
      reserve: '20 %',
      storm: 'enabled',
    });
    assert.equal(siteSummary(LIVE, 'en'), '54.3 % · solar 3.4 kW · home 1.3 kW');
  });

  it('says so when the grid is down or the battery discharges, and uses the locale', () => {
    const out = { ...LIVE, battery_power: 4200, grid_power: 0, solar_power: 0, grid_status: 'Inactive', storm_mode_active: true };
    const lines = Object.fromEntries(powerFlowLines(out, undefined, 'de').map((l) => [l.key, l.value]));
    assert.equal(lines.battery, '54,3 % · 4,2 kW discharging');
    assert.equal(lines.grid, 'off grid');
    assert.equal(lines.grid_status, 'outage: running on Powerwall');
    assert.equal(lines.storm, 'active: holding the Powerwall full');
    assert.equal(lines.mode, undefined, 'no settings without site_info');
    assert.equal(Object.fromEntries(powerFlowLines({ ...LIVE, grid_power: 1530 }).map((l) => [l.key, l.value])).grid, '1.5 kW importing');
  });

  it('refuses what Tesla would refuse, naming the fix', () => {
    assert.throws(() => validatePercent(101, 'backup reserve'), /backup reserve must be a whole percentage from 0 to 100 \(got 101\)/);
    assert.throws(() => validatePercent(12.5, 'backup reserve'), EnergyInputError);
    assert.equal(validatePercent(0, 'x'), 0);
    assert.throws(() => validateGridImportExport({ customer_preferred_export_rule: 'sometimes' as never }), /use pv_only, battery_ok, never/);
    assert.deepEqual(validateGridImportExport({ disallow_charge_from_grid_with_solar_installed: true }), {
      disallow_charge_from_grid_with_solar_installed: true,
    });
    assert.throws(() => validateTouSettings({ schedule: [] }), /tariff_content_v2/);
  });

  it('builds the paths the billing files as data and commands', () => {
    assert.equal(sitePath(2252143998764501, 'live_status'), '/api/1/energy_sites/2252143998764501/live_status');
    assert.equal(classifyRequest('GET', sitePath(1, 'live_status')), 'data');
    assert.equal(classifyRequest('POST', sitePath(1, 'backup')), 'commands');
    assert.equal(classifyRequest('POST', sitePath(1, 'time_of_use_settings')), 'commands');
    assert.equal(endpointLabel('POST', sitePath(1, 'backup')), 'POST /energy_sites/{id}/backup');
  });
});

describe('energy rows of the Accounts & Vehicles tree (core)', () => {
  const record: SiteRecord = {
    product: { energy_site_id: 2252143998764501, resource_type: 'battery', site_name: 'Home', components: { solar: true, wall_connectors: [{}] } },
  };

  it('before a read: the site row says so and its child offers the refresh with its cost', () => {
    const node = siteNode('acct', record, 1_000_000, 'en');
    assert.equal(node.label, 'Home');
    assert.equal(node.description, 'not read yet');
    assert.equal(node.contextValue, 'fleetkit.energySite');
    assert.match(node.tooltip ?? '', /Powerwall \+ solar \+ Wall Connector/);
    const [hint] = siteFieldNodes('acct', record);
    assert.equal(hint.command?.command, 'fleetkit.refreshEnergySite');
    assert.match(hint.label, /2 data calls, \$0\.004 at Tesla's rates/);
  });

  it('after a read: the summary with its age, and one row per flow and setting', () => {
    const read: SiteRecord = { ...record, live: { data: LIVE, at: 1_000_000 }, info: { data: INFO, at: 1_000_000 } };
    assert.equal(siteNode('acct', read, 1_000_000 + 5_000, 'en').description, '54.3 % · solar 3.4 kW · home 1.3 kW · 5 s ago');
    const rows = siteFieldNodes('acct', read, 'en').map((n) => `${n.label}: ${n.description}`);
    assert.deepEqual(rows.slice(0, 4), ['Solar: 3.4 kW', 'Powerwall: 54.3 % · 2.1 kW charging', 'Grid: idle', 'Home: 1.3 kW']);
    assert.ok(rows.includes('Backup reserve: 20 %'));
    const outage = siteNode('acct', { ...read, live: { data: { ...LIVE, grid_status: 'Inactive' }, at: 1_000_000 } }, 1_000_000);
    assert.equal(outage.icon?.id, 'warning');
  });
});
