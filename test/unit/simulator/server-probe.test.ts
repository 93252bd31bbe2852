import { strict as assert } from 'node:assert';
import { createServer as createNetServer, type AddressInfo, type Server } from 'node:net';
import { createServer as createTlsServer, type TlsOptions } from 'node:tls';
import { createCa, issueClientCert, issueServerCert } from '../../../core/certs';
import { HandshakeTap, probeTelemetryServer, type ProbeTarget } from '../../../simulator/telemetry/server-probe';

/** Real TLS servers on loopback, configured the ways a developer's telemetry server goes wrong. */
describe('simulated car: probing the telemetry server before streaming', function () {
  this.timeout(30_000);
  const serverCa = createCa({ commonName: 'Probe test server CA' });
  const otherCa = createCa({ commonName: 'Some other CA' });
  const vehicleCa = createCa({ commonName: 'Probe test vehicle CA' });
  const strangerCa = createCa({ commonName: 'Not the vehicle CA' });
  const server = issueServerCert(serverCa, { hostnames: ['localhost', '127.0.0.1'] });
  const car = issueClientCert(vehicleCa, { commonName: '5YJ3E1EA8KF000001' });
  const servers: Server[] = [];

  async function listen(options: TlsOptions | 'plain' | 'closed'): Promise<number> {
    const s =
      options === 'plain' || options === 'closed'
        ? createNetServer((c) => c.resume().end('HTTP/1.1 400 Bad Request\r\n\r\n'))
        : createTlsServer(options, (c) => c.end());
    if (options !== 'plain' && options !== 'closed') s.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    const { port } = s.address() as AddressInfo;
    if (options === 'closed') await new Promise<void>((resolve) => s.close(() => resolve()));
    else servers.push(s);
    return port;
  }
  const target = (port: number, over: Partial<ProbeTarget> = {}): ProbeTarget => ({
    address: '127.0.0.1',
    port,
    hostname: 'localhost',
    ca: serverCa.certPem,
    certPem: car.certPem,
    keyPem: car.keyPem,
    timeoutMs: 3000,
    ...over,
  });
  const mtls: TlsOptions = { cert: server.certPem, key: server.keyPem, ca: vehicleCa.certPem, requestCert: true, rejectUnauthorized: true };

  after(async () => {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  });

  it('a proper mTLS server: reachable, trusted, and it asks for the client certificate', async () => {
    assert.deepEqual(await probeTelemetryServer(target(await listen(mtls))), { ok: true, certificateRequested: true });
  });

  it('nothing listening: connection_error "connection refused"', async () => {
    const port = await listen('closed');
    assert.deepEqual(await probeTelemetryServer(target(port)), {
      ok: false,
      name: 'connection_error',
      error: `dial tcp 127.0.0.1:${port}: connect: connection refused`,
    });
  });

  it("a certificate the config's ca does not sign: tls_error, unknown authority", async () => {
    const r = await probeTelemetryServer(target(await listen(mtls), { ca: otherCa.certPem }));
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.name, 'tls_error');
    assert.match(!r.ok ? r.error : '', /^tls: failed to verify certificate: x509: certificate signed by unknown authority/);
  });

  it("a certificate for another name than the config's hostname: tls_error naming the hostname", async () => {
    const r = await probeTelemetryServer(target(await listen(mtls), { hostname: 'telemetry.example.com' }));
    assert.deepEqual(r, { ok: false, name: 'tls_error', error: 'tls: failed to verify certificate: x509: certificate is not valid for telemetry.example.com' });
  });

  it('a server that does not ask for a client certificate: reachable and trusted, certificateRequested false', async () => {
    assert.deepEqual(await probeTelemetryServer(target(await listen({ cert: server.certPem, key: server.keyPem }))), { ok: true, certificateRequested: false });
  });

  it("a server that refuses the vehicle's certificate: remote error: tls: bad certificate", async () => {
    const r = await probeTelemetryServer(target(await listen({ ...mtls, ca: strangerCa.certPem })));
    assert.equal(!r.ok && r.name, 'tls_error');
    assert.match(!r.ok ? r.error : '', /^remote error: tls: bad certificate/);
  });

  it('a plain (non-TLS) server on the port: tls_error', async () => {
    assert.deepEqual(await probeTelemetryServer(target(await listen('plain'))), {
      ok: false,
      name: 'tls_error',
      error: 'tls: first record does not look like a TLS handshake',
    });
  });

  it('a TLS 1.3-only server: trust is still checked, the certificate request cannot be seen', async () => {
    assert.deepEqual(await probeTelemetryServer(target(await listen({ ...mtls, minVersion: 'TLSv1.3' }))), { ok: true, certificateRequested: undefined });
  });

  it('HandshakeTap reads handshake messages split across records and stops at ServerHelloDone', () => {
    const record = (type: number, body: Buffer): Buffer => Buffer.concat([Buffer.from([type, 3, 3, body.length >> 8, body.length & 255]), body]);
    const message = (type: number, len: number): Buffer => Buffer.concat([Buffer.from([type, 0, len >> 8, len & 255]), Buffer.alloc(len)]);
    const stream = Buffer.concat([message(2, 40), message(11, 300), message(13, 10), message(14, 0)]);
    const tap = new HandshakeTap();
    const records = Buffer.concat([record(22, stream.subarray(0, 100)), record(22, stream.subarray(100))]);
    for (let i = 0; i < records.length; i += 7) tap.feed(records.subarray(i, i + 7));
    assert.equal(tap.certificateRequested, true);
    assert.equal(tap.complete, true);
    const none = new HandshakeTap();
    none.feed(record(22, Buffer.concat([message(2, 40), message(14, 0)])));
    assert.deepEqual([none.certificateRequested, none.complete], [false, true]);
  });
});
