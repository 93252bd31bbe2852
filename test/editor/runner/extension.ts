// A test-host-only extension: when the E2E host sets FLEETKIT_EDITOR_TESTS_ENTRY, it loads the compiled
// in-editor suites runner (test/editor/index.ts) and runs it; the runner writes FLEETKIT_EDITOR_RESULTS.
// onStartupFinished is right here (and only here): the tests start once the workbench has restored.
import { EDITOR_RESULTS_ENV, EDITOR_TESTS_ENTRY_ENV, type EditorTestReport } from '../results';
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface RunnerModule {
  run(): Promise<void>;
}

export async function activate(): Promise<void> {
  const entry = process.env[EDITOR_TESTS_ENTRY_ENV];
  const resultsPath = process.env[EDITOR_RESULTS_ENV];
  if (!entry) return;
  try {
    // A runtime path, deliberately not bundled: the suites are compiled separately.
    const runner = createRequire(__filename)(entry) as RunnerModule;
    await runner.run();
  } catch (err) {
    console.error('[fleetkit-editor-tests]', err);
    // run() writes its report before rejecting; only a runner that failed to load leaves none.
    if (resultsPath && !existsSync(resultsPath)) {
      const report: EditorTestReport = {
        vscodeVersion: '',
        suiteFiles: [],
        stats: { tests: 0, passes: 0, failures: 0, pending: 0 },
        tests: [],
        runnerError: err instanceof Error ? (err.stack ?? err.message) : String(err),
        finishedAt: new Date().toISOString(),
      };
      writeFileSync(resultsPath, JSON.stringify(report, null, 2) + '\n');
    }
  }
}

export function deactivate(): void {
  // nothing to release
}
