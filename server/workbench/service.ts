import type { CompletionItem, Diagnostic, Hover, Position } from 'vscode-languageserver';
import { parseHttpFile, type HttpFile } from '../../core/api-request/http-file';
import { EMPTY_ACCOUNT, type WorkbenchAccount } from './account';
import { workbenchCompletion } from './completion';
import { workbenchDiagnostics } from './diagnostics';
import { workbenchHover } from './hover';

/** The language id of `*.tesla.http` request files. */
export const WORKBENCH_LANGUAGE = 'tesla-http';

/** The protocol-free language service of the request workbench (`*.tesla.http`), read from the endpoint table. */
export interface WorkbenchService {
  validate(text: string): Diagnostic[];
  complete(text: string, position: Position): CompletionItem[];
  hover(text: string, position: Position): Hover | null;
  setAccount(account: WorkbenchAccount): void;
}

export function createWorkbenchService(): WorkbenchService {
  let account = EMPTY_ACCOUNT;
  let cache: { text: string; file: HttpFile } | undefined;
  const parse = (text: string): HttpFile => {
    if (cache?.text !== text) cache = { text, file: parseHttpFile(text) };
    return cache.file;
  };
  return {
    validate: (text) => workbenchDiagnostics(parse(text)),
    complete: (text, position) => workbenchCompletion(text, parse(text), position, account),
    hover: (text, position) => workbenchHover(parse(text), position, account),
    setAccount(next) {
      account = next;
    },
  };
}
