import { strict as assert } from 'node:assert';
import { createServer, type AddressInfo } from 'node:net';
import fc from 'fast-check';
import { analyseRedirect, differences } from '../../../core/checks/redirect/analyse';
import { probePort, probeRedirectPort } from '../../../core/checks/redirect/port-probe';
import { splitUri } from '../../../core/checks/redirect/uri-parts';
import { checkRedirectUri } from '../../../core/checks/redirect/run';
import { find } from './helpers';

const now = new Date();
const run = (uri: string, allowed: string[], extra: Partial<Parameters<typeof analyseRedirect>[0]> = {}) => analyseRedirect({ uri, allowed, now, ...extra });

describe('checks: redirect URI analysis', () => {
  it('splits URIs without normalising them', () => {
    const u = splitUri('HTTP://User@Example.COM:0443/a/B/?q=1#f');
    assert.deepEqual(
      { s: u.scheme, ui: u.userinfo, h: u.host, p: u.port, path: u.path, q: u.query, f: u.fragment },
      { s: 'HTTP', ui: 'User', h: 'Example.COM', p: '0443', path: '/a/B/', q: 'q=1', f: 'f' },
    );
    assert.equal(splitUri('http://[::1]:8085/cb').host, '[::1]');
    assert.equal(splitUri('http://[::1]:8085/cb').port, '8085');
  });

  it('passes an exact loopback match and shows the value to register', () => {
    const r = run('http://127.0.0.1:8085/callback', ['https://x.test/cb', 'http://127.0.0.1:8085/callback'], {
      portProbe: { host: '127.0.0.1', port: 8085, free: true },
    });
    assert.deepEqual(
      r.checks.filter((c) => c.status !== 'pass').map((c) => c.id),
      [],
    );
    assert.equal(r.facts.register, 'http://127.0.0.1:8085/callback');
  });

  for (const [sent, allowed, re] of [
    ['http://127.0.0.1:8085/callback', 'http://127.0.0.1:8085/callback/', /trailing slash/],
    ['http://127.0.0.1:8085/callback', 'http://localhost:8085/callback', /loopback host: 127\.0\.0\.1 vs localhost/],
    ['https://App.example.com/cb', 'https://app.example.com/cb', /host case/],
    ['https://app.example.com/cb', 'https://app.example.com:443/cb', /same port, different strings/],
    ['http://127.0.0.1:8085/cb', 'http://127.0.0.1:8086/cb', /port: 8085 vs 8086/],
    ['https://app.example.com/cb', 'http://app.example.com/cb', /scheme: https vs http/],
    ['https://app.example.com/Callback', 'https://app.example.com/callback', /path case/],
    ['https://app.example.com/cb?x=1', 'https://app.example.com/cb', /query: \?x=1 vs \(none\)/],
    ['https://app.example.com/cb', 'https://app.example.com/cb#top', /fragment: \(none\) vs #top/],
    ['https://app.example.com', 'https://app.example.com/', /trailing slash/],
  ] as const) {
    it(`names the difference: ${sent} vs ${allowed}`, () => {
      const c = find(run(sent, [allowed]), 'redirect.match');
      assert.equal(c.status, 'fail');
      assert.match(c.detail, re);
      assert.match(c.fix, new RegExp(`Register exactly ${sent.replace(/[.?]/g, '\\$&')}`));
    });
  }

  it('picks the closest allowed entry to explain', () => {
    const c = find(run('http://127.0.0.1:8085/callback', ['https://prod.example.com/auth', 'http://127.0.0.1:8085/callback/']), 'redirect.match');
    assert.match(c.detail, /Closest entry http:\/\/127\.0\.0\.1:8085\/callback\/: trailing slash/);
  });

  it('allows http only on loopback', () => {
    assert.equal(find(run('http://app.example.com/cb', []), 'redirect.scheme').status, 'fail');
    assert.equal(find(run('http://127.0.0.2:9/cb', []), 'redirect.scheme').status, 'pass');
    assert.equal(find(run('http://[::1]:9/cb', []), 'redirect.scheme').status, 'pass');
    assert.equal(find(run('vscode://fleetkit.fleetkit/auth', []), 'redirect.scheme').status, 'warn');
  });

  it('warns localhost and a missing loopback port', () => {
    assert.equal(find(run('http://localhost:8085/cb', []), 'redirect.loopback-host').status, 'warn');
    assert.match(find(run('http://127.0.0.1/cb', []), 'redirect.port-free').detail, /port 80/);
  });

  it('fails fragments, relative URIs and an empty allowed list', () => {
    assert.equal(find(run('https://a.test/cb#x', ['https://a.test/cb#x']), 'redirect.syntax').status, 'fail');
    assert.equal(find(run('/callback', ['/callback']), 'redirect.syntax').status, 'fail');
    assert.match(find(run('https://a.test/cb', []), 'redirect.match').detail, /No Allowed Redirect URIs/);
  });

  it('reports allowed entries with whitespace or http on a public host', () => {
    const r = run('https://a.test/cb', [' https://a.test/cb', 'http://b.test/cb']);
    assert.match(find(r, 'redirect.match').detail, /Only with whitespace/);
    const c = find(r, 'redirect.allowed-entries');
    assert.equal(c.status, 'warn');
    assert.match(c.detail, /surrounding whitespace.*plain http on a non-loopback host/);
  });

  it('property: a URI always matches itself and differs from any single-component change', () => {
    const seg = fc.stringMatching(/^[a-z0-9]{1,8}$/);
    fc.assert(
      fc.property(
        seg,
        seg,
        fc.integer({ min: 1024, max: 65535 }),
        seg,
        fc.constantFrom('port', 'path', 'slash', 'host', 'query'),
        (host, tld, port, path, mutate) => {
          const uri = `https://${host}.${tld}:${port}/${path}`;
          assert.equal(find(run(uri, [uri]), 'redirect.match').status, 'pass');
          const changed = {
            port: `https://${host}.${tld}:${port === 65535 ? 1024 : port + 1}/${path}`,
            path: `https://${host}.${tld}:${port}/${path}x`,
            slash: `${uri}/`,
            host: `https://${host}x.${tld}:${port}/${path}`,
            query: `${uri}?a=b`,
          }[mutate];
          const diffs = differences(splitUri(uri), splitUri(changed));
          assert.equal(diffs.length, 1, diffs.join('; '));
          assert.equal(find(run(uri, [changed]), 'redirect.match').status, 'fail');
        },
      ),
      { numRuns: 200 },
    );
  });

  it('probes a loopback port: free, then taken', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const taken = await probeRedirectPort(`http://127.0.0.1:${port}/callback`);
      assert.deepEqual(taken, { host: '127.0.0.1', port, free: false, reason: 'EADDRINUSE' });
      const r = await checkRedirectUri(`http://127.0.0.1:${port}/callback`, [`http://127.0.0.1:${port}/callback`]);
      assert.match(find(r, 'redirect.port-free').detail, new RegExp(`Port ${port} .*EADDRINUSE`));
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
    assert.equal((await probePort('127.0.0.1', port)).free, true);
    assert.equal(await probeRedirectPort('https://app.example.com/cb'), undefined);
  });
});
