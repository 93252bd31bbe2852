import assert from 'node:assert/strict';
import { DiagnosticSeverity, type CompletionItem, type Position } from 'vscode-languageserver';
import { createAlertsService, isAlertsDocument } from '../../../../server/alerts/service';

const service = createAlertsService();

/** The text with `|` removed and the position it marked. */
function at(marked: string): { text: string; position: Position } {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const before = text.slice(0, offset).split('\n');
  return { text, position: { line: before.length - 1, character: before[before.length - 1].length } };
}
const labels = (items: CompletionItem[]): string[] => items.map((i) => i.label);

describe('server/alerts: the *.alerts.json language service', () => {
  it('serves files named *.alerts.json only', () => {
    assert.equal(isAlertsDocument('file:///w/fleet.alerts.json'), true);
    assert.equal(isAlertsDocument('file:///w/fleet.telemetry.json'), false);
    assert.equal(isAlertsDocument('file:///w/alerts.json'), false);
  });

  it('diagnostics: the reader problems at their ranges, errors and warnings, with stable codes', () => {
    const text = '{\n  "rules": [\n    { "name": "a", "field": "Sco", "below": 20 },\n    { "name": "a", "field": "Deprecated_2", "staleSeconds": 5 }\n  ]\n}';
    const d = service.validate(text);
    assert.deepEqual(
      d.map((x) => [x.range.start.line, x.range.start.character, x.range.end.character, x.severity, x.code, x.message]),
      [
        [2, 28, 33, DiagnosticSeverity.Error, 'alerts-unknown-field', 'Unknown telemetry field "Sco". Did you mean "Soc"?'],
        [3, 14, 17, DiagnosticSeverity.Error, 'alerts-duplicate-name', 'Another rule is already named "a": rule names must be unique.'],
        [3, 28, 42, DiagnosticSeverity.Warning, 'alerts-placeholder-field', '"Deprecated_2" is a deprecated field: cars do not stream it.'],
      ],
    );
    assert.deepEqual(service.validate('{"rules": [{"name": "ok", "field": "Soc", "below": 20, "clearAbove": 25}]}'), []);
  });

  it('completes field names (numeric ones for a threshold), with their type and unit', () => {
    const all = service.complete(...(Object.values(at('{"rules": [{"name": "x", "field": "|"}]}')) as [string, Position]));
    assert.ok(labels(all).includes('Gear') && labels(all).includes('Soc'));
    const soc = all.find((i) => i.label === 'Soc')!;
    assert.equal(soc.detail, 'number · %');
    assert.deepEqual(soc.textEdit && 'range' in soc.textEdit ? soc.textEdit.newText : undefined, '"Soc"');
    const numeric = labels(service.complete(...(Object.values(at('{"rules": [{"name": "x", "below": 20, "field": "|"}]}')) as [string, Position])));
    assert.ok(numeric.includes('Soc') && !numeric.includes('Gear') && !numeric.includes('Location'));
  });

  it('completes enum values for becomes and when.in from the sibling field, true/false for booleans, and severities', () => {
    const becomes = labels(
      service.complete(...(Object.values(at('{"rules": [{"name": "x", "field": "DetailedChargeState", "becomes": "|"}]}')) as [string, Position])),
    );
    assert.ok(becomes.includes('DetailedChargeStateComplete'), becomes.join());
    const whenIn = labels(
      service.complete(
        ...(Object.values(at('{"rules": [{"name": "x", "field": "Soc", "below": 5, "when": {"field": "Gear", "in": ["|"]}}]}')) as [string, Position]),
      ),
    );
    assert.ok(whenIn.includes('ShiftStateD') && !whenIn.includes('DetailedChargeStateComplete'), whenIn.join());
    const bools = labels(service.complete(...(Object.values(at('{"rules": [{"name": "x", "field": "Locked", "becomes": |}]}')) as [string, Position])));
    assert.deepEqual(bools, ['true', 'false']);
    const sev = labels(service.complete(...(Object.values(at('{"rules": [{"name": "x", "severity": "|"}]}')) as [string, Position])));
    assert.deepEqual(sev, ['info', 'warning', 'critical']);
  });

  it('completes the keys a rule or a condition does not have yet', () => {
    const rule = labels(service.complete(...(Object.values(at('{"rules": [{"name": "x", "|"}]}')) as [string, Position])));
    assert.ok(rule.includes('field') && rule.includes('clearAbove') && rule.includes('when') && !rule.includes('name'), rule.join());
    const cond = labels(service.complete(...(Object.values(at('{"rules": [{"name": "x", "when": {"field": "Gear", "|"}}]}')) as [string, Position])));
    assert.deepEqual(cond, ['in', 'above', 'below', 'atLeast', 'atMost']);
  });

  it('hover: a field name shows its description and unit; a key its meaning', () => {
    const field = service.hover(...(Object.values(at('{"rules": [{"name": "x", "field": "S|oc", "below": 5}]}')) as [string, Position]));
    const fieldText = (field?.contents as { value: string }).value;
    assert.match(fieldText, /\*\*Soc\*\* \(field 8\)/);
    assert.match(fieldText, /Battery state of charge/);
    assert.match(fieldText, /Unit: %/);
    const key = service.hover(...(Object.values(at('{"rules": [{"name": "x", "field": "Soc", "clear|Above": 5}]}')) as [string, Position]));
    assert.match((key?.contents as { value: string }).value, /re-arms once the value is over this; must be greater than `below`/);
    const whenField = service.hover(
      ...(Object.values(at('{"rules": [{"name": "x", "field": "Soc", "below": 5, "when": [{"field": "Ge|ar", "in": ["ShiftStateD"]}]}]}')) as [
        string,
        Position,
      ]),
    );
    assert.match((whenField?.contents as { value: string }).value, /\*\*Gear\*\*/);
    assert.equal(service.hover(...(Object.values(at('{"ru|les": []}')) as [string, Position])), null);
  });
});
