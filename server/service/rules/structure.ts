import type { ASTNode, ObjectASTNode } from 'vscode-json-languageservice';
import { CONFIG_KEYS, REQUEST_KEYS } from '../keys';
import { prop } from '../parse';
import { show, type RuleContext } from '../report';
import { removePropertyEdit } from '../edits';
import { closest } from '../../../core/text/suggest';

/** Syntax errors, comments, duplicate keys, the document's shape, unknown and missing keys, value types. */
export function checkStructure(ctx: RuleContext): void {
  const { parsed } = ctx;
  for (const error of parsed.syntaxErrors) ctx.report('syntax', error.range, typeof error.message === 'string' ? error.message : error.message.value);
  for (const comment of parsed.comments) {
    ctx.report('comment', comment, 'Comments are tolerated here, but Tesla takes strict JSON: strip them before sending.');
  }
  if (parsed.root) checkDuplicates(ctx, parsed.root);
  const root = parsed.root;
  if (!root) return;
  if (root.type !== 'object') {
    ctx.report('wrongType', ctx.rangeOf(root), `Expected an object ({"vins": […], "config": {…}} or a bare config), found ${show(root)}.`);
    return;
  }
  if (parsed.shape === 'request') {
    checkKnownKeys(ctx, root, Object.keys(REQUEST_KEYS), 'request');
    const configProp = prop(root, 'config');
    if (!configProp) ctx.report('missingKey', ctx.rangeOf(root.properties[0]?.keyNode ?? root), 'The request has no "config" object.');
    else if (configProp.valueNode && configProp.valueNode.type !== 'object') {
      ctx.report('wrongType', ctx.rangeOf(configProp.valueNode), `"config" must be an object, found ${show(configProp.valueNode)}.`);
    }
    if (!parsed.vins) ctx.report('missingKey', ctx.rangeOf(configProp?.keyNode ?? root), 'The request has no "vins" array.');
  }
  const config = parsed.config;
  if (!config) return;
  checkKnownKeys(ctx, config, Object.keys(CONFIG_KEYS), 'config');
  const anchor = parsed.shape === 'request' ? prop(root, 'config')?.keyNode : undefined;
  for (const [key, info] of Object.entries(CONFIG_KEYS)) {
    if (!info.required || prop(config, key)) continue;
    ctx.report('missingKey', ctx.rangeOf(anchor ?? firstLine(config)), `The config has no "${key}" (required).`);
  }
  checkType(ctx, config, 'hostname', 'string');
  checkType(ctx, config, 'fields', 'object');
  checkType(ctx, config, 'alert_types', 'array');
  checkType(ctx, config, 'prefer_typed', 'boolean');
  checkType(ctx, config, 'delivery_policy', 'string');
}

/** A zero-width-ish anchor at the opening brace, so "missing key" does not paint the whole document. */
function firstLine(obj: ObjectASTNode): { offset: number; length: number } {
  return { offset: obj.offset, length: 1 };
}

function checkType(ctx: RuleContext, obj: ObjectASTNode, key: string, type: ASTNode['type']): void {
  const value = prop(obj, key)?.valueNode;
  if (value && value.type !== type) {
    ctx.report('wrongType', ctx.rangeOf(value), `"${key}" must be ${type === 'array' ? 'an' : 'a'} ${type}, found ${show(value)}.`);
  }
}

function checkKnownKeys(ctx: RuleContext, obj: ObjectASTNode, known: string[], where: string): void {
  for (const property of obj.properties) {
    const key = property.keyNode.value;
    if (known.includes(key)) continue;
    const remove = { title: `Remove "${key}"`, edits: [removePropertyEdit(ctx.document, property)] };
    if (where === 'config' && (key === 'iss' || key === 'aud')) {
      ctx.report('signerClaim', ctx.rangeOf(property.keyNode), `"${key}" is set by the signer (and overwritten); do not send it.`, [remove]);
      continue;
    }
    const suggestion = closest(key, known);
    const fixes = suggestion
      ? [
          { title: `Change to "${suggestion}"`, edits: [{ range: ctx.rangeOf(property.keyNode), newText: JSON.stringify(suggestion) }], isPreferred: true },
          remove,
        ]
      : [remove];
    const hint = suggestion ? ` Did you mean "${suggestion}"?` : '';
    ctx.report('unknownKey', ctx.rangeOf(property.keyNode), `Unknown ${where} key "${key}".${hint}`, fixes);
  }
}

function checkDuplicates(ctx: RuleContext, node: ASTNode): void {
  const stack: ASTNode[] = [node];
  while (stack.length) {
    const current = stack.pop() as ASTNode;
    if (current.type === 'object') {
      const seen = new Set<string>();
      for (const property of current.properties) {
        const key = property.keyNode.value;
        if (seen.has(key)) ctx.report('duplicateKey', ctx.rangeOf(property.keyNode), `Duplicate key "${key}"; the last one wins.`);
        seen.add(key);
      }
    }
    for (const child of current.children ?? []) stack.push(child);
  }
}
