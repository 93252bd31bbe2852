import { strict as assert } from 'node:assert';
import { createPrivateKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import {
  createCa,
  expiredValidity,
  issueClientCert,
  issueServerCert,
  loadOrCreateCa,
  loadOrIssueServerCert,
  notYetValidValidity,
  resolveValidity,
  type CertAndKey,
} from '../../../../core/certs';
import { certificateSubject } from '../../../../core/checks/telemetry-server/der';

/** Completes a TLS handshake on loopback; resolves to null on success or the client's error code. */
async function handshake(server: CertAndKey, trust: string[], client?: CertAndKey & { ca: string }): Promise<{ error: string | null; peerCn?: string }> {
  const srv = tls.createServer({
    cert: server.certPem,
    key: server.keyPem,
    ...(client ? { requestCert: true, rejectUnauthorized: true, ca: [client.ca] } : {}),
  });
  let peerCn: string | undefined;
  srv.on('secureConnection', (s) => {
    const peer = s.getPeerCertificate();
    peerCn = typeof peer.subject?.CN === 'string' ? peer.subject.CN : undefined;
    s.end('hi');
  });
  srv.on('tlsClientError', () => undefined);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as AddressInfo).port;
  try {
    return await new Promise((resolve) => {
      const sock = tls.connect({
        host: '127.0.0.1',
        port,
        servername: 'localhost',
        ca: trust,
        ...(client ? { cert: client.certPem, key: client.keyPem } : {}),
      });
      sock.on('data', () => {
        sock.end();
        resolve({ error: null, peerCn });
      });
      sock.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    });
  } finally {
    await new Promise<void>((r) => srv.close(() => r()));
  }
}

describe('core/certs', () => {
  const ca = createCa({ commonName: 'Fleetkit Test CA', organization: 'Fleetkit' });

  it('creates a CA certificate that is self-signed, cA=true and matches its key', () => {
    const x = new X509Certificate(ca.certPem);
    assert.equal(x.ca, true);
    assert.match(x.subject, /CN=Fleetkit Test CA/);
    assert.equal(x.subject, x.issuer);
    assert.ok(x.verify(x.publicKey));
    assert.ok(x.checkPrivateKey(createPrivateKey(ca.keyPem)));
  });

  it('makes EC P-256 keys and signs with ECDSA SHA-256', () => {
    const leaf = issueServerCert(ca, { hostnames: ['localhost'] });
    for (const pem of [ca.keyPem, leaf.keyPem]) {
      const key = createPrivateKey(pem);
      assert.equal(key.asymmetricKeyType, 'ec');
      assert.equal(key.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    }
    const cert = AsnConvert.parse(new X509Certificate(leaf.certPem).raw, Certificate);
    assert.equal(cert.signatureAlgorithm.algorithm, '1.2.840.10045.4.3.2', 'ecdsa-with-SHA256 (RFC 5758 §3.2)');
    assert.equal(cert.signatureAlgorithm.parameters, undefined, 'ECDSA algorithm identifiers carry no parameters');
  });

  it("writes the CA's subject, byte for byte, as its leaves' issuer", () => {
    const unicodeCa = createCa({ commonName: 'Flottenprüfung CA', organization: 'Fleetkit' });
    for (const issuer of [ca, unicodeCa]) {
      const caDer = new X509Certificate(issuer.certPem).raw;
      const leafDer = new X509Certificate(issueClientCert(issuer, { commonName: '5YJ3E1EA8KF000001' }).certPem).raw;
      // TBSCertificate: version, serial, signature algorithm, then the issuer Name; its bytes sit in the leaf as they are in the CA
      assert.ok(leafDer.includes(certificateSubject(caDer)));
    }
    assert.match(new X509Certificate(unicodeCa.certPem).subject, /CN=Flottenprüfung CA/);
  });

  it('keeps issuing under an RSA CA (stored before certificates were EC), and reuses RSA leaf keys', async () => {
    const rsaKey = (): string => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const rsaCa = createCa({ commonName: 'Legacy RSA CA', keyPem: rsaKey() });
    assert.equal(new X509Certificate(rsaCa.certPem).publicKey.asymmetricKeyType, 'rsa');
    const server = issueServerCert(rsaCa, { hostnames: ['localhost'] });
    const server2 = issueServerCert(ca, { hostnames: ['localhost'], keyPem: rsaKey() });
    assert.equal(new X509Certificate(server2.certPem).publicKey.asymmetricKeyType, 'rsa');
    const client = issueClientCert(rsaCa, { commonName: '5YJ3E1EA7KF000002' });
    assert.ok(new X509Certificate(server.certPem).verify(new X509Certificate(rsaCa.certPem).publicKey));
    const r = await handshake(server, [rsaCa.certPem], { ...client, ca: rsaCa.certPem });
    assert.deepEqual(r, { error: null, peerCn: '5YJ3E1EA7KF000002' });
    assert.equal((await handshake(server2, [ca.certPem])).error, null);
  });

  it('issues a server certificate for DNS names and IPs, signed by the CA', () => {
    const leaf = issueServerCert(ca, { hostnames: ['localhost', '127.0.0.1', '::1'] });
    const x = new X509Certificate(leaf.certPem);
    const caX = new X509Certificate(ca.certPem);
    assert.equal(x.ca, false);
    assert.ok(x.verify(caX.publicKey));
    assert.ok(x.checkIssued(caX));
    assert.equal(x.checkHost('localhost'), 'localhost');
    assert.equal(x.checkIP('127.0.0.1'), '127.0.0.1');
    assert.equal(x.checkHost('example.com'), undefined);
    assert.match(x.subjectAltName ?? '', /IP Address:0:0:0:0:0:0:0:1/);
    assert.deepEqual(x.keyUsage, ['1.3.6.1.5.5.7.3.1']);
  });

  it('issues distinct serial numbers', () => {
    const a = new X509Certificate(issueServerCert(ca, { hostnames: ['a'] }).certPem);
    const b = new X509Certificate(issueServerCert(ca, { hostnames: ['a'] }).certPem);
    assert.notEqual(a.serialNumber, b.serialNumber);
  });

  it('reuses a given key', () => {
    const first = issueServerCert(ca, { hostnames: ['localhost'] });
    const second = issueServerCert(ca, { hostnames: ['localhost'], keyPem: first.keyPem });
    assert.equal(second.keyPem, first.keyPem);
    assert.equal(
      new X509Certificate(second.certPem).publicKey.export({ type: 'spki', format: 'pem' }),
      new X509Certificate(first.certPem).publicKey.export({ type: 'spki', format: 'pem' }),
    );
  });

  it('completes a TLS handshake when the client trusts the CA', async () => {
    const r = await handshake(issueServerCert(ca, { hostnames: ['localhost', '127.0.0.1'] }), [ca.certPem]);
    assert.equal(r.error, null);
  });

  it('fails the handshake for an untrusted CA, expired, not-yet-valid and self-signed certificates', async () => {
    const other = createCa({ commonName: 'Other CA' });
    assert.equal((await handshake(issueServerCert(other, { hostnames: ['localhost'] }), [ca.certPem])).error, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    assert.equal((await handshake(issueServerCert(ca, { hostnames: ['localhost'], ...expiredValidity() }), [ca.certPem])).error, 'CERT_HAS_EXPIRED');
    assert.equal((await handshake(issueServerCert(ca, { hostnames: ['localhost'], ...notYetValidValidity() }), [ca.certPem])).error, 'CERT_NOT_YET_VALID');
    assert.equal((await handshake(issueServerCert(null, { hostnames: ['localhost'] }), [ca.certPem])).error, 'DEPTH_ZERO_SELF_SIGNED_CERT');
    assert.equal((await handshake(issueServerCert(ca, { hostnames: ['example.com'] }), [ca.certPem])).error, 'ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('issues a client certificate usable for mutual TLS', async () => {
    const clientCa = createCa({ commonName: 'Vehicle CA' });
    const client = issueClientCert(clientCa, { commonName: '5YJ3E1EA8KF000001' });
    assert.deepEqual(new X509Certificate(client.certPem).keyUsage, ['1.3.6.1.5.5.7.3.2']);
    const r = await handshake(issueServerCert(ca, { hostnames: ['localhost'] }), [ca.certPem], { ...client, ca: clientCa.certPem });
    assert.equal(r.error, null);
    assert.equal(r.peerCn, '5YJ3E1EA8KF000001');
  });

  it('rejects a non-CA issuer, empty hostnames and inverted validity', () => {
    const leaf = issueServerCert(ca, { hostnames: ['localhost'] });
    assert.throws(() => issueServerCert(leaf, { hostnames: ['x'] }), /not a CA/);
    assert.throws(() => issueServerCert(ca, { hostnames: [] }), /at least one hostname/);
    assert.throws(() => resolveValidity({ notBefore: new Date(2000, 1, 2), notAfter: new Date(2000, 1, 1) }), /later than/);
    assert.throws(() => issueClientCert(ca, { commonName: 'x', keyPem: 'not a key' }), /unsupported private key/);
    const ed25519 = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    assert.throws(
      () => issueClientCert(ca, { commonName: 'x', keyPem: ed25519 }),
      /unsupported private key \(an unencrypted EC P-256\/P-384 or RSA PEM key is expected\): ed25519 keys cannot sign/,
    );
    assert.throws(
      () => issueServerCert({ certPem: ca.certPem, keyPem: createCa({ commonName: 'y' }).keyPem }, { hostnames: ['x'] }),
      /CA private key does not belong/,
    );
  });

  describe('loadOrCreateCa', () => {
    let dir: string;
    beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'fleetkit-certs-'))));
    afterEach(async () => rm(dir, { recursive: true, force: true }));

    it('creates the CA once, stores the key 0600, and reuses it afterwards', async () => {
      const first = await loadOrCreateCa(join(dir, 'sim'), 'ca', { commonName: 'Sim CA' });
      assert.equal(first.created, true);
      assert.equal((await stat(first.keyPath)).mode & 0o777, 0o600);
      assert.equal(await readFile(first.certPath, 'utf8'), first.certPem);
      const second = await loadOrCreateCa(join(dir, 'sim'), 'ca', { commonName: 'Sim CA' });
      assert.equal(second.created, false);
      assert.equal(second.certPem, first.certPem);
    });

    it('concurrent first runs agree on one CA', async () => {
      const runs = await Promise.all([1, 2, 3, 4].map(() => loadOrCreateCa(dir, 'ca', { commonName: 'Sim CA' })));
      assert.equal(runs.filter((r) => r.created).length, 1);
      assert.equal(new Set(runs.map((r) => r.certPem)).size, 1);
      assert.equal(await readFile(runs[0].certPath, 'utf8'), runs[0].certPem);
    });

    it('keeps a server certificate next to the CA and reissues it when the CA or names change', async () => {
      const stored = await loadOrCreateCa(dir, 'ca', { commonName: 'Sim CA' });
      const names = ['localhost', '127.0.0.1', '::1'];
      const first = await loadOrIssueServerCert(dir, 'server', stored, names);
      assert.equal(first.created, true);
      assert.equal((await stat(join(dir, 'server-key.pem'))).mode & 0o777, 0o600);
      const again = await loadOrIssueServerCert(dir, 'server', stored, names);
      assert.equal(again.created, false);
      assert.equal(again.certPem, first.certPem);
      assert.equal((await loadOrIssueServerCert(dir, 'server', stored, [...names, 'sim.example.test'])).created, true);
      const otherCa = createCa({ commonName: 'Other' });
      const reissued = await loadOrIssueServerCert(dir, 'server', otherCa, names);
      assert.equal(reissued.created, true);
      assert.ok(new X509Certificate(reissued.certPem).checkIssued(new X509Certificate(otherCa.certPem)));
    });

    it('replaces a corrupt or mismatched CA', async () => {
      const first = await loadOrCreateCa(dir, 'ca', { commonName: 'Sim CA' });
      await writeFile(first.keyPath, createCa({ commonName: 'x' }).keyPem);
      const second = await loadOrCreateCa(dir, 'ca', { commonName: 'Sim CA' });
      assert.equal(second.created, true);
      assert.notEqual(second.certPem, first.certPem);
      await writeFile(second.certPath, 'garbage');
      assert.equal((await loadOrCreateCa(dir, 'ca', { commonName: 'Sim CA' })).created, true);
    });
  });
});
