/**
 * One alert fired by a rule (docs/alerts.md). The rules engine (core/alerts/engine.ts) builds it; the bridge writes it
 * as a `fleetkit_alerts` record, sends it on the live feed (core/messages/live-feed.ts `FeedAlert`) and to a webhook;
 * `fleetkit alerts test` prints it. Plain data: importable by the webview.
 */

export type AlertSeverity = 'info' | 'warning' | 'critical';
export type AlertKind = 'threshold' | 'delta' | 'becomes' | 'stale' | 'connectivity';

export const ALERT_SEVERITIES: readonly AlertSeverity[] = ['info', 'warning', 'critical'];
export const ALERT_KINDS: readonly AlertKind[] = ['threshold', 'delta', 'becomes', 'stale', 'connectivity'];

export interface Alert {
  /** The rule's `name`. */
  rule: string;
  vin: string;
  /** ISO 8601, the time of the record that fired it (the vehicle's createdAt), never the wall clock. */
  at: string;
  /** The telemetry field the rule watches (`Connectivity` for connectivity rules). */
  field: string;
  /** The value that fired it: a number, a state name, a location…; for stale and connectivity, the seconds elapsed. */
  value: unknown;
  severity: AlertSeverity;
  kind: AlertKind;
  /** A human sentence with units, e.g. "Soc fell below 20 % (19.5 %)". */
  message: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True for a value with every Alert key of its type (`value` may be anything but undefined). */
export function isAlert(v: unknown): v is Alert {
  return (
    isObject(v) &&
    typeof v.rule === 'string' &&
    typeof v.vin === 'string' &&
    typeof v.at === 'string' &&
    !Number.isNaN(Date.parse(v.at)) &&
    typeof v.field === 'string' &&
    v.value !== undefined &&
    typeof v.severity === 'string' &&
    (ALERT_SEVERITIES as readonly string[]).includes(v.severity) &&
    typeof v.kind === 'string' &&
    (ALERT_KINDS as readonly string[]).includes(v.kind) &&
    typeof v.message === 'string'
  );
}
