import assert from 'node:assert/strict';
import fc from 'fast-check';
import { JsonOut } from '../../../core/telemetry-wire';

describe('telemetry-wire JsonOut', () => {
  it('writes any string value exactly as JSON.stringify does, in UTF-8', () => {
    const out = new JsonOut();
    for (const s of ['', 'plain', 'quote " and \\ backslash', 'tab\tnewline\n\u0000\u001f', 'é ü 東京', '🚗 emoji', '\u2028\u2029', 'lone \ud800 surrogate']) {
      out.reset();
      out.string(s);
      assert.equal(out.toString(), JSON.stringify(s), JSON.stringify(s));
      assert.ok(out.toBuffer().equals(Buffer.from(JSON.stringify(s))));
    }
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 20 }), (strings) => {
        out.reset();
        out.ascii('[');
        strings.forEach((s, i) => {
          if (i) out.ascii(',');
          out.string(s);
        });
        out.ascii(']');
        assert.deepEqual(JSON.parse(out.toString()), strings.map((s) => JSON.parse(JSON.stringify(s)) as string));
      }),
    );
  });

  it('grows past its initial buffer without losing what was written', () => {
    const out = new JsonOut();
    const long = 'x'.repeat(50_000);
    out.ascii('{"a":');
    out.string(long);
    out.text(',"b":"東京"}');
    assert.deepEqual(JSON.parse(out.toString()), { a: long, b: '東京' });
    assert.equal(out.length, out.toBuffer().length);
  });
});
