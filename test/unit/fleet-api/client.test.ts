import { strict as assert } from 'node:assert';
import { FleetApiClient, type CallEvent } from '../../../core/fleet-api/client';
import { FleetApi } from '../../../core/fleet-api/api';
import {
  AsleepError,
  PreconditionFailedError,
  RateLimitedError,
  ReauthRequiredError,
  ServerError,
  TransportError,
  WrongRegionError,
} from '../../../core/fleet-api/errors';
import { RegionDirectory } from '../../../core/fleet-api/region';
import { staticTokenProvider, type TokenProvider } from '../../../core/fleet-api/token-provider';
import { LoopbackFleet } from './loopback-fleet';

const VIN = '5YJ3E1EA8KF000001';
const ok = (response: unknown, extra: Record<string, unknown> = {}) => ({ status: 200, body: { response, ...extra } });

class CountingTokens implements TokenProvider {
  refreshes = 0;
  constructor(
    private token: string,
    private readonly next: string | Error,
  ) {}
  async getAccessToken(): Promise<string> {
    return this.token;
  }
  async refreshAccessToken(rejected: string): Promise<string> {
    this.refreshes++;
    assert.equal(rejected, this.token);
    await new Promise((r) => setTimeout(r, 5));
    if (this.next instanceof Error) throw this.next;
    this.token = this.next;
    return this.token;
  }
}

describe('FleetApiClient over loopback', () => {
  const servers: LoopbackFleet[] = [];
  const clients: FleetApiClient[] = [];
  const start = async (tls = false): Promise<LoopbackFleet> => {
    const s = await LoopbackFleet.start({ tls });
    servers.push(s);
    return s;
  };
  const client = (server: LoopbackFleet, extra: Partial<ConstructorParameters<typeof FleetApiClient>[0]> = {}): FleetApiClient => {
    const c = new FleetApiClient({
      baseUrl: server.url,
      accountId: 'acct-1',
      tokens: staticTokenProvider('token-A'),
      regions: new RegionDirectory({ na: server.url }),
      retryBaseMs: 1,
      retryCapMs: 5,
      ca: server.caPem,
      ...extra,
    });
    clients.push(c);
    return c;
  };

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('sends the bearer token and query, returns the envelope response and the raw body, reports the call', async () => {
    const server = await start();
    server.route('GET /api/1/vehicles/' + VIN + '/vehicle_data', (req) => ok({ vin: VIN, endpoints: req.url.searchParams.get('endpoints') }, { txid: 't-1' }));
    const calls: CallEvent[] = [];
    const api = new FleetApi(client(server, { onCall: (e) => calls.push(e) }));
    const res = await api.vehicles.vehicleData(VIN, { endpoints: ['charge_state', 'location_data'] });
    assert.equal(server.requests[0].authorization, 'Bearer token-A');
    assert.equal(res.response.vin, VIN);
    assert.equal((res.response as unknown as { endpoints: string }).endpoints, 'charge_state;location_data');
    assert.equal(res.txid, 't-1');
    assert.match(res.raw, /"txid":"t-1"/);
    assert.equal(calls.length, 1);
    assert.equal(calls[0].status, 200);
    assert.equal(calls[0].accountId, 'acct-1');
    assert.match(calls[0].path, /vehicle_data\?endpoints=/);
  });

  it('pools connections: several sequential calls share one keep-alive socket', async () => {
    const server = await start();
    server.route('GET /api/1/users/me', ok({ email: 'dev@example.com' }));
    const api = new FleetApi(client(server));
    for (let i = 0; i < 10; i++) await api.users.me();
    assert.equal(server.requests.length, 10);
    // undici may open a second socket while the first response is being released; never one per call.
    assert.ok(server.connections <= 2, `expected pooled sockets, saw ${server.connections} connections`);
  });

  it('trusts an injected CA for HTTPS, and refuses the same server without it', async () => {
    const server = await start(true);
    server.route('GET /api/1/users/region', ok({ region: 'na', fleet_api_base_url: server.url }));
    const trusted = new FleetApi(client(server));
    assert.equal((await trusted.users.region()).response.region, 'na');
    const untrusted = new FleetApi(client(server, { ca: undefined }));
    await assert.rejects(untrusted.users.region(), (e: unknown) => e instanceof TransportError && !e.timedOut);
  });

  it('401: refreshes once and retries with the new token', async () => {
    const server = await start();
    server.route('GET /api/1/users/me', (req) => (req.authorization === 'Bearer fresh' ? ok({ email: 'a@b.c' }) : { status: 401, body: '' }));
    const tokens = new CountingTokens('stale', 'fresh');
    const api = new FleetApi(client(server, { tokens }));
    const res = await api.users.me();
    assert.equal(res.response.email, 'a@b.c');
    assert.equal(tokens.refreshes, 1);
    assert.deepEqual(
      server.requests.map((r) => r.authorization),
      ['Bearer stale', 'Bearer fresh'],
    );
  });

  it('401 after a refresh: ReauthRequiredError, and never a second refresh', async () => {
    const server = await start();
    server.route('GET /api/1/users/me', { status: 401, body: { error: 'login_required', txid: 'tx-401' } });
    const tokens = new CountingTokens('stale', 'still-bad');
    const api = new FleetApi(client(server, { tokens }));
    await assert.rejects(api.users.me(), (e: unknown) => e instanceof ReauthRequiredError && e.error === 'login_required' && e.txid === 'tx-401');
    assert.equal(tokens.refreshes, 1);
    assert.equal(server.count('GET /api/1/users/me'), 2);
  });

  it('401 and the refresh itself fails: ReauthRequiredError without a retry', async () => {
    const server = await start();
    server.route('GET /api/1/users/me', { status: 401, body: { error: 'token expired (401)' } });
    const tokens = new CountingTokens('stale', new Error('refresh token revoked'));
    await assert.rejects(new FleetApi(client(server, { tokens })).users.me(), ReauthRequiredError);
    assert.equal(server.count('GET /api/1/users/me'), 1);
  });

  it('concurrent 401s share one refresh', async () => {
    const server = await start();
    server.route('GET /api/1/users/me', (req) => (req.authorization === 'Bearer fresh' ? ok({}) : { status: 401 }));
    const tokens = new CountingTokens('stale', 'fresh');
    const api = new FleetApi(client(server, { tokens }));
    await Promise.all([api.users.me(), api.users.me(), api.users.me()]);
    assert.equal(tokens.refreshes, 1);
  });

  it('408: AsleepError, no retry and never a wake_up', async () => {
    const server = await start();
    server.route(`GET /api/1/vehicles/${VIN}/vehicle_data`, {
      status: 408,
      body: { response: null, error: 'vehicle unavailable: vehicle is offline or asleep', txid: 'tx-408' },
    });
    server.route(`POST /api/1/vehicles/${VIN}/wake_up`, ok({ state: 'online' }));
    const calls: CallEvent[] = [];
    const api = new FleetApi(client(server, { onCall: (e) => calls.push(e) }));
    await assert.rejects(api.vehicles.vehicleData(VIN), (e: unknown) => e instanceof AsleepError && e.vehicleTag === VIN && e.txid === 'tx-408');
    assert.equal(server.requests.length, 1);
    assert.equal(server.count(`POST /api/1/vehicles/${VIN}/wake_up`), 0);
    assert.equal(calls[0].status, 408);
  });

  it('421: follows "use base URL" to a trusted region once, remembers it, reports the change', async () => {
    const na = await start();
    const eu = await start();
    na.route('GET /api/1/users/me', { status: 421, body: { response: null, error: `user out of region, use base URL: ${eu.url}` } });
    eu.route('GET /api/1/users/me', ok({ email: 'eu@example.com' }));
    const changes: Array<[string, string]> = [];
    const c = client(na, { regions: new RegionDirectory({ na: na.url, eu: eu.url }), onRegionChange: (r, u) => changes.push([r, u]) });
    const api = new FleetApi(c);
    assert.equal((await api.users.me()).response.email, 'eu@example.com');
    assert.deepEqual(changes, [['eu', eu.url]]);
    assert.equal(c.region, 'eu');
    await api.users.me();
    assert.equal(na.count('GET /api/1/users/me'), 1, 'the second call went straight to EU');
    assert.equal(eu.count('GET /api/1/users/me'), 2);
  });

  it('421 via Alt-Svc works too; a second 421 or an untrusted target ends in WrongRegionError', async () => {
    const na = await start();
    const eu = await start();
    const euPort = new URL(eu.url).port;
    na.route('GET /api/1/users/me', {
      status: 421,
      body: { error: 'This user is not present in the current region' },
      headers: { 'alt-svc': `h2=":${euPort}"; ma=60` },
    });
    eu.route('GET /api/1/users/me', { status: 421, body: { error: `use base URL: ${na.url}` } });
    const api = new FleetApi(client(na, { regions: new RegionDirectory({ na: na.url, eu: eu.url }) }));
    await assert.rejects(api.users.me(), WrongRegionError);
    assert.equal(na.count('GET /api/1/users/me'), 1);
    assert.equal(eu.count('GET /api/1/users/me'), 1);

    const lone = await start();
    lone.route('GET /api/1/users/me', { status: 421, body: { error: `use base URL: ${eu.url}` } });
    const untrusting = new FleetApi(client(lone));
    await assert.rejects(untrusting.users.me(), (e: unknown) => e instanceof WrongRegionError && e.suggestedBaseUrl === eu.url);
    assert.equal(eu.count('GET /api/1/users/me'), 1, 'no token was sent to an untrusted host');
  });

  it('429: surfaces Retry-After, refuses calls locally until it passes, then calls again', async () => {
    const server = await start();
    let now = 1_000_000;
    server.route('GET /api/1/vehicles', (_req, n) => (n === 1 ? { status: 429, body: { error: 'rate limited' }, headers: { 'retry-after': '30' } } : ok([])));
    const c = client(server, { now: () => now });
    const api = new FleetApi(c);
    await assert.rejects(api.vehicles.list(), (e: unknown) => e instanceof RateLimitedError && e.retryAfterMs === 30_000 && !e.local);
    now += 10_000;
    await assert.rejects(api.vehicles.list(), (e: unknown) => e instanceof RateLimitedError && e.local && e.retryAfterMs === 20_000);
    assert.equal(server.count('GET /api/1/vehicles'), 1, 'the refused call never reached the server');
    assert.equal(c.rateLimitedUntil, 1_030_000);
    now += 20_001;
    assert.deepEqual((await api.vehicles.list()).vehicles, []);
    assert.equal(server.count('GET /api/1/vehicles'), 2);
  });

  it('5xx on GET: bounded retries with jitter, then ServerError; success on a later attempt', async () => {
    const server = await start();
    server.route('GET /api/1/users/orders', { status: 503, body: { error: 'upstream' } });
    server.route('GET /api/1/users/feature_config', (_r, n) => (n < 3 ? { status: 500, body: {} } : ok({ signaling: {} })));
    const api = new FleetApi(client(server, { maxServerRetries: 2 }));
    await assert.rejects(api.users.orders(), ServerError);
    assert.equal(server.count('GET /api/1/users/orders'), 3);
    assert.deepEqual((await api.users.featureConfig()).response, { signaling: {} });
    assert.equal(server.count('GET /api/1/users/feature_config'), 3);
  });

  it('5xx on POST is not retried', async () => {
    const server = await start();
    server.route(`POST /api/1/vehicles/${VIN}/wake_up`, { status: 503, body: { error: 'busy' } });
    await assert.rejects(new FleetApi(client(server)).vehicles.wakeUp(VIN), ServerError);
    assert.equal(server.count(`POST /api/1/vehicles/${VIN}/wake_up`), 1);
  });

  it('412 becomes PreconditionFailedError that knows it needs partner registration', async () => {
    const server = await start();
    server.route('POST /api/1/vehicles/fleet_status', { status: 412, body: { error: 'Account 123 must be registered in the current region' } });
    await assert.rejects(
      new FleetApi(client(server)).vehicles.fleetStatus([VIN]),
      (e: unknown) => e instanceof PreconditionFailedError && e.needsPartnerRegistration && e.region === 'na',
    );
  });

  it('times out a hung answer as a TransportError and honours an AbortSignal', async () => {
    const server = await start();
    server.route('GET /api/1/users/me', { status: 200, body: { response: {} }, delayMs: 2_000 });
    const api = new FleetApi(client(server, { timeoutMs: 100, maxServerRetries: 0 }));
    await assert.rejects(api.users.me(), (e: unknown) => e instanceof TransportError && e.timedOut);
    const controller = new AbortController();
    const pending = new FleetApi(client(server)).users.me({ signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await assert.rejects(pending, (e: unknown) => e instanceof Error && e.name === 'AbortError');
  });

  it('posts JSON bodies (fleet_status) and reads GET /status as text without a token', async () => {
    const server = await start();
    server.route('POST /api/1/vehicles/fleet_status', (req) =>
      ok({ key_paired_vins: (JSON.parse(req.body) as { vins: string[] }).vins, unpaired_vins: [], vehicle_info: {} }),
    );
    server.route('GET /status', { status: 200, body: 'ok' });
    const api = new FleetApi(client(server));
    assert.deepEqual((await api.vehicles.fleetStatus([VIN])).response.key_paired_vins, [VIN]);
    assert.equal(await api.health(), 'ok');
    assert.equal(server.requests.at(-1)?.authorization, undefined);
  });
});
