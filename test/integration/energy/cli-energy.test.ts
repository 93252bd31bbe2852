import { strict as assert } from 'node:assert';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHarness, type Harness } from '../simulator/helpers';
import { runCli } from '../../support/cli';
import { worldWithLoopbackRedirect, writeReadyFile } from '../../support/simulator';
import { loginThroughBrowser } from '../cli/helpers';

const HOME = '2252143998764501';
const CABIN = '2252143998764502';

describe('fleetkit energy against the simulator, signed in with the energy scopes', function () {
  this.timeout(60_000);
  let h: Harness;
  let dir: string;
  const env = () => ({ FLEETKIT_CONFIG_DIR: join(dir, 'config') });
  const energy = (...args: string[]) => runCli(['energy', ...args], { env: env() });
  const usage = async (): Promise<{ data: number; commands: number }> => {
    const r = await h.call('GET', `${h.sim.urls.fleet.na}/sim/usage?account=ada@example.com`);
    return r.json.response as { data: number; commands: number };
  };

  before(async () => {
    const loopback = await worldWithLoopbackRedirect();
    h = await startHarness({ world: loopback.world });
    dir = await mkdtemp(join(tmpdir(), 'fleetkit-cli-energy-'));
    const { readyFile } = await writeReadyFile(dir, h.sim);
    const login = await loginThroughBrowser(
      [
        'auth',
        'login',
        '--simulator',
        readyFile,
        '--redirect-uri',
        loopback.redirectUri,
        '--no-browser',
        '--scopes',
        'openid offline_access user_data vehicle_device_data energy_device_data energy_cmds',
      ],
      { env: env() },
      h.agent,
    );
    assert.equal(login.code, 0, login.err);
  });
  after(async () => {
    await h?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('list: the account’s sites with their energy_site_id; --json gives Tesla’s products entries', async () => {
    const r = await energy('list');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, new RegExp(`^${HOME}  Home  battery  \\d+(\\.\\d)? %$`, 'm'));
    assert.match(r.out, new RegExp(`^${CABIN}  Cabin  battery`, 'm'));
    const j = JSON.parse((await energy('list', '--json')).out) as { ok: boolean; result: Array<{ energy_site_id: number }> };
    assert.equal(j.ok, true);
    assert.deepEqual(
      j.result.map((s) => s.energy_site_id),
      [Number(HOME), Number(CABIN)],
    );
  });

  it('status: the power flow in kW with the settings; --json carries live_status and site_info', async () => {
    const r = await energy('status', '--site', HOME);
    assert.equal(r.code, 0, r.err);
    for (const label of ['Solar', 'Powerwall', 'Grid', 'Home', 'Grid status', 'Mode', 'Backup reserve']) {
      assert.match(r.out, new RegExp(`^${label}\\s+\\S`, 'm'), label);
    }
    assert.match(r.out, /^Solar\s+\d+\.\d kW$/m);
    assert.match(r.out, /^Mode\s+Self-Powered$/m);
    const j = JSON.parse((await energy('status', '--site', HOME, '--json')).out) as {
      result: { live_status: { load_power: number }; site_info: { backup_reserve_percent: number } };
    };
    assert.equal(typeof j.result.live_status.load_power, 'number');
    assert.equal(j.result.site_info.backup_reserve_percent, 20);
  });

  it('backup, operation, storm-mode, grid-import-export, off-grid-reserve and tou change what info reads; each billed as one command', async () => {
    const before = await usage();
    const tou = join(dir, 'tou.json');
    await writeFile(tou, JSON.stringify({ tou_settings: { tariff_content_v2: { name: 'Winter' } } }));
    for (const args of [
      ['backup', '--percent', '42'],
      ['operation', '--mode', 'autonomous'],
      ['storm-mode', 'off'],
      ['grid-import-export', '--export', 'never', '--grid-charging', 'allow'],
      ['off-grid-reserve', '--percent', '70'],
      ['tou', '--file', tou],
    ]) {
      const r = await energy(...args, '--site', HOME);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.err}`);
    }
    assert.equal((await usage()).commands - before.commands, 6);
    const info = JSON.parse((await energy('info', '--site', HOME, '--json')).out) as {
      result: Record<string, unknown> & { components: Record<string, unknown> };
    };
    assert.equal(info.result.backup_reserve_percent, 42);
    assert.equal(info.result.default_real_mode, 'autonomous');
    assert.deepEqual(info.result.user_settings, { storm_mode_enabled: false, sync_grid_alert_enabled: true, breaker_alert_enabled: true });
    assert.equal(info.result.components.customer_preferred_export_rule, 'never');
    assert.equal(info.result.components.disallow_charge_from_grid_with_solar_installed, false);
    assert.equal(info.result.off_grid_vehicle_charging_reserve_percent, 70);
    assert.deepEqual(info.result.tou_settings, { tariff_content_v2: { name: 'Winter' } });
    const text = await energy('info', '--site', HOME);
    assert.match(text.out, /mode\s+Time-Based Control \(autonomous\)/);
    assert.match(text.out, /backup reserve\s+42 %/);
  });

  it('history: a week of energy, the outages, the Wall Connector sessions', async () => {
    const week = await energy('history', '--site', HOME, '--period', 'week');
    assert.equal(week.code, 0, week.err);
    assert.equal(week.out.trim().split('\n').length, 8, 'a header and seven days');
    const backup = JSON.parse((await energy('history', '--site', HOME, '--kind', 'backup', '--period', 'month', '--json')).out) as {
      result: { events: unknown[] };
    };
    assert.ok(Array.isArray(backup.result.events));
    const charge = await energy('history', '--site', HOME, '--kind', 'charge');
    assert.match(charge.out, /^\d{4}-\d{2}-\d{2}T\S+ {2}120 min {2}15\.\d+ kWh$/m, '7.68 kW for two hours');
  });

  it('bad input is a usage error naming the fix, and nothing is sent', async () => {
    const before = await usage();
    const cases: Array<[string[], RegExp]> = [
      [['backup', '--site', HOME, '--percent', '120'], /--percent must be a whole percentage from 0 to 100 \(got 120\)/],
      [['backup', '--percent', '20'], /--site ID is required/],
      [['operation', '--site', HOME, '--mode', 'eco'], /--mode must be one of self_consumption, autonomous, backup \(got eco\)/],
      [['storm-mode', 'maybe', '--site', HOME], /say on or off/],
      [['grid-import-export', '--site', HOME], /give --export RULE, --grid-charging allow\|disallow, or both/],
      [['history', '--site', HOME, '--period', 'decade'], /--period must be one of day, week, month, year/],
      [['history', '--site', HOME, '--start', 'yesterday'], /--start must be an RFC 3339 time/],
    ];
    for (const [args, message] of cases) {
      const r = await energy(...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, message);
    }
    assert.deepEqual(await usage(), before);
  });

  it('a site of another account: Tesla’s 404 parsed, exit 1; --json carries it', async () => {
    const r = await energy('status', '--site', '12345', '--json');
    assert.equal(r.code, 1);
    const j = JSON.parse(r.out) as { ok: boolean; message: string };
    assert.equal(j.ok, false);
    assert.match(r.err, /fleetkit energy status: .*12345/);
  });
});
