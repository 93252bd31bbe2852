import assert from 'node:assert/strict';
import { codesOf, config, covered, diagnose, json, only, VIN_A } from './helpers';

describe('server/service structure rules', () => {
  it('a valid bare config yields only the cost information', () => {
    assert.deepEqual(codesOf(json(config())), ['FT270']);
  });

  it('a valid full request {vins, config} yields only the cost information', () => {
    assert.deepEqual(codesOf(json({ vins: [VIN_A], config: config() })), ['FT270']);
  });

  it('FT001: syntax errors are errors with the parser message', () => {
    const text = '{ "hostname": "a.example.com", ';
    const d = only(text, 'FT001');
    assert.ok(d.length >= 1);
    assert.equal(d[0].severity, 1);
  });

  it('FT002: comments are tolerated with a warning on the exact comment', () => {
    const text = json(config()).replace('{', '{\n  // my server\n  /* block */');
    const d = only(text, 'FT002');
    assert.equal(d.length, 2);
    assert.equal(d[0].severity, 2);
    assert.equal(covered(text, d[0]), '// my server');
    assert.equal(covered(text, d[1]), '/* block */');
    assert.equal(only(text, 'FT001').length, 0, 'comments are not syntax errors');
  });

  it('FT003: duplicate keys are reported on the later key, at any depth', () => {
    const text = '{"hostname":"a.example.com","hostname":"b.example.com","fields":{"Soc":{"interval_seconds":1,"interval_seconds":2}}}';
    const d = only(text, 'FT003');
    assert.equal(d.length, 2);
    assert.deepEqual(
      d.map((x) => covered(text, x)),
      ['"hostname"', '"interval_seconds"'],
    );
    assert.equal(d[0].range.start.character, text.indexOf('"hostname"', 5));
  });

  it('FT004: unknown config, request and field-rule keys, with did-you-mean', () => {
    const text = json({ vins: [VIN_A], extra: 1, config: config({ extra: { hostnme: 'x' }, fields: { Soc: { interval_second: 5, interval_seconds: 5 } } }) });
    const d = only(text, 'FT004');
    assert.deepEqual(d.map((x) => covered(text, x)).sort(), ['"extra"', '"hostnme"', '"interval_second"']);
    const hostnme = d.find((x) => covered(text, x) === '"hostnme"')!;
    assert.match(hostnme.message, /Did you mean "hostname"\?/);
    assert.equal(hostnme.data?.fixes?.[0].title, 'Change to "hostname"');
  });

  it('FT005: wrong JSON types are errors on the value', () => {
    const text = json(config({ fields: [], extra: { prefer_typed: 'yes', alert_types: 'service' } }));
    const d = only(text, 'FT005');
    assert.deepEqual(d.map((x) => covered(text, x)).sort(), ['"service"', '"yes"', '[]']);
    assert.ok(codesOf('[1,2]').includes('FT005'));
    assert.ok(codesOf('"just a string"').includes('FT005'));
  });

  it('FT006: missing required keys in a bare config and in a request', () => {
    const bare = only(json(config({ omit: ['hostname', 'ca'] })), 'FT006');
    assert.deepEqual(bare.map((d) => /"(\w+)"/.exec(d.message)?.[1]).sort(), ['ca', 'hostname']);
    const request = only(json({ config: config() }), 'FT006');
    assert.equal(request.length, 1);
    assert.match(request[0].message, /vins/);
    const noConfig = only(json({ vins: [VIN_A] }), 'FT006');
    assert.match(noConfig[0].message, /config/);
  });

  it('FT007: iss and aud are flagged as signer claims with a remove fix', () => {
    const text = json(config({ extra: { iss: 'abc', aud: 'x' } }));
    const d = only(text, 'FT007');
    assert.equal(d.length, 2);
    assert.equal(d[0].severity, 2);
    assert.match(d[0].data!.fixes![0].title, /Remove/);
  });

  it('every diagnostic carries source fleetkit and an FT code', () => {
    for (const d of diagnose('{"port": "x", "fields": {"Nope": 1}}')) {
      assert.equal(d.source, 'fleetkit');
      assert.match(d.code, /^FT\d{3}$/);
    }
  });
});
