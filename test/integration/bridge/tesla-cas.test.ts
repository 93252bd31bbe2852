/**
 * Real cars can reach the bridge: like fleet-telemetry (config/config.go ExtractServiceTLSConfig), the bridge always
 * trusts Tesla's vehicle CA bundle (prod, or eng instead with use_default_eng_ca) and adds the configured CA files to
 * it. The CA names a client sees in the TLS CertificateRequest are read off the wire by a recording proxy (TLS 1.2,
 * where that message is not encrypted) and compared byte for byte with the certificates' subjects.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { cpSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, connect as netConnect, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { main } from '../../../cli/main';
import { cliIo } from '../../support/cli';
import { createCa, issueClientCert, type CertAndKey } from '../../../core/certs';
import { createVehicleStreamer, type VehicleStreamer } from '../../../core/telemetry-wire';
import { parseCertsInit } from '../../../core/messages/certs-init';
import { startBridgeFromArgs, teslaVehicleCaFile, type BridgeRecord, type RunningBridge } from '../../../telemetry-bridge';
import { issueVehicleCert } from '../../../telemetry-bridge/certs/bridge-certs';
import { expectRefused, tempDir, waitFor } from './helpers';

const ROOT = join(__dirname, '..', '..', '..');

// ── reading the CertificateRequest off the wire ───────────────────────────────────────────────────────────────

/** One DER TLV: tag, where it starts, where its contents start and end. */
function tlv(buf: Buffer, at: number): { tag: number; at: number; start: number; end: number } {
  let len = buf[at + 1]!;
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = buf.readUIntBE(start, n);
    start += n;
  }
  return { tag: buf[at]!, at, start, end: start + len };
}

/** The subject Name's DER, exactly as in the certificate (what OpenSSL puts in the CertificateRequest). */
function subjectDer(cert: X509Certificate): Buffer {
  const der = cert.raw;
  const tbs = tlv(der, tlv(der, 0).start);
  let f = tlv(der, tbs.start);
  if (f.tag === 0xa0) f = tlv(der, f.end); // explicit version
  for (let i = 0; i < 4; i++) f = tlv(der, f.end); // serial → signature → issuer → validity → subject
  return der.subarray(f.at, f.end);
}

/** certificate_authorities of the TLS 1.2 CertificateRequest in the server's first flight (RFC 5246 §7.4.4). */
function certificateRequestCaNames(fromServer: Buffer): Buffer[] {
  let handshake = Buffer.alloc(0);
  for (let at = 0; at + 5 <= fromServer.length;) {
    const type = fromServer[at]!;
    const len = fromServer.readUInt16BE(at + 3);
    if (type === 20) break; // ChangeCipherSpec: encrypted from here on
    if (type === 22) handshake = Buffer.concat([handshake, fromServer.subarray(at + 5, at + 5 + len)]);
    at += 5 + len;
  }
  for (let at = 0; at + 4 <= handshake.length;) {
    const type = handshake[at]!;
    const len = handshake.readUIntBE(at + 1, 3);
    const body = handshake.subarray(at + 4, at + 4 + len);
    at += 4 + len;
    if (type !== 13) continue;
    let p = 1 + body[0]!; // certificate_types
    p += 2 + body.readUInt16BE(p); // supported_signature_algorithms
    const end = p + 2 + body.readUInt16BE(p);
    const names: Buffer[] = [];
    for (p += 2; p < end; p += 2 + body.readUInt16BE(p)) names.push(body.subarray(p + 2, p + 2 + body.readUInt16BE(p)));
    return names;
  }
  throw new Error('the server sent no CertificateRequest');
}

/** Connects without a client certificate through a recording proxy; returns the CA names the bridge asked for. */
async function requestedCaNames(port: number, serverCa: string): Promise<Buffer[]> {
  const fromServer: Buffer[] = [];
  const proxy = createServer((down) => {
    const up = netConnect(port, '127.0.0.1');
    up.on('data', (d: Buffer) => fromServer.push(d));
    down.pipe(up).pipe(down);
    up.on('error', () => down.destroy());
    down.on('error', () => up.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', () => resolve()));
  try {
    const outcome = await new Promise<string>((resolve) => {
      const s = tlsConnect({ host: '127.0.0.1', port: (proxy.address() as AddressInfo).port, servername: 'localhost', ca: serverCa, maxVersion: 'TLSv1.2' });
      s.on('secureConnect', () => s.write('GET /status HTTP/1.1\r\nHost: localhost\r\n\r\n'));
      s.on('data', () => resolve('answered'));
      s.on('error', (err) => resolve(err.message));
      s.on('close', () => resolve('closed'));
    });
    assert.notEqual(outcome, 'answered', 'a client without a certificate gets no answer');
  } finally {
    proxy.close();
  }
  return certificateRequestCaNames(Buffer.concat(fromServer));
}

// ── fixtures ──────────────────────────────────────────────────────────────────────────────────────────────────

function pemCerts(file: string): X509Certificate[] {
  return (readFileSync(file, 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((p) => new X509Certificate(p));
}

const cn = (c: X509Certificate): string => /^CN=(.*)$/m.exec(c.subject)?.[1] ?? c.subject;

/** The names as readable CNs (by matching DER), for assertion messages. */
function describeNames(names: Buffer[], known: X509Certificate[]): string[] {
  return names.map((n) => {
    const c = known.find((k) => subjectDer(k).equals(n));
    return c ? cn(c) : `unknown name ${n.toString('hex').slice(0, 40)}…`;
  });
}

function assertSameNames(names: Buffer[], expected: X509Certificate[]): void {
  const hex = (bs: Buffer[]): string[] => bs.map((b) => b.toString('hex')).sort();
  assert.deepEqual(hex(names), hex(expected.map(subjectDer)), `requested: ${describeNames(names, expected).join(' | ')}`);
}

interface Setup {
  dir: string;
  ca: string;
  bridgeConfig: string;
  localCa: X509Certificate;
  extraCa: CertAndKey;
  extraCaFile: string;
}

/** `fleetkit certs init`, then a test CA added to bridge.json's tls.ca_file as an extra CA file. */
async function setUp(): Promise<Setup & { initErr: string }> {
  const dir = tempDir('tesla-cas');
  const a = cliIo();
  assert.equal(await main(['certs', 'init', '--hostname', 'localhost', '--out', dir], a.io), 0);
  const init = parseCertsInit(a.out());
  const extraCa = createCa({ commonName: 'Test Fleet Extra Vehicle CA' });
  const extraCaFile = join(dir, 'extra-ca.pem');
  writeFileSync(extraCaFile, extraCa.certPem);
  const config = JSON.parse(readFileSync(init.bridge_config, 'utf8')) as { tls: { ca_file: string | string[] } };
  config.tls.ca_file = [config.tls.ca_file as string, 'extra-ca.pem'];
  writeFileSync(init.bridge_config, JSON.stringify(config));
  return {
    dir,
    ca: init.ca,
    bridgeConfig: init.bridge_config,
    localCa: new X509Certificate(readFileSync(init.vehicle_ca)),
    extraCa,
    extraCaFile,
    initErr: a.err(),
  };
}

function car(bridge: RunningBridge, s: Setup, cert: { certPem: string; keyPem: string }): VehicleStreamer {
  return createVehicleStreamer({ url: `wss://localhost:${bridge.port}/`, certPem: cert.certPem, keyPem: cert.keyPem, ca: s.ca, reconnect: false });
}

/** Streams one record and returns the bridge's record for it (its VIN comes from the certificate). */
async function streamOne(bridge: RunningBridge, v: VehicleStreamer): Promise<BridgeRecord> {
  const seen: BridgeRecord[] = [];
  const off = bridge.onRecord((r) => {
    seen.push(r);
  });
  try {
    await v.waitConnected();
    const txid = v.sendVehicleData({ vin: 'SPOOFED0000000000', data: [{ key: 'VehicleSpeed', value: { doubleValue: 42 } }] });
    await v.waitIdle();
    await waitFor(() => seen.some((r) => r.txid === txid), 'the record');
    return seen.find((r) => r.txid === txid)!;
  } finally {
    off();
    await v.close();
  }
}

// ── tests ─────────────────────────────────────────────────────────────────────────────────────────────────────

describe("telemetry bridge: trusts Tesla's vehicle CAs plus the configured ones (fleet-telemetry config/config.go)", function () {
  this.timeout(60000);
  let s: Setup & { initErr: string };
  let bridge: RunningBridge;
  let log: ReturnType<typeof cliIo>;
  const prod = pemCerts(teslaVehicleCaFile('prod'));
  const eng = pemCerts(teslaVehicleCaFile('eng'));

  before(async () => {
    s = await setUp();
    log = cliIo();
    bridge = await startBridgeFromArgs(['--config', s.bridgeConfig, '--port', '0', '--no-feed'], log.io);
  });
  after(async () => {
    await bridge?.close();
  });

  it('`fleetkit certs init` says what is trusted and how to add a CA or enable eng, and its bridge.json shows the option', () => {
    assert.match(s.initErr, /Tesla's vehicle CAs \(prod/);
    assert.match(s.initErr, /vehicle-ca\.pem/);
    assert.match(s.initErr, /"tls\.ca_file"/);
    assert.match(s.initErr, /"use_default_eng_ca": true/);
    const config = JSON.parse(readFileSync(s.bridgeConfig, 'utf8')) as Record<string, unknown>;
    assert.equal(config.use_default_eng_ca, false);
  });

  it("asks for a client certificate naming Tesla's 14 prod CAs and the two configured CAs", async () => {
    const names = await requestedCaNames(bridge.port, s.ca);
    assert.equal(names.length, 16);
    assertSameNames(names, [...prod, s.localCa, new X509Certificate(s.extraCa.certPem)]);
    for (const want of ['Tesla Product Root CA', 'Tesla Motors Products CA', 'Tesla Motors GF Berlin Product Issuing CA', 'Tesla Root CA']) {
      assert.ok(describeNames(names, prod).includes(want), `${want} is among the acceptable CAs`);
    }
    assert.deepEqual(bridge.trust, { teslaCa: 'prod', teslaCertificates: 14, extraCertificates: 2 });
    assert.match(log.err(), /trusting Tesla's prod vehicle CAs \(14 certificates\) and 2 extra CA certificate\(s\) from .*vehicle-ca\.pem, .*extra-ca\.pem/);
  });

  it('accepts a car from the local vehicle CA (`fleetkit certs vehicle`), with the certificate CN as its VIN', async () => {
    const vin = '5YJ3E1EA1KF000101';
    const issued = await issueVehicleCert(vin, s.dir);
    const record = await streamOne(bridge, car(bridge, s, { certPem: readFileSync(issued.cert, 'utf8'), keyPem: readFileSync(issued.key, 'utf8') }));
    assert.equal(record.vin, vin);
  });

  it('accepts a car whose certificate comes from a CA added as an extra ca_file', async () => {
    const vin = '5YJ3E1EA1KF000102';
    const record = await streamOne(bridge, car(bridge, s, issueClientCert(s.extraCa, { commonName: vin })));
    assert.equal(record.vin, vin);
  });

  it('refuses a car chained to a CA it does not know, in the TLS handshake', async () => {
    const before = bridge.stats();
    const unknown = createCa({ commonName: 'Some Other Vehicle CA' });
    const v = car(bridge, s, issueClientCert(unknown, { commonName: '5YJ3E1EA1KF000103' }));
    const refused = await expectRefused(v);
    await v.close();
    assert.equal(refused.refused, true);
    const after = bridge.stats();
    assert.equal(after.connections_total, before.connections_total);
    assert.equal(after.handshake_failures_total, before.handshake_failures_total + 1);
  });

  it("with use_default_eng_ca, names Tesla's 8 eng CAs instead of prod, plus the configured CAs", async () => {
    const config = JSON.parse(readFileSync(s.bridgeConfig, 'utf8')) as Record<string, unknown>;
    const engConfig = join(s.dir, 'bridge-eng.json');
    writeFileSync(engConfig, JSON.stringify({ ...config, use_default_eng_ca: true }));
    const engLog = cliIo();
    const engBridge = await startBridgeFromArgs(['--config', engConfig, '--port', '0', '--no-feed'], engLog.io);
    try {
      const names = await requestedCaNames(engBridge.port, s.ca);
      assert.equal(names.length, 10);
      assertSameNames(names, [...eng, s.localCa, new X509Certificate(s.extraCa.certPem)]);
      // The prod-only CAs (e.g. the factory issuing CAs of Berlin and Austin) are not named with eng.
      const engNames = describeNames(names, [...eng, s.localCa]);
      for (const prodOnly of ['Tesla Root CA', 'Tesla Policy CA', 'Tesla Motors GF Berlin Product Issuing CA', 'Tesla Motors GF Austin Product Issuing CA']) {
        assert.ok(!engNames.includes(prodOnly), `${prodOnly} is not named with eng`);
      }
      assert.deepEqual(engBridge.trust, { teslaCa: 'eng', teslaCertificates: 8, extraCertificates: 2 });
      assert.match(engLog.err(), /trusting Tesla's eng vehicle CAs \(8 certificates\)/);
      const vin = '5YJ3E1EA1KF000104';
      const record = await streamOne(engBridge, car(engBridge, s, issueClientCert(s.extraCa, { commonName: vin })));
      assert.equal(record.vin, vin);
    } finally {
      await engBridge.close();
    }
  });

  it('the built bridge (dist/bridge.js from esbuild.mjs) carries the bundles: run from a copy of just its files, it names the 14 prod CAs', async () => {
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
    const app = join(tempDir('tesla-cas-dist'), 'dist');
    mkdirSync(app);
    copyFileSync(join(ROOT, 'dist', 'bridge.js'), join(app, 'bridge.js'));
    cpSync(join(ROOT, 'dist', 'tesla-vehicle-ca'), join(app, 'tesla-vehicle-ca'), { recursive: true });
    const child = spawn(process.execPath, [join(app, 'bridge.js'), '--config', s.bridgeConfig, '--port', '0', '--no-feed'], {
      cwd: app,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (err += String(d)));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await Promise.race([
        waitFor(() => out.includes('\n'), 'the ready line'),
        exited.then((code) => Promise.reject(new Error(`dist/bridge.js exited ${code}: ${err}`))),
      ]);
      const ready = JSON.parse(out.split('\n')[0]!) as { port: number };
      assertSameNames(await requestedCaNames(ready.port, s.ca), [...prod, s.localCa, new X509Certificate(s.extraCa.certPem)]);
      assert.match(err, /trusting Tesla's prod vehicle CAs \(14 certificates\)/);
    } finally {
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    }
  });
});
