import { strict as assert } from 'node:assert';
import { errorRow, vehicleErrorSummary } from '../../../../client/telemetry/errors-model';

const NOW = Date.parse('2026-03-01T12:00:00Z');
// The text Tesla's cars report for a config signed by an unknown key (fleet-telemetry issue #406).
const KEY = {
  vin: '5YJ3E1EA8KF000001',
  name: 'client-id',
  errorName: 'config_manager_error',
  error: 'error loading config file: crypto/ecdsa: verification error',
  createdAt: NOW - 3 * 60_000,
  txid: 'tx-1',
};
const TLS = {
  vin: '5YJ3E1EA8KF000001',
  name: 'client-id',
  errorName: 'tls_error',
  error: 'tls: failed to verify certificate: x509: certificate signed by unknown authority',
  createdAt: NOW - 2 * 3_600_000,
};

describe('Telemetry view: rows for the errors vehicles report', () => {
  it('the vehicle row counts them and ages the newest ("3 min ago"), the tooltip carries its text and fix', () => {
    const s = vehicleErrorSummary([KEY, TLS], NOW)!;
    assert.equal(s.description, '2 telemetry errors · 3 min ago');
    assert.match(s.tooltip, /newest, 3 min ago: error loading config file: crypto\/ecdsa: verification error\nFix: Sign the config/);
    assert.equal(vehicleErrorSummary([TLS], NOW)!.description, '1 telemetry error · 2 h ago');
    assert.equal(vehicleErrorSummary([], NOW), undefined);
  });

  it('an error row: its name, age and text; the tooltip adds when, the app, the fix and the txid', () => {
    const r = errorRow(KEY, NOW);
    assert.equal(r.label, 'config_manager_error');
    assert.equal(r.description, '3 min ago · error loading config file: crypto/ecdsa: verification error');
    assert.equal(r.tooltip.split('\n')[1], 'Reported 3 min ago (2026-03-01T11:57:00.000Z) for app client-id.');
    assert.match(r.tooltip, /\nFix: Sign the config .*\ntxid tx-1$/);
    const bare = errorRow({ vin: 'V', name: '', error: 'something' }, NOW);
    assert.deepEqual([bare.label, bare.description, bare.tooltip], ['error', 'time unknown · something', 'something\nReported (time unknown).']);
  });
});
