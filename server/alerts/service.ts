/**
 * The language service of alert rules files (`*.alerts.json`, docs/alerts.md): diagnostics from core's reader (the
 * same problems `fleetkit alerts test` and the bridge print), completion of keys, field names, enum values and
 * severities, hover with a field's description and unit or a key's meaning. Protocol-free; nothing here throws.
 */
import { findNodeAtOffset, getLocation, parseTree, type Node } from 'jsonc-parser';
import { CompletionItemKind, DiagnosticSeverity, MarkupKind, type CompletionItem, type Diagnostic, type Hover, type Position } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ALERT_SEVERITIES } from '../../core/alerts/alert';
import { CONDITION_KEYS, fieldValueNames, isRuleNumeric, readRulesFile, RULE_KEYS } from '../../core/alerts/rules-file';
import { CONFIGURABLE_FIELDS, fieldByName } from '../../core/telemetry-catalog/index';
import { fieldDetail, fieldMarkdown } from '../service/docs';
import { CONDITION_KEY_DOCS, RULE_KEY_DOCS } from './keys';

/** True for a document the alerts service answers (by its name: it is plain JSON to the editor). */
export function isAlertsDocument(uri: string): boolean {
  return /\.alerts\.json$/i.test(uri);
}

export interface AlertsService {
  validate(text: string): Diagnostic[];
  complete(text: string, position: Position): CompletionItem[];
  hover(text: string, position: Position): Hover | null;
}

const doc = (text: string): TextDocument => TextDocument.create('file:///rules.alerts.json', 'json', 1, text);

function diagnostics(text: string): Diagnostic[] {
  const d = doc(text);
  return readRulesFile(text).problems.map((p) => ({
    range: { start: d.positionAt(p.offset), end: d.positionAt(p.offset + p.length) },
    severity: p.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: `alerts-${p.code}`,
    source: 'fleetkit',
    message: p.message,
  }));
}

/** Where a path points: a rule (`rules[i]`), or a `when` condition (`rules[i].when` or `rules[i].when[j]`). */
function scopeOf(path: ReadonlyArray<string | number>): { kind: 'rule' | 'condition'; objectPath: Array<string | number> } | undefined {
  if (path[0] !== 'rules' || typeof path[1] !== 'number') return undefined;
  if (path[2] === 'when') return { kind: 'condition', objectPath: typeof path[3] === 'number' ? path.slice(0, 4) : path.slice(0, 3) };
  return { kind: 'rule', objectPath: path.slice(0, 2) };
}

function objectAt(root: Node | undefined, path: Array<string | number>): Node | undefined {
  let node = root;
  for (const seg of path) {
    if (!node) return undefined;
    if (typeof seg === 'number') node = node.type === 'array' ? node.children?.[seg] : undefined;
    else node = node.type === 'object' ? node.children?.find((p) => p.children?.[0]?.value === seg)?.children?.[1] : undefined;
  }
  return node?.type === 'object' ? node : undefined;
}

function keysOf(obj: Node | undefined): Set<string> {
  return new Set((obj?.children ?? []).map((p) => String(p.children?.[0]?.value)));
}

function valueOf(obj: Node | undefined, key: string): unknown {
  return obj?.children?.find((p) => p.children?.[0]?.value === key)?.children?.[1]?.value;
}

function complete(text: string, position: Position): CompletionItem[] {
  const d = doc(text);
  const offset = d.offsetAt(position);
  const loc = getLocation(text, offset);
  const root = parseTree(text, [], { allowTrailingComma: true });
  const scope = scopeOf(loc.path);
  // Replace the whole string under the cursor (quotes included) when there is one.
  const prev = loc.previousNode;
  const inString = prev && prev.type === 'string' && offset > prev.offset && offset <= prev.offset + prev.length;
  const range = inString ? { start: d.positionAt(prev.offset), end: d.positionAt(prev.offset + prev.length) } : undefined;
  const item = (label: string, kind: CompletionItemKind, extra: Partial<CompletionItem> = {}): CompletionItem => {
    const insert = JSON.stringify(label);
    return { label, kind, ...(range ? { textEdit: { range, newText: insert } } : { insertText: insert }), ...extra };
  };
  if (!scope) {
    if (loc.isAtPropertyKey && loc.path.length === 1) return [item('rules', CompletionItemKind.Property, { documentation: 'The list of rules.' })];
    return [];
  }
  const obj = objectAt(root, scope.objectPath);
  if (loc.isAtPropertyKey) {
    if (loc.path.length !== scope.objectPath.length + 1) return [];
    const have = keysOf(obj);
    const keys = scope.kind === 'rule' ? RULE_KEYS : CONDITION_KEYS;
    const docs = scope.kind === 'rule' ? RULE_KEY_DOCS : CONDITION_KEY_DOCS;
    return keys.filter((k) => !have.has(k)).map((k) => item(k, CompletionItemKind.Property, { documentation: docs[k] }));
  }
  const key = loc.path[scope.objectPath.length];
  if (key === 'field' && loc.path.length === scope.objectPath.length + 1) {
    const have = keysOf(obj);
    const numeric = ['below', 'above', 'dropBy', 'riseBy', 'atLeast', 'atMost'].some((k) => have.has(k));
    return CONFIGURABLE_FIELDS.filter((f) => !numeric || isRuleNumeric(f)).map((f) =>
      item(f.name, CompletionItemKind.Field, { detail: fieldDetail(f), documentation: { kind: MarkupKind.Markdown, value: fieldMarkdown(f) } }),
    );
  }
  if (key === 'severity' && scope.kind === 'rule') return ALERT_SEVERITIES.map((s) => item(s, CompletionItemKind.EnumMember));
  if ((key === 'becomes' && scope.kind === 'rule') || (key === 'in' && scope.kind === 'condition')) {
    const field = fieldByName(String(valueOf(obj, 'field')));
    const names = field ? fieldValueNames(field) : undefined;
    if (!names) return [];
    if (field?.valueType === 'boolean') return ['true', 'false'].map((b) => ({ label: b, kind: CompletionItemKind.Value, insertText: b }));
    return names.map((n) => item(n, CompletionItemKind.EnumMember, { detail: field?.enum }));
  }
  return [];
}

function hover(text: string, position: Position): Hover | null {
  const d = doc(text);
  const root = parseTree(text, [], { allowTrailingComma: true });
  if (!root) return null;
  const node = findNodeAtOffset(root, d.offsetAt(position));
  if (!node || node.type !== 'string' || node.parent?.type !== 'property') return null;
  const property = node.parent;
  const [keyNode, valueNode] = property.children ?? [];
  const range = { start: d.positionAt(node.offset), end: d.positionAt(node.offset + node.length) };
  const path = findPath(property);
  const scope = path ? scopeOf([...path, String(keyNode?.value)]) : undefined;
  if (!scope) return null;
  if (node === keyNode) {
    const key = String(keyNode.value);
    const docText = (scope.kind === 'rule' ? RULE_KEY_DOCS : CONDITION_KEY_DOCS)[key];
    return docText ? { contents: { kind: MarkupKind.Markdown, value: `**${key}**\n\n${docText}` }, range } : null;
  }
  if (node === valueNode && keyNode?.value === 'field') {
    const field = fieldByName(String(node.value));
    return field ? { contents: { kind: MarkupKind.Markdown, value: fieldMarkdown(field) }, range } : null;
  }
  return null;
}

/** The JSON path of a property's owner object. */
function findPath(property: Node): Array<string | number> | undefined {
  const path: Array<string | number> = [];
  let node: Node | undefined = property.parent;
  while (node?.parent) {
    const parent: Node = node.parent;
    if (parent.type === 'property') path.unshift(String(parent.children?.[0]?.value));
    else if (parent.type === 'array') path.unshift(parent.children?.indexOf(node) ?? -1);
    node = parent.type === 'property' ? parent.parent : parent;
  }
  return path;
}

export function createAlertsService(): AlertsService {
  return {
    validate: (text) => diagnostics(text),
    complete: (text, position) => complete(text, position),
    hover: (text, position) => hover(text, position),
  };
}
