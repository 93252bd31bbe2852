import { strict as assert } from 'node:assert';
import { FleetApi } from '../../../core/fleet-api/api';
import { staticTokenProvider } from '../../../core/fleet-api/token-provider';
import { LoopbackFleet } from './loopback-fleet';

const vehicle = (i: number) => ({ id: i, vin: `VIN${String(i).padStart(14, '0')}`, state: 'online', display_name: `Car ${i}` });

describe('vehicle list paging', () => {
  let server: LoopbackFleet;
  let api: FleetApi;
  beforeEach(async () => {
    server = await LoopbackFleet.start();
    api = FleetApi.create({ baseUrl: server.url, accountId: 'a', tokens: staticTokenProvider('t') });
  });
  afterEach(async () => {
    await api.close();
    await server.close();
  });

  it('follows pagination.next across pages', async () => {
    const all = Array.from({ length: 7 }, (_, i) => vehicle(i + 1));
    server.route('GET /api/1/vehicles', (req) => {
      const page = Number(req.url.searchParams.get('page'));
      const per = Number(req.url.searchParams.get('per_page'));
      const slice = all.slice((page - 1) * per, page * per);
      const pages = Math.ceil(all.length / per);
      return {
        status: 200,
        body: {
          response: slice,
          pagination: { previous: page > 1 ? page - 1 : null, next: page < pages ? page + 1 : null, current: page, per_page: per, count: all.length, pages },
          count: all.length,
        },
      };
    });
    const list = await api.vehicles.listAll({ perPage: 3 });
    assert.deepEqual(
      list.map((v) => v.id),
      [1, 2, 3, 4, 5, 6, 7],
    );
    assert.equal(server.count('GET /api/1/vehicles'), 3);
  });

  it('without pagination info, stops at a short page and never exceeds maxPages', async () => {
    server.route('GET /api/1/vehicles', (req) => {
      const page = Number(req.url.searchParams.get('page'));
      return { status: 200, body: { response: page === 1 ? [vehicle(1), vehicle(2)] : [vehicle(3)] } };
    });
    assert.equal((await api.vehicles.listAll({ perPage: 2 })).length, 3);
    server.route('GET /api/1/vehicles', () => ({ status: 200, body: { response: [vehicle(1), vehicle(2)] } }));
    const before = server.count('GET /api/1/vehicles');
    await api.vehicles.listAll({ perPage: 2, maxPages: 4 });
    assert.equal(server.count('GET /api/1/vehicles') - before, 4);
  });
});
