import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  decodePayload,
  decodePayloadJson,
  doubleText,
  encodeVehicleData,
  encodeVehicleErrors,
  float32Text,
  formatFixed,
  JsonOut,
  parseFloat32,
  parseLocationText,
  rewriteScientificNotation,
  TYPES,
  type DatumJson,
} from '../../../core/telemetry-wire';

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
        assert.deepEqual(
          JSON.parse(out.toString()),
          strings.map((s) => JSON.parse(JSON.stringify(s)) as string),
        );
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

// Facts from teslamotors/fleet-telemetry telemetry/record.go (applyProtoRecordTransforms for "V" records):
// transformLocation (first Location datum only), then transformScientificNotation on every string value: regex
// ^[+-]?(\d*\.\d+|\d+\.\d*)([eE][+-]?\d+)$, strconv.ParseFloat(s, 32), fmt.Sprintf("%.5f", floatVal). Expected texts
// below follow Go's rules: a single correct rounding to float32, then the exact binary value to 5 decimals, half to even.
describe('decoded JSON: fleet-telemetry record.go transforms and Go number formatting', () => {
  const decodeV = (data: DatumJson[]): Array<{ key: unknown; value: Record<string, unknown> }> =>
    decodePayload('V', encodeVehicleData({ data }), 'V1').data as Array<{ key: unknown; value: Record<string, unknown> }>;
  const text = (s: string): unknown => decodeV([{ key: 'Soc', value: { stringValue: s } }])[0].value.stringValue;

  it('rewrites scientific-notation strings as %.5f of their float32 (the regex needs a dot: "1e5" stays)', () => {
    const cases: Array<[string, string]> = [
      ['1.5e-3', '0.00150'],
      ['-2.E+2', '-200.00000'],
      ['.5e1', '5.00000'],
      ['+1.e0', '1.00000'],
      ['1.234567e4', '12345.66992'], // float32 12345.669921875: a double would print 12345.67000
      ['1.23456789e2', '123.45679'], // float32 123.456787109375
      ['9.999995e0', '10.00000'], // float32 9.999995231628418 rounds up into the next integer
      ['1.5625e-2', '0.01562'], // exactly 0.015625: half to even keeps 2 (JavaScript's toFixed gives 0.01563)
      ['4.6875e-2', '0.04688'], // exactly 0.046875: half to even, 7 is odd so up
      ['3.90625e-3', '0.00391'],
      ['3.4e38', '339999995214436424907732413799364296704.00000'], // every integer digit, no exponent
      ['1.0e-50', '0.00000'], // float32 underflow is no error in Go
      ['-1.0e-50', '-0.00000'], // and keeps the sign
      ['-1.0e-7', '-0.00000'],
      ['-0.0e0', '-0.00000'],
    ];
    for (const [input, expected] of cases) {
      assert.equal(rewriteScientificNotation(input), expected, input);
      assert.equal(text(input), expected, `${input} in a decoded record`);
    }
  });

  it('leaves strings alone that do not match or do not parse as a float32', () => {
    for (const s of ['1e5', '1E-3', '12.5', '1.5e', '1.5e+', 'e1.5', ' 1.5e-3', '1.5e-3 ', '1.5e-3x', '0x1.8p1', 'NaN', '1.5 e3', '..5e1', '', 'abc']) {
      assert.equal(rewriteScientificNotation(s), undefined, JSON.stringify(s));
      assert.equal(text(s), s, JSON.stringify(s));
    }
    assert.equal(rewriteScientificNotation('3.5e38'), undefined, 'beyond the largest float32: ParseFloat fails with ErrRange, the string stays');
    assert.equal(rewriteScientificNotation('1.0e400'), undefined);
  });

  it('parses as float32 with one rounding, settling decimals that a double puts exactly between two float32s', () => {
    // Around 2^20 float32 values are 0.125 apart. 1048576.0625 is halfway between 1048576 and 1048576.125; a decimal a
    // hair above it becomes exactly that midpoint as a double, and Math.fround would then round to the even 1048576.
    assert.equal(parseFloat32('1.0485760625000000000001e6'), 1048576.125);
    assert.equal(rewriteScientificNotation('1.0485760625000000000001e6'), '1048576.12500');
    assert.equal(rewriteScientificNotation('1.0485760624999999999999e6'), '1048576.00000');
    assert.equal(rewriteScientificNotation('1.0485760625e6'), '1048576.00000', 'an exact tie goes to the even float32');
    assert.equal(rewriteScientificNotation('1.0485761875e6'), '1048576.25000', 'an exact tie goes to the even float32');
    assert.equal(parseFloat32('3.4028235e38'), 3.4028234663852886e38);
    assert.equal(parseFloat32('3.4028236e38'), undefined);
    assert.equal(formatFixed(0.5, 0), '0');
    assert.equal(formatFixed(1.5, 0), '2');
    assert.equal(formatFixed(2.5, 0), '2');
  });

  it('applies only to string values of V records: typed values, alerts and errors are untouched', () => {
    const data = decodeV([
      { key: 'Soc', value: { floatValue: 0.0015 } },
      { key: 'VehicleName', value: { stringValue: '1.5e-3' } },
      { key: 'Version', value: { stringValue: '2025.44.25.5' } },
    ]);
    assert.deepEqual(
      data.map((d) => d.value),
      [{ floatValue: 0.0015 }, { stringValue: '0.00150' }, { stringValue: '2025.44.25.5' }],
    );
    const alerts = TYPES.VehicleAlerts.encode({ alerts: [{ name: '1.5e-3' }] }).finish();
    assert.equal((decodePayload('alerts', alerts, 'V1').alerts as Array<{ name: string }>)[0].name, '1.5e-3');
    const errors = encodeVehicleErrors({ errors: [{ name: '1.5e-3', body: '2.5e1' }] });
    assert.deepEqual(
      (decodePayload('errors', errors, 'V1').errors as Array<{ name: string; body: string }>).map((e) => [e.name, e.body]),
      [['1.5e-3', '2.5e1']],
    );
  });

  it('turns only the first Location datum into a locationValue, by Go Sscanf("(%f %1s, %f %1s)") rules', () => {
    const data = decodeV([
      { key: 'Location', value: { stringValue: '(37.412374 N, 122.145867 W)' } },
      { key: 'Location', value: { stringValue: '(1.5 S, 2.5 E)' } },
    ]);
    assert.deepEqual(data[0].value, { locationValue: { latitude: 37.412374, longitude: -122.145867 } });
    assert.deepEqual(data[1].value, { stringValue: '(1.5 S, 2.5 E)' }, 'record.go stops at the first Location datum');
    const afterTyped = decodeV([
      { key: 'Location', value: { locationValue: { latitude: 1, longitude: 2 } } },
      { key: 'Location', value: { stringValue: '(1.5 S, 2.5 E)' } },
    ]);
    assert.deepEqual(afterTyped[1].value, { stringValue: '(1.5 S, 2.5 E)' }, 'even when the first one was typed');
    const accepted: Array<[string, [number, number]]> = [
      ['(37.4 S, 122.1 E)', [-37.4, 122.1]],
      ['( 37.4 N,   122.1 W)', [37.4, -122.1]], // %f skips spaces; a format space takes one or more
      ['(37.4\tN,\t122.1\tW)', [37.4, -122.1]],
      ['(-37.4 N, +1e2 E)', [-37.4, 100]], // %f takes a sign and an exponent
      ['(37.4 N, 122.1 W) trailing', [37.4, -122.1]], // Sscanf ignores input after the format
      ['(37. N, .5 E)', [37, 0.5]],
      ['(1.5p2 N, 0 E)', [6, 0]], // fmt's own binary exponent
    ];
    for (const [input, [lat, lon]] of accepted) assert.deepEqual(parseLocationText(input), { latitude: lat, longitude: lon }, input);
    for (const input of [
      '(37.4N, 122.1W)', // a format space needs at least one input space
      '(37.4 N , 122.1 W)', // the comma must follow the letter
      '(37.4 N,122.1 W)',
      '(37.4 N, 122.1 W )',
      ' (37.4 N, 122.1 W)',
      '(37.4 n, 122.1 W)',
      '(37.4 N, 122.1 X)',
      '(37.4 NORTH, 122.1 W)',
      '(37.4\nN, 122.1 W)', // Sscanf does not take a newline for a space
      '(37.4 N, 122.1 W',
      '(. N, 1 E)',
      '(1.5P2 N, 0 E)', // strconv refuses an upper-case P
      'somewhere',
      '',
    ]) {
      assert.equal(parseLocationText(input), undefined, JSON.stringify(input));
    }
  });

  it('prints floats and doubles as Go protojson does: -0 keeps its sign, float32 ties to even, powers of two', () => {
    const values = decodeV([
      { key: 'Soc', value: { floatValue: -0 } },
      { key: 'Soc', value: { doubleValue: -0 } },
      { key: 'Soc', value: { floatValue: 1048576.25 } }, // 1048576.2 and 1048576.3 both read back: Go takes the even
      { key: 'Soc', value: { floatValue: 1824.34375 } }, // 1824.3437 / 1824.3438: the even is the upper one
      { key: 'Soc', value: { floatValue: 2 ** -96 } }, // 1.2621774e-29 is nearer but does not read back; 1.2621775e-29 does
      { key: 'Soc', value: { floatValue: 1e-7 } },
      { key: 'Soc', value: { doubleValue: 1e21 } },
    ]);
    const json = decodePayloadJson('V', encodeVehicleData({ data: [] }), 'V1');
    assert.equal(json, '{"data":[],"createdAt":null,"vin":"V1","isResend":false}', 'compact: no spaces, declaration order');
    const raw = decodePayloadJson(
      'V',
      encodeVehicleData({
        data: [
          { key: 'Soc', value: { floatValue: -0 } },
          { key: 'Soc', value: { doubleValue: -0 } },
        ],
      }),
      'V1',
    );
    assert.match(raw, /\{"floatValue":-0\}.*\{"doubleValue":-0\}/);
    assert.deepEqual(
      values.slice(2).map((d) => Object.values(d.value)[0]),
      [1048576.2, 1824.3438, 1.2621775e-29, 1e-7, 1e21],
    );
    assert.equal(float32Text(Math.fround(1e-7)), '1e-7');
    assert.equal(float32Text(Math.fround(1e21)), '1e+21');
    assert.equal(float32Text(Math.fround(123456789)), '123456790');
    assert.equal(float32Text(Math.fround(0.1)), '0.1');
    assert.equal(float32Text(-Math.fround(21.3)), '-21.3');
    assert.equal(doubleText(-0), '-0');
  });

  it('writes map entries sorted by key, as Go protojson does (UTF-8 byte order)', () => {
    const errors = TYPES.VehicleErrors.encode({
      errors: [{ name: 'e', tags: { zeta: '1', alpha: '2', '10': '3', '9': '4', '\ue000': '5', '\u{1f697}': '6' } }],
    }).finish();
    const json = decodePayloadJson('errors', errors, 'V1');
    assert.match(json, /"tags":\{"10":"3","9":"4","alpha":"2","zeta":"1","\ue000":"5","\u{1f697}":"6"\}/u);
  });
});

describe('decoded JSON: strings that are not UTF-8', () => {
  // Go's proto.Unmarshal refuses a proto3 string field that is not valid UTF-8, so fleet-telemetry's NewRecord fails
  // (telemetry/record.go applyProtoRecordTransforms) and the vehicle gets "incorrect message format"
  // (server/streaming/socket.go respondToVehicle): the record is never dispatched.
  const withBytes = (encoded: Uint8Array, marker: string, replacement: number[]): Uint8Array => {
    const b = Buffer.from(encoded);
    const at = b.indexOf(Buffer.from(marker));
    assert.ok(at >= 0);
    return Buffer.concat([b.subarray(0, at), Buffer.from(replacement), b.subarray(at + marker.length)]);
  };

  it('refuses a V, alerts or errors payload with a string that is not UTF-8, anywhere', () => {
    const v = encodeVehicleData({ data: [{ key: 'VehicleName', value: { stringValue: 'car XY' } }] });
    assert.throws(() => decodePayload('V', withBytes(v, 'XY', [0xc3, 0x28]), 'V1'), /not valid UTF-8/);
    const location = encodeVehicleData({ data: [{ key: 'Location', value: { stringValue: '(1.5 N, 2.5 E)XY' } }] });
    assert.throws(() => decodePayload('V', withBytes(location, 'XY', [0xff, 0xfe]), 'V1'), /not valid UTF-8/, 'even where Sscanf would stop before it');
    const bodyVin = encodeVehicleData({ data: [], vin: 'XY0000' });
    assert.throws(() => decodePayload('V', withBytes(bodyVin, 'XY', [0xed, 0xa0]), 'V1'), /not valid UTF-8/, 'the body VIN is checked before it is replaced');
    const alerts = TYPES.VehicleAlerts.encode({ alerts: [{ name: 'XY_alert' }] }).finish();
    assert.throws(() => decodePayload('alerts', withBytes(alerts, 'XY', [0xc0, 0x80]), 'V1'), /not valid UTF-8/);
    const errors = encodeVehicleErrors({ errors: [{ name: 'e', tags: { XY: 'v' } }] });
    assert.throws(() => decodePayload('errors', withBytes(errors, 'XY', [0x80, 0x80]), 'V1'), /not valid UTF-8/, 'map keys too');
  });

  it('keeps a real U+FFFD and any other valid text', () => {
    for (const s of ['\ufffd', 'a\ufffdb', '🚗 é 東京']) {
      assert.deepEqual(decodePayload('V', encodeVehicleData({ data: [{ key: 'VehicleName', value: { stringValue: s } }] }), 'V1').data, [
        { key: 'VehicleName', value: { stringValue: s } },
      ]);
      assert.equal(
        (decodePayload('alerts', TYPES.VehicleAlerts.encode({ alerts: [{ name: s }] }).finish(), 'V1').alerts as Array<{ name: string }>)[0].name,
        s,
      );
    }
  });
});
