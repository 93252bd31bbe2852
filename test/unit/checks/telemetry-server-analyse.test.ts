import { strict as assert } from 'node:assert';
import { X509Certificate } from 'node:crypto';
import { createCa, issueIntermediateCa, issueServerCert, notYetValidValidity } from '../../../core/certs';
import { analyseTelemetryServer, type TelemetryServerFacts } from '../../../core/checks/telemetry-server/analyse';
import { readServerTarget, TelemetryConfigError } from '../../../core/checks/telemetry-server/config';
import { certificateSubject } from '../../../core/checks/telemetry-server/der';
import type { AnonymousClientFacts, ProbeFacts } from '../../../core/checks/telemetry-server/probe';
import { TESLA_PROD_VEHICLE_CA_SUBJECTS } from '../../../core/checks/telemetry-server/tesla-vehicle-cas';
import { formatReportText } from '../../../core/checks/report/format';
import { summarize, type Check, type CheckReport } from '../../../core/checks/types';

const HOST = 'telemetry.example.test';
const der = (pem: string): Buffer => new X509Certificate(pem).raw;
const root = createCa({ commonName: 'Unit Root CA' });
const issuing = issueIntermediateCa(root, { commonName: 'Unit Issuing CA' });
const leaf = issueServerCert(issuing, { hostnames: [HOST] });
const vehicleCa = createCa({ commonName: 'Unit Vehicle CA' });
const teslaNames = TESLA_PROD_VEHICLE_CA_SUBJECTS.map((s) => Buffer.from(s.der, 'base64'));
const now = new Date();

// What Tesla's server does to a client without a certificate over TLS 1.2: it asks (CertificateRequest naming its
// client-CA pool: fleet-telemetry config/config.go, ClientAuth RequireAndVerifyClientCert) and refuses in the handshake.
const refused: AnonymousClientFacts = { handshake: false, chain: [], outcome: 'refused', errorCode: 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE' };

function probe(over: { certificates?: Buffer[]; authorities?: Buffer[] | null; anonymous?: Partial<AnonymousClientFacts> } = {}): ProbeFacts {
  const authorities = over.authorities === undefined ? [...teslaNames, certificateSubject(der(vehicleCa.certPem))] : over.authorities;
  return {
    tcp: { host: '127.0.0.1', port: 8443 },
    tls12: {
      flight: {
        serverHello: { version: 0x0303, cipherSuite: 0xc02f },
        certificates: over.certificates ?? [der(leaf.certPem), der(issuing.certPem)],
        ...(authorities ? { certificateRequest: { certificateTypes: [1, 64], signatureAlgorithms: [0x0804], authorities } } : {}),
        complete: true,
      },
    },
    anonymous: { ...refused, ...over.anonymous },
  };
}

function facts(over: Partial<TelemetryServerFacts> & { ca?: string | null } = {}): TelemetryServerFacts {
  const { ca, ...rest } = over;
  return {
    target: { hostname: HOST, port: 443, portDefaulted: false, ca: ca === undefined ? issuing.certPem + root.certPem : ca },
    partnerDomain: 'example.test',
    probe: probe(),
    now,
    ...rest,
  };
}

const get = (r: CheckReport, id: string): Check => {
  const c = r.checks.find((x) => x.id === id);
  assert.ok(c, `no check ${id}`);
  return c;
};
const statusOf = (r: CheckReport, id: string): Check['status'] => get(r, id).status;

describe('checks: telemetry server analysis (pure)', () => {
  it('passes a Tesla-like server and reports the facts', () => {
    const r = analyseTelemetryServer(facts());
    assert.deepEqual(
      r.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.detail}`),
      [],
    );
    assert.equal(r.kind, 'telemetry-server');
    assert.equal(r.facts.servedChain, `${HOST} ← Unit Issuing CA`);
    assert.equal(r.facts.clientCaNames, '15');
    assert.match(get(r, 'mtls.required').detail, /refused \(TLS alert bad_certificate\)/);
    assert.match(formatReportText(r), /^Telemetry server — telemetry\.example\.test:443/);
  });

  describe('the chain against exactly the config ca', () => {
    it('accepts ca given leaf first, as the language server asks', () => {
      assert.equal(statusOf(analyseTelemetryServer(facts({ ca: leaf.certPem + issuing.certPem + root.certPem })), 'tls.chain'), 'pass');
    });

    it('warns when ca reaches the chain but holds no root (a partial chain)', () => {
      const r = analyseTelemetryServer(facts({ ca: issuing.certPem }));
      assert.equal(statusOf(r, 'tls.chain'), 'warn');
      assert.match(get(r, 'tls.chain').fix, /Add the root certificate \("CN=Unit Root CA"\)/);
      assert.equal(statusOf(r, 'ca.full-chain'), 'warn');
      assert.match(get(r, 'ca.full-chain').detail, /valid partial chain, and may work with the root chain/);
    });

    it("fails ca.full-chain when ca holds only the root (Tesla's check_server_cert.sh checks the leaf against ca alone)", () => {
      const r = analyseTelemetryServer(facts({ ca: root.certPem }));
      assert.equal(statusOf(r, 'tls.chain'), 'pass', 'the server sends the intermediate');
      assert.equal(statusOf(r, 'ca.full-chain'), 'fail');
      assert.match(get(r, 'ca.full-chain').detail, /lacks "CN=Unit Issuing CA".*"The server certificate is invalid"/);
    });

    it('fails a chain ending at a root that is not in ca', () => {
      const other = createCa({ commonName: 'Other Root CA' });
      const r = analyseTelemetryServer(
        facts({ ca: other.certPem, probe: probe({ certificates: [der(leaf.certPem), der(issuing.certPem), der(root.certPem)] }) }),
      );
      assert.equal(statusOf(r, 'tls.chain'), 'fail');
      assert.match(get(r, 'tls.chain').detail, /ends at the root "Unit Root CA", which is not in ca\. The config's ca holds "Other Root CA"/);
    });

    it('recognises a ca of the same name but another key', () => {
      const impostor = createCa({ commonName: 'Unit Issuing CA' });
      const r = analyseTelemetryServer(facts({ ca: impostor.certPem, probe: probe({ certificates: [der(leaf.certPem)] }) }));
      assert.match(get(r, 'tls.chain').detail, /ca has a certificate of that name, but it did not sign this chain/);
    });

    it("lets OpenSSL's verdict fail a chain the path walk accepts, but not for dates", () => {
      const bad = analyseTelemetryServer(
        facts({ probe: probe({ anonymous: { handshake: true, authorized: false, authorizationError: 'INVALID_PURPOSE', chain: [] } }) }),
      );
      assert.equal(statusOf(bad, 'tls.chain'), 'fail');
      assert.match(get(bad, 'tls.chain').detail, /OpenSSL refuses it: INVALID_PURPOSE/);
      const dated = analyseTelemetryServer(
        facts({ probe: probe({ anonymous: { handshake: true, authorized: false, authorizationError: 'CERT_HAS_EXPIRED', chain: [] } }) }),
      );
      assert.equal(statusOf(dated, 'tls.chain'), 'pass');
    });

    it('says when the port does not speak TLS', () => {
      const p: ProbeFacts = {
        tcp: { host: '127.0.0.1', port: 80 },
        tls12: { error: 'the port answers in plain text, not TLS ("HTTP/1.1 400 Bad…")' },
        anonymous: { handshake: false, chain: [], outcome: 'refused', errorCode: 'ERR_SSL_WRONG_VERSION_NUMBER' },
      };
      const r = analyseTelemetryServer(facts({ probe: p }));
      assert.equal(statusOf(r, 'tls.chain'), 'fail');
      assert.match(get(r, 'tls.chain').detail, /does not speak TLS/);
      assert.equal(statusOf(r, 'tls.hostname'), 'skip');
      assert.equal(statusOf(r, 'mtls.required'), 'skip', 'a failed handshake is no refusal of a certificate-less client');
    });
  });

  describe('hostname and dates', () => {
    it('fails a certificate that names the host only in its CN', () => {
      const cnOnly = issueServerCert(issuing, { hostnames: ['other.example.test'], commonName: HOST });
      const r = analyseTelemetryServer(facts({ probe: probe({ certificates: [der(cnOnly.certPem), der(issuing.certPem)] }) }));
      assert.equal(statusOf(r, 'tls.hostname'), 'fail');
      assert.match(get(r, 'tls.hostname').detail, /Only the certificate's subject CN names/);
    });

    it('judges dates against the clock it is given, the whole path included', () => {
      const later = analyseTelemetryServer(facts({ now: new Date(now.getTime() + 400 * 86_400_000) }));
      assert.match(get(later, 'tls.expiry').detail, /The server certificate "telemetry\.example\.test" expired on/);
      const soon = analyseTelemetryServer(facts({ now: new Date(now.getTime() + 360 * 86_400_000) }));
      assert.equal(statusOf(soon, 'tls.expiry'), 'warn');
      const future = issueServerCert(issuing, { hostnames: [HOST], ...notYetValidValidity() });
      const r = analyseTelemetryServer(facts({ probe: probe({ certificates: [der(future.certPem), der(issuing.certPem)] }) }));
      assert.match(get(r, 'tls.expiry').detail, /is not valid before/);
    });
  });

  describe("client certificates as Tesla's server asks for them", () => {
    it('fails a CertificateRequest without CA names', () => {
      const r = analyseTelemetryServer(facts({ probe: probe({ authorities: [] }) }));
      assert.equal(statusOf(r, 'mtls.tesla-cas'), 'fail');
      assert.match(get(r, 'mtls.tesla-cas').detail, /names no CA/);
    });

    it('names the missing Tesla CAs, and recognises the eng bundle', () => {
      const some = analyseTelemetryServer(facts({ probe: probe({ authorities: teslaNames.slice(1) }) }));
      assert.match(get(some, 'mtls.tesla-cas').detail, /Misses 1 of Tesla's 14 production vehicle CAs: "Tesla Issuing CA"\./);
      // The eng bundle (fleet-telemetry config/files/eng_ca.crt, use_default_eng_ca) has 8 of the 14 subjects.
      const eng = TESLA_PROD_VEHICLE_CA_SUBJECTS.filter((s) => s.eng).map((s) => Buffer.from(s.der, 'base64'));
      const r = analyseTelemetryServer(facts({ probe: probe({ authorities: eng }) }));
      assert.match(get(r, 'mtls.tesla-cas').detail, /Misses 6 of .* only the eng bundle/);
      assert.match(get(r, 'mtls.tesla-cas').fix, /use_default_eng_ca/);
    });

    it('warns when the server lets a certificate-less client through TLS and refuses it only in HTTP', () => {
      const r = analyseTelemetryServer(
        facts({
          probe: probe({
            anonymous: { handshake: true, protocol: 'TLSv1.2', outcome: 'answered', status: 403, statusLine: 'HTTP/1.1 403 Forbidden', errorCode: undefined },
          }),
        }),
      );
      assert.equal(statusOf(r, 'mtls.required'), 'warn');
      assert.match(get(r, 'mtls.required').detail, /refused only in HTTP \("HTTP\/1\.1 403 Forbidden"\)/);
    });

    it('fails a server that keeps a certificate-less client connected without a word', () => {
      const r = analyseTelemetryServer(
        facts({ probe: probe({ anonymous: { handshake: true, protocol: 'TLSv1.3', outcome: 'silent', watchedMs: 2000, errorCode: undefined } }) }),
      );
      assert.equal(statusOf(r, 'mtls.required'), 'fail');
      assert.match(get(r, 'mtls.required').detail, /kept the connection open for 2\.0 s/);
    });

    it('warns when the TLS 1.2 hello could not be read and nothing else shows a request', () => {
      const p: ProbeFacts = {
        ...probe(),
        tls12: { flight: { certificates: [], complete: false, alert: { level: 2, description: 40 } } },
        anonymous: {
          handshake: true,
          chain: [der(leaf.certPem), der(issuing.certPem)],
          outcome: 'answered',
          status: 101,
          statusLine: 'HTTP/1.1 101 Switching Protocols',
        },
      };
      const r = analyseTelemetryServer(facts({ probe: p }));
      assert.equal(statusOf(r, 'mtls.requested'), 'warn');
      assert.match(get(r, 'mtls.requested').detail, /alert handshake_failure/);
      assert.equal(statusOf(r, 'mtls.required'), 'fail');
      assert.match(r.facts.servedChain, /as Node reports it/);
    });
  });

  describe('config and port', () => {
    it('flags a private key in ca as critical, and an unreadable or missing ca', () => {
      const key = analyseTelemetryServer(facts({ ca: `${issuing.certPem}${leaf.keyPem}` }));
      assert.equal(get(key, 'config.ca').critical, true);
      assert.match(get(key, 'config.ca').fix, /treat it as leaked/);
      const broken = analyseTelemetryServer(facts({ ca: '-----BEGIN CERTIFICATE-----\nnotbase64\n-----END CERTIFICATE-----' }));
      assert.match(get(broken, 'config.ca').detail, /Certificate #1 in "ca" cannot be read/);
      const none = analyseTelemetryServer(facts({ ca: null }));
      assert.equal(statusOf(none, 'config.ca'), 'fail');
      assert.equal(statusOf(none, 'tls.chain'), 'skip');
      assert.equal(statusOf(none, 'tls.hostname'), 'pass', 'the rest is still judged');
    });

    it('judges the hostname against the partner domain', () => {
      const at = (hostname: string, partnerDomain?: string): Check =>
        get(analyseTelemetryServer(facts({ target: { hostname, port: 443, portDefaulted: false, ca: null }, partnerDomain })), 'hostname.partner');
      assert.equal(at(HOST, 'https://Example.test/').status, 'pass');
      assert.equal(at('example.test', 'example.test').status, 'pass');
      assert.equal(at('telemetry.example.test', 'fleet.example.test').status, 'warn');
      assert.equal(at('telemetry.other.test', 'example.test').status, 'fail');
      assert.equal(at('notexample.test', 'example.test').status, 'fail');
      assert.equal(at('10.0.0.1', 'example.test').status, 'fail');
      assert.equal(at(HOST).status, 'skip');
    });

    it('names the fix for each way the port fails, and skips what needs a connection', () => {
      const fail = (error: NonNullable<ProbeFacts['tcp']['error']>): CheckReport =>
        analyseTelemetryServer(facts({ probe: { tcp: { host: HOST, port: 443, error } } }));
      const dns = fail({ kind: 'dns', code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND', phase: 'connect' });
      assert.match(get(dns, 'server.port').fix, /DNS record .* --resolve telemetry\.example\.test=ADDRESS:PORT/);
      assert.deepEqual(summarize(dns.checks), { pass: 2, warn: 0, fail: 1, skip: 7, ok: false });
      const slow = fail({ kind: 'timeout', code: 'FLEETKIT_TIMEOUT', message: 'no TCP connection within 10000 ms', phase: 'connect' });
      assert.match(get(slow, 'server.port').fix, /Allow inbound TCP 443/);
      const cancelled = fail({ kind: 'aborted', message: 'cancelled', phase: 'connect' });
      assert.equal(statusOf(cancelled, 'server.port'), 'skip');
    });

    it('says when port 443 was assumed', () => {
      const r = analyseTelemetryServer(facts({ target: { hostname: HOST, port: 443, portDefaulted: true, ca: issuing.certPem + root.certPem } }));
      assert.match(get(r, 'server.port').detail, /no "port", so 443 is assumed/);
    });
  });

  describe('readServerTarget', () => {
    it('reads a request or a bare config, with comments', () => {
      const request = readServerTarget('// my config\n{"vins":["V"],"config":{"hostname":"Telemetry.Example.test.","port":4443,"ca":"x",}}', 'a.json');
      assert.deepEqual(request, { hostname: 'telemetry.example.test', port: 4443, portDefaulted: false, ca: 'x' });
      const bare = readServerTarget('{"hostname":"t.example.test","ca":null}', 'b.json');
      assert.deepEqual(bare, { hostname: 't.example.test', port: 443, portDefaulted: true, ca: null });
    });

    it('refuses what cannot be checked, naming the fix', () => {
      const bad = (text: string, re: RegExp): void =>
        assert.throws(
          () => readServerTarget(text, 'c.json'),
          (e: Error) => e instanceof TelemetryConfigError && re.test(e.message),
        );
      bad('{"hostname": ', /c\.json: not valid JSON \(.* on line 1\)/);
      bad('[1]', /not a JSON object/);
      bad('{"port": 443}', /no "hostname"; set it to the DNS name/);
      bad('{"hostname":"https://t.example.test/x"}', /bare host name/);
      bad('{"hostname":"t.example.test","port":"443"}', /must be a JSON number .* string port silently breaks streaming/);
      bad('{"hostname":"t.example.test","ca":42}', /"ca" must be a string/);
    });
  });
});
