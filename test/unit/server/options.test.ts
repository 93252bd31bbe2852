import assert from 'node:assert/strict';
import { codesOf, config, covered, json, NOW_S, only } from './helpers';

const YEAR = 365 * 86_400;
const withExtra = (extra: Record<string, unknown>, omit: string[] = []): string => json(config({ extra, omit }));

describe('server/service exp, alert_types, delivery_policy, prefer_typed', () => {
  it('FT230: exp in the past or now is an error with a "1 year from now" fix', () => {
    for (const exp of [NOW_S - 1, NOW_S]) {
      const text = withExtra({ exp });
      const d = only(text, 'FT230');
      assert.equal(d.length, 1);
      assert.equal(covered(text, d[0]), String(exp));
      assert.equal(d[0].data!.fixes![0].title, 'Set exp to 1 year from now');
      assert.equal(d[0].data!.fixes![0].edits[0].newText, String(NOW_S + YEAR));
    }
  });

  it('FT231: exp more than a year ahead is a warning', () => {
    const d = only(withExtra({ exp: NOW_S + YEAR + 3600 }), 'FT231');
    assert.equal(d.length, 1);
    assert.equal(d[0].severity, 2);
    assert.equal(only(withExtra({ exp: NOW_S + YEAR - 3600 }), 'FT231').length, 0);
  });

  it('FT232: exp in milliseconds or not an integer', () => {
    assert.match(only(withExtra({ exp: (NOW_S + 3600) * 1000 }), 'FT232')[0].message, /milliseconds/);
    assert.equal(only(withExtra({ exp: '2027-01-01' }), 'FT232').length, 1);
    assert.equal(only(withExtra({ exp: NOW_S + 10.5 }), 'FT232').length, 1);
  });

  it('nbf and iat (standard JWT claims of the signed config) are accepted like exp: no unknown-key error, nothing to report', () => {
    const codes = codesOf(withExtra({ nbf: NOW_S - 60, iat: NOW_S - 60 }));
    assert.deepEqual(codes, codesOf(withExtra({})), 'the same diagnostics as without them (only the cost hint)');
    assert.ok(!codes.includes('FT004'));
    assert.deepEqual(codesOf(withExtra({ nbf: NOW_S, iat: NOW_S }, ['exp'])), codesOf(withExtra({}, ['exp'])), 'now is not the future');
  });

  it('FT233: nbf or iat not an integer of epoch seconds (a string, a fraction, milliseconds)', () => {
    for (const claim of ['nbf', 'iat']) {
      const text = withExtra({ [claim]: '2026-01-01' });
      const d = only(text, 'FT233');
      assert.equal(d.length, 1, claim);
      assert.equal(d[0].severity, 1);
      assert.equal(covered(text, d[0]), '"2026-01-01"');
      assert.equal(d[0].data!.fixes![0].title, `Set ${claim} to now`);
      assert.equal(d[0].data!.fixes![0].edits[0].newText, String(NOW_S));
      assert.equal(only(withExtra({ [claim]: NOW_S - 0.5 }), 'FT233').length, 1);
      assert.equal(only(withExtra({ [claim]: null }), 'FT233').length, 1);
      const ms = only(withExtra({ [claim]: (NOW_S - 60) * 1000 }), 'FT233');
      assert.match(ms[0].message, /milliseconds/);
      assert.equal(ms[0].data!.fixes![0].edits[0].newText, String(NOW_S - 60), 'the fix converts to seconds');
      assert.ok(!codesOf(withExtra({ [claim]: '2026-01-01' })).includes('FT005'), 'one diagnostic, not a second type error');
    }
  });

  it('FT234: nbf or iat in the future is a warning (iat gets a "set to now" fix)', () => {
    const nbf = only(withExtra({ nbf: NOW_S + 3600 }), 'FT234');
    assert.equal(nbf.length, 1);
    assert.equal(nbf[0].severity, 2);
    assert.match(nbf[0].message, /not valid until then/);
    const iat = only(withExtra({ iat: NOW_S + 3600 }), 'FT234');
    assert.equal(iat.length, 1);
    assert.equal(iat[0].data!.fixes![0].edits[0].newText, String(NOW_S));
  });

  it('FT235: nbf at or after exp means the config is never valid', () => {
    const d = only(withExtra({ exp: NOW_S + 3600, nbf: NOW_S + 3600 }), 'FT235');
    assert.equal(d.length, 1);
    assert.equal(d[0].severity, 1);
    assert.equal(only(withExtra({ exp: NOW_S + 3600, nbf: NOW_S + 3599 }), 'FT235').length, 0);
    assert.equal(only(withExtra({ exp: 'soon', nbf: NOW_S + 3600 }), 'FT235').length, 0, 'a broken exp is reported once, as FT232');
  });

  it('FT250: alert_types outside service/customer/service-fix, with a suggestion', () => {
    const text = withExtra({ alert_types: ['service', 'custmer', 'everything', 3] });
    const d = only(text, 'FT250');
    assert.deepEqual(
      d.map((x) => covered(text, x)),
      ['"custmer"', '"everything"', '3'],
    );
    assert.equal(d[0].data!.fixes![0].edits[0].newText, '"customer"');
    assert.equal(only(withExtra({ alert_types: ['service', 'customer', 'service-fix'] }), 'FT250').length, 0);
  });

  it('FT251: delivery_policy other than latest', () => {
    const d = only(withExtra({ delivery_policy: 'all' }), 'FT251');
    assert.equal(d.length, 1);
    assert.equal(d[0].data!.fixes![0].edits[0].newText, '"latest"');
  });

  it('FT260: missing prefer_typed is a hint with an "add prefer_typed" fix', () => {
    const text = withExtra({}, ['prefer_typed']);
    const d = only(text, 'FT260');
    assert.equal(d.length, 1);
    assert.equal(d[0].severity, 4);
    const edit = d[0].data!.fixes![0].edits[0];
    assert.match(edit.newText, /"prefer_typed": true/);
    assert.ok(!codesOf(withExtra({ prefer_typed: false })).includes('FT260'));
  });
});
