import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIRST_RUN_FIELDS, firstRunActivities, firstRunConfig } from '../../../../core/telemetry-config/first-run-fields';
import { CONFIGURABLE_FIELDS, isNumericField } from '../../../../core/telemetry-catalog/index';

describe('core/telemetry-config first-run fields', () => {
  const configurable = new Map(CONFIGURABLE_FIELDS.map((f) => [f.name, f]));

  it('names only configurable fields, with positive whole-second intervals and minimum_delta only on numeric ones', () => {
    const entries = Object.entries(FIRST_RUN_FIELDS);
    assert.ok(entries.length >= 10, 'a drive, a charge and the cabin');
    for (const [name, cfg] of entries) {
      const field = configurable.get(name);
      assert.ok(field, `${name} is a configurable field`);
      assert.ok(Number.isInteger(cfg.interval_seconds) && cfg.interval_seconds > 0, `${name} interval_seconds`);
      if (cfg.resend_interval_seconds !== undefined) {
        assert.ok(Number.isInteger(cfg.resend_interval_seconds) && cfg.resend_interval_seconds > 0, `${name} resend_interval_seconds`);
      }
      if (cfg.minimum_delta !== undefined) {
        assert.ok(isNumericField(field), `${name} takes minimum_delta`);
        assert.ok(cfg.minimum_delta > 0, `${name} minimum_delta`);
      }
    }
  });

  it('is the file scripts/start.mjs reads (npm start streams the same fields as the panel)', () => {
    const start = readFileSync(join(__dirname, '../../../../scripts/start.mjs'), 'utf8');
    assert.match(start, /join\(REPO_ROOT, 'core', 'telemetry-config', 'first-run-fields\.json'\)/);
    const onDisk: unknown = JSON.parse(readFileSync(join(__dirname, '../../../../core/telemetry-config/first-run-fields.json'), 'utf8'));
    assert.deepEqual(onDisk, FIRST_RUN_FIELDS);
    assert.match(start, /join\(REPO_ROOT, 'core', 'telemetry-config', 'first-run\.json'\)/);
  });

  it('the first-run config points at the bridge with typed values and both alert types; the first online car drives, the second charges', () => {
    assert.deepEqual(firstRunConfig({ hostname: 'localhost', port: 4443, ca: 'PEM' }), {
      hostname: 'localhost',
      port: 4443,
      ca: 'PEM',
      prefer_typed: true,
      alert_types: ['service', 'customer'],
      fields: FIRST_RUN_FIELDS,
    });
    assert.deepEqual(firstRunActivities(['VIN1', 'VIN2', 'VIN3']), { VIN1: 'drive', VIN2: 'charge' });
    assert.deepEqual(firstRunActivities(['VIN1']), { VIN1: 'drive' });
    assert.deepEqual(firstRunActivities([]), {});
  });
});
