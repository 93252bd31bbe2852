/** The rules of an `*.alerts.json` file once read (docs/alerts.md); core/alerts/rules-file.ts builds them. */
import type { AlertKind, AlertSeverity } from './alert';

/**
 * Holds when the vehicle's latest value of `field` is one of `in`, or passes every numeric comparison given
 * (`above` >, `below` <, `atLeast` ≥, `atMost` ≤). A field not seen yet for the vehicle never holds.
 */
export interface Condition {
  field: string;
  in?: Array<string | boolean>;
  above?: number;
  below?: number;
  atLeast?: number;
  atMost?: number;
}

interface RuleCommon {
  name: string;
  severity: AlertSeverity;
  /** At most one alert per rule and vehicle in this many seconds (record time); 0 = no cooldown. */
  cooldownSeconds: number;
  /** Only these vehicles; undefined = every vehicle. */
  vins?: readonly string[];
  /** Every condition must hold (an empty list always holds). */
  when: readonly Condition[];
}

export interface ThresholdRule extends RuleCommon {
  kind: 'threshold';
  field: string;
  /** `below`: fires when the value goes under `limit`, re-arms once it is over `clear`. `above`: the mirror image. */
  direction: 'below' | 'above';
  limit: number;
  clear: number;
}

export interface DeltaRule extends RuleCommon {
  kind: 'delta';
  field: string;
  /** `drop`: fires when the value is `by` or more under its highest value of the last `withinSeconds`; `rise` mirrors. */
  direction: 'drop' | 'rise';
  by: number;
  withinSeconds: number;
}

export interface BecomesRule extends RuleCommon {
  kind: 'becomes';
  field: string;
  becomes: string | boolean;
}

export interface StaleRule extends RuleCommon {
  kind: 'stale';
  field: string;
  staleSeconds: number;
}

export interface ConnectivityRule extends RuleCommon {
  kind: 'connectivity';
  disconnectedSeconds: number;
}

export type AlertRule = ThresholdRule | DeltaRule | BecomesRule | StaleRule | ConnectivityRule;

/** The field an alert of this rule names (connectivity rules watch no telemetry field). */
export const CONNECTIVITY_FIELD = 'Connectivity';

export function ruleField(rule: AlertRule): string {
  return rule.kind === 'connectivity' ? CONNECTIVITY_FIELD : rule.field;
}

export const RULE_KINDS: readonly AlertKind[] = ['threshold', 'delta', 'becomes', 'stale', 'connectivity'];
