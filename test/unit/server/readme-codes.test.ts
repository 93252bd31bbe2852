import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_CODES } from '../../../server/service/codes';

describe('README diagnostic code table', () => {
  it('lists every code with its severity, and no others', () => {
    const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| (FT\d{3}) \| (\w+) \|/gm)].map((m) => `${m[1]} ${m[2]}`);
    const severity = ['', 'error', 'warning', 'information', 'hint'];
    assert.deepEqual(rows, ALL_CODES.map((c) => `${c.code} ${severity[c.severity]}`));
    assert.equal(new Set(ALL_CODES.map((c) => c.code)).size, ALL_CODES.length, 'codes are unique');
  });
});
