import { strict as assert } from 'node:assert';
import { createLogger, memorySink } from '../../../../core/log/logger';
import { ReauthRequiredError } from '../../../../core/fleet-api/errors';
import { staticTokenProvider } from '../../../../core/fleet-api/token-provider';
import { describeError } from '../../../../core/errors/describe-error';
import { VehiclesService, type AccountSource, type VehicleAccount, type ServiceSettings } from '../../../../client/vehicles/service';
import { SimulatorUnavailableError } from '../../../../client/simulator/unavailable';
import { LoopbackFleet } from '../../fleet-api/loopback-fleet';

const CAR = { id: 1, vin: '5YJ3E1EA8KF000001', display_name: 'Commuter', state: 'online' };

const settings = (): ServiceSettings => ({ timeoutMs: 5000, liveDataEndpoints: ['charge_state'], wakeMaxPolls: 2, wakeFirstDelayMs: 1, wakeMaxDelayMs: 2 });

/** An account source whose sessions the test swaps, firing onDidChange as the sign-in layer does. */
class Accounts implements AccountSource {
  private readonly listeners = new Set<() => void>();
  constructor(public list: VehicleAccount[]) {}
  async accounts(): Promise<VehicleAccount[]> {
    return this.list;
  }
  onDidChange(listener: () => void) {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
  set(list: VehicleAccount[]): void {
    this.list = list;
    for (const l of this.listeners) l();
  }
}

/**
 * Signing in again must clear what the old session left in the tree ("Tesla no longer accepts this sign-in") and ask
 * for a new list, without a manual refresh (issue 18, item 4).
 */
describe('VehiclesService: a replaced session', () => {
  let fleet: LoopbackFleet;
  let accounts: Accounts;
  let service: VehiclesService;
  let replaced: string[];
  const account = (sessionId: string, token: string): VehicleAccount => ({
    info: { id: 'simulator:ada', label: 'ada@example.com', region: 'na', environment: 'simulator', baseUrl: fleet.url },
    tokens: staticTokenProvider(token),
    sessionId,
  });
  const changed = () =>
    new Promise<void>((resolve) => {
      const sub = service.onDidChange(() => {
        sub.dispose();
        resolve();
      });
    });

  beforeEach(async () => {
    fleet = await LoopbackFleet.start();
    // Tesla's 401 for a revoked token; only the new session's token is accepted.
    fleet.route('GET /api/1/vehicles', (req) =>
      req.authorization === 'Bearer new' ? { status: 200, body: { response: [CAR], count: 1 } } : { status: 401, body: { error: 'invalid bearer token' } },
    );
    replaced = [];
    accounts = new Accounts([account('s1', 'revoked')]);
    service = new VehiclesService({ source: accounts, logger: createLogger({ sink: memorySink() }), settings, onSessionReplaced: (id) => replaced.push(id) });
    await service.reloadAccounts();
  });

  afterEach(async () => {
    await service.dispose();
    await fleet.close();
  });

  it('clears the account error and asks for a re-list when the session is replaced (sign in again)', async () => {
    await assert.rejects(service.refreshList('simulator:ada'), ReauthRequiredError);
    assert.match(describeError(service.errorOf('simulator:ada')).message, /Tesla no longer accepts this sign-in/);

    const reloaded = changed();
    accounts.set([account('s2', 'new')]);
    await reloaded;
    assert.equal(service.errorOf('simulator:ada'), undefined, "the old session's error is gone");
    assert.deepEqual(replaced, ['simulator:ada']);
    await service.refreshList('simulator:ada');
    assert.deepEqual(
      service.cache.list('simulator:ada').map((v) => v.vin),
      [CAR.vin],
    );
    assert.equal(fleet.requests.at(-1)?.authorization, 'Bearer new', "the new session's tokens are used");
  });

  it('a refresh of the same session (new token, same session) keeps the connection and asks for nothing', async () => {
    accounts.set([{ ...account('s1', 'new') }]);
    await service.reloadAccounts();
    assert.deepEqual(replaced, []);
  });

  it('an account that was signed out (session revoked) and signed in again comes back without the old error', async () => {
    await assert.rejects(service.refreshList('simulator:ada'));
    accounts.set([]);
    await service.reloadAccounts();
    assert.deepEqual(service.accounts(), []);
    accounts.set([account('s2', 'new')]);
    await service.reloadAccounts();
    assert.equal(service.errorOf('simulator:ada'), undefined);
  });

  it('a call that fails after its session was replaced does not mark the new session failed', async () => {
    fleet.route('GET /api/1/vehicles', (req) =>
      req.authorization === 'Bearer new'
        ? { status: 200, body: { response: [CAR], count: 1 } }
        : { status: 401, body: { error: 'invalid bearer token' }, delayMs: 300 },
    );
    const slow = service.refreshList('simulator:ada').then(
      () => undefined,
      (e: unknown) => e,
    );
    await new Promise((r) => setTimeout(r, 50));
    accounts.set([account('s2', 'new')]);
    await service.reloadAccounts();
    assert.ok((await slow) instanceof ReauthRequiredError);
    assert.equal(service.errorOf('simulator:ada'), undefined);
  });
});

describe('VehiclesService: the simulator came back elsewhere', () => {
  it('"could not reach" of the old address is dropped when the account\'s hosts change (a simulator linked again)', async () => {
    const dead = await LoopbackFleet.start();
    const deadUrl = dead.url;
    await dead.close(); // nothing listens there any more: ECONNREFUSED
    const alive = await LoopbackFleet.start();
    alive.route('GET /api/1/vehicles', { status: 200, body: { response: [CAR], count: 1 } });
    const info = { id: 'simulator:ada', label: 'ada', region: 'na', environment: 'simulator', baseUrl: deadUrl };
    const accounts = new Accounts([{ info, tokens: staticTokenProvider('t'), sessionId: 's1' }]);
    const service = new VehiclesService({ source: accounts, logger: createLogger({ sink: memorySink() }), settings });
    try {
      await service.reloadAccounts();
      await assert.rejects(service.refreshList('simulator:ada'));
      assert.deepEqual(describeError(service.errorOf('simulator:ada'), { simulator: true }).actions, ['startSimulator', 'showLog']);
      accounts.set([{ info: { ...info, baseUrl: alive.url }, tokens: staticTokenProvider('t'), sessionId: 's1' }]);
      await service.reloadAccounts();
      assert.equal(service.errorOf('simulator:ada'), undefined);
    } finally {
      await service.dispose();
      await alive.close();
    }
  });
});

describe('VehiclesService: a simulator account while no simulator is linked', () => {
  it('fails without a request, with the reason the simulator feature gave, and reads as "start the simulator"', async () => {
    const fleet = await LoopbackFleet.start();
    const why =
      'Fleetkit is detached from the local simulator this account belongs to (https://127.0.0.1:8440, started outside Fleetkit; it may still run): attach again with Fleetkit: Start Local Simulator.';
    const service = new VehiclesService({
      source: new Accounts([
        {
          info: { id: 'simulator:ada', label: 'ada', region: 'na', environment: 'simulator', baseUrl: fleet.url },
          tokens: staticTokenProvider('t'),
          sessionId: 's1',
          unavailable: why,
        },
      ]),
      logger: createLogger({ sink: memorySink() }),
      settings,
    });
    try {
      await service.reloadAccounts();
      assert.equal(service.unavailableOf('simulator:ada'), why, 'the tree can say why before any call');
      const err = await service.refreshList('simulator:ada').then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(err instanceof SimulatorUnavailableError);
      assert.equal(err.message, why);
      assert.equal(fleet.requests.length, 0);
      // describeError offers Start Simulator for it, as for a refused connection to the simulator.
      assert.deepEqual(describeError(err, { simulator: true }).actions, ['startSimulator', 'showLog']);
    } finally {
      await service.dispose();
      await fleet.close();
    }
  });
});
