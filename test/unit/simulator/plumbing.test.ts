import { strict as assert } from 'node:assert';
import { Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import fc from 'fast-check';
import { parseFormOrJson, parseJsonObject, readBody } from '../../../simulator/http/body';
import { SimHttpError } from '../../../simulator/http/errors';
import { Router } from '../../../simulator/http/router';
import { RateLimiter } from '../../../simulator/ratelimit/limiter';
import { UsageMeter } from '../../../simulator/usage/meter';
import { forwardAllowed, forwardTargetFromState } from '../../../simulator/auth/bounce';
import { s256, verifierMatches } from '../../../simulator/auth/pkce';
import { withParams } from '../../../simulator/auth/authorize';
import { defaultWorld } from '../../../simulator/world/default-world';

const status = (fn: () => unknown): number => {
  try {
    fn();
  } catch (err) {
    if (err instanceof SimHttpError) return err.status;
    throw err;
  }
  return 0;
};

describe('simulator plumbing', () => {
  describe('body parsing', () => {
    it('JSON objects only; form bodies are 406 like Tesla', () => {
      assert.deepEqual(parseJsonObject(Buffer.from('{"a":1}'), 'application/json; charset=utf-8'), { a: 1 });
      assert.deepEqual(parseJsonObject(Buffer.alloc(0), undefined), {});
      assert.equal(
        status(() => parseJsonObject(Buffer.from('[1]'), 'application/json')),
        400,
      );
      assert.equal(
        status(() => parseJsonObject(Buffer.from('{'), undefined)),
        400,
      );
      assert.equal(
        status(() => parseJsonObject(Buffer.from('a=1'), 'application/x-www-form-urlencoded')),
        406,
      );
    });

    it('OAuth bodies: form or JSON strings; repeated keys and nested values are 400', () => {
      assert.deepEqual(parseFormOrJson(Buffer.from('a=1&b=x%20y'), 'application/x-www-form-urlencoded'), { a: '1', b: 'x y' });
      assert.deepEqual(parseFormOrJson(Buffer.from('{"a":"1","n":2}'), 'application/json'), { a: '1', n: '2' });
      assert.equal(
        status(() => parseFormOrJson(Buffer.from('a=1&a=2'), 'application/x-www-form-urlencoded')),
        400,
      );
      assert.equal(
        status(() => parseFormOrJson(Buffer.from('{"a":{"b":1}}'), 'application/json')),
        400,
      );
    });

    it('never throws anything but SimHttpError on arbitrary bytes', () => {
      fc.assert(
        fc.property(
          fc.uint8Array({ maxLength: 200 }),
          fc.constantFrom('application/json', 'application/x-www-form-urlencoded', undefined, 'text/plain'),
          (bytes, type) => {
            for (const parse of [parseJsonObject, parseFormOrJson]) {
              try {
                parse(Buffer.from(bytes), type);
              } catch (err) {
                assert.ok(err instanceof SimHttpError);
              }
            }
          },
        ),
      );
    });

    it('readBody enforces the size limit with 413', async () => {
      const req = Readable.from([Buffer.alloc(10), Buffer.alloc(10)]) as unknown as IncomingMessage;
      (req as unknown as { headers: object }).headers = {};
      await assert.rejects(readBody(req, 15), (e: SimHttpError) => e.status === 413);
      const ok = Readable.from([Buffer.from('hi')]) as unknown as IncomingMessage;
      (ok as unknown as { headers: object }).headers = {};
      assert.equal((await readBody(ok, 15)).toString(), 'hi');
    });
  });

  describe('router', () => {
    it('matches params per host, reports allowed methods, refuses duplicates', () => {
      const r = new Router();
      const h = () => ({});
      r.add({ method: 'GET', path: '/api/1/vehicles/:tag', handler: h });
      r.add({ method: 'POST', path: '/api/1/vehicles/fleet_status', handler: h });
      r.add({ method: 'GET', path: '/sim/usage', hosts: ['auth', 'fleet'], handler: h });
      const m = r.match('GET', '/api/1/vehicles/5YJ%20X', 'fleet');
      assert.ok(m.route);
      assert.deepEqual(m.route && 'params' in m ? m.params : {}, { tag: '5YJ X' });
      assert.equal(r.match('POST', '/api/1/vehicles/fleet_status', 'fleet').route?.method, 'POST');
      assert.equal(r.match('GET', '/api/1/vehicles/x', 'auth').route, undefined);
      const miss = r.match('DELETE', '/api/1/vehicles/x', 'fleet');
      assert.ok(!miss.route && miss.allowed.includes('GET'));
      assert.ok(r.match('HEAD', '/sim/usage', 'auth').route);
      assert.throws(() => r.add({ method: 'GET', path: '/api/1/vehicles/:id', handler: h }), /duplicate route/);
      // A literal route registered later still beats an earlier parameter route.
      const literal = () => ({ text: 'literal' });
      r.add({ method: 'GET', path: '/api/1/vehicles/fleet_telemetry_errors', handler: literal });
      assert.equal(r.match('GET', '/api/1/vehicles/fleet_telemetry_errors', 'fleet').route?.handler, literal);
      assert.notEqual(r.match('GET', '/api/1/vehicles/5YJ', 'fleet').route?.handler, literal);
    });
  });

  describe('rate limiter and usage meter', () => {
    it('fixed windows; rejected calls do not consume; reset time counts down', () => {
      let now = 60_000 * 100;
      const lim = new RateLimiter(() => now);
      const rule = { limit: 2, windowSeconds: 60 };
      assert.equal(lim.take('k', rule).ok, true);
      assert.equal(lim.take('k', rule).ok, true);
      const no = lim.take('k', rule);
      assert.equal(no.ok, false);
      assert.equal(no.resetSeconds, 60);
      now += 30_000;
      assert.equal(lim.take('k', rule).resetSeconds, 30);
      assert.equal(lim.take('other', rule).ok, true);
      now += 30_000;
      assert.equal(lim.take('k', rule).ok, true);
    });

    it('bills < 500 (4xx included) per key and category, never 5xx', () => {
      const m = new UsageMeter(() => 0);
      assert.equal(m.record('a', 'data', 200), true);
      m.record('a', 'data', 408);
      m.record('a', 'wakes', 200);
      assert.equal(m.record('a', 'commands', 503), false);
      m.record('b', 'commands', 429);
      m.addSignals('a', 250);
      m.addSignals('a', -5);
      assert.deepEqual(m.get('a'), { data: 2, commands: 0, wakes: 1, signals: 250, errors4xx: 1, byStatus: { 200: 2, 408: 1 } });
      assert.equal(m.totals().commands, 1);
      m.reset();
      assert.equal(m.get('a').data, 0);
    });
  });

  describe('PKCE and bounce helpers', () => {
    it('S256 matches RFC 7636 appendix B', () => {
      assert.equal(s256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
      assert.equal(verifierMatches('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'), true);
      assert.equal(verifierMatches('short', s256('short')), false, 'verifiers under 43 chars are refused');
    });

    it('state carries the forward target; only loopback/editor/allowed origins pass', () => {
      const app = defaultWorld().app;
      const st = (r: unknown) => `abc.${Buffer.from(JSON.stringify({ r })).toString('base64url')}`;
      const t = forwardTargetFromState(st('vscode://fleetkit.fleetkit/auth'));
      assert.ok('url' in t && forwardAllowed(t.url, app));
      const allowedOrigin = forwardTargetFromState(st('https://fleetkit.example.com/x'));
      assert.ok('url' in allowedOrigin && forwardAllowed(allowedOrigin.url, app));
      for (const bad of ['https://evil.example/', 'http://localhost.evil.example/', 'ftp://127.0.0.1/']) {
        const x = forwardTargetFromState(st(bad));
        assert.ok('url' in x && !forwardAllowed(x.url, app), bad);
      }
      assert.ok('error' in forwardTargetFromState(null));
      assert.ok('error' in forwardTargetFromState(st(42)));
    });

    it('withParams keeps an existing query', () => {
      assert.equal(withParams('http://127.0.0.1:1/cb?a=1', { code: 'x y' }), 'http://127.0.0.1:1/cb?a=1&code=x+y');
    });
  });
});
