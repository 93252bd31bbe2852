import fields from './first-run-fields.json';

export interface FieldStreamConfig {
  interval_seconds: number;
  minimum_delta?: number;
  resend_interval_seconds?: number;
}

/**
 * The `fields` of the first-run telemetry config a simulated car streams (a drive, a charge and the cabin): the
 * Live Telemetry panel's "configure simulator" and `npm start` both use it. The table is JSON because
 * scripts/start.mjs is plain JS run without a build step and reads it with JSON.parse.
 */
export const FIRST_RUN_FIELDS: Readonly<Record<string, Readonly<FieldStreamConfig>>> = fields;
