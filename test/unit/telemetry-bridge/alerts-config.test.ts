import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { workersAllowed } from '../../../telemetry-bridge/cluster/worker-count';
import { parseBridgeFlags } from '../../../telemetry-bridge/command';
import { BridgeConfigError, parseFileConfig, resolveConfig } from '../../../telemetry-bridge/config';

const TLS = { tls: { server_cert: 'c.pem', server_key: 'k.pem' } };

describe('telemetry-bridge: the alert settings', () => {
  it('bridge.json alerts: file relative to the config, webhook passed on; --alerts and --alerts-webhook win', () => {
    const file = parseFileConfig({ ...TLS, alerts: { file: 'fleet.alerts.json', webhook: 'https://hooks.example.com/a' } });
    assert.deepEqual(resolveConfig(file, {}, '/etc/fk').alerts, { file: '/etc/fk/fleet.alerts.json', webhook: 'https://hooks.example.com/a' });
    const flagged = resolveConfig(file, parseBridgeFlags(['--alerts', 'mine.alerts.json', '--alerts-webhook', 'http://127.0.0.1:9/x']), '/etc/fk');
    assert.deepEqual(flagged.alerts, { file: resolve('mine.alerts.json'), webhook: 'http://127.0.0.1:9/x' });
    assert.equal(resolveConfig(parseFileConfig({ ...TLS, alerts: false }), {}, '/etc/fk').alerts, undefined);
    assert.equal(resolveConfig(parseFileConfig(TLS), {}, '/etc/fk').alerts, undefined, 'off by default');
  });

  it('bad alert settings name the fix', () => {
    assert.throws(
      () => parseFileConfig({ alerts: { file: 'a.alerts.json', hook: 'x' } }),
      (e: Error) => e instanceof BridgeConfigError && /alerts: unknown key "hook"/.test(e.message),
    );
    assert.throws(() => parseFileConfig({ alerts: 'a.alerts.json' }), /alerts must be an object/);
    assert.throws(() => resolveConfig(parseFileConfig({ ...TLS, alerts: { webhook: 'https://x' } }), {}, '/x'), /alerts.file is required/);
    assert.throws(() => resolveConfig(parseFileConfig(TLS), parseBridgeFlags(['--alerts-webhook', 'https://x']), '/x'), /--alerts-webhook needs alert rules/);
    assert.throws(
      () => resolveConfig(parseFileConfig(TLS), parseBridgeFlags(['--alerts', 'a.alerts.json', '--alerts-webhook', 'ftp://x']), '/x'),
      /must be an http:\/\/ or https:\/\/ URL/,
    );
  });

  it('alert rules run the bridge as one process; more workers is an error naming --workers 1', () => {
    assert.equal(workersAllowed(undefined, undefined, true), 1);
    assert.equal(workersAllowed(1, undefined, true), 1);
    assert.throws(
      () => workersAllowed(2, undefined, true),
      /alert rules \(--alerts\) keep every vehicle's state in one process: run the bridge with --workers 1/,
    );
    assert.equal(workersAllowed(3, undefined, false), 3);
  });
});
