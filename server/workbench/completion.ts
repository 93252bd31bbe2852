import { CompletionItemKind, MarkupKind, type CompletionItem, type Position } from 'vscode-languageserver';
import type { HttpFile } from '../../core/api-request/http-file';
import { METHODS } from '../../core/api-request/send';
import { ENDPOINTS } from '../../core/fleet-api/endpoints/table';
import { matchEndpoint } from '../../core/fleet-api/endpoints/match';
import type { WorkbenchAccount, WorkbenchProduct } from './account';
import { endpointMarkdown, workbenchPath } from './endpoint-docs';

const range = (line: number, start: number, end: number) => ({ start: { line, character: start }, end: { line, character: end } });

function productItems(products: readonly WorkbenchProduct[], line: number, start: number, end: number, what: string): CompletionItem[] {
  return products.map((p) => ({
    label: p.id,
    kind: CompletionItemKind.Value,
    detail: `${p.name}${p.account ? ` (${p.account})` : ''}`,
    documentation: `${what} of the signed-in account`,
    textEdit: { range: range(line, start, end), newText: p.id },
  }));
}

function pathItems(method: string | undefined, line: number, start: number, end: number): CompletionItem[] {
  const m = method?.toUpperCase();
  return ENDPOINTS.filter((e) => !m || !METHODS.includes(m as never) || e.method === m).map((e, i) => {
    const path = workbenchPath(e);
    return {
      label: path,
      kind: CompletionItemKind.Reference,
      detail: `${e.method} · ${e.summary}`,
      documentation: { kind: MarkupKind.Markdown, value: endpointMarkdown(e) },
      sortText: String(i).padStart(4, '0'),
      textEdit: { range: range(line, start, end), newText: path },
    };
  });
}

function queryItems(method: string, target: string, line: number, cursor: number, account: WorkbenchAccount): CompletionItem[] {
  const [pathPart, query] = target.split('?', 2);
  const spec = matchEndpoint(method, pathPart)?.endpoint;
  const pair = query.slice(query.lastIndexOf('&') + 1);
  const pairStart = cursor - pair.length;
  const eq = pair.indexOf('=');
  if (eq < 0) {
    const used = new Set(query.split('&').map((p) => p.split('=')[0]));
    return (spec?.params ?? [])
      .filter((p) => p.in === 'query' && !used.has(p.name))
      .map((p) => ({
        label: p.name,
        kind: CompletionItemKind.Property,
        detail: `${p.type}${p.required ? ', required' : ''}`,
        documentation: p.description,
        textEdit: { range: range(line, pairStart, cursor), newText: `${p.name}=` },
      }));
  }
  const name = pair.slice(0, eq);
  const value = pair.slice(eq + 1);
  if (name === 'vin') return productItems(account.vehicles, line, pairStart + eq + 1, cursor, 'A vehicle');
  const param = spec?.params.find((p) => p.in === 'query' && p.name === name);
  if (!param?.values) return [];
  const sep = param.separator;
  const current = sep ? value.slice(value.lastIndexOf(sep) + 1) : value;
  const chosen = new Set(sep ? value.split(sep) : []);
  return param.values
    .filter((v) => !chosen.has(v) || v === current)
    .map((v) => ({
      label: v,
      kind: CompletionItemKind.EnumMember,
      documentation: param.description,
      textEdit: { range: range(line, cursor - current.length, cursor), newText: v },
    }));
}

/** Completion in a `.tesla.http` file at `position`: methods, paths, query parameters and values, `{vin}`/`{site}` and their values. */
export function workbenchCompletion(text: string, file: HttpFile, position: Position, account: WorkbenchAccount): CompletionItem[] {
  const lineText = text.split(/\r?\n/)[position.line] ?? '';
  const prefix = lineText.slice(0, position.character);
  const { line, character: cursor } = position;

  const variable = /^\s*@(\w+)\s*=\s*(\S*)$/.exec(prefix);
  if (variable) {
    const start = cursor - variable[2].length;
    if (variable[1] === 'vin') return productItems(account.vehicles, line, start, cursor, 'A vehicle');
    if (variable[1] === 'site') return productItems(account.sites, line, start, cursor, 'An energy site');
    return [];
  }
  if (/^[A-Za-z]*$/.test(prefix)) {
    const inHeaders = file.requests.some((r) => line > r.line && line <= r.endLine);
    if (inHeaders) return [];
    return METHODS.map((m) => ({ label: m, kind: CompletionItemKind.Keyword, textEdit: { range: range(line, 0, cursor), newText: `${m} ` } }));
  }
  const request = /^([A-Za-z]+)(\s+)(\S*)$/.exec(prefix);
  if (!request) return [];
  const [, method, gap, target] = request;
  const targetStart = method.length + gap.length;
  if (target.includes('?')) return queryItems(method, target, line, cursor, account);
  const open = target.lastIndexOf('{');
  if (open > target.lastIndexOf('}')) {
    const names = ['vin', 'site', ...Object.keys(file.variables).filter((n) => n !== 'vin' && n !== 'site')];
    return names.map((n) => ({
      label: `{${n}}`,
      kind: CompletionItemKind.Variable,
      detail: n === 'vin' ? 'a vehicle: from @vin, else picked when sending' : n === 'site' ? 'an energy site: from @site, else picked when sending' : `@${n}`,
      textEdit: { range: range(line, targetStart + open, cursor), newText: `{${n}}` },
    }));
  }
  const segmentStart = cursor - (target.length - target.lastIndexOf('/') - 1);
  const items = pathItems(method, line, targetStart, cursor);
  if (/^\/api\/1\/vehicles\/[^/{}]*$/.test(target)) items.unshift(...productItems(account.vehicles, line, segmentStart, cursor, 'A vehicle'));
  if (/^\/api\/1\/energy_sites\/[^/{}]*$/.test(target)) items.unshift(...productItems(account.sites, line, segmentStart, cursor, 'An energy site'));
  return items;
}
