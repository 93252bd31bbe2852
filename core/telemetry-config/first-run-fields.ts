import fields from './first-run-fields.json';
import firstRun from './first-run.json';

export interface FieldStreamConfig {
  interval_seconds: number;
  minimum_delta?: number;
  resend_interval_seconds?: number;
}

/**
 * The `fields` of the first-run telemetry config a simulated car streams (a drive, a charge and the cabin): the
 * Live Telemetry panel's "configure simulator" and `npm start` both use it. The table is JSON because
 * scripts/start.mjs is plain JS run without a build step and reads it with JSON.parse (first-run.json likewise).
 */
export const FIRST_RUN_FIELDS: Readonly<Record<string, Readonly<FieldStreamConfig>>> = fields;

/** The first-run telemetry config pointing the simulated cars at a bridge: its server, first-run.json's options, FIRST_RUN_FIELDS. Pure. */
export function firstRunConfig(bridge: { hostname: string; port: number; ca: string }): Record<string, unknown> {
  return { hostname: bridge.hostname, port: bridge.port, ca: bridge.ca, ...firstRun.config, fields: FIRST_RUN_FIELDS };
}

/** Something to watch on a first run: the first online car drives, the second charges (first-run.json). Pure. */
export function firstRunActivities(onlineVins: readonly string[]): Record<string, string> {
  return Object.fromEntries(firstRun.activities.flatMap((activity, i) => (onlineVins[i] ? [[onlineVins[i], activity]] : [])));
}
