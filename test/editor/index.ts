// Runs the in-editor mocha suites inside a VS Code extension host.
// Used two ways: as `extensionTestsPath` by @vscode/test-electron (test/electron/run.ts), and by the
// test-runner extension (test/editor/runner) inside code-server for the E2E suite.
// Compiled by test/editor/build.ts (mocha bundled in) next to suites/*.test.js.
import { readdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { EDITOR_RESULTS_ENV, type EditorTestReport, type EditorTestResult } from './results';

export function suiteFiles(dir = join(__dirname, 'suites')): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.test.js'))
    .sort()
    .map((f) => join(dir, f));
}

export function writeReport(path: string, report: EditorTestReport): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(report, null, 2) + '\n');
  renameSync(tmp, path); // readers never see half a file
}

/** Entry point for @vscode/test-electron and the runner extension. Rejects when any test fails. */
export async function run(): Promise<void> {
  const resultsPath = process.env[EDITOR_RESULTS_ENV];
  const files = suiteFiles();
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  for (const f of files) mocha.addFile(f);
  const tests: EditorTestResult[] = [];
  const record = (t: Mocha.Test, state: EditorTestResult['state'], err?: Error): void => {
    tests.push({
      title: t.title,
      fullTitle: t.fullTitle(),
      file: t.file ? basename(t.file) : '',
      state,
      durationMs: t.duration ?? 0,
      ...(err ? { error: { message: err.message, ...(err.stack ? { stack: err.stack } : {}) } } : {}),
    });
  };
  let runnerError: string | undefined;
  const failures = await new Promise<number>((resolve) => {
    try {
      const runner = mocha.run((n) => resolve(n));
      runner.on('pass', (t) => record(t, 'passed'));
      runner.on('fail', (t, err: Error) => {
        // Hook failures arrive as a Hook, not a Test; record them under the hook's title.
        record(t as Mocha.Test, 'failed', err);
      });
    } catch (err) {
      runnerError = err instanceof Error ? (err.stack ?? err.message) : String(err);
      resolve(1);
    }
  });
  const report: EditorTestReport = {
    vscodeVersion: vscode.version,
    suiteFiles: files.map((f) => basename(f)),
    stats: {
      tests: tests.length,
      passes: tests.filter((t) => t.state === 'passed').length,
      failures: tests.filter((t) => t.state === 'failed').length,
      pending: 0,
    },
    tests,
    ...(runnerError ? { runnerError } : {}),
    finishedAt: new Date().toISOString(),
  };
  if (resultsPath) writeReport(resultsPath, report);
  if (failures > 0 || runnerError) {
    throw new Error(runnerError ?? `${failures} in-editor test(s) failed`);
  }
}
