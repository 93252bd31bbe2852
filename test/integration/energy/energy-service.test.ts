import { strict as assert } from 'node:assert';
import { EnergyService } from '../../../client/energy/service';
import { VehiclesService } from '../../../client/vehicles/service';
import { siteFieldNodes } from '../../../core/energy/tree-model';
import { createLogger, memorySink } from '../../../core/log/logger';
import { NA_EMAIL, signIn, startSim, usage, type SimHandle } from '../fleet-api/sim-fixture';

const ENERGY_SCOPES = 'openid offline_access user_data vehicle_device_data energy_device_data energy_cmds';
const HOME = 2252143998764501;

/** The editor's energy state over the vehicles feature's one client per account, against the simulator (no VS Code). */
describe('EnergyService (editor, without VS Code) against the simulator', function () {
  let h: SimHandle;
  let vehicles: VehiclesService;
  let energy: EnergyService;
  let accountId: string;

  const start = async (scopes: string): Promise<void> => {
    const user = await signIn(h, NA_EMAIL, scopes);
    accountId = user.accountId;
    vehicles = new VehiclesService({
      source: {
        accounts: async () => [
          {
            info: { id: user.accountId, label: NA_EMAIL, region: 'na', environment: 'simulator', baseUrl: h.sim.urls.fleet.na },
            tokens: user.tokens,
            ca: h.sim.caPem ?? undefined,
            scopes: scopes.split(' '),
          },
        ],
        onDidChange: () => ({ dispose() {} }),
      },
      logger: createLogger({ sink: memorySink() }),
      settings: () => ({ timeoutMs: 10_000, liveDataEndpoints: ['charge_state'], wakeMaxPolls: 1, wakeFirstDelayMs: 1, wakeMaxDelayMs: 1 }),
    });
    await vehicles.reloadAccounts();
    energy = new EnergyService(vehicles);
  };

  before(async () => {
    h = await startSim();
  });
  afterEach(async () => {
    await vehicles?.dispose();
  });
  after(async () => {
    await h?.close();
  });

  it('lists the sites (one data call), reads one (two), and a command is read back: the rows show what the site reports', async () => {
    await start(ENERGY_SCOPES);
    assert.equal(energy.canRead(accountId), true);
    assert.deepEqual(energy.readableAccounts(), [accountId]);
    const u0 = await usage(h, accountId);
    await energy.listSites(accountId);
    assert.deepEqual(
      energy.sitesOf(accountId).map((s) => s.product.site_name),
      ['Home', 'Cabin'],
    );
    await energy.refreshSite(accountId, HOME);
    const u1 = await usage(h, accountId);
    assert.equal(u1.data - u0.data, 3, 'products, live_status, site_info');
    await energy.setBackupReserve(accountId, HOME, 45);
    const u2 = await usage(h, accountId);
    assert.equal(u2.commands - u1.commands, 1);
    assert.equal(u2.data - u1.data, 2, 'the site read again after the command');
    const rows = siteFieldNodes(accountId, energy.site(accountId, HOME)!, 'en');
    assert.equal(rows.find((r) => r.label === 'Backup reserve')?.description, '45 %');
    // The vehicles feature's ledger counted the energy calls too (one cost meter).
    assert.equal(vehicles.ledger.summary(accountId, Date.now()).counts.commands, 1);
  });

  it('without the energy scopes: no sites in the tree, a refused read stays on the site’s row, a refused command changes nothing', async () => {
    await start('openid offline_access user_data vehicle_device_data');
    assert.equal(energy.canRead(accountId), false);
    assert.deepEqual(energy.readableAccounts(), [], 'the tree lists no sites for this account');
    await energy.listSites(accountId); // /products answers vehicle_device_data too
    await assert.rejects(energy.refreshSite(accountId, HOME), /scope/i);
    const [first] = siteFieldNodes(accountId, energy.site(accountId, HOME)!, 'en');
    assert.match(first.label, /scope/i, 'the error is the first row under the site');
    await vehicles.dispose();

    await start('openid offline_access user_data vehicle_device_data energy_device_data');
    assert.equal(energy.canCommand(accountId), false);
    await energy.listSites(accountId);
    await energy.refreshSite(accountId, HOME);
    const before = energy.site(accountId, HOME)!.info!.data.user_settings?.storm_mode_enabled;
    await assert.rejects(energy.setStormMode(accountId, HOME, !before), /scope/i);
    await energy.refreshSite(accountId, HOME);
    assert.equal(energy.site(accountId, HOME)!.info!.data.user_settings?.storm_mode_enabled, before);
  });
});
