import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { parseBridgeFlags } from '../../../telemetry-bridge/command';
import { BridgeConfigError, parseFileConfig, resolveConfig } from '../../../telemetry-bridge/config';

const TLS = { tls: { server_cert: 'c.pem', server_key: 'k.pem' } };

describe('telemetry-bridge: the history settings', () => {
  it('bridge.json history: file relative to the config, retention passed on; --history wins', () => {
    const file = parseFileConfig({ ...TLS, history: { file: 'h.db', aggregate_days: 30, raw_hours: 6 } });
    const cfg = resolveConfig(file, {}, '/etc/fk');
    assert.deepEqual(cfg.history, { file: '/etc/fk/h.db', retention: { aggregateDays: 30, rawHours: 6 } });
    const flagged = resolveConfig(file, parseBridgeFlags(['--history', 'other.db']), '/etc/fk');
    assert.equal(flagged.history?.file, resolve('other.db'));
    assert.equal(resolveConfig(parseFileConfig({ ...TLS, history: false }), {}, '/etc/fk').history, undefined);
    assert.equal(resolveConfig(parseFileConfig(TLS), {}, '/etc/fk').history, undefined, 'off by default');
  });

  it('bad history settings name the fix', () => {
    assert.throws(
      () => parseFileConfig({ history: { file: 'h.db', keep: 1 } }),
      (e: Error) => e instanceof BridgeConfigError && /history: unknown key "keep"/.test(e.message),
    );
    assert.throws(() => parseFileConfig({ history: 'h.db' }), /history must be an object \(\{"file": "history.db"\}\) or false/);
    assert.throws(() => parseFileConfig({ history: { file: 'h.db', raw_hours: -1 } }), /history.raw_hours must be an integer in 0..8760/);
    assert.throws(() => resolveConfig(parseFileConfig({ ...TLS, history: { aggregate_days: 3 } }), {}, '/x'), /history.file is required/);
  });
});
