import assert from 'node:assert/strict';
import type { TextEdit } from 'vscode-json-languageservice';
import { createTelemetryConfigService } from '../../../server/service/language-service';
import { config, diagnose, doc, json, NOW_MS, NOW_S } from './helpers';

const service = () => createTelemetryConfigService({ now: () => NOW_MS });

function applyEdits(text: string, edits: TextEdit[]): string {
  const document = doc(text);
  const sorted = [...edits].sort((a, b) => document.offsetAt(b.range.start) - document.offsetAt(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, document.offsetAt(e.range.start)) + e.newText + out.slice(document.offsetAt(e.range.end));
  return out;
}

/** Applies the quick fix titled `title` for the first diagnostic with `code`, returns the new text. */
function fix(text: string, code: string, title: string): string {
  const d = diagnose(text).find((x) => x.code === code);
  assert.ok(d, `no ${code} in ${text}`);
  const actions = service().codeActions(doc(text), d.range, [d]);
  const action = actions.find((a) => a.title === title);
  assert.ok(action, `no action "${title}" among ${actions.map((a) => a.title).join(', ')}`);
  return applyEdits(text, action.edit!.changes![doc(text).uri]);
}

describe('server/service hover', () => {
  const text = json({
    vins: ['5YJ3E1EA8KF000001'],
    config: config({ fields: { DetailedChargeState: { interval_seconds: 60 }, Nope: { interval_seconds: 1 } } }),
  });
  const at = (needle: string) => doc(text).positionAt(text.indexOf(needle) + 2);

  it('documents field names', () => {
    const h = service().hover(doc(text), at('"DetailedChargeState"'));
    const value = (h!.contents as { value: string }).value;
    assert.match(value, /\*\*DetailedChargeState\*\* \(field 179\)/);
    assert.match(value, /Minimum firmware: 2024\.38/);
    assert.equal(h!.range!.start.character, doc(text).positionAt(text.indexOf('"DetailedChargeState"')).character);
  });

  it('documents config keys, request keys and field-rule keys; says so for unknown fields', () => {
    assert.match((service().hover(doc(text), at('"port"'))!.contents as { value: string }).value, /string port silently breaks/);
    assert.match((service().hover(doc(text), at('"vins"'))!.contents as { value: string }).value, /17 characters/);
    assert.match((service().hover(doc(text), at('"interval_seconds"'))!.contents as { value: string }).value, /Minimum seconds/);
    assert.match((service().hover(doc(text), at('"Nope"'))!.contents as { value: string }).value, /not a Fleet Telemetry field/);
  });

  it('returns null on values and whitespace', () => {
    assert.equal(service().hover(doc(text), at('"telemetry.example.com"')), null);
    assert.equal(service().hover(doc(text), { line: 0, character: 0 }), null);
  });
});

describe('server/service code actions', () => {
  it('did-you-mean renames an unknown field and the result validates clean', () => {
    const text = json(config({ fields: { VehicleSped: { interval_seconds: 10 } } }));
    const fixed = fix(text, 'FT101', 'Change to "VehicleSpeed"');
    assert.deepEqual(JSON.parse(fixed).fields, { VehicleSpeed: { interval_seconds: 10 } });
    assert.ok(!diagnose(fixed).some((d) => d.code === 'FT101'));
  });

  it('converts a string port to a number', () => {
    const fixed = fix(json(config({ port: '4443' })), 'FT202', 'Convert port to a number');
    assert.equal(JSON.parse(fixed).port, 4443);
  });

  it('adds prefer_typed to a multi-line and a single-line config', () => {
    const multi = fix(json(config({ omit: ['prefer_typed'] })), 'FT260', 'Add "prefer_typed": true');
    assert.equal(JSON.parse(multi).prefer_typed, true);
    assert.match(multi, /\n {2}"prefer_typed": true\n}/);
    const single = fix(JSON.stringify(config({ omit: ['prefer_typed'] })), 'FT260', 'Add "prefer_typed": true');
    assert.equal(JSON.parse(single).prefer_typed, true);
    const request = fix(json({ vins: ['5YJ3E1EA8KF000001'], config: config({ omit: ['prefer_typed'] }) }), 'FT260', 'Add "prefer_typed": true');
    assert.equal(JSON.parse(request).config.prefer_typed, true);
  });

  it('removes a deprecated field wherever it sits (first, middle, last)', () => {
    for (const order of [
      ['Deprecated_2', 'Soc', 'Odometer'],
      ['Soc', 'Deprecated_2', 'Odometer'],
      ['Soc', 'Odometer', 'Deprecated_2'],
    ]) {
      const fields = Object.fromEntries(order.map((n) => [n, { interval_seconds: 60 }]));
      const fixed = fix(json(config({ fields })), 'FT102', 'Remove deprecated field "Deprecated_2"');
      assert.deepEqual(
        Object.keys(JSON.parse(fixed).fields),
        order.filter((n) => n !== 'Deprecated_2'),
      );
    }
  });

  it('sets exp to one year from now', () => {
    const fixed = fix(json(config({ extra: { exp: 1000 } })), 'FT230', 'Set exp to 1 year from now');
    assert.equal(JSON.parse(fixed).exp, NOW_S + 365 * 86_400);
  });

  it('strips scheme and port from hostname', () => {
    const fixed = fix(json(config({ hostname: 'https://telemetry.example.com:443/' })), 'FT210', 'Use "telemetry.example.com"');
    assert.equal(JSON.parse(fixed).hostname, 'telemetry.example.com');
  });

  it('offers nothing for a range without fixable diagnostics', () => {
    const text = json(config());
    assert.deepEqual(service().codeActions(doc(text), { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } }, []), []);
  });
});

describe('server/service symbols and formatting', () => {
  it('outlines the document', () => {
    const text = json({ vins: ['5YJ3E1EA8KF000001'], config: config() });
    const symbols = service().symbols(doc(text));
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['vins', 'config'],
    );
    const fields = symbols[1].children!.find((s) => s.name === 'fields')!;
    assert.deepEqual(
      fields.children!.map((s) => s.name),
      ['VehicleSpeed', 'Soc'],
    );
  });

  it('formats to indented JSON that parses the same', () => {
    const text = JSON.stringify(config());
    const edits = service().format(doc(text), undefined, { tabSize: 2, insertSpaces: true });
    const formatted = applyEdits(text, edits);
    assert.deepEqual(JSON.parse(formatted), JSON.parse(text));
    assert.ok(formatted.split('\n').length > 10);
  });
});
