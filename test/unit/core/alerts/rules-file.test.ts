import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatProblems, readRulesFile, type RulesProblem } from '../../../../core/alerts';
import { CONDITION_KEYS, RULE_KEYS } from '../../../../core/alerts/rules-file';

const read = (rules: unknown[]): ReturnType<typeof readRulesFile> => readRulesFile(JSON.stringify({ rules }, null, 2));
const messages = (problems: RulesProblem[]): string[] => problems.map((p) => `${p.severity} ${p.code}: ${p.message}`);

describe('core/alerts rules file', () => {
  it('reads every rule kind from the issue, with defaults, comments and trailing commas', () => {
    const text = `{
      // the issue's examples
      "rules": [
        { "name": "low-soc", "field": "Soc", "below": 20, "clearAbove": 25, "severity": "critical" },
        { "name": "soc-drop", "field": "Soc", "dropBy": 5, "withinSeconds": 300, "cooldownSeconds": 600 },
        { "name": "charged", "field": "DetailedChargeState", "becomes": "DetailedChargeStateComplete", "severity": "info" },
        { "name": "no-gps", "field": "Location", "staleSeconds": 120, "when": { "field": "Gear", "in": ["ShiftStateD", "R"] } },
        { "name": "offline", "disconnectedSeconds": 600, "vins": ["5YJ3E1EA7JF000001"] },
      ],
    }`;
    const file = readRulesFile(text);
    assert.deepEqual(file.problems, []);
    const common = { severity: 'warning', cooldownSeconds: 0, vins: undefined, when: [] };
    assert.deepEqual(file.rules, [
      { ...common, name: 'low-soc', kind: 'threshold', field: 'Soc', direction: 'below', limit: 20, clear: 25, severity: 'critical' },
      { ...common, name: 'soc-drop', kind: 'delta', field: 'Soc', direction: 'drop', by: 5, withinSeconds: 300, cooldownSeconds: 600 },
      { ...common, name: 'charged', kind: 'becomes', field: 'DetailedChargeState', becomes: 'DetailedChargeStateComplete', severity: 'info' },
      { ...common, name: 'no-gps', kind: 'stale', field: 'Location', staleSeconds: 120, when: [{ field: 'Gear', in: ['ShiftStateD', 'ShiftStateR'] }] },
      { ...common, name: 'offline', kind: 'connectivity', disconnectedSeconds: 600, vins: ['5YJ3E1EA7JF000001'] },
    ]);
  });

  it('unknown field names, with a did-you-mean, at the field', () => {
    const text = JSON.stringify({ rules: [{ name: 'a', field: 'BatteryLevl', below: 10 }] });
    const file = readRulesFile(text);
    assert.equal(file.rules, undefined);
    assert.deepEqual(messages(file.problems), ['error unknown-field: Unknown telemetry field "BatteryLevl". Did you mean "BatteryLevel"?']);
    assert.equal(text.slice(file.problems[0].offset, file.problems[0].offset + file.problems[0].length), '"BatteryLevl"');
  });

  it('a numeric rule on a non-numeric field (threshold, delta, numeric when), and becomes on a number', () => {
    assert.deepEqual(messages(read([{ name: 'a', field: 'Gear', above: 1 }]).problems), [
      'error not-numeric: A threshold needs a numeric field; "Gear" is an enum (ShiftState).',
    ]);
    assert.deepEqual(messages(read([{ name: 'a', field: 'Location', dropBy: 1, withinSeconds: 5 }]).problems), [
      'error not-numeric: A delta needs a numeric field; "Location" is a location.',
    ]);
    assert.deepEqual(messages(read([{ name: 'a', field: 'Soc', below: 5, when: { field: 'Locked', above: 0 } }]).problems), [
      'error not-numeric: A numeric comparison in "when" needs a numeric field; "Locked" is a boolean.',
    ]);
    assert.match(messages(read([{ name: 'a', field: 'Soc', becomes: 'x' }]).problems)[0], /"becomes" needs a state .* "Soc" is a number: use "below"\/"above"/);
  });

  it('a hysteresis band that cannot clear', () => {
    assert.deepEqual(messages(read([{ name: 'a', field: 'Soc', below: 20, clearAbove: 20 }]).problems), [
      'error band: This alert can never clear: "clearAbove" (20) must be greater than "below" (20).',
    ]);
    assert.deepEqual(messages(read([{ name: 'a', field: 'Soc', above: 80, clearBelow: 85 }]).problems), [
      'error band: This alert can never clear: "clearBelow" (85) must be less than "above" (80).',
    ]);
    assert.match(messages(read([{ name: 'a', field: 'Soc', below: 20, clearBelow: 10 }]).problems)[0], /either "below" \(and "clearAbove"\) or "above"/);
  });

  it('unknown enum values for becomes and when.in, booleans written as strings', () => {
    assert.deepEqual(messages(read([{ name: 'a', field: 'DetailedChargeState', becomes: 'DetailedChargeStateCompleet' }]).problems), [
      'error unknown-value: "DetailedChargeStateCompleet" is not a value of DetailedChargeState (DetailedChargeStateValue). Did you mean "DetailedChargeStateComplete"?',
    ]);
    assert.match(
      messages(read([{ name: 'a', field: 'Soc', below: 1, when: { field: 'Gear', in: ['Drive'] } }]).problems)[0],
      /"Drive" is not a value of Gear \(ShiftState\)/,
    );
    assert.deepEqual(messages(read([{ name: 'a', field: 'Locked', becomes: 'false' }]).problems), [
      'error unknown-value: "Locked" is a boolean: write true or false without quotes.',
    ]);
    assert.deepEqual(messages(read([{ name: 'a', field: 'Gear', becomes: true }]).problems), ['error unknown-value: "Gear" is not a boolean field.']);
  });

  it('duplicate rule names, missing names and kinds, mixed kinds, unknown properties', () => {
    const file = read([
      { name: 'a', field: 'Soc', below: 1 },
      { name: 'a', field: 'Soc', above: 99 },
      { field: 'Soc', below: 1 },
      { name: 'b', field: 'Soc' },
      { name: 'c', field: 'Soc', below: 1, staleSeconds: 5 },
      { name: 'd', field: 'Soc', below: 1, clearabove: 3, severity: 'loud', cooldownSeconds: -1 },
      { name: 'e', disconnectedSeconds: 0, field: 'Soc' },
      { name: 'f', field: 'Soc', staleSeconds: 10, when: { field: 'Soc', in: [1], above: 3 } },
      'g',
    ]);
    assert.deepEqual(messages(file.problems), [
      'error duplicate-name: Another rule is already named "a": rule names must be unique.',
      'error missing: A rule needs a "name" (a non-empty string): alerts carry it.',
      'error kind: A rule needs a kind: "below"/"above" (threshold), "dropBy"/"riseBy" with "withinSeconds" (delta), "becomes", "staleSeconds" or "disconnectedSeconds".',
      'error kind: A rule has one kind; this one mixes threshold and stale keys.',
      'error unknown-property: Unknown property "clearabove" in a rule. Did you mean "clearAbove"?',
      'error type: "severity" must be one of "info", "warning", "critical".',
      'error type: "cooldownSeconds" must be at least 0.',
      'error type: "disconnectedSeconds" must be greater than 0.',
      'error unknown-property: A connectivity rule watches the connection, not a field: remove "field".',
      'error shape: "when" needs either "in" (a list of values) or numeric comparisons ("above", "below", "atLeast", "atMost"), not both.',
      'error shape: Each rule must be an object with a "name".',
    ]);
  });

  it('syntax errors and the wrong shape, printed as file:line:col', () => {
    const text = '{\n  "rules": [\n    { "name": "a", "field": "Soc" "below": 1 }\n  ]\n}';
    const file = readRulesFile(text);
    assert.equal(file.rules, undefined);
    assert.deepEqual(formatProblems('low.alerts.json', text, file.problems), ['low.alerts.json:3:35: error: JSON syntax: CommaExpected.']);
    assert.match(messages(readRulesFile('[]').problems)[0], /A rules file is an object/);
    assert.match(
      messages(readRulesFile('{"rule": []}').problems).join('\n'),
      /Unknown property "rule" in the rules file. Did you mean "rules"\?[\s\S]*needs "rules"/,
    );
    assert.match(messages(readRulesFile('').problems)[0], /empty/);
    const located = readRulesFile('{\n"rules": [\n{"name": "x", "field": "Nope", "below": 1}]}');
    assert.deepEqual(formatProblems('f', '{\n"rules": [\n{"name": "x", "field": "Nope", "below": 1}]}', located.problems), [
      'f:3:24: error: Unknown telemetry field "Nope".',
    ]);
  });

  it('a placeholder field is a warning and the rules still load', () => {
    const file = read([{ name: 'a', field: 'Deprecated_2', staleSeconds: 5 }]);
    assert.deepEqual(messages(file.problems), ['warning placeholder-field: "Deprecated_2" is a deprecated field: cars do not stream it.']);
    assert.equal(file.rules?.length, 1);
  });

  it('schemas/alerts.schema.json (registered for *.alerts.json) knows exactly the keys the reader reads', () => {
    const schema = JSON.parse(readFileSync(join(__dirname, '../../../../schemas/alerts.schema.json'), 'utf8'));
    assert.deepEqual(Object.keys(schema.definitions.rule.properties).sort(), [...RULE_KEYS].sort());
    assert.deepEqual(Object.keys(schema.definitions.condition.properties).sort(), [...CONDITION_KEYS].sort());
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../../../package.json'), 'utf8'));
    const entry = pkg.contributes.jsonValidation.find((j: { url: string }) => j.url === './schemas/alerts.schema.json');
    assert.deepEqual(entry?.fileMatch, ['*.alerts.json']);
  });
});
