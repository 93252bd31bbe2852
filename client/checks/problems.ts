import * as vscode from 'vscode';
import type { CheckReport, ReportKind } from '../../core/checks/types';
import { PROBLEMS_SCHEME, PROBLEMS_SOURCE, kindOfProblemsUri, problemsDocument, problemsUri, reportProblems } from '../../core/checks/report/problems';

/**
 * Check results in the Problems panel: one read-only `fleetkit-checks:/<kind>-report` document per report kind
 * (its text is the report), with a diagnostic on the line of each failing or warning check. A re-run replaces that
 * kind's problems; a green run clears them.
 */
export class ChecksProblems implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(PROBLEMS_SOURCE);
  private readonly texts = new Map<ReportKind, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(PROBLEMS_SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    const kind = kindOfProblemsUri(uri.toString());
    return (kind && this.texts.get(kind)) ?? 'No Fleetkit check has run yet.\n';
  }

  show(report: CheckReport): void {
    const uri = vscode.Uri.parse(problemsUri(report.kind));
    const text = problemsDocument(report);
    this.texts.set(report.kind, text);
    this.changed.fire(uri);
    const problems = reportProblems(report, text);
    if (!problems.length) {
      this.collection.delete(uri);
      return;
    }
    const lines = text.split('\n');
    this.collection.set(
      uri,
      problems.map((p) => {
        const d = new vscode.Diagnostic(
          new vscode.Range(p.line, 0, p.line, lines[p.line]?.length ?? 0),
          p.message,
          p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
        );
        d.source = PROBLEMS_SOURCE;
        d.code = p.code;
        return d;
      }),
    );
  }

  dispose(): void {
    this.collection.dispose();
    this.registration.dispose();
    this.changed.dispose();
  }
}
