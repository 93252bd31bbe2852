import { MarkupKind, type Hover, type Position, type PropertyASTNode } from 'vscode-json-languageservice';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { enumValues, fieldByName } from '../../core/telemetry-catalog/index';
import { fieldMarkdown } from './docs';
import { CONFIG_KEYS, FIELD_RULE_KEYS, REQUEST_KEYS } from './keys';
import { parseConfig, type ParsedConfig } from './parse';

/** Documentation for the key under the cursor: config keys, field names, field-rule keys. */
export function hover(document: TextDocument, position: Position, parsed: ParsedConfig = parseConfig(document)): Hover | null {
  const offset = document.offsetAt(position);
  const node = parsed.json.getNodeFromOffset(offset);
  if (!node || node.type !== 'string' || node.parent?.type !== 'property') return null;
  const property = node.parent as PropertyASTNode;
  if (property.keyNode !== node) return null;
  const range = { start: document.positionAt(node.offset), end: document.positionAt(node.offset + node.length) };
  const markdown = docFor(parsed, property);
  return markdown ? { contents: { kind: MarkupKind.Markdown, value: markdown }, range } : null;
}

function docFor(parsed: ParsedConfig, property: PropertyASTNode): string | undefined {
  const key = property.keyNode.value;
  const owner = property.parent;
  if (!owner || owner.type !== 'object') return undefined;
  if (owner === parsed.config) {
    const info = CONFIG_KEYS[key];
    return info ? `**${key}** (${info.type}${info.required ? ', required' : ''})\n\n${info.doc}` : undefined;
  }
  if (owner === parsed.root && parsed.shape === 'request') {
    const info = REQUEST_KEYS[key];
    return info ? `**${key}** (${info.type})\n\n${info.doc}` : undefined;
  }
  const ownerProp = owner.parent;
  if (ownerProp?.type === 'property' && ownerProp.keyNode.value === 'fields' && ownerProp.parent === parsed.config) {
    const field = fieldByName(key);
    return field ? fieldMarkdown(field) : `**${key}**: not a Fleet Telemetry field.`;
  }
  const fieldsObject = ownerProp?.parent;
  const fieldsProp = fieldsObject?.parent;
  if (fieldsProp?.type === 'property' && fieldsProp.keyNode.value === 'fields' && fieldsProp.parent === parsed.config) {
    const info = FIELD_RULE_KEYS[key];
    if (!info) return undefined;
    const field = ownerProp?.type === 'property' ? fieldByName(ownerProp.keyNode.value) : undefined;
    const enumNote = field?.enum ? `\n\n${field.name} is an enum (${enumValues(field.enum).length} values).` : '';
    return `**${key}** (${info.type}${info.required ? ', required' : ''})\n\n${info.doc}${enumNote}`;
  }
  return undefined;
}
