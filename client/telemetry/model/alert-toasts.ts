/**
 * Which rule alerts become notifications: at most one per rule and VIN a minute (the rules' own cooldowns are the
 * bridge's business; this keeps the editor quiet even when they are short), and at most `burstMax` within
 * `burstWindowMs`; what is held back in a burst is counted for one summary notification. Pure: the caller passes the
 * time and shows what it is told to.
 */
import type { Alert } from '../../../core/alerts/alert';

export interface AlertToastOptions {
  perRuleVinMs: number;
  burstWindowMs: number;
  burstMax: number;
}

export const DEFAULT_ALERT_TOASTS: AlertToastOptions = { perRuleVinMs: 60_000, burstWindowMs: 10_000, burstMax: 3 };

export type ToastVerdict = 'toast' | 'summarize' | 'suppress';

export interface ToastSummary {
  count: number;
  rules: string[];
  vins: string[];
}

export class AlertToastLimiter {
  private readonly lastByKey = new Map<string, number>();
  private shown: number[] = [];
  private held: Alert[] = [];

  constructor(private readonly o: AlertToastOptions = DEFAULT_ALERT_TOASTS) {}

  /** What to do with `alert` arriving at `now` (ms). */
  offer(alert: Alert, now: number): ToastVerdict {
    const key = `${alert.rule}\u0000${alert.vin}`;
    const last = this.lastByKey.get(key);
    if (last !== undefined && now - last < this.o.perRuleVinMs) return 'suppress';
    this.lastByKey.set(key, now);
    if (this.lastByKey.size > 10_000) this.lastByKey.delete(this.lastByKey.keys().next().value!);
    this.shown = this.shown.filter((t) => now - t < this.o.burstWindowMs);
    if (this.shown.length >= this.o.burstMax) {
      this.held.push(alert);
      return 'summarize';
    }
    this.shown.push(now);
    return 'toast';
  }

  /** The alerts held back since the last summary, as one summary (undefined when none). */
  takeSummary(): ToastSummary | undefined {
    if (!this.held.length) return undefined;
    const held = this.held;
    this.held = [];
    return { count: held.length, rules: [...new Set(held.map((a) => a.rule))], vins: [...new Set(held.map((a) => a.vin))] };
  }
}

/** The summary's sentence: "7 more alerts: low-soc, soc-drop on 3 vehicles". */
export function summaryText(s: ToastSummary): string {
  const rules = s.rules.length > 4 ? `${s.rules.slice(0, 4).join(', ')} and ${s.rules.length - 4} more rules` : s.rules.join(', ');
  return `${s.count} more alert${s.count === 1 ? '' : 's'}: ${rules} on ${s.vins.length === 1 ? s.vins[0] : `${s.vins.length} vehicles`}`;
}
