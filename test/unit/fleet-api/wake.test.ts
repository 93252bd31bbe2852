import { strict as assert } from 'node:assert';
import { FleetApi } from '../../../core/fleet-api/api';
import { staticTokenProvider } from '../../../core/fleet-api/token-provider';
import { wakeAndWait, type WakeProgress } from '../../../core/fleet-api/wake';
import { exponentialDelay, jitteredDelay } from '../../../core/fleet-api/backoff';
import { LoopbackFleet } from './loopback-fleet';

const VIN = '5YJ3E1EA7KF000009';

describe('wakeAndWait', () => {
  let server: LoopbackFleet;
  let api: FleetApi;
  beforeEach(async () => {
    server = await LoopbackFleet.start();
    api = FleetApi.create({ baseUrl: server.url, accountId: 'a', tokens: staticTokenProvider('t') });
    server.route(`POST /api/1/vehicles/${VIN}/wake_up`, { status: 200, body: { response: { id: 9, vin: VIN, state: 'asleep' } } });
  });
  afterEach(async () => {
    await api.close();
    await server.close();
  });

  it('sends one wake_up and polls the vehicle endpoint until online', async () => {
    server.route(`GET /api/1/vehicles/${VIN}`, (_r, n) => ({ status: 200, body: { response: { id: 9, vin: VIN, state: n >= 3 ? 'online' : 'asleep' } } }));
    const progress: WakeProgress[] = [];
    const result = await wakeAndWait(api.vehicles, VIN, { firstDelayMs: 1, maxDelayMs: 4, maxPolls: 6, onProgress: (p) => progress.push(p) });
    assert.equal(result.online, true);
    assert.equal(result.polls, 3);
    assert.equal(server.count(`POST /api/1/vehicles/${VIN}/wake_up`), 1);
    assert.deepEqual(
      progress.map((p) => p.state),
      ['asleep', 'asleep', 'online'],
    );
    assert.deepEqual(
      progress.map((p) => p.nextDelayMs),
      [2, 4, 0],
    );
  });

  it('gives up after the bounded number of polls for a car that stays offline', async () => {
    server.route(`GET /api/1/vehicles/${VIN}`, { status: 200, body: { response: { id: 9, vin: VIN, state: 'offline' } } });
    const result = await wakeAndWait(api.vehicles, VIN, { firstDelayMs: 1, maxDelayMs: 2, maxPolls: 4 });
    assert.equal(result.online, false);
    assert.equal(result.state, 'offline');
    assert.equal(server.count(`GET /api/1/vehicles/${VIN}`), 4);
    assert.equal(server.count(`POST /api/1/vehicles/${VIN}/wake_up`), 1);
  });

  it('stops polling when aborted', async () => {
    server.route(`GET /api/1/vehicles/${VIN}`, { status: 200, body: { response: { id: 9, vin: VIN, state: 'asleep' } } });
    const controller = new AbortController();
    const pending = wakeAndWait(api.vehicles, VIN, { firstDelayMs: 50, maxPolls: 10, signal: controller.signal, onProgress: () => controller.abort() });
    await assert.rejects(pending, (e: unknown) => e instanceof Error && e.name === 'AbortError');
    assert.equal(server.count(`GET /api/1/vehicles/${VIN}`), 1);
  });

  it('backoff helpers: exponential is capped, full jitter stays below its ceiling', () => {
    assert.deepEqual(
      [0, 1, 2, 3, 4].map((a) => exponentialDelay(a, 100, 500)),
      [100, 200, 400, 500, 500],
    );
    assert.equal(
      jitteredDelay(3, 100, 10_000, () => 0.999),
      799,
    );
    assert.equal(
      jitteredDelay(10, 100, 1_000, () => 0.5),
      500,
    );
  });
});
