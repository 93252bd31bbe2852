import { BILLING_CATEGORIES, classifyRequest, endpointLabel, isBillableStatus, type BillingCategory } from './categories';
import { emptyCounts, estimateCost, type CategoryCounts, type CostEstimate } from './prices';

/** One answered (or attempted) request, as the Fleet API client reports it. */
export interface CallRecord {
  accountId: string;
  method: string;
  /** Path + query. */
  path: string;
  /** HTTP status; 0 when no answer arrived (not billed). */
  status: number;
  /** Epoch ms. */
  at: number;
}

/** `2026-11` (UTC): Tesla bills per calendar month. */
export function monthKey(at: number): string {
  const d = new Date(at);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

export interface MonthUsage {
  counts: CategoryCounts;
  /** Billable requests per endpoint label, e.g. `GET /vehicles/{tag}/vehicle_data` → 3. */
  byEndpoint: Record<string, { category: BillingCategory; count: number; errors: number }>;
}

/** JSON shape for persistence: account → month → usage. */
export type LedgerSnapshot = Record<string, Record<string, MonthUsage>>;

export interface UsageSummary {
  accountId: string;
  month: string;
  counts: CategoryCounts;
  estimate: CostEstimate;
  byEndpoint: MonthUsage['byEndpoint'];
}

/**
 * Counts billable calls per account per month. Pure state: persistence and clocks are the caller's.
 */
export class UsageLedger {
  private readonly accounts = new Map<string, Map<string, MonthUsage>>();
  private readonly listeners = new Set<(accountId: string) => void>();

  constructor(snapshot?: LedgerSnapshot) {
    if (snapshot) this.load(snapshot);
  }

  /** Records a request; returns the category it was billed in, or undefined if it is free. */
  record(call: CallRecord): BillingCategory | undefined {
    const category = classifyRequest(call.method, call.path);
    if (!category || !isBillableStatus(call.status)) return undefined;
    const usage = this.usage(call.accountId, monthKey(call.at));
    usage.counts[category] += 1;
    const label = endpointLabel(call.method, call.path);
    const entry = (usage.byEndpoint[label] ??= { category, count: 0, errors: 0 });
    entry.count += 1;
    if (call.status >= 400) entry.errors += 1;
    this.emit(call.accountId);
    return category;
  }

  /** Streaming signals are billed per signal, not per request. */
  recordStreaming(accountId: string, signals: number, at: number): void {
    if (!(signals > 0)) return;
    this.usage(accountId, monthKey(at)).counts.streaming += Math.floor(signals);
    this.emit(accountId);
  }

  summary(accountId: string, at: number): UsageSummary {
    const month = monthKey(at);
    const usage = this.accounts.get(accountId)?.get(month);
    const counts = usage ? { ...usage.counts } : emptyCounts();
    return { accountId, month, counts, estimate: estimateCost(counts), byEndpoint: usage ? structuredClone(usage.byEndpoint) : {} };
  }

  accountIds(): string[] {
    return [...this.accounts.keys()];
  }

  onDidChange(listener: (accountId: string) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  snapshot(): LedgerSnapshot {
    const out: LedgerSnapshot = {};
    for (const [account, months] of this.accounts) {
      out[account] = {};
      for (const [month, usage] of months) out[account][month] = structuredClone(usage);
    }
    return out;
  }

  /** Keeps only the newest `keepMonths` months per account (persistence stays small). */
  prune(keepMonths: number): void {
    for (const months of this.accounts.values()) {
      const keys = [...months.keys()].sort();
      for (const old of keys.slice(0, Math.max(0, keys.length - keepMonths))) months.delete(old);
    }
  }

  private load(snapshot: LedgerSnapshot): void {
    if (!snapshot || typeof snapshot !== 'object') return;
    for (const [account, months] of Object.entries(snapshot)) {
      if (!months || typeof months !== 'object') continue;
      for (const [month, usage] of Object.entries(months)) {
        if (!/^\d{4}-\d{2}$/.test(month) || !usage || typeof usage !== 'object') continue;
        const target = this.usage(account, month);
        for (const c of BILLING_CATEGORIES) {
          const n = (usage.counts as Partial<CategoryCounts> | undefined)?.[c];
          if (typeof n === 'number' && Number.isFinite(n) && n >= 0) target.counts[c] = Math.floor(n);
        }
        for (const [label, e] of Object.entries(usage.byEndpoint ?? {})) {
          if (e && BILLING_CATEGORIES.includes(e.category) && typeof e.count === 'number') {
            target.byEndpoint[label] = { category: e.category, count: e.count, errors: typeof e.errors === 'number' ? e.errors : 0 };
          }
        }
      }
    }
  }

  private usage(accountId: string, month: string): MonthUsage {
    let months = this.accounts.get(accountId);
    if (!months) this.accounts.set(accountId, (months = new Map()));
    let usage = months.get(month);
    if (!usage) months.set(month, (usage = { counts: emptyCounts(), byEndpoint: {} }));
    return usage;
  }

  private emit(accountId: string): void {
    for (const l of this.listeners) l(accountId);
  }
}
