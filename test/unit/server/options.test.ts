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

  it('FT250: alert_types outside service/customer/service-fix, with a suggestion', () => {
    const text = withExtra({ alert_types: ['service', 'custmer', 'everything', 3] });
    const d = only(text, 'FT250');
    assert.deepEqual(d.map((x) => covered(text, x)), ['"custmer"', '"everything"', '3']);
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
