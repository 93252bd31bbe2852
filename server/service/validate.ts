import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CODES } from './codes';
import { parseConfig, type ParsedConfig } from './parse';
import { createRuleContext, type RuleContext } from './report';
import { checkCa } from './rules/ca';
import { checkHostname, checkPort } from './rules/connection';
import { checkCost } from './rules/cost';
import { checkFields } from './rules/fields';
import { checkOptions } from './rules/options';
import { checkStructure } from './rules/structure';
import { checkVins } from './rules/vins';
import type { FtDiagnostic, ServiceOptions } from './types';

const RULES: ReadonlyArray<(ctx: RuleContext) => void> = [checkStructure, checkVins, checkHostname, checkPort, checkCa, checkFields, checkOptions, checkCost];

/** Every diagnostic for a document, sorted by position. A failing rule becomes one diagnostic, never an exception. */
export function validateParsed(parsed: ParsedConfig, options: ServiceOptions = {}): FtDiagnostic[] {
  const out: FtDiagnostic[] = [];
  const ctx = createRuleContext(parsed, options, out);
  for (const rule of RULES) {
    try {
      rule(ctx);
    } catch (err) {
      out.push({
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: CODES.internal.severity,
        code: CODES.internal.code,
        source: 'fleetkit',
        message: `Internal error in rule ${rule.name}: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

export function validate(document: TextDocument, options: ServiceOptions = {}): FtDiagnostic[] {
  return validateParsed(parseConfig(document), options);
}
