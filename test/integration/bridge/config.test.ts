import assert from 'node:assert/strict';
import { parseFileConfig, resolveConfig, BridgeConfigError } from '../../../telemetry-bridge';
import { createRateLimiter } from '../../../telemetry-bridge/server/rate-limiter';
import { connectionIdFrom, vinFromCertificate } from '../../../telemetry-bridge/server/identity';
import type { PeerCertificate } from 'node:tls';

describe('telemetry bridge: configuration, identity and rate limiter (pure)', () => {
  it('parses bridge.json strictly with clear errors', () => {
    assert.throws(() => parseFileConfig({ prot: 1 }), /unknown key "prot"/);
    assert.throws(() => parseFileConfig({ port: '443' }), /port must be an integer/);
    assert.throws(() => parseFileConfig({ tls: { ca_file: [1] } }), /tls.ca_file\[0\]/);
    assert.throws(() => parseFileConfig({ rate_limit: { message_limit: 0 } }), /message_limit/);
    assert.throws(() => parseFileConfig([]), BridgeConfigError);
    const cfg = parseFileConfig({ port: 4443, tls: { server_cert: 's.pem', server_key: 'k.pem', ca_file: ['a.pem', 'b.pem'] }, feed: false });
    assert.deepEqual(cfg.tls?.ca_file, ['a.pem', 'b.pem']);
    assert.equal(cfg.feed, false);
  });

  it('resolves flags over the file, paths relative to the file, and enforces the rules', () => {
    const file = parseFileConfig({
      port: 4443,
      tls: { server_cert: 's.pem', server_key: 'k.pem', ca_file: 'ca.pem' },
      rate_limit: { message_limit: 10, message_interval_time: 2 },
    });
    const r = resolveConfig(file, { port: 0 }, '/etc/bridge');
    assert.equal(r.port, 0);
    assert.equal(r.certFile, '/etc/bridge/s.pem');
    assert.deepEqual(r.vehicleCaFiles, ['/etc/bridge/ca.pem']);
    assert.deepEqual(r.rateLimit, { limit: 10, intervalMs: 2000 });
    assert.deepEqual(r.feed, { host: '127.0.0.1', port: 0, queueLimit: undefined });
    // Tesla's prod vehicle CAs are trusted by default, so no extra CA file is needed (fleet-telemetry's ca_file is optional).
    assert.equal(r.teslaCa, 'prod');
    assert.deepEqual(resolveConfig({}, { cert: 'a', key: 'b' }, '/').vehicleCaFiles, []);
    assert.equal(resolveConfig(parseFileConfig({ ...file, use_default_eng_ca: true }), {}, '/').teslaCa, 'eng');
    assert.equal(resolveConfig(file, { useDefaultEngCa: true }, '/').teslaCa, 'eng');
    assert.throws(() => parseFileConfig({ use_default_eng_ca: 'yes' }), /use_default_eng_ca must be true or false/);
    assert.throws(() => resolveConfig(file, { reliableAck: true }, '/'), /spool/);
    assert.throws(() => resolveConfig(parseFileConfig({ ...file, feed: { host: '0.0.0.0' } }), {}, '/'), /loopback/);
    assert.equal(resolveConfig(parseFileConfig({ ...file, rate_limit: { enabled: false } }), {}, '/').rateLimit, undefined);
    assert.equal(resolveConfig(file, { noFeed: true }, '/').feed, undefined);
  });

  it('monitoring.prometheus_metrics_port (as fleet-telemetry names it) and --metrics-port; workers and --workers', () => {
    const base = { tls: { server_cert: 's.pem', server_key: 'k.pem' } };
    assert.equal(resolveConfig(parseFileConfig(base), {}, '/').metricsPort, undefined, 'metrics are off by default');
    const file = parseFileConfig({ ...base, monitoring: { prometheus_metrics_port: 9273 }, workers: 2 });
    assert.equal(resolveConfig(file, {}, '/').metricsPort, 9273);
    assert.equal(resolveConfig(file, { metricsPort: 0 }, '/').metricsPort, 0);
    assert.equal(resolveConfig(file, {}, '/').workers, 2);
    assert.equal(resolveConfig(file, { workers: 1 }, '/').workers, 1);
    assert.throws(() => parseFileConfig({ monitoring: { profiler_port: 1 } }), /monitoring: unknown key "profiler_port"/);
    assert.throws(
      () => parseFileConfig({ monitoring: { prometheus_metrics_port: 70000 } }),
      /monitoring.prometheus_metrics_port must be an integer in 0..65535/,
    );
    assert.throws(() => parseFileConfig({ workers: 0 }), /workers must be an integer in 1..1024/);
  });

  it('token bucket: bursts up to the limit, then refills at limit/interval', () => {
    let now = 0;
    const rl = createRateLimiter({ limit: 3, intervalMs: 3000 }, () => now);
    assert.deepEqual([rl.tryTake(), rl.tryTake(), rl.tryTake(), rl.tryTake()], [true, true, true, false]);
    now = 999;
    assert.equal(rl.tryTake(), false);
    now = 1000;
    assert.equal(rl.tryTake(), true);
    assert.equal(rl.tryTake(), false);
    now = 100000;
    assert.deepEqual([rl.tryTake(), rl.tryTake(), rl.tryTake(), rl.tryTake()], [true, true, true, false]);
  });

  it('identity: a single safe CN becomes the VIN; several or odd CNs are refused', () => {
    const cert = (cn: unknown): PeerCertificate => ({ subject: { CN: cn } }) as unknown as PeerCertificate;
    assert.equal(vinFromCertificate(cert('5YJ3E1EA1KF000001')), '5YJ3E1EA1KF000001');
    assert.equal(vinFromCertificate(cert('device.1')), 'device-1');
    assert.equal(vinFromCertificate(cert(['A', 'B'])), undefined);
    assert.equal(vinFromCertificate(cert('VIN"><script>')), undefined);
    assert.equal(vinFromCertificate(cert('')), undefined);
    assert.equal(vinFromCertificate(undefined), undefined);
    assert.equal(
      connectionIdFrom('2F1C4B1E-6D0B-4C0E-9E55-1A2B3C4D5E6F', () => 'fresh'),
      '2f1c4b1e-6d0b-4c0e-9e55-1a2b3c4d5e6f',
    );
    assert.equal(
      connectionIdFrom('not-a-uuid', () => 'fresh'),
      'fresh',
    );
  });
});
