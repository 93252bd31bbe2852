import { strict as assert } from 'node:assert';
import { request } from 'undici';
import { ENDPOINTS, type EndpointSpec } from '../../../core/fleet-api/endpoints';
import { createFleetDispatcher } from '../../../core/fleet-api/transport';
import { startSimulator, type RunningSimulator } from '../../../simulator/index';
import { KNOWN_COMMANDS } from '../../../simulator/vehicle-protocol/effects/index';
import { NOT_SIMULATED } from './not-simulated';

interface SimRoute {
  method: string;
  path: string;
  hosts: string[];
}

const segments = (path: string): string[] => path.split('/').filter(Boolean);

/** Whether the simulator's route `/api/1/vehicles/:tag/…` serves the table's `/api/1/vehicles/{vehicle_tag}/…` (a literal may fill a `:param`). */
function serves(route: SimRoute, e: EndpointSpec): boolean {
  const r = segments(route.path);
  const t = segments(e.path);
  if (route.method !== e.method || r.length !== t.length || !route.hosts.includes('fleet')) return false;
  return r.every((s, i) => (s.startsWith(':') ? true : s === t[i]));
}

describe('the simulator serves the endpoint table', function () {
  this.timeout(30_000);
  let sim: RunningSimulator;
  let routes: SimRoute[];

  before(async () => {
    sim = await startSimulator();
    const dispatcher = createFleetDispatcher({ ca: sim.caPem ?? undefined });
    try {
      const res = await request(`${sim.urls.fleet.na}/sim/routes`, { dispatcher });
      routes = ((await res.body.json()) as { response: SimRoute[] }).response;
    } finally {
      await dispatcher.close();
    }
  });
  after(() => sim?.close());

  const routed = (e: EndpointSpec): boolean =>
    routes.some((r) => serves(r, e) && (e.group !== 'command' || (r.path.endsWith('/:name') ? KNOWN_COMMANDS.has(e.name) : true)));

  it('routes every endpoint of the table, or lists it in NOT_SIMULATED with the reason', () => {
    const missing = ENDPOINTS.filter((e) => !routed(e) && !(e.id in NOT_SIMULATED)).map((e) => `${e.id} (${e.method} ${e.path})`);
    assert.deepEqual(missing, [], 'route these in the simulator, or add them to test/unit/simulator/not-simulated.ts with why');
  });

  it('lists nothing in NOT_SIMULATED that the simulator now serves, or that the table does not have', () => {
    const stale = Object.keys(NOT_SIMULATED).filter((id) => {
      const e = ENDPOINTS.find((x) => x.id === id);
      return !e || routed(e);
    });
    assert.deepEqual(stale, [], 'remove these from test/unit/simulator/not-simulated.ts');
    for (const [id, why] of Object.entries(NOT_SIMULATED)) assert.ok(why.length > 5, `${id} says why`);
  });
});
