/**
 * Fleet cost benchmark: billable Fleet API calls for "open the tree and look at every vehicle" with Fleetkit's
 * vehicles view (the vehicle list call only; sections come from what was already fetched) versus a naive poller
 * that calls vehicle_data for every vehicle. Both run against the simulator; the numbers are the simulator's own
 * billing counters (GET /sim/usage), not ours.
 *
 *   node --import tsx bench/fleet.ts [--vehicles 24] [--rounds 1]
 *   npm run bench fleet
 */
import { parseArgs } from 'node:util';
import { request } from 'undici';
import { estimateCost, formatUsd } from '../core/billing/prices';
import { FleetApi } from '../core/fleet-api/api';
import { AsleepError } from '../core/fleet-api/errors';
import { RegionDirectory } from '../core/fleet-api/region';
import { createLogger, memorySink } from '../core/log/logger';
import { fieldNodes, sectionNodes, vehicleNode } from '../core/vehicle-model/tree-model';
import { VehiclesService } from '../client/vehicles/service';
import { EU_EMAIL, NA_EMAIL, signIn, startSim, usage, type SimHandle, type SignedIn } from '../test/integration/fleet-api/sim-fixture';
import { runWhenMain, type BenchResult } from './result';

const STATES = ['online', 'asleep', 'offline'] as const;

function extraVin(i: number): string {
  return `5YJ3E1EA0NF${String(100000 + i).slice(-6)}`;
}

async function resetUsage(h: SimHandle): Promise<void> {
  const res = await request(`${h.sim.urls.fleet.na}/sim/usage`, { method: 'DELETE', dispatcher: h.dispatcher });
  await res.body.dump();
  const rl = await request(`${h.sim.urls.fleet.na}/sim/ratelimit/reset`, {
    method: 'POST',
    dispatcher: h.dispatcher,
    body: '{}',
    headers: { 'content-type': 'application/json' },
  });
  await rl.body.dump();
}

async function billed(h: SimHandle, accounts: SignedIn[]): Promise<{ data: number; commands: number; wakes: number; errors4xx: number }> {
  const total = { data: 0, commands: 0, wakes: 0, errors4xx: 0 };
  for (const a of accounts) {
    const u = await usage(h, a.accountId);
    total.data += u.data;
    total.commands += u.commands;
    total.wakes += u.wakes;
    total.errors4xx += u.errors4xx;
  }
  return total;
}

export async function run(argv: string[] = []): Promise<BenchResult> {
  const { values } = parseArgs({
    args: argv,
    options: { vehicles: { type: 'string', default: '24' }, rounds: { type: 'string', default: '1' } },
    allowPositionals: true,
  });
  const extra = Math.max(0, Number(values.vehicles) || 0);
  const rounds = Math.max(1, Number(values.rounds) || 1);
  const h = await startSim((world) => {
    const owner = world.accounts[0].id;
    for (let i = 0; i < extra; i++) {
      world.vehicles.push({
        vin: extraVin(i),
        owner,
        displayName: `Fleet ${i + 1}`,
        model: '3',
        year: 2022,
        firmware: '2024.44.25.3',
        state: STATES[i % 3],
        keyPaired: i % 2 === 0,
      });
    }
    // Generous limits: the benchmark counts calls, it does not test throttling.
    world.rateLimits.perAccount = {};
    world.rateLimits.perVehicle = {};
  });
  try {
    const accounts = [await signIn(h, NA_EMAIL), await signIn(h, EU_EMAIL)];
    const regionUrls = { na: h.sim.urls.fleet.na, eu: h.sim.urls.fleet.eu };

    // Fleetkit: open the tree (one list call per account), expand every vehicle and every section.
    await resetUsage(h);
    const service = new VehiclesService({
      source: {
        accounts: async () =>
          accounts.map((a, i) => ({
            info: {
              id: a.accountId,
              label: i ? EU_EMAIL : NA_EMAIL,
              region: i ? 'eu' : 'na',
              environment: 'simulator',
              baseUrl: i ? regionUrls.eu : regionUrls.na,
            },
            tokens: a.tokens,
            ca: h.sim.caPem ?? undefined,
            regionUrls,
          })),
        onDidChange: () => ({ dispose() {} }),
      },
      logger: createLogger({ sink: memorySink() }),
      settings: () => ({ timeoutMs: 30_000, liveDataEndpoints: ['charge_state'], wakeMaxPolls: 1, wakeFirstDelayMs: 1, wakeMaxDelayMs: 1 }),
    });
    let vehiclesSeen = 0;
    let rowsRendered = 0;
    for (let r = 0; r < rounds; r++) {
      await service.refreshAll();
      for (const account of service.accounts()) {
        for (const rec of service.cache.list(account.id)) {
          vehicleNode(rec, Date.now());
          for (const s of sectionNodes(rec, Date.now())) rowsRendered += 1 + (s.sectionId ? fieldNodes(rec, s.sectionId).length : 0);
          vehiclesSeen++;
        }
      }
    }
    await service.dispose();
    const ours = await billed(h, accounts);

    // Naive poller: list, then vehicle_data for every vehicle (asleep/offline answer 408, which Tesla bills).
    await resetUsage(h);
    let asleep408 = 0;
    for (let r = 0; r < rounds; r++) {
      for (const [i, a] of accounts.entries()) {
        const api = FleetApi.create({
          baseUrl: i ? regionUrls.eu : regionUrls.na,
          accountId: a.accountId,
          tokens: a.tokens,
          dispatcher: h.dispatcher,
          regions: new RegionDirectory(regionUrls),
        });
        for (const v of await api.vehicles.listAll()) {
          try {
            await api.vehicles.vehicleData(v.vin);
          } catch (err) {
            if (!(err instanceof AsleepError)) throw err;
            asleep408++;
          }
        }
      }
    }
    const naive = await billed(h, accounts);

    const ourCalls = ours.data + ours.commands + ours.wakes;
    const naiveCalls = naive.data + naive.commands + naive.wakes;
    const cost = (c: typeof ours): number => {
      const by = estimateCost({ data: c.data, commands: c.commands, wakes: c.wakes, streaming: 0 }).byCategory;
      return by.data + by.commands + by.wakes;
    };
    const vehicleCount = vehiclesSeen / rounds;
    console.log(`fleet: ${accounts.length} accounts, ${vehicleCount} vehicles, ${rounds} round(s)`);
    console.log(
      `  Fleetkit tree : ${ourCalls} billable calls (data ${ours.data}, wakes ${ours.wakes}) ≈ ${formatUsd(cost(ours))}; ${rowsRendered} tree rows rendered from cache`,
    );
    console.log(
      `  naive poller  : ${naiveCalls} billable calls (data ${naive.data}, of which 408 ${asleep408}, wakes ${naive.wakes}) ≈ ${formatUsd(cost(naive))}`,
    );
    console.log(`  ratio         : naive / Fleetkit = ${(naiveCalls / Math.max(1, ourCalls)).toFixed(2)}×`);
    return {
      title: `Fleet: billable calls to open the tree and look at every vehicle (${vehicleCount} vehicles, ${accounts.length} accounts, ${rounds} round(s))`,
      figures: [
        { name: 'Fleetkit tree billable calls', value: ourCalls, unit: 'calls' },
        { name: 'Fleetkit tree wakes', value: ours.wakes, unit: 'wakes' },
        { name: 'naive poller billable calls', value: naiveCalls, unit: 'calls' },
        { name: 'naive poller billed 408s', value: naive.errors4xx, unit: 'calls' },
        { name: 'Fleetkit tree cost', value: cost(ours), unit: 'USD' },
        { name: 'naive poller cost', value: cost(naive), unit: 'USD' },
      ],
      ratios: [{ name: 'naive / Fleetkit billable calls', value: naiveCalls / Math.max(1, ourCalls), unit: '×' }],
      notes: ['counts are the simulator’s GET /sim/usage (every answer < 500 billed, as Tesla does)'],
    };
  } finally {
    await h.close();
  }
}

runWhenMain(module, run);
