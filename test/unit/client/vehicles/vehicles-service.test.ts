import { strict as assert } from 'node:assert';
import { createLogger, memorySink } from '../../../../core/log/logger';
import { AsleepError } from '../../../../core/fleet-api/errors';
import { staticTokenProvider } from '../../../../core/fleet-api/token-provider';
import { VehiclesService, type AccountSource, type VehicleAccount, type ServiceSettings } from '../../../../client/vehicles/service';
import { LoopbackFleet } from '../../fleet-api/loopback-fleet';

const ASLEEP = { id: 1, vin: '5YJ3E1EA8KF000001', display_name: 'Sleepy', state: 'asleep' };
const ONLINE = { id: 2, vin: '7SAYGDEE5PA000002', display_name: 'Awake', state: 'online' };

const settings = (): ServiceSettings => ({
  timeoutMs: 5000,
  liveDataEndpoints: ['charge_state', 'location_data'],
  wakeMaxPolls: 5,
  wakeFirstDelayMs: 1,
  wakeMaxDelayMs: 2,
});

function source(accounts: VehicleAccount[]): AccountSource {
  return { accounts: async () => accounts, onDidChange: () => ({ dispose() {} }) };
}

describe('VehiclesService (the tree’s calls) over loopback', () => {
  let na: LoopbackFleet;
  let eu: LoopbackFleet;
  let service: VehiclesService;
  let persisted: Record<string, string> = {};
  let sleepy = 'asleep';

  beforeEach(async () => {
    na = await LoopbackFleet.start();
    eu = await LoopbackFleet.start();
    sleepy = 'asleep';
    const list = () => ({ status: 200, body: { response: [{ ...ASLEEP, state: sleepy }, ONLINE], count: 2 } });
    for (const s of [na, eu]) s.route('GET /api/1/vehicles', list);
    na.route(`GET /api/1/vehicles/${ASLEEP.vin}/vehicle_data`, () =>
      sleepy === 'online'
        ? { status: 200, body: { response: { ...ASLEEP, state: 'online', charge_state: { battery_level: 55 } } } }
        : { status: 408, body: { response: null, error: 'vehicle unavailable: vehicle is offline or asleep' } },
    );
    na.route(`POST /api/1/vehicles/${ASLEEP.vin}/wake_up`, () => ({ status: 200, body: { response: { ...ASLEEP, state: 'asleep' } } }));
    na.route(`GET /api/1/vehicles/${ASLEEP.vin}`, (_r, n) => {
      if (n >= 2) sleepy = 'online';
      return { status: 200, body: { response: { ...ASLEEP, state: sleepy } } };
    });
    na.route('POST /api/1/vehicles/fleet_status', {
      status: 200,
      body: { response: { key_paired_vins: [ONLINE.vin], unpaired_vins: [ASLEEP.vin], vehicle_info: { [ONLINE.vin]: { firmware_version: '2025.14.3' } } } },
    });
    persisted = {};
    service = new VehiclesService({
      source: source([
        {
          info: { id: 'acct', label: 'dev@example.com', region: 'na', environment: 'simulator', baseUrl: na.url },
          tokens: staticTokenProvider('tok'),
          regionUrls: { na: na.url, eu: eu.url },
        },
      ]),
      logger: createLogger({ sink: memorySink() }),
      settings,
      persist: ({ regionMemory }) => (persisted = regionMemory),
    });
    await service.reloadAccounts();
  });

  afterEach(async () => {
    await service.dispose();
    await na.close();
    await eu.close();
  });

  it('refresh is exactly one vehicle list call: no vehicle_data, no wake', async () => {
    await service.refreshList('acct');
    assert.deepEqual(
      na.requests.map((r) => `${r.method} ${r.path}`),
      ['GET /api/1/vehicles'],
    );
    assert.deepEqual(
      service.cache.list('acct').map((v) => `${v.vin}:${v.summary.state}`),
      [`${ASLEEP.vin}:asleep`, `${ONLINE.vin}:online`],
    );
    assert.deepEqual(service.ledger.summary('acct', Date.now()).counts, { data: 1, commands: 0, wakes: 0, streaming: 0 });
  });

  it('fetching live data from a sleeping car fails with AsleepError and does not wake it (the 408 is still billed)', async () => {
    await service.refreshList('acct');
    await assert.rejects(service.fetchLiveData('acct', ASLEEP.vin), AsleepError);
    assert.equal(na.count(`POST /api/1/vehicles/${ASLEEP.vin}/wake_up`), 0);
    assert.equal(service.ledger.summary('acct', Date.now()).counts.data, 2);
  });

  it('wake sends one wake_up, polls until online, then live data fills the cache', async () => {
    await service.refreshList('acct');
    const result = await service.wake('acct', ASLEEP.vin);
    assert.equal(result.online, true);
    assert.equal(na.count(`POST /api/1/vehicles/${ASLEEP.vin}/wake_up`), 1);
    assert.equal(service.cache.get('acct', ASLEEP.vin)?.summary.state, 'online');
    await service.fetchLiveData('acct', ASLEEP.vin);
    const rec = service.cache.get('acct', ASLEEP.vin)!;
    assert.equal(rec.data?.charge_state?.battery_level, 55);
    assert.ok(rec.sectionsAt.charge !== undefined && rec.sectionsAt.location !== undefined);
    assert.match(na.requests.find((r) => r.path.endsWith('/vehicle_data'))!.url.search, /endpoints=charge_state%3Blocation_data/);
    assert.equal(service.ledger.summary('acct', Date.now()).counts.wakes, 1);
  });

  it('fleet status marks keys and firmware', async () => {
    await service.refreshList('acct');
    await service.fleetStatus('acct');
    assert.deepEqual(JSON.parse(na.requests.at(-1)!.body), { vins: [ASLEEP.vin, ONLINE.vin] });
    assert.equal(service.cache.get('acct', ONLINE.vin)?.key?.paired, true);
    assert.equal(service.cache.get('acct', ONLINE.vin)?.key?.firmwareVersion, '2025.14.3');
    assert.equal(service.cache.get('acct', ASLEEP.vin)?.key?.paired, false);
  });

  it('an unavailable account (its simulator is not running) keeps the error for the tree and sends nothing', async () => {
    const other = new VehiclesService({
      source: source([
        {
          info: { id: 'gone', label: 'x', region: 'na', environment: 'simulator', baseUrl: na.url },
          tokens: staticTokenProvider('t'),
          unavailable: 'The local simulator is not running',
        },
      ]),
      logger: createLogger({ sink: memorySink() }),
      settings,
    });
    await other.reloadAccounts();
    await other.refreshAll();
    assert.match(other.errorOf('gone')?.message ?? '', /not running/);
    assert.equal(na.requests.length, 0);
    await other.dispose();
  });

  it('a 421 moves the account to the other region and the move is remembered', async () => {
    na.route('GET /api/1/vehicles', { status: 421, body: { error: `user out of region, use base URL: ${eu.url}` } });
    await service.refreshList('acct');
    assert.equal(service.account('acct')?.region, 'eu');
    assert.equal(persisted.acct, eu.url);
    assert.equal(eu.count('GET /api/1/vehicles'), 1);
    assert.equal(service.errorOf('acct'), undefined);
  });
});
