/** The JSON file the in-editor runner writes; the E2E suite reads it. Shared by both sides. */
export interface EditorTestResult {
  readonly title: string;
  readonly fullTitle: string;
  /** The compiled suite file the test came from (basename, e.g. `activation.test.js`). */
  readonly file: string;
  readonly state: 'passed' | 'failed';
  readonly durationMs: number;
  readonly error?: { readonly message: string; readonly stack?: string };
}

export interface EditorTestReport {
  readonly vscodeVersion: string;
  readonly suiteFiles: readonly string[];
  readonly stats: { readonly tests: number; readonly passes: number; readonly failures: number; readonly pending: number };
  readonly tests: readonly EditorTestResult[];
  /** Set when the runner itself could not run (mocha missing, a suite failed to load…). */
  readonly runnerError?: string;
  readonly finishedAt: string;
}

/** Environment variables the runner reads (set on code-server, inherited by its extension host). */
export const EDITOR_TESTS_ENTRY_ENV = 'FLEETKIT_EDITOR_TESTS_ENTRY';
export const EDITOR_RESULTS_ENV = 'FLEETKIT_EDITOR_RESULTS';
