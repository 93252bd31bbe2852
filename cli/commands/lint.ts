import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createTelemetryConfigService } from '../../server/service/language-service';
import type { FtDiagnostic } from '../../server/service/types';
import { UsageError, type CliCommand } from '../command';
import { parseOptions } from '../args';

const SEVERITY = ['', 'error', 'warning', 'information', 'hint'] as const;

export interface LintRecord {
  file: string;
  /** Zero-based LSP range (line, character). */
  range: FtDiagnostic['range'];
  severity: (typeof SEVERITY)[number];
  code: string;
  message: string;
}

const USAGE = `Usage: fleetkit lint FILE… [--format text|json | --json] [--firmware VIN=VERSION]…

Checks Fleet Telemetry config files ({"vins": […], "config": {…}} or a bare config) with the same
diagnostics as the editor. Exit code 1 when any error is found, 2 on bad usage or unreadable files.

Options:
  --format text|json        text (default) goes to stderr as file:line:col; json is an array on stdout of
                            {file, range, severity, code, message} (range is zero-based, LSP style)
  --json                    the same as --format json
  --firmware VIN=VERSION    firmware a vehicle reports (repeatable); enables the newer-firmware check (FT120)
`;

export function parseFirmwareOptions(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const value of values) {
    const m = /^([^=\s]+)=(\S+)$/.exec(value);
    if (!m) throw new UsageError(`--firmware expects VIN=VERSION, got '${value}'`);
    out[m[1]] = m[2];
  }
  return out;
}

export const lintCommand: CliCommand = {
  summary: 'Check Fleet Telemetry config files (same diagnostics as the editor)',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseOptions(
      args,
      { format: { type: 'string', default: 'text' }, json: { type: 'boolean' }, firmware: { type: 'string', multiple: true, default: [] } },
      true,
    );
    if (parsed.values.json && parsed.values.format !== 'text' && parsed.values.format !== 'json') {
      throw new UsageError(`--json and --format ${parsed.values.format} contradict each other`);
    }
    const format = parsed.values.json ? 'json' : parsed.values.format;
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, got '${format}'`);
    if (parsed.positionals.length === 0) throw new UsageError('no files given. Usage: fleetkit lint FILE… [--format text|json]');
    const service = createTelemetryConfigService({ vehicleFirmware: parseFirmwareOptions(parsed.values.firmware ?? []) });
    const records: LintRecord[] = [];
    let unreadable = 0;
    for (const file of parsed.positionals) {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (err) {
        unreadable++;
        io.stderr.write(`fleetkit lint: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}\n`);
        continue;
      }
      const document = TextDocument.create(pathToFileURL(resolve(file)).href, 'fleet-telemetry-config', 1, text);
      for (const d of service.validate(document)) {
        records.push({ file, range: d.range, severity: SEVERITY[d.severity ?? 1] || 'error', code: d.code, message: d.message });
      }
    }
    if (format === 'json') {
      io.stdout.write(JSON.stringify(records, null, 2) + '\n');
    } else {
      for (const r of records) {
        io.stderr.write(`${r.file}:${r.range.start.line + 1}:${r.range.start.character + 1}: ${r.severity} ${r.code} ${r.message}\n`);
      }
      const errors = records.filter((r) => r.severity === 'error').length;
      io.stderr.write(`${parsed.positionals.length - unreadable} file(s) checked: ${errors} error(s), ${records.length - errors} other finding(s)\n`);
    }
    if (unreadable) return 2;
    return records.some((r) => r.severity === 'error') ? 1 : 0;
  },
};
