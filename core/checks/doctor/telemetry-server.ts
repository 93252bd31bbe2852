import { check, summarize, type Check, type CheckReport } from '../types';

export const TELEMETRY_SERVER_TITLE = 'Telemetry server as vehicles see it';
export const CHECK_TELEMETRY_SERVER_ACTION = 'fleetkit.checkTelemetryServer';

/** The telemetry server check's report for the config the doctor was given, or why the config could not be checked. */
export type DoctorTelemetryServer = { readonly report: CheckReport } | { readonly error: string };

/**
 * The doctor's telemetry server item: the server check (core/checks/telemetry-server) folded into one line. Pure.
 * Not given → skip; any failing check → fail with their details and the first fix; warnings only → warn.
 */
export function analyseTelemetryServerItem(t: DoctorTelemetryServer | undefined): Check {
  const id = 'telemetry.server';
  if (!t) {
    return check.skip(
      id,
      TELEMETRY_SERVER_TITLE,
      'No telemetry config given (fleetkit doctor --telemetry-config FILE; in the editor, an open or workspace *.telemetry.json).',
    );
  }
  if ('error' in t) {
    return {
      ...check.fail(
        id,
        TELEMETRY_SERVER_TITLE,
        `The telemetry config cannot be checked: ${t.error}.`,
        'Correct the telemetry config (the editor marks its problems), then run the doctor again.',
      ),
      action: CHECK_TELEMETRY_SERVER_ACTION,
    };
  }
  const { report } = t;
  const s = summarize(report.checks);
  const failing = report.checks.filter((c) => c.status === 'fail');
  const warning = report.checks.filter((c) => c.status === 'warn');
  const lines = (cs: readonly Check[]): string => cs.map((c) => `${c.title}: ${c.detail}`).join(' ');
  if (failing.length) {
    const critical = failing.some((c) => c.critical);
    const c = check.fail(id, TELEMETRY_SERVER_TITLE, `${report.target}: ${lines(failing)}`, failing[0].fix);
    return { ...c, action: CHECK_TELEMETRY_SERVER_ACTION, ...(critical ? { critical } : {}) };
  }
  if (warning.length) {
    return { ...check.warn(id, TELEMETRY_SERVER_TITLE, `${report.target}: ${lines(warning)}`, warning[0].fix), action: CHECK_TELEMETRY_SERVER_ACTION };
  }
  return check.pass(id, TELEMETRY_SERVER_TITLE, `${report.target}: ${s.pass} passed${s.skip ? `, ${s.skip} skipped` : ''}.`);
}
