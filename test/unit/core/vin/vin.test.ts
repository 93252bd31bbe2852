/** VINs are checked before any billed call (CLI doctor, the editor's VIN inputs). */
import { strict as assert } from 'node:assert';
import { expectedCheckDigit, vinProblem } from '../../../../core/vin/vin';
import { runCli } from '../../../support/cli';

describe('VIN validation', () => {
  it('refuses what cannot be a VIN, with the reason', () => {
    assert.equal(vinProblem('5YJ3E1EA8KF000001'), undefined);
    assert.match(vinProblem('BADVIN') ?? '', /a VIN has 17 characters \(this one has 6\)/);
    assert.match(vinProblem('5YJ3E1EA8KF00000O') ?? '', /"O" cannot appear in a VIN/);
  });

  it('a wrong check digit is not a refusal (the language server warns about it, FT243)', () => {
    assert.equal(vinProblem('5YJ3E1EA7KF000001'), undefined);
    assert.equal(expectedCheckDigit('5YJ3E1EA7KF000001'), '8', 'position 9 should be 8, not 7');
    assert.equal(expectedCheckDigit('5YJ3E1EA8KF000001'), '8');
  });

  it('fleetkit doctor --vin BADVIN is a usage error before anything is sent (exit 2, no token needed)', async () => {
    const { code, err } = await runCli(['doctor', '--vin', 'BADVIN', '--fleet', 'na=https://127.0.0.1:9']);
    assert.equal(code, 2);
    assert.match(err, /--vin "BADVIN" is not a VIN: a VIN has 17 characters/);
  });
});
