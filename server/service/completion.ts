import { getLocation, type Node as JsoncNode } from 'jsonc-parser';
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type Position,
  type Range,
} from 'vscode-json-languageservice';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIGURABLE_FIELDS } from '../../core/telemetry-catalog/index';
import { fieldDetail, fieldMarkdown } from './docs';
import { ALERT_TYPES, CONFIG_KEYS, FIELD_RULE_KEYS, REQUEST_KEYS } from './keys';
import { parseConfig, prop, isObject, type ParsedConfig } from './parse';
import { oneYearFromNow } from './rules/options';

interface Site {
  readonly document: TextDocument;
  /** Range to replace: the partial key or value under the cursor (with its quotes), or empty at the cursor. */
  readonly range: Range;
  /** Whether a `:` already follows the key being completed. */
  readonly hasColon: boolean;
}

/** Completions at `position`: top-level keys, field names, field-rule keys and values. */
export function complete(document: TextDocument, position: Position, nowMs: number = Date.now(), parsed: ParsedConfig = parseConfig(document)): CompletionList {
  const text = document.getText();
  const offset = document.offsetAt(position);
  const location = getLocation(text, offset);
  const site = siteOf(document, offset, location.previousNode);
  let path = location.path.slice();
  const request = parsed.shape === 'request';
  let inConfig = !request;
  if (request && path[0] === 'config') {
    path = path.slice(1);
    inConfig = true;
  }
  const items: CompletionItem[] = [];
  if (location.isAtPropertyKey) {
    if (path.length === 1 && !inConfig) {
      for (const [key, info] of Object.entries(REQUEST_KEYS)) {
        items.push(keyItem(site, key, info.type, info.doc, key === 'vins' ? '[\n\t"${1:VIN}"\n]' : '{\n\t$1\n}'));
      }
    } else if (path.length === 1 && inConfig) {
      const existing = new Set((parsed.config?.properties ?? []).map((p) => p.keyNode.value));
      for (const [key, info] of Object.entries(CONFIG_KEYS)) {
        if (existing.has(key) && key !== location.path[location.path.length - 1]) continue;
        items.push(keyItem(site, key, info.type, info.doc, configValueSnippet(key, nowMs)));
      }
      const others = (parsed.config?.properties ?? []).filter((p) => offset < p.keyNode.offset || offset > p.keyNode.offset + p.keyNode.length);
      if (parsed.shape === 'bare' && others.length === 0) {
        for (const [key, info] of Object.entries(REQUEST_KEYS)) {
          items.push(keyItem(site, key, info.type, info.doc, key === 'vins' ? '[\n\t"${1:VIN}"\n]' : '{\n\t$1\n}'));
        }
      }
    } else if (path.length === 2 && inConfig && path[0] === 'fields') {
      const fields = prop(parsed.config, 'fields')?.valueNode;
      const existing = new Set(isObject(fields) ? fields.properties.map((p) => p.keyNode.value) : []);
      for (const field of CONFIGURABLE_FIELDS) {
        if (existing.has(field.name) && field.name !== path[1]) continue;
        items.push({
          ...keyItem(site, field.name, fieldDetail(field), fieldMarkdown(field), '{ "interval_seconds": ${1:60} }'),
          kind: CompletionItemKind.Field,
          sortText: field.semiOnly ? `z${field.name}` : field.name,
        });
      }
    } else if (path.length === 3 && inConfig && path[0] === 'fields') {
      for (const [key, info] of Object.entries(FIELD_RULE_KEYS)) {
        items.push(keyItem(site, key, info.type, info.doc, key === 'minimum_delta' ? '${1:1}' : key === 'interval_seconds' ? '${1:60}' : '${1:300}'));
      }
    }
  } else if (inConfig) {
    const key = path[path.length - 1];
    if (path.length === 1 && typeof key === 'string') items.push(...configValueItems(site, key, nowMs));
    else if (path.length === 2 && path[0] === 'alert_types') {
      const present = prop(parsed.config, 'alert_types')?.valueNode;
      const used = new Set(present?.type === 'array' ? present.items.flatMap((i) => (i.type === 'string' ? [i.value] : [])) : []);
      for (const a of ALERT_TYPES) if (!used.has(a)) items.push(valueItem(site, JSON.stringify(a), `Stream ${a} alerts`));
    } else if (path.length === 2 && path[0] === 'fields') {
      items.push(valueItem(site, '{ "interval_seconds": ${1:60} }', 'Field rule', true));
    } else if (path.length === 3 && path[0] === 'fields' && typeof key === 'string') {
      const values =
        key === 'interval_seconds'
          ? ['1', '10', '60', '300']
          : key === 'resend_interval_seconds'
            ? ['300', '3600']
            : key === 'minimum_delta'
              ? ['0.1', '1', '10']
              : [];
      for (const v of values) items.push(valueItem(site, v, `${key}: ${v}`));
    }
  }
  return { isIncomplete: false, items };
}

function siteOf(document: TextDocument, offset: number, previous: JsoncNode | undefined): Site {
  const text = document.getText();
  if (
    previous &&
    (previous.type === 'property' || previous.type === 'string' || previous.type === 'number' || previous.type === 'boolean' || previous.type === 'null')
  ) {
    const start = previous.offset;
    const end = previous.offset + previous.length;
    if (offset >= start && offset <= end) {
      return { document, range: { start: document.positionAt(start), end: document.positionAt(end) }, hasColon: /^\s*:/.test(text.slice(end)) };
    }
  }
  const at = document.positionAt(offset);
  return { document, range: { start: at, end: at }, hasColon: /^\s*:/.test(text.slice(offset)) };
}

function keyItem(site: Site, key: string, detail: string, doc: string, valueSnippet: string): CompletionItem {
  const quoted = JSON.stringify(key);
  const newText = site.hasColon ? quoted : `${quoted}: ${valueSnippet}`;
  return {
    label: key,
    kind: CompletionItemKind.Property,
    detail,
    documentation: { kind: MarkupKind.Markdown, value: doc },
    filterText: quoted,
    insertTextFormat: InsertTextFormat.Snippet,
    textEdit: { range: site.range, newText },
  };
}

function valueItem(site: Site, value: string, detail: string, snippet = false): CompletionItem {
  return {
    label: value.replace(/\$\{\d+:([^}]*)\}/g, '$1'),
    kind: CompletionItemKind.Value,
    detail,
    filterText: value,
    insertTextFormat: snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    textEdit: { range: site.range, newText: value },
  };
}

function configValueSnippet(key: string, nowMs: number): string {
  switch (key) {
    case 'hostname':
      return '"${1:telemetry.example.com}"';
    case 'port':
      return '${1:443}';
    case 'ca':
      return '"${1:-----BEGIN CERTIFICATE-----\\\\n…\\\\n-----END CERTIFICATE-----\\\\n}"';
    case 'fields':
      return '{\n\t"${1:VehicleSpeed}": { "interval_seconds": ${2:10} }\n}';
    case 'alert_types':
      return '["${1|service,customer,service-fix|}"]';
    case 'exp':
      return `\${1:${oneYearFromNow(nowMs)}}`;
    case 'nbf':
    case 'iat':
      return `\${1:${Math.floor(nowMs / 1000)}}`;
    case 'prefer_typed':
      return '${1|true,false|}';
    case 'delivery_policy':
      return '"latest"';
    default:
      return '$1';
  }
}

function configValueItems(site: Site, key: string, nowMs: number): CompletionItem[] {
  switch (key) {
    case 'port':
      return [valueItem(site, '443', 'HTTPS port')];
    case 'prefer_typed':
      return [valueItem(site, 'true', 'typed values (recommended)'), valueItem(site, 'false', 'values as strings')];
    case 'delivery_policy':
      return [valueItem(site, '"latest"', 'deliver the latest value')];
    case 'exp':
      return [valueItem(site, String(oneYearFromNow(nowMs)), '1 year from now (epoch seconds)')];
    case 'nbf':
    case 'iat':
      return [valueItem(site, String(Math.floor(nowMs / 1000)), 'now (epoch seconds)')];
    case 'alert_types':
      return [valueItem(site, '["service"]', 'service alerts (recommended)')];
    default:
      return [];
  }
}
