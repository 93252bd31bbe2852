import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_CODES } from '../../../server/service/codes';

/** The diagnostic code table users read lives in docs/telemetry-config.md ("Diagnostic codes"). */
describe('docs/telemetry-config.md diagnostic code table', () => {
  it('lists every code with its severity, and no others', () => {
    const page = readFileSync(join(__dirname, '../../../docs/telemetry-config.md'), 'utf8');
    const rows = [...page.matchAll(/^\| (FT\d{3}) \| (\w+) \|/gm)].map((m) => `${m[1]} ${m[2]}`);
    const severity = ['', 'error', 'warning', 'information', 'hint'];
    assert.deepEqual(
      rows,
      ALL_CODES.map((c) => `${c.code} ${severity[c.severity]}`),
    );
    assert.equal(new Set(ALL_CODES.map((c) => c.code)).size, ALL_CODES.length, 'codes are unique');
  });
});
