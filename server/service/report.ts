import type { ASTNode, Range } from 'vscode-json-languageservice';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CODES, type CodeKey } from './codes';
import type { Fix, FtDiagnostic, ServiceOptions, VehicleFirmware } from './types';
import type { ParsedConfig } from './parse';

/** What every rule receives: the parsed document, the options and a sink for diagnostics. */
export interface RuleContext {
  readonly parsed: ParsedConfig;
  readonly document: TextDocument;
  readonly nowMs: number;
  readonly vehicleFirmware: VehicleFirmware;
  report(key: CodeKey, range: Range, message: string, fixes?: Fix[]): void;
  rangeOf(node: { readonly offset: number; readonly length: number }): Range;
}

export function createRuleContext(parsed: ParsedConfig, options: ServiceOptions, out: FtDiagnostic[]): RuleContext {
  const document = parsed.document;
  return {
    parsed,
    document,
    nowMs: (options.now ?? Date.now)(),
    vehicleFirmware: options.vehicleFirmware ?? {},
    report(key, range, message, fixes) {
      const info = CODES[key];
      const diagnostic: FtDiagnostic = { range, message, severity: info.severity, code: info.code, source: 'fleetkit' };
      if (fixes?.length) diagnostic.data = { fixes };
      out.push(diagnostic);
    },
    rangeOf(node) {
      return { start: document.positionAt(node.offset), end: document.positionAt(node.offset + node.length) };
    },
  };
}

/** A short, safe rendering of a JSON value for messages. */
export function show(node: ASTNode | undefined): string {
  if (!node) return 'nothing';
  if (node.type === 'string') return JSON.stringify(node.value.length > 40 ? node.value.slice(0, 40) + '…' : node.value);
  if (node.type === 'number' || node.type === 'boolean' || node.type === 'null') return String(node.value);
  return `an ${node.type}`;
}
