import { strict as assert } from 'node:assert';
import { X509Certificate } from 'node:crypto';
import { createCa, issueServerCert } from '../../../core/certs';
import { certificateSubject } from '../../../core/checks/telemetry-server/der';
import {
  alertName,
  buildClientHello,
  MAX_FLIGHT_BYTES,
  parseCertificateRequest,
  ServerFlightReader,
  Tls12ParseError,
} from '../../../core/checks/telemetry-server/tls12';

// Wire layouts from RFC 5246 (TLS 1.2): record header §6.2.1, handshake header §7.4, CertificateRequest §7.4.4.
const u16 = (n: number): Buffer => Buffer.from([n >> 8, n & 0xff]);
const u24 = (n: number): Buffer => Buffer.from([n >> 16, (n >> 8) & 0xff, n & 0xff]);
const handshake = (type: number, body: Buffer): Buffer => Buffer.concat([Buffer.from([type]), u24(body.length), body]);
const record = (type: number, fragment: Buffer): Buffer => Buffer.concat([Buffer.from([type, 3, 3]), u16(fragment.length), fragment]);

function serverHello(cipher = 0xc02f, sessionId = Buffer.alloc(32, 7)): Buffer {
  return handshake(2, Buffer.concat([u16(0x0303), Buffer.alloc(32, 1), Buffer.from([sessionId.length]), sessionId, u16(cipher), Buffer.from([0]), u16(0)]));
}
function certificate(ders: Buffer[]): Buffer {
  const list = Buffer.concat(ders.map((d) => Buffer.concat([u24(d.length), d])));
  return handshake(11, Buffer.concat([u24(list.length), list]));
}
function certificateRequestBody(types: number[], algs: number[], names: Buffer[]): Buffer {
  const cas = Buffer.concat(names.map((n) => Buffer.concat([u16(n.length), n])));
  return Buffer.concat([Buffer.from([types.length, ...types]), u16(algs.length * 2), ...algs.map(u16), u16(cas.length), cas]);
}
const serverHelloDone = handshake(14, Buffer.alloc(0));

const ca = createCa({ commonName: 'Unit Vehicle CA', organization: 'Fleetkit' });
const leaf = issueServerCert(ca, { hostnames: ['telemetry.example.test'] });
const caDer = new X509Certificate(ca.certPem).raw;
const leafDer = new X509Certificate(leaf.certPem).raw;
const caName = certificateSubject(caDer);

describe('checks: TLS 1.2 ClientHello and server flight (pure)', () => {
  describe('buildClientHello', () => {
    it('is one handshake record with a ClientHello offering TLS 1.2 and no supported_versions extension', () => {
      const hello = buildClientHello('telemetry.example.test', Buffer.alloc(32, 9));
      assert.equal(hello[0], 22, 'handshake record');
      assert.equal(hello.readUInt16BE(3), hello.length - 5, 'record length');
      assert.equal(hello[5], 1, 'ClientHello');
      assert.equal(hello.readUIntBE(6, 3), hello.length - 9, 'handshake length');
      assert.equal(hello.readUInt16BE(9), 0x0303, 'client_version TLS 1.2');
      assert.deepEqual(hello.subarray(11, 43), Buffer.alloc(32, 9), 'random');
      // Walk to the extensions: session id, cipher suites, compression methods.
      let at = 43;
      at += 1 + hello[at];
      const suites = hello.readUInt16BE(at);
      assert.ok(suites >= 2 && suites % 2 === 0);
      at += 2 + suites;
      at += 1 + hello[at];
      const extEnd = at + 2 + hello.readUInt16BE(at);
      assert.equal(extEnd, hello.length);
      const types: number[] = [];
      let sni = '';
      for (at += 2; at < extEnd;) {
        const type = hello.readUInt16BE(at);
        const len = hello.readUInt16BE(at + 2);
        if (type === 0) sni = hello.subarray(at + 9, at + 4 + len).toString('ascii');
        types.push(type);
        at += 4 + len;
      }
      assert.equal(sni, 'telemetry.example.test');
      assert.ok(!types.includes(43), 'supported_versions would allow TLS 1.3');
      assert.ok(types.includes(13) && types.includes(10), 'signature_algorithms and supported_groups');
    });

    it('sends no SNI for an IP address', () => {
      const withName = buildClientHello('a.example.test');
      const withIp = buildClientHello('127.0.0.1');
      assert.equal(withName.length - withIp.length, 9 + 'a.example.test'.length);
    });
  });

  describe('parseCertificateRequest', () => {
    it('reads certificate types, signature algorithms and the CA names', () => {
      const req = parseCertificateRequest(certificateRequestBody([1, 64], [0x0403, 0x0804], [caName, Buffer.from([0x30, 0])]));
      assert.deepEqual(req.certificateTypes, [1, 64]);
      assert.deepEqual(req.signatureAlgorithms, [0x0403, 0x0804]);
      assert.equal(req.authorities.length, 2);
      assert.ok(req.authorities[0].equals(caName));
    });

    it('accepts an empty CA list (any CA)', () => {
      assert.deepEqual(parseCertificateRequest(certificateRequestBody([1], [0x0401], [])).authorities, []);
    });

    it('refuses truncated or padded messages', () => {
      const good = certificateRequestBody([1], [0x0401], [caName]);
      assert.throws(() => parseCertificateRequest(good.subarray(0, good.length - 1)), Tls12ParseError);
      assert.throws(() => parseCertificateRequest(Buffer.concat([good, Buffer.from([0])])), /trailing bytes/);
      assert.throws(() => parseCertificateRequest(Buffer.from([1, 1, 0, 3, 4, 1, 0])), /odd length/);
      const badName = Buffer.concat([Buffer.from([1, 1]), u16(2), u16(0x0401), u16(4), u16(9), Buffer.from([0x30, 0])]);
      assert.throws(() => parseCertificateRequest(badName), /runs past the list/);
    });
  });

  describe('ServerFlightReader', () => {
    const flight = Buffer.concat([
      record(22, Buffer.concat([serverHello(), certificate([leafDer, caDer])])),
      record(22, handshake(12, Buffer.alloc(40, 5))), // ServerKeyExchange: skipped
      record(22, Buffer.concat([handshake(13, certificateRequestBody([1, 64], [0x0804], [caName])), serverHelloDone])),
    ]);

    it('collects the certificates and the CertificateRequest up to ServerHelloDone', () => {
      const f = new ServerFlightReader().push(flight);
      assert.ok(f?.complete);
      assert.deepEqual(f.serverHello, { version: 0x0303, cipherSuite: 0xc02f });
      assert.equal(f.certificates.length, 2);
      assert.ok(f.certificates[0].equals(leafDer) && f.certificates[1].equals(caDer));
      assert.ok(f.certificateRequest?.authorities[0].equals(caName));
    });

    it('reassembles handshake messages split across records and TCP chunks', () => {
      const messages = Buffer.concat([serverHello(0xc030), certificate([leafDer]), serverHelloDone]);
      // Small records (a message spans several), then delivered one byte at a time.
      const records: Buffer[] = [];
      for (let i = 0; i < messages.length; i += 100) records.push(record(22, messages.subarray(i, i + 100)));
      const bytes = Buffer.concat(records);
      const reader = new ServerFlightReader();
      let result;
      for (let i = 0; i < bytes.length && !result; i++) result = reader.push(bytes.subarray(i, i + 1));
      assert.ok(result?.complete);
      assert.equal(result.serverHello?.cipherSuite, 0xc030);
      assert.equal(result.certificateRequest, undefined, 'no CertificateRequest: the server does not ask');
      assert.ok(result.certificates[0].equals(leafDer));
    });

    it('returns at once on an alert (a TLS 1.3-only server answers protocol_version)', () => {
      const f = new ServerFlightReader().push(record(21, Buffer.from([2, 70])));
      assert.deepEqual(f?.alert, { level: 2, description: 70 });
      assert.equal(f?.complete, false);
      assert.equal(alertName(70), 'protocol_version');
      assert.equal(alertName(116), 'certificate_required');
      assert.equal(alertName(99), 'alert 99');
    });

    it('waits for more bytes and keeps what it has read', () => {
      const reader = new ServerFlightReader();
      assert.equal(reader.push(record(22, Buffer.concat([serverHello(), certificate([leafDer])]))), undefined);
      assert.equal(reader.partial().certificates.length, 1);
      assert.equal(reader.partial().complete, false);
    });

    it('recognises a plain-text answer and other non-TLS bytes', () => {
      assert.throws(() => new ServerFlightReader().push(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n')), /plain text, not TLS \("HTTP\/1\.1 400 Bad…"\)/);
      assert.throws(() => new ServerFlightReader().push(Buffer.from([23, 3, 3, 0, 1, 0])), /unexpected TLS record type 23/);
    });

    it('refuses malformed messages and endless flights', () => {
      assert.throws(() => new ServerFlightReader().push(record(22, serverHelloDone)), /ServerHelloDone without a ServerHello/);
      assert.throws(() => new ServerFlightReader().push(record(22, handshake(2, Buffer.alloc(10)))), /ServerHello truncated/);
      const entryTooLong = handshake(11, Buffer.concat([u24(10), u24(20), Buffer.alloc(7)]));
      assert.throws(() => new ServerFlightReader().push(record(22, Buffer.concat([serverHello(), entryTooLong]))), /Certificate entry runs past the message/);
      const listMismatch = handshake(11, Buffer.concat([u24(50), u24(4), Buffer.alloc(4)]));
      assert.throws(() => new ServerFlightReader().push(record(22, Buffer.concat([serverHello(), listMismatch]))), /does not match its list/);
      const reader = new ServerFlightReader();
      const filler = record(22, handshake(12, Buffer.alloc(16000)));
      assert.throws(() => {
        for (let sent = 0; sent <= MAX_FLIGHT_BYTES; sent += filler.length) reader.push(filler);
      }, /more than \d+ bytes/);
    });
  });
});
