import { strict as assert } from 'node:assert';
import { checkPemHosting, type PemCheckOptions } from '../../../core/checks/pem/run';
import { describeKeyObject } from '../../../core/checks/pem/key-info';
import { summarize, type Check, type CheckReport, type CheckStatus } from '../../../core/checks/types';
import { startPemFixture, type PemFixture } from './pem-fixture-server';

function byId(report: CheckReport, id: string): Check {
  const c = report.checks.find((x) => x.id === id);
  assert.ok(c, `no check ${id} in ${report.checks.map((x) => x.id).join(', ')}`);
  return c;
}

function expect(report: CheckReport, id: string, status: CheckStatus, detail?: RegExp): Check {
  const c = byId(report, id);
  assert.equal(c.status, status, `${id}: expected ${status}, got ${c.status}: ${c.detail}`);
  if (detail) assert.match(c.detail, detail, `${id} detail`);
  return c;
}

describe('PEM hosting validator against a local HTTPS fixture (own CA)', function () {
  let fx: PemFixture;
  let opts: PemCheckOptions;
  const run = (site: string, extra: Partial<PemCheckOptions> = {}): Promise<CheckReport> => checkPemHosting(fx.host(site), { ...opts, ...extra });

  before(async () => {
    fx = await startPemFixture();
    opts = { ca: fx.caPem, resolve: fx.resolve, timeoutMs: 3000, localKey: describeKeyObject(fx.keys.good.privateKey) };
  });
  after(async () => {
    await fx.close();
  });

  it('passes a correctly hosted prime256v1 key, with fingerprints that match the local key', async () => {
    const r = await run('good');
    assert.deepEqual(
      r.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}:${c.status}:${c.detail}`),
      [],
    );
    assert.equal(summarize(r.checks).ok, true);
    expect(r, 'key.match', 'pass');
    const local = describeKeyObject(fx.keys.good.privateKey);
    assert.equal(r.facts.hostedSpkiSha256, local.spkiSha256);
    assert.match(r.facts.hostedPublicKeyHex, /^04[0-9a-f]{128}$/);
    assert.equal(r.facts.hostedPublicKeyHex, local.pointHex);
    assert.equal(r.facts.url, `https://good.example.test/.well-known/appspecific/com.tesla.3p.public-key.pem`);
  });

  it('passes a chain that includes its intermediate', async () => {
    const r = await run('fullchain');
    expect(r, 'tls.chain', 'pass', /Intermediate/);
  });

  it('fails a different key than the local one and shows both fingerprints', async () => {
    const r = await run('otherkey');
    const c = expect(r, 'key.match', 'fail');
    assert.ok(c.detail.includes(r.facts.hostedSpkiSha256) && c.detail.includes(r.facts.localSpkiSha256));
    assert.notEqual(r.facts.hostedSpkiSha256, r.facts.localSpkiSha256);
  });

  it('skips the key match when no local key is given', async () => {
    const r = await run('good', { localKey: undefined });
    expect(r, 'key.match', 'skip');
    assert.equal(summarize(r.checks).ok, true);
  });

  it('fails a 301 and names the Location (apex → www)', async () => {
    const r = await run('r301');
    expect(r, 'http.status', 'fail', /301 Moved Permanently → https:\/\/www\.r301\.example\.test\/\.well-known.*www canonicalisation/);
    expect(r, 'body.format', 'skip');
  });

  it('fails a 308 to the trailing-slash path, and the path probe finds the key there', async () => {
    const r = await run('r308');
    expect(
      r,
      'http.status',
      'fail',
      /308 Permanent Redirect → https:\/\/r308\.example\.test\/\.well-known\/appspecific\/com\.tesla\.3p\.public-key\.pem\/ \(a trailing-slash rule\)/,
    );
    expect(r, 'path.exact', 'fail', /serves a key at \/\.well-known\/appspecific\/com\.tesla\.3p\.public-key\.pem\/ \(trailing slash\)/);
  });

  it('recognises a single-page-app index.html fallback', async () => {
    const r = await run('spa');
    expect(r, 'body.format', 'fail', /single-page-app fallback/);
    expect(r, 'http.content-type', 'warn', /text\/html/);
    expect(r, 'path.exact', 'fail', /none of \d+ common variants/);
  });

  it('calls a plain HTML error page HTML without claiming an SPA fallback', async () => {
    const r = await run('htmlerror');
    const c = expect(r, 'body.format', 'fail', /HTML page/);
    assert.doesNotMatch(c.detail, /single-page/);
  });

  it('fails a JSON body', async () => {
    expect(await run('json'), 'body.format', 'fail', /JSON/);
  });

  it('finds a key served at a wrong path (missing appspecific/)', async () => {
    const r = await run('wrongpath');
    expect(r, 'http.status', 'fail', /404/);
    expect(r, 'path.exact', 'fail', /\/\.well-known\/com\.tesla\.3p\.public-key\.pem \(missing the appspecific\/ folder\)/);
  });

  it('finds a key served at a wrong-case path (.PEM)', async () => {
    expect(await run('wrongcase'), 'path.exact', 'fail', /public-key\.PEM \(upper-case \.PEM extension\)/);
  });

  it('finds a key served only with a trailing slash', async () => {
    expect(await run('slash'), 'path.exact', 'fail', /\(trailing slash\)/);
  });

  it('probes the path the user typed in a URL and warns about it', async () => {
    const r = await checkPemHosting(`https://wrongpath.example.test/.well-known/com.tesla.3p.public-key.pem`, opts);
    expect(r, 'target.url', 'warn', /not \/\.well-known\/com\.tesla/);
    expect(r, 'path.exact', 'fail', /serves a key at/);
  });

  for (const [site, name] of [
    ['rsa', /RSA 2048-bit/],
    ['p384', /EC P-384 \(secp384r1\)/],
    ['ed25519', /Ed25519/],
  ] as const) {
    it(`names a ${site} key and fails it`, async () => {
      const r = await run(site);
      expect(r, 'body.format', 'pass');
      expect(r, 'key.type', 'fail', name);
      expect(r, 'key.match', 'fail');
    });
  }

  for (const [site, label] of [
    ['ecprivate', 'EC PRIVATE KEY'],
    ['pkcs8private', 'PRIVATE KEY'],
  ] as const) {
    it(`flags a published ${label} as critical and says to rotate`, async () => {
      const r = await run(site);
      const c = expect(r, 'body.private-key', 'fail', new RegExp(`CRITICAL.*\\(${label}\\)`));
      assert.equal(c.critical, true);
      assert.match(c.fix, /Rotate now/);
      expect(r, 'body.format', 'fail', new RegExp(`PEM ${label}, not a PUBLIC KEY`));
      assert.ok(!JSON.stringify(r).includes('BEGIN EC PRIVATE KEY') && !JSON.stringify(r).includes('BEGIN PRIVATE KEY'), 'the report must not contain the key');
    });
  }

  it('flags a private key published next to the public key', async () => {
    const r = await run('keyandprivate');
    expect(r, 'body.format', 'pass');
    assert.equal(expect(r, 'body.private-key', 'fail').critical, true);
    expect(r, 'body.garbage', 'fail', /EC PRIVATE KEY/);
  });

  it('fails a certificate instead of a key and says how to extract the key', async () => {
    const r = await run('certificate');
    const c = expect(r, 'body.format', 'fail', /CERTIFICATE, not a PUBLIC KEY/);
    assert.match(c.fix, /openssl x509 .* -pubkey -noout/);
  });

  it('fails two keys in one file', async () => {
    expect(await run('twokeys'), 'key.count', 'fail', /2 PUBLIC KEY blocks/);
  });

  it('warns (but passes) a BOM and CRLF line endings', async () => {
    const r = await run('bomcrlf');
    expect(r, 'body.encoding', 'warn', /byte-order mark.*CRLF/);
    expect(r, 'key.type', 'pass');
    expect(r, 'key.match', 'pass');
    assert.equal(summarize(r.checks).ok, true);
  });

  it('fails trailing garbage after the END line', async () => {
    expect(await run('garbage'), 'body.garbage', 'fail', /trailing text after the END line: "<!-- served by MyCMS -->"/);
  });

  it('warns a key served as text/html', async () => {
    const r = await run('htmltype');
    expect(r, 'http.content-type', 'warn', /text\/html/);
    assert.equal(summarize(r.checks).ok, true);
  });

  it('explains a 404', async () => {
    const r = await run('notfound');
    const c = expect(r, 'http.status', 'fail', /404 Not Found/);
    assert.match(c.fix, /dot-folders/);
  });

  it('explains a 401 from basic auth and names the realm', async () => {
    const c = expect(await run('basicauth'), 'http.status', 'fail', /401 Unauthorized.*Basic realm="staging"/);
    assert.match(c.fix, /anonymously/);
  });

  it('explains a 403 behind auth', async () => {
    const c = expect(await run('forbidden'), 'http.status', 'fail', /403 Forbidden/);
    assert.match(c.fix, /anonymous GET/);
  });

  it('fails an expired certificate but still inspects the key', async () => {
    const r = await run('expired');
    expect(r, 'tls.expiry', 'fail', /expired on \d{4}-\d\d-\d\d/);
    expect(r, 'tls.chain', 'pass');
    expect(r, 'key.type', 'pass');
  });

  it('warns a certificate that expires within days', async () => {
    expect(await run('expiring'), 'tls.expiry', 'warn', /expires in [45] day/);
  });

  it('fails a self-signed certificate', async () => {
    expect(await run('selfsigned'), 'tls.chain', 'fail', /self-signed/);
  });

  it('fails a chain that lacks its intermediate', async () => {
    const r = await run('incomplete');
    const c = expect(r, 'tls.chain', 'fail', /incomplete/);
    assert.match(c.fix, /fullchain/);
    expect(r, 'tls.hostname', 'pass');
  });

  it('fails a certificate for another host and lists its names', async () => {
    expect(await run('wrongname'), 'tls.hostname', 'fail', /does not cover wrongname\.example\.test; it is for DNS:other\.example\.org/);
  });

  it('times out on a server that never answers, quickly with a short budget', async () => {
    const r = await run('silent', { timeoutMs: 300 });
    expect(r, 'tls.handshake', 'fail', /never completed the TLS handshake/);
    expect(r, 'http.status', 'skip');
    expect(r, 'path.exact', 'skip');
  });

  it('times out on a server that completes TLS but never sends a response', async () => {
    const r = await run('stall', { timeoutMs: 300 });
    expect(r, 'tls.handshake', 'pass');
    expect(r, 'http.status', 'fail', /sent no HTTP response/);
  });

  it('stops when cancelled and says so', async () => {
    const controller = new AbortController();
    const pending = run('silent', { timeoutMs: 30_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const r = await pending;
    expect(r, 'tls.handshake', 'skip', /cancelled/);
  });

  it('stops reading a 10 MB body at the size cap', async () => {
    const r = await run('big');
    expect(r, 'body.size', 'fail', /larger than 65536 bytes \(Content-Length: 10485760\).*too large/);
  });

  it('reports plain HTTP on the TLS port', async () => {
    expect(await run('plainhttp'), 'tls.handshake', 'fail', /does not speak TLS/);
  });

  it('reports a refused connection', async () => {
    expect(await run('refused'), 'tls.handshake', 'fail', /connection refused/);
  });

  it('reports a host that does not resolve', async () => {
    expect(await run('nosuchsite-not-in-map'), 'tls.handshake', 'fail', /does not resolve/);
  });
});
