import { strict as assert } from 'node:assert';
import { connect } from 'node:net';
import { memorySink, createLogger } from '../../../core/log/logger';
import { SURFACES } from '../../../simulator/surfaces';
import type { Surface } from '../../../simulator/surface';
import { signIn, startHarness, type Harness } from './helpers';

const boom: Surface = {
  name: 'boom',
  register(api) {
    api.router.add({
      method: 'GET',
      path: '/boom',
      handler: () => {
        throw new Error('kaboom at /boom?code=NA_secretsecretsecret123');
      },
    });
    api.router.add({ method: 'POST', path: '/slow-body', handler: async (ctx) => ({ json: { n: (await ctx.body()).length } }) });
  },
};

describe('simulator resilience', () => {
  let h: Harness;
  const sink = memorySink();
  before(async () => (h = await startHarness({ surfaces: [...SURFACES, boom], tls: false, logger: createLogger({ sink, level: 'debug' }) })));
  after(async () => h?.close());

  it('a throwing handler becomes a 500 envelope with txid, is logged without secrets, and the server keeps serving', async () => {
    const r = await h.call('GET', `${h.sim.urls.fleet.na}/boom`);
    assert.equal(r.status, 500);
    assert.equal(r.json.response, null);
    assert.equal(r.json.error, 'internal_error');
    assert.equal(r.json.txid, r.headers['x-txid']);
    assert.doesNotMatch(r.text, /kaboom/, 'internals are not leaked to the client');
    const logged = sink.lines.find((l) => l.level === 'error');
    assert.ok(logged && logged.line.includes(r.json.txid));
    assert.ok(!sink.lines.some((l) => l.line.includes('NA_secretsecretsecret123')), 'secrets are redacted in logs');
    assert.equal((await h.call('GET', `${h.sim.urls.fleet.na}/status`)).text, 'ok');
  });

  it('request logs carry paths, never query strings', async () => {
    await h.call('GET', `${h.sim.urls.auth}/oauth2/v3/authorize?client_id=x&code=NA_abcdefabcdefabcdef12`);
    assert.ok(sink.lines.some((l) => l.line.includes('GET /oauth2/v3/authorize → 400')));
    assert.ok(!sink.lines.some((l) => l.line.includes('client_id=x')));
  });

  it('a client that disconnects mid-body does not wedge or crash the server', async () => {
    const { hostname, port } = new URL(h.sim.urls.fleet.na);
    await new Promise<void>((resolve) => {
      const s = connect(Number(port), hostname, () => {
        s.write('POST /slow-body HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\npartial');
        setTimeout(() => s.destroy(), 50);
      });
      s.on('close', () => resolve());
      s.on('error', () => resolve());
    });
    // The abandoned request settles (400, logged) instead of hanging on a body that never comes.
    for (let i = 0; i < 100 && !sink.lines.some((l) => l.line.includes('POST /slow-body → 400')); i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(sink.lines.some((l) => l.line.includes('POST /slow-body → 400')));
    const r = await h.call('POST', `${h.sim.urls.fleet.na}/slow-body`, { body: 'abc' });
    assert.deepEqual(r.json, { n: 3 });
  });

  it('GET /api/1/products lists the user’s vehicles and energy sites, and nothing for a partner token', async () => {
    const t = await signIn(h);
    const r = await h.call('GET', `${h.sim.urls.fleet.na}/api/1/products`, { token: t.access_token });
    assert.equal(r.json.count, 6, 'four vehicles and two energy sites');
    assert.equal((r.json.response as Array<Record<string, unknown>>).filter((p) => typeof p.energy_site_id === 'number').length, 2);
    const p = await h.call('POST', `${h.sim.urls.auth}/oauth2/v3/token`, {
      form: { grant_type: 'client_credentials', client_id: h.sim.ready.clientId, client_secret: h.sim.ready.clientSecret, audience: h.sim.urls.fleet.na },
    });
    const pr = await h.call('GET', `${h.sim.urls.fleet.na}/api/1/products`, { token: p.json.access_token });
    assert.deepEqual(pr.json, { response: [], count: 0 });
  });
});
