/**
 * The rule alerts Live Telemetry shows per vehicle (the bridge's `alert` feed messages, docs/history.md): newest
 * last, at most PER_VIN per vehicle, and their timeline as HTML (every string escaped).
 */
import type { Alert } from '../../../core/alerts/alert';
import { formatTimestamp } from '../../../core/format/quantity';
import { escapeHtml as e } from './escape';

const PER_VIN = 50;

export class RuleAlerts {
  private readonly byVin = new Map<string, Alert[]>();

  /** Adds an alert; false for one already held (the same rule, VIN and time: a panel re-initialised). */
  add(alert: Alert): boolean {
    let list = this.byVin.get(alert.vin);
    if (!list) this.byVin.set(alert.vin, (list = []));
    if (list.some((a) => a.rule === alert.rule && a.at === alert.at)) return false;
    list.push(alert);
    list.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    if (list.length > PER_VIN) list.splice(0, list.length - PER_VIN);
    return true;
  }

  forVin(vin: string): readonly Alert[] {
    return this.byVin.get(vin) ?? [];
  }

  get size(): number {
    let n = 0;
    for (const l of this.byVin.values()) n += l.length;
    return n;
  }
}

/** A vehicle's rule alerts, newest first, as the items of an `<ol class="rule-alerts">`. */
export function ruleAlertItems(alerts: readonly Alert[], locale?: string): string {
  if (!alerts.length) return '<li class="muted">No rule alerts.</li>';
  return [...alerts]
    .reverse()
    .map(
      (a) =>
        `<li class="rule-alert sev-${e(a.severity)}" data-rule="${e(a.rule)}"><span class="t">${e(formatTimestamp(Date.parse(a.at), locale))}</span> <strong>${e(a.rule)}</strong> ${e(a.message)} <span class="muted">${e(a.severity)}</span></li>`,
    )
    .join('');
}
