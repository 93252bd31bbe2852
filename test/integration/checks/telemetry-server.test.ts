import { strict as assert } from 'node:assert';
import { createCa, issueIntermediateCa, issueServerCert } from '../../../core/certs';
import { checkTelemetryServerConfig } from '../../../core/checks/telemetry-server/run';
import { summarize, type Check, type CheckReport } from '../../../core/checks/types';
import { makePki, startTestBridge } from '../bridge/helpers';
import { configText, HOSTNAME, PARTNER_DOMAIN, startTelemetryServerFixture, type CaseName, type TelemetryServerFixture } from './telemetry-server-fixture';

const ALL_IDS = [
  'config.ca',
  'hostname.partner',
  'server.port',
  'tls.chain',
  'ca.full-chain',
  'tls.hostname',
  'tls.expiry',
  'mtls.requested',
  'mtls.tesla-cas',
  'mtls.required',
];

function get(report: CheckReport, id: string): Check {
  const c = report.checks.find((x) => x.id === id);
  assert.ok(c, `no check ${id}`);
  return c;
}

/** Every check not named in `expected` passes; the named ones have the given status. Every failure names a fix. */
function assertStatuses(report: CheckReport, expected: Record<string, Check['status']>): void {
  assert.deepEqual(
    report.checks.map((c) => c.id),
    ALL_IDS,
  );
  for (const c of report.checks) {
    assert.equal(c.status, expected[c.id] ?? 'pass', `${c.id}: ${c.status} — ${c.detail}`);
    if (c.status === 'fail' || c.status === 'warn') assert.ok(c.fix.length > 20, `${c.id} has no fix`);
  }
}

describe('telemetry server check against real TLS servers', function () {
  let fx: TelemetryServerFixture;
  before(async () => {
    fx = await startTelemetryServerFixture();
  });
  after(() => fx.close());

  const run = (name: CaseName): Promise<CheckReport> => {
    const c = fx.cases[name];
    return checkTelemetryServerConfig(c.configText, `${name}.telemetry.json`, { resolve: c.resolve, partnerDomain: PARTNER_DOMAIN, settleMs: 1500 });
  };

  it("passes every check for a server that requires a client certificate, names Tesla's CAs and serves the config's chain", async () => {
    const report = await run('good');
    assertStatuses(report, {});
    assert.equal(report.kind, 'telemetry-server');
    assert.equal(report.target, `${HOSTNAME}:443`);
    assert.match(get(report, 'tls.chain').detail, /telemetry\.fleetkit\.test ← Fleetkit Fixture Issuing CA ← Fleetkit Fixture Root CA/);
    assert.match(get(report, 'mtls.tesla-cas').detail, /all 14 of Tesla's production vehicle CAs and 1 other\(s\): "CN=Fleetkit Fixture Vehicle CA"/);
    assert.match(get(report, 'mtls.required').detail, /certificate_required|handshake_failure/);
    assert.equal(report.facts.connectedTo, `127.0.0.1:${fx.cases.good.port}`);
    assert.equal(report.facts.clientCaNames, '15');
  });

  it('fails a server that asks for no client certificate, and one that lets a client without one in', async () => {
    const none = await run('noClientCertRequest');
    assertStatuses(none, { 'mtls.requested': 'fail', 'mtls.tesla-cas': 'skip', 'mtls.required': 'fail' });
    assert.match(get(none, 'mtls.requested').detail, /does not ask for a client certificate/);
    assert.match(get(none, 'mtls.required').fix, /requestCert: true with rejectUnauthorized: true/);

    const optional = await run('optionalClientCert');
    assertStatuses(optional, { 'mtls.required': 'fail' });
    assert.match(
      get(optional, 'mtls.required').detail,
      /got in: the TLS handshake \(TLSv1\.\d\) completed and its WebSocket upgrade request was answered "HTTP\/1\.1 101 Switching Protocols"/,
    );
  });

  it('fails a server that names only its own CA for client certificates', async () => {
    const report = await run('ownCaOnly');
    assertStatuses(report, { 'mtls.tesla-cas': 'fail' });
    const c = get(report, 'mtls.tesla-cas');
    assert.match(c.detail, /names none of Tesla's vehicle CAs; it names only "CN=Fleetkit Fixture Vehicle CA"/i);
    assert.match(c.fix, /prod_ca\.crt/);
  });

  it('fails a server that sends only its leaf while ca holds only the root (missing intermediate)', async () => {
    const report = await run('missingIntermediate');
    assertStatuses(report, { 'tls.chain': 'fail', 'ca.full-chain': 'skip' });
    const c = get(report, 'tls.chain');
    assert.match(c.detail, /sends only its leaf "telemetry\.fleetkit\.test"; its issuer "CN=Fleetkit Fixture Issuing CA" is neither sent nor in ca/);
    assert.match(c.fix, /fullchain\.pem/);
  });

  it('fails a hostname the certificate does not cover, naming the names it does cover', async () => {
    const report = await run('hostnameMismatch');
    assertStatuses(report, { 'tls.hostname': 'fail' });
    assert.match(get(report, 'tls.hostname').detail, /does not cover telemetry\.fleetkit\.test; it is for DNS:other\.fleetkit\.test/);
  });

  it('fails an expired server certificate', async () => {
    const report = await run('expiredLeaf');
    assertStatuses(report, { 'tls.expiry': 'fail' });
    assert.match(get(report, 'tls.expiry').detail, /The server certificate "telemetry\.fleetkit\.test" expired on \d{4}-\d\d-\d\d/);
  });

  it("fails a ca that does not match the server's chain", async () => {
    const report = await run('caMismatch');
    assertStatuses(report, { 'tls.chain': 'fail', 'ca.full-chain': 'skip' });
    const c = get(report, 'tls.chain');
    assert.match(
      c.detail,
      /issuer "CN=Fleetkit Fixture Root CA" is neither sent by the server nor in ca\. The config's ca holds "Some Other Root CA": it does not match this server/,
    );
    assert.match(c.fix, /Set "ca" to the chain .*"Fleetkit Fixture Issuing CA" and the root "CN=Fleetkit Fixture Root CA"/);
  });

  it('fails a closed port with the fix and skips what needs a connection', async () => {
    const report = await run('closedPort');
    const expected: Record<string, Check['status']> = { 'server.port': 'fail' };
    for (const id of ALL_IDS.slice(3)) expected[id] = 'skip';
    assertStatuses(report, expected);
    assert.match(get(report, 'server.port').detail, /Nothing listens on 127\.0\.0\.1:\d+ .*connection refused/);
    assert.match(get(report, 'server.port').fix, /set "port" in the config/);
  });

  it('still sees the client-certificate demand of a TLS 1.3-only server, and warns that its CA names cannot be read', async () => {
    const report = await run('tls13Only');
    assertStatuses(report, { 'mtls.tesla-cas': 'warn' });
    assert.match(get(report, 'mtls.requested').detail, /only TLS 1\.3 .*certificate_required/);
  });

  it('fails a hostname outside the partner domain, and a config without ca', async () => {
    const c = fx.cases.good;
    const other = await checkTelemetryServerConfig(c.configText, 'x', { resolve: c.resolve, partnerDomain: 'https://fleet.example.com/' });
    assert.equal(get(other, 'hostname.partner').status, 'fail');
    assert.match(get(other, 'hostname.partner').detail, /not under the registered partner domain fleet\.example\.com/);
    const noCa = await checkTelemetryServerConfig(configText(null), 'x', { resolve: c.resolve });
    assert.equal(get(noCa, 'config.ca').status, 'fail');
    assert.equal(get(noCa, 'tls.chain').status, 'skip');
    assert.equal(get(noCa, 'hostname.partner').status, 'skip');
    assert.equal(get(noCa, 'mtls.required').status, 'pass', 'the client-certificate checks do not need ca');
  });
});

describe('telemetry server check against the real telemetry bridge', function () {
  it("passes every check: the bridge requires vehicle certificates and names Tesla's prod CAs", async () => {
    const pki = makePki();
    const root = createCa({ commonName: 'Bridge Test Root CA' });
    const issuing = issueIntermediateCa(root, { commonName: 'Bridge Test Issuing CA' });
    const leaf = issueServerCert(issuing, { hostnames: [HOSTNAME] });
    const bridge = await startTestBridge(pki, { certPem: leaf.certPem + issuing.certPem, keyPem: leaf.keyPem });
    try {
      const report = await checkTelemetryServerConfig(configText(issuing.certPem + root.certPem), 'bridge.telemetry.json', {
        resolve: { [HOSTNAME]: { address: '127.0.0.1', port: bridge.port } },
        partnerDomain: PARTNER_DOMAIN,
      });
      assertStatuses(report, {});
      assert.ok(summarize(report.checks).ok);
      // The bridge names Tesla's 14 prod CAs and the test's vehicle CA.
      assert.match(get(report, 'mtls.tesla-cas').detail, /all 14 .* 1 other\(s\): "CN=Tesla Motors Products CA"/);
    } finally {
      await bridge.close();
    }
  });
});
