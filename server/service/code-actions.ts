import { CodeActionKind, type CodeAction as JsonCodeAction, type Diagnostic, type Range } from 'vscode-json-languageservice';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ParsedConfig } from './parse';
import { parseConfig } from './parse';
import type { FtDiagnostic, ServiceOptions } from './types';
import { validateParsed } from './validate';

/** A quick fix whose diagnostics are ours (plain-text messages, so it fits LSP 3.17 and 3.18 alike). */
export type CodeAction = Omit<JsonCodeAction, 'diagnostics'> & { diagnostics?: FtDiagnostic[] };

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']): boolean => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

function sameDiagnostic(a: Pick<Diagnostic, 'code' | 'range'>, b: Pick<Diagnostic, 'code' | 'range'>): boolean {
  return a.code === b.code && a.range.start.line === b.range.start.line && a.range.start.character === b.range.start.character;
}

/**
 * Quick fixes for the diagnostics in `range`. Diagnostics are recomputed from the document (clients may drop
 * `data`), then matched to the ones the client sent, so fixes always edit the current text.
 */
export function codeActions(
  document: TextDocument,
  range: Range,
  contextDiagnostics: ReadonlyArray<Pick<Diagnostic, 'code' | 'range'>>,
  options: ServiceOptions = {},
  parsed: ParsedConfig = parseConfig(document),
): CodeAction[] {
  const current: FtDiagnostic[] = validateParsed(parsed, options);
  const relevant = current.filter((d) => d.data?.fixes?.length && overlaps(d.range, range));
  const selected = contextDiagnostics.length ? relevant.filter((d) => contextDiagnostics.some((c) => sameDiagnostic(c, d))) : relevant;
  const actions: CodeAction[] = [];
  for (const diagnostic of selected) {
    for (const fix of diagnostic.data?.fixes ?? []) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.isPreferred,
        edit: { changes: { [document.uri]: fix.edits } },
      });
    }
  }
  return actions;
}
