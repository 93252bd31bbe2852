import { type Check, type CheckReport, type ReportKind } from '../types';
import { formatReportText } from './format';

/** URI scheme of the read-only report documents the Problems panel points at. */
export const PROBLEMS_SCHEME = 'fleetkit-checks';
/** Source shown beside each problem (and the diagnostic collection's name). */
export const PROBLEMS_SOURCE = 'Fleetkit checks';

/** One problem, editor-free: the extension turns it into a `vscode.Diagnostic`. */
export interface ProblemData {
  readonly severity: 'error' | 'warning';
  /** Zero-based line of the check in the report document. */
  readonly line: number;
  readonly message: string;
  /** The check id (stable, e.g. `tls.expiry`). */
  readonly code: string;
  /** A Fleetkit command id that fixes it, when there is one. */
  readonly action?: string;
}

/** One document per report kind, so a PEM check and the doctor keep their own problems. */
export function problemsUri(kind: ReportKind): string {
  return `${PROBLEMS_SCHEME}:/${kind}-report`;
}

/** Which kind a problems URI (as `vscode.Uri.toString()` prints it) belongs to; undefined for anything else. */
export function kindOfProblemsUri(uri: string): ReportKind | undefined {
  const m = /^fleetkit-checks:\/(pem|redirect|doctor|telemetry-server)-report$/.exec(uri);
  return m ? (m[1] as ReportKind) : undefined;
}

/** The report document's text: the CLI's text report, so a problem opens on the very line of its check. */
export function problemsDocument(report: CheckReport): string {
  return formatReportText(report, { verbose: true });
}

function lineOf(lines: readonly string[], c: Check, from: number): number {
  const needle = `${c.title}: ${c.detail}`;
  for (let i = from; i < lines.length; i++) if (lines[i].includes(needle)) return i;
  return 0;
}

/**
 * Failing and warning checks as problems (passes and skips are not problems): fail → error, warn → warning, the fix
 * in the message. An empty list means the report is green and its problems must be cleared.
 */
export function reportProblems(report: CheckReport, document = problemsDocument(report)): ProblemData[] {
  const lines = document.split('\n');
  const out: ProblemData[] = [];
  let cursor = 0;
  for (const c of report.checks) {
    if (c.status !== 'fail' && c.status !== 'warn') continue;
    const line = lineOf(lines, c, cursor);
    if (line > 0) cursor = line + 1;
    const prefix = c.critical ? 'CRITICAL: ' : '';
    const message = `${prefix}${c.title}: ${c.detail}${c.fix ? `\nFix: ${c.fix}` : ''}`;
    out.push({ severity: c.status === 'fail' ? 'error' : 'warning', line, message, code: c.id, ...(c.action ? { action: c.action } : {}) });
  }
  return out;
}
