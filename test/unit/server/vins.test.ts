import assert from 'node:assert/strict';
import { expectedCheckDigit, withCheckDigit } from '../../../core/vin/vin';
import { config, covered, json, only, VIN_A, VIN_B } from './helpers';

const withVins = (vins: unknown): string => json({ vins, config: config() });

describe('server/service VIN rules', () => {
  it('computes the ISO 3779 check digit (known example 1M8GDM9AXKP042788)', () => {
    assert.equal(expectedCheckDigit('1M8GDM9AXKP042788'), 'X');
    assert.equal(expectedCheckDigit(VIN_A), VIN_A[8]);
    assert.equal(expectedCheckDigit(VIN_B), VIN_B[8]);
    assert.equal(withCheckDigit('5YJ3E1EA0KF000001'), VIN_A);
  });

  it('FT240: empty vins', () => {
    assert.equal(only(withVins([]), 'FT240').length, 1);
  });

  it('FT241: VINs that are not 17 characters', () => {
    const text = withVins([VIN_A, 'ABC123', VIN_A + '9']);
    assert.deepEqual(
      only(text, 'FT241').map((d) => covered(text, d)),
      ['"ABC123"', `"${VIN_A}9"`],
    );
  });

  it('FT242: I, O, Q and non-alphanumerics are illegal; lower case gets an upper-case fix', () => {
    const text = withVins(['5YJ3E1EA8KF00000I', '5YJ3E1EA8KF0000-1', VIN_A.toLowerCase()]);
    const d = only(text, 'FT242');
    assert.equal(d.length, 3);
    assert.match(d[0].message, /"I"/);
    assert.equal(d[2].data!.fixes![0].edits[0].newText, JSON.stringify(VIN_A));
    assert.equal(d[0].data, undefined);
  });

  it('FT243: a wrong check digit is a warning', () => {
    const wrong = VIN_A.slice(0, 8) + '1' + VIN_A.slice(9);
    const d = only(withVins([wrong, VIN_A]), 'FT243');
    assert.equal(d.length, 1);
    assert.equal(d[0].severity, 2);
    assert.match(d[0].message, /"8"/);
  });

  it('FT005: vins that are not an array of strings', () => {
    assert.equal(only(withVins('5YJ3E1EA8KF000001'), 'FT005').length, 1);
    assert.equal(only(withVins([42]), 'FT005').length, 1);
  });
});
