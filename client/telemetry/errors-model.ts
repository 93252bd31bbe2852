/** What the Telemetry view shows of the errors vehicles report (fleet_telemetry_errors). Pure: no `vscode`. */
import { telemetryErrorFix, type TelemetryError } from '../../core/fleet-api/telemetry-errors';
import { formatAge } from '../../core/vehicle-model/age';

export interface ErrorRow {
  readonly label: string;
  readonly description: string;
  readonly tooltip: string;
}

const age = (e: TelemetryError, now: number): string => (e.createdAt === undefined ? 'time unknown' : formatAge(e.createdAt, now));

/** The vehicle row's part: "2 telemetry errors · 3 min ago" (newest), and the newest error for the tooltip. */
export function vehicleErrorSummary(errors: readonly TelemetryError[], now: number): { description: string; tooltip: string } | undefined {
  const newest = errors[0];
  if (!newest) return undefined;
  const fix = telemetryErrorFix(newest);
  return {
    description: `${errors.length} telemetry error${errors.length === 1 ? '' : 's'} · ${age(newest, now)}`,
    tooltip: `The vehicle reported ${errors.length === 1 ? 'an error' : `${errors.length} errors`} about your telemetry config; the newest, ${age(newest, now)}: ${newest.error}${fix ? `\nFix: ${fix}` : ''}`,
  };
}

/** One error under its vehicle: name, age and text; the tooltip adds the fix and Tesla's txid. */
export function errorRow(e: TelemetryError, now: number): ErrorRow {
  const fix = telemetryErrorFix(e);
  return {
    label: e.errorName ?? 'error',
    description: `${age(e, now)} · ${e.error}`,
    tooltip: [
      e.error,
      `Reported ${e.createdAt === undefined ? '(time unknown)' : `${age(e, now)} (${new Date(e.createdAt).toISOString()})`}${e.name ? ` for app ${e.name}` : ''}.`,
      ...(fix ? [`Fix: ${fix}`] : []),
      ...(e.txid ? [`txid ${e.txid}`] : []),
    ].join('\n'),
  };
}
