import type { CompletionList, Diagnostic, DocumentSymbol, FormattingOptions, Hover, Position, Range, TextEdit } from 'vscode-json-languageservice';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActions, type CodeAction } from './code-actions';
import { complete } from './completion';
import { hover } from './hover';
import { jsonService, parseConfig, type ParsedConfig } from './parse';
import type { FtDiagnostic, ServiceOptions, VehicleFirmware } from './types';
import { validateParsed } from './validate';

/** The protocol-free language service for Fleet Telemetry configs. Nothing here throws on any input. */
export interface TelemetryConfigService {
  validate(document: TextDocument): FtDiagnostic[];
  complete(document: TextDocument, position: Position): CompletionList;
  hover(document: TextDocument, position: Position): Hover | null;
  codeActions(document: TextDocument, range: Range, diagnostics: ReadonlyArray<Pick<Diagnostic, 'code' | 'range'>>): CodeAction[];
  symbols(document: TextDocument): DocumentSymbol[];
  format(document: TextDocument, range: Range | undefined, options: FormattingOptions): TextEdit[];
  setVehicleFirmware(firmware: VehicleFirmware): void;
}

export function createTelemetryConfigService(options: ServiceOptions = {}): TelemetryConfigService {
  let vehicleFirmware: VehicleFirmware = { ...(options.vehicleFirmware ?? {}) };
  const now = options.now ?? Date.now;
  const current = (): ServiceOptions => ({ now, vehicleFirmware });
  // One-entry parse cache: completion, hover and code actions on the same version reuse the tree.
  let cache: { uri: string; version: number; text: string; parsed: ParsedConfig } | undefined;
  const parse = (document: TextDocument): ParsedConfig => {
    const text = document.getText();
    if (cache && cache.uri === document.uri && cache.version === document.version && cache.text === text) return cache.parsed;
    const parsed = parseConfig(document);
    cache = { uri: document.uri, version: document.version, text, parsed };
    return parsed;
  };
  return {
    validate: (document) => validateParsed(parse(document), current()),
    complete: (document, position) => complete(document, position, now(), parse(document)),
    hover: (document, position) => hover(document, position, parse(document)),
    codeActions: (document, range, diagnostics) => codeActions(document, range, diagnostics, current(), parse(document)),
    symbols: (document) => jsonService.findDocumentSymbols2(document, parse(document).json),
    format: (document, range, formatting) => jsonService.format(document, range, formatting),
    setVehicleFirmware(firmware) {
      vehicleFirmware = { ...firmware };
    },
  };
}
