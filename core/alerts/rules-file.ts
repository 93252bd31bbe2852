/**
 * Reads an `*.alerts.json` rules file (docs/alerts.md): JSON with comments, `{ "rules": [ … ] }`. Every problem comes
 * with the offset and length of what it is about, so the language server underlines it and the CLI and the bridge print
 * it as line:col. Rules are returned only when there is no error (warnings do not stop a file).
 */
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { CONFIGURABLE_FIELDS, enumValues, fieldByName, type TelemetryFieldInfo } from '../telemetry-catalog/index';
import { closest } from '../text/suggest';
import { ALERT_SEVERITIES, type AlertSeverity } from './alert';
import type { AlertRule, Condition } from './rules';
import { enumMember } from './values';

export type RulesProblemCode =
  | 'syntax'
  | 'shape'
  | 'unknown-property'
  | 'missing'
  | 'kind'
  | 'type'
  | 'duplicate-name'
  | 'unknown-field'
  | 'not-numeric'
  | 'band'
  | 'unknown-value'
  | 'placeholder-field';

export interface RulesProblem {
  severity: 'error' | 'warning';
  code: RulesProblemCode;
  message: string;
  offset: number;
  length: number;
}

export interface RulesFile {
  /** Undefined when there is an error. */
  rules?: AlertRule[];
  problems: RulesProblem[];
}

/** The keys that pick a rule's kind; exactly one group per rule. */
const KIND_KEYS = {
  threshold: ['below', 'above', 'clearAbove', 'clearBelow'],
  delta: ['dropBy', 'riseBy', 'withinSeconds'],
  becomes: ['becomes'],
  stale: ['staleSeconds'],
  connectivity: ['disconnectedSeconds'],
} as const;

export const COMMON_RULE_KEYS = ['name', 'field', 'severity', 'cooldownSeconds', 'vins', 'when', 'description'] as const;
export const RULE_KEYS: readonly string[] = [...COMMON_RULE_KEYS, ...Object.values(KIND_KEYS).flat()];
export const CONDITION_KEYS: readonly string[] = ['field', 'in', 'above', 'below', 'atLeast', 'atMost'];
const FIELD_NAMES = CONFIGURABLE_FIELDS.map((f) => f.name);

/** The names an enum or boolean field's values take in `becomes` and `when.in`; undefined for other fields. */
export function fieldValueNames(field: TelemetryFieldInfo): string[] | undefined {
  if (field.valueType === 'boolean') return ['true', 'false'];
  if (field.valueType === 'enum' && field.enum) return enumValues(field.enum).map((v) => v.name);
  return undefined;
}

/** True for a field a threshold, a delta or a numeric `when` can watch. */
export function isRuleNumeric(field: TelemetryFieldInfo): boolean {
  return field.valueType === 'number';
}

class Reader {
  readonly problems: RulesProblem[] = [];
  constructor(readonly text: string) {}

  error(node: Node | undefined, code: RulesProblemCode, message: string, severity: 'error' | 'warning' = 'error'): void {
    this.problems.push({ severity, code, message, offset: node?.offset ?? 0, length: node?.length ?? 0 });
  }

  props(node: Node): Map<string, Node> {
    const out = new Map<string, Node>();
    for (const p of node.children ?? []) {
      const [key, value] = p.children ?? [];
      if (key && value) out.set(String(key.value), value);
    }
    return out;
  }

  keyNode(obj: Node, key: string): Node | undefined {
    return obj.children?.find((p) => p.children?.[0]?.value === key)?.children?.[0];
  }

  number(key: string, value: Node, min: number, strict: boolean): number | undefined {
    if (value.type !== 'number' || !Number.isFinite(value.value)) {
      this.error(value, 'type', `"${key}" must be a number.`);
      return undefined;
    }
    const n = value.value as number;
    if (strict ? n <= min : n < min) {
      this.error(value, 'type', `"${key}" must be ${strict ? 'greater than' : 'at least'} ${min}.`);
      return undefined;
    }
    return n;
  }

  /** A field name: known to the catalogue (with a did-you-mean), and numeric when `numeric`. */
  field(node: Node | undefined, numeric: boolean, what: string): TelemetryFieldInfo | undefined {
    if (!node) return undefined;
    if (node.type !== 'string') {
      this.error(node, 'type', '"field" must be a telemetry field name (a string).');
      return undefined;
    }
    const name = String(node.value);
    const info = fieldByName(name);
    if (!info || info.placeholder === 'unknown') {
      const hint = closest(name, FIELD_NAMES);
      this.error(node, 'unknown-field', `Unknown telemetry field "${name}".${hint ? ` Did you mean "${hint}"?` : ''}`);
      return undefined;
    }
    if (info.placeholder) this.error(node, 'placeholder-field', `"${name}" is a ${info.placeholder} field: cars do not stream it.`, 'warning');
    if (numeric && !isRuleNumeric(info)) {
      this.error(
        node,
        'not-numeric',
        `${what} needs a numeric field; "${name}" is ${info.valueType === 'enum' ? `an enum (${info.enum})` : `a ${info.valueType}`}.`,
      );
    }
    return info;
  }

  /** A `becomes` or `when.in` value of `field`: a member of its enum, or a boolean for a boolean field. */
  value(node: Node, field: TelemetryFieldInfo | undefined): string | boolean | undefined {
    if (node.type === 'boolean') {
      if (field && field.valueType !== 'boolean') this.error(node, 'unknown-value', `"${field.name}" is not a boolean field.`);
      return node.value as boolean;
    }
    if (node.type !== 'string') {
      this.error(node, 'type', 'Expected a value name (a string) or true/false.');
      return undefined;
    }
    const text = String(node.value);
    if (!field) return text;
    if (field.valueType === 'boolean') {
      this.error(node, 'unknown-value', `"${field.name}" is a boolean: write true or false without quotes.`);
      return undefined;
    }
    const names = fieldValueNames(field);
    if (names && !names.includes(enumMember(field, text))) {
      const hint = closest(text, names);
      this.error(node, 'unknown-value', `"${text}" is not a value of ${field.name} (${field.enum}).${hint ? ` Did you mean "${hint}"?` : ''}`);
      return undefined;
    }
    return names ? enumMember(field, text) : text;
  }

  unknownKeys(obj: Node, allowed: readonly string[], where: string): void {
    for (const p of obj.children ?? []) {
      const key = p.children?.[0];
      const name = String(key?.value);
      if (allowed.includes(name) || name === '$schema') continue;
      const hint = closest(name, allowed);
      this.error(key, 'unknown-property', `Unknown property "${name}" in ${where}.${hint ? ` Did you mean "${hint}"?` : ''}`);
    }
  }

  condition(node: Node): Condition | undefined {
    if (node.type !== 'object') {
      this.error(
        node,
        'shape',
        '"when" must be an object { "field": …, "in": [ … ] } or { "field": …, "above"/"below"/"atLeast"/"atMost": n }, or a list of them.',
      );
      return undefined;
    }
    this.unknownKeys(node, CONDITION_KEYS, '"when"');
    const p = this.props(node);
    const fieldNode = p.get('field');
    if (!fieldNode) {
      this.error(node, 'missing', '"when" needs a "field".');
      return undefined;
    }
    const comparisons = (['above', 'below', 'atLeast', 'atMost'] as const).filter((k) => p.has(k));
    const inNode = p.get('in');
    if (!inNode === !comparisons.length) {
      this.error(node, 'shape', '"when" needs either "in" (a list of values) or numeric comparisons ("above", "below", "atLeast", "atMost"), not both.');
      this.field(fieldNode, false, '');
      return undefined;
    }
    const field = this.field(fieldNode, comparisons.length > 0, 'A numeric comparison in "when"');
    const out: Condition = { field: String(fieldNode.value) };
    if (inNode) {
      if (inNode.type !== 'array' || !inNode.children?.length) {
        this.error(inNode, 'type', '"in" must be a non-empty list of values.');
        return undefined;
      }
      out.in = [];
      for (const item of inNode.children) {
        const v = this.value(item, field);
        if (v !== undefined) out.in.push(v);
      }
      return out;
    }
    for (const k of comparisons) {
      const v = this.number(k, p.get(k)!, -Infinity, false);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }

  rule(node: Node, names: Map<string, Node>): AlertRule | undefined {
    if (node.type !== 'object') {
      this.error(node, 'shape', 'Each rule must be an object with a "name".');
      return undefined;
    }
    this.unknownKeys(node, RULE_KEYS, 'a rule');
    const p = this.props(node);
    const errorsBefore = this.problems.filter((x) => x.severity === 'error').length;

    const nameNode = p.get('name');
    let name = '';
    if (!nameNode || nameNode.type !== 'string' || !String(nameNode.value).trim()) {
      this.error(nameNode ?? node, 'missing', 'A rule needs a "name" (a non-empty string): alerts carry it.');
    } else {
      name = String(nameNode.value);
      if (names.has(name)) this.error(nameNode, 'duplicate-name', `Another rule is already named "${name}": rule names must be unique.`);
      else names.set(name, nameNode);
    }

    let severity: AlertSeverity = 'warning';
    const sev = p.get('severity');
    if (sev) {
      if (sev.type === 'string' && (ALERT_SEVERITIES as readonly string[]).includes(String(sev.value))) severity = sev.value as AlertSeverity;
      else this.error(sev, 'type', `"severity" must be one of ${ALERT_SEVERITIES.map((s) => `"${s}"`).join(', ')}.`);
    }
    const cooldownNode = p.get('cooldownSeconds');
    const cooldownSeconds = cooldownNode ? (this.number('cooldownSeconds', cooldownNode, 0, false) ?? 0) : 0;
    let vins: string[] | undefined;
    const vinsNode = p.get('vins');
    if (vinsNode) {
      if (vinsNode.type !== 'array' || !(vinsNode.children ?? []).every((c) => c.type === 'string')) {
        this.error(vinsNode, 'type', '"vins" must be a list of VINs (strings).');
      } else vins = (vinsNode.children ?? []).map((c) => String(c.value));
    }
    const when: Condition[] = [];
    const whenNode = p.get('when');
    if (whenNode) {
      for (const c of whenNode.type === 'array' ? (whenNode.children ?? []) : [whenNode]) {
        const cond = this.condition(c);
        if (cond) when.push(cond);
      }
    }

    const kinds = (Object.keys(KIND_KEYS) as Array<keyof typeof KIND_KEYS>).filter((k) => KIND_KEYS[k].some((key) => p.has(key)));
    if (kinds.length !== 1) {
      this.error(
        nameNode ?? node,
        'kind',
        kinds.length
          ? `A rule has one kind; this one mixes ${kinds.join(' and ')} keys.`
          : 'A rule needs a kind: "below"/"above" (threshold), "dropBy"/"riseBy" with "withinSeconds" (delta), "becomes", "staleSeconds" or "disconnectedSeconds".',
      );
      return undefined;
    }
    const kind = kinds[0];
    const fieldNode = p.get('field');
    const common = { name, severity, cooldownSeconds, vins, when };
    if (kind === 'connectivity') {
      if (fieldNode) this.error(this.keyNode(node, 'field'), 'unknown-property', 'A connectivity rule watches the connection, not a field: remove "field".');
      const n = this.number('disconnectedSeconds', p.get('disconnectedSeconds')!, 0, true);
      return this.done(errorsBefore, n === undefined ? undefined : { ...common, kind, disconnectedSeconds: n });
    }
    if (!fieldNode) {
      this.error(nameNode ?? node, 'missing', `A ${kind} rule needs a "field" (a telemetry field name).`);
      return undefined;
    }
    const fieldName = String(fieldNode.value);
    if (kind === 'threshold') {
      this.field(fieldNode, true, 'A threshold');
      const below = p.get('below');
      const above = p.get('above');
      if (!below === !above || (below && p.has('clearBelow')) || (above && p.has('clearAbove'))) {
        this.error(nameNode ?? node, 'shape', 'A threshold has either "below" (and "clearAbove") or "above" (and "clearBelow").');
        return undefined;
      }
      const direction = below ? 'below' : 'above';
      const limit = this.number(direction, (below ?? above)!, -Infinity, false);
      const clearKey = below ? 'clearAbove' : 'clearBelow';
      const clearNode = p.get(clearKey);
      const clear = clearNode ? this.number(clearKey, clearNode, -Infinity, false) : limit;
      if (limit !== undefined && clear !== undefined && clearNode && (below ? clear <= limit : clear >= limit)) {
        this.error(
          clearNode,
          'band',
          below
            ? `This alert can never clear: "clearAbove" (${clear}) must be greater than "below" (${limit}).`
            : `This alert can never clear: "clearBelow" (${clear}) must be less than "above" (${limit}).`,
        );
        return undefined;
      }
      if (limit === undefined || clear === undefined) return undefined;
      return this.done(errorsBefore, { ...common, kind, field: fieldName, direction, limit, clear });
    }
    if (kind === 'delta') {
      this.field(fieldNode, true, 'A delta');
      const drop = p.get('dropBy');
      const rise = p.get('riseBy');
      const within = p.get('withinSeconds');
      if (!drop === !rise || !within) {
        this.error(nameNode ?? node, 'shape', 'A delta rule has "dropBy" or "riseBy" (one of them) and "withinSeconds".');
        return undefined;
      }
      const by = this.number(drop ? 'dropBy' : 'riseBy', (drop ?? rise)!, 0, true);
      const withinSeconds = this.number('withinSeconds', within, 0, true);
      if (by === undefined || withinSeconds === undefined) return undefined;
      return this.done(errorsBefore, { ...common, kind, field: fieldName, direction: drop ? 'drop' : 'rise', by, withinSeconds });
    }
    if (kind === 'becomes') {
      const field = this.field(fieldNode, false, '');
      if (field && !fieldValueNames(field) && field.valueType !== 'string') {
        this.error(
          fieldNode,
          'not-numeric',
          `"becomes" needs a state (an enum, boolean or string field); "${fieldName}" is a ${field.valueType}: use "below"/"above".`,
        );
      }
      const v = this.value(p.get('becomes')!, field);
      if (v === undefined) return undefined;
      return this.done(errorsBefore, { ...common, kind, field: fieldName, becomes: v });
    }
    this.field(fieldNode, false, '');
    const staleSeconds = this.number('staleSeconds', p.get('staleSeconds')!, 0, true);
    if (staleSeconds === undefined) return undefined;
    return this.done(errorsBefore, { ...common, kind: 'stale', field: fieldName, staleSeconds });
  }

  private done(errorsBefore: number, rule: AlertRule | undefined): AlertRule | undefined {
    return this.problems.filter((x) => x.severity === 'error').length > errorsBefore ? undefined : rule;
  }
}

/** Reads a rules file's text. Never throws. */
export function readRulesFile(text: string): RulesFile {
  const r = new Reader(text);
  if (!text.trim()) {
    r.error(undefined, 'shape', 'The rules file is empty: write { "rules": [ … ] }.');
    return { problems: r.problems };
  }
  const syntax: ParseError[] = [];
  const root = parseTree(text, syntax, { allowTrailingComma: true, disallowComments: false });
  for (const e of syntax) {
    r.problems.push({ severity: 'error', code: 'syntax', message: `JSON syntax: ${printParseErrorCode(e.error)}.`, offset: e.offset, length: e.length });
  }
  if (syntax.length || !root) {
    return { problems: r.problems };
  }
  if (root.type !== 'object') {
    r.error(root, 'shape', 'A rules file is an object: { "rules": [ … ] }.');
    return { problems: r.problems };
  }
  r.unknownKeys(root, ['rules'], 'the rules file');
  const list = findNodeAtLocation(root, ['rules']);
  if (!list || list.type !== 'array') {
    r.error(list ?? root, 'shape', 'A rules file needs "rules": a list of rules.');
    return { problems: r.problems };
  }
  const names = new Map<string, Node>();
  const rules: AlertRule[] = [];
  for (const item of list.children ?? []) {
    const rule = r.rule(item, names);
    if (rule) rules.push(rule);
  }
  const problems = r.problems.sort((a, b) => a.offset - b.offset);
  return problems.some((p) => p.severity === 'error') ? { problems } : { rules, problems };
}

/** 1-based line and column of an offset. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: offset - start + 1 };
}

/** Problems as `file:line:col: error: message` lines. */
export function formatProblems(file: string, text: string, problems: readonly RulesProblem[]): string[] {
  return problems.map((p) => {
    const { line, col } = lineCol(text, p.offset);
    return `${file}:${line}:${col}: ${p.severity}: ${p.message}`;
  });
}
