/** The verdict of one check. `skip` = not evaluated because an earlier step failed or the input was not given. */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

/** One line of a validator report: what was checked, what was found, and how to fix it. */
export interface Check {
  /** Stable dotted id, e.g. `tls.expiry`, `body.format`; tests and the editor key on it. */
  readonly id: string;
  /** Short, sentence-case title of what is checked. */
  readonly title: string;
  readonly status: CheckStatus;
  /** What was found, in one or two sentences. */
  readonly detail: string;
  /** What to do about it; empty when there is nothing to do. */
  readonly fix: string;
  /** Set on findings that need action right now (a published private key). */
  readonly critical?: boolean;
  /** A Fleetkit command id that fixes or re-checks this item (the editor shows it as a button). */
  readonly action?: string;
}

export type ReportKind = 'pem' | 'redirect' | 'doctor' | 'telemetry-server';

/** The result of one validator run, as shown in the editor and printed by the CLI. */
export interface CheckReport {
  readonly kind: ReportKind;
  /** What was checked: a URL, a redirect URI, a profile name. */
  readonly target: string;
  /** ISO timestamp of the run. */
  readonly checkedAt: string;
  readonly checks: readonly Check[];
  /** Named values worth showing beside the checks (fingerprints, the value to register…). */
  readonly facts: Readonly<Record<string, string>>;
}

export interface CheckSummary {
  readonly pass: number;
  readonly warn: number;
  readonly fail: number;
  readonly skip: number;
  /** True when nothing failed (warnings allowed). */
  readonly ok: boolean;
}

export function summarize(checks: readonly Check[]): CheckSummary {
  const count = (s: CheckStatus): number => checks.filter((c) => c.status === s).length;
  const fail = count('fail');
  return { pass: count('pass'), warn: count('warn'), fail, skip: count('skip'), ok: fail === 0 };
}

/** Small constructor helpers so analysers read as a list of verdicts. */
export const check = {
  pass: (id: string, title: string, detail: string): Check => ({ id, title, status: 'pass', detail, fix: '' }),
  warn: (id: string, title: string, detail: string, fix: string): Check => ({ id, title, status: 'warn', detail, fix }),
  fail: (id: string, title: string, detail: string, fix: string): Check => ({ id, title, status: 'fail', detail, fix }),
  skip: (id: string, title: string, detail: string): Check => ({ id, title, status: 'skip', detail, fix: '' }),
};
