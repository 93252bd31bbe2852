/**
 * Posts alerts to a webhook (`--alerts-webhook URL`, docs/alerts.md): one JSON Alert per POST, in order, from a
 * bounded queue that ingest only ever appends to. A failed delivery (network error, timeout, 408, 429 or 5xx) is
 * retried with exponential backoff; other answers are final. Every POST carries an `Idempotency-Key` (the same on
 * every attempt), so a receiver that got an attempt whose answer was lost can tell the retry is the same alert.
 * The URL may hold a secret (a token in its path or query): logs name only its origin.
 */
import { createHash } from 'node:crypto';
import type { Alert } from '../../core/alerts/alert';
import type { Logger } from '../../core/log/logger';

export interface WebhookOptions {
  /** Alerts waiting at most; the oldest is dropped (and counted) beyond it. Default 1,000. */
  queueLimit?: number;
  /** Attempts per alert, the first included. Default 6. */
  maxAttempts?: number;
  /** First retry delay; doubled each time up to maxDelayMs. Defaults 500 ms and 30 s. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Per attempt. Default 10 s. */
  timeoutMs?: number;
  logger?: Logger;
}

export interface WebhookStats {
  /** Alerts the webhook answered 2xx to. */
  delivered: number;
  /** Alerts given up on (attempts exhausted, or a final answer such as 400). */
  failed: number;
  /** Alerts dropped because the queue was full. */
  dropped: number;
  /** Attempts that failed and were tried again. */
  retries: number;
  queued: number;
}

const RETRYABLE = (status: number): boolean => status === 408 || status === 429 || status >= 500;

export function idempotencyKey(alert: Alert): string {
  return createHash('sha256')
    .update(JSON.stringify([alert.rule, alert.vin, alert.at, alert.kind]))
    .digest('hex')
    .slice(0, 32);
}

export class AlertWebhook {
  private readonly queue: Alert[] = [];
  private readonly counts = { delivered: 0, failed: 0, dropped: 0, retries: 0 };
  private pumping = false;
  private closed = false;
  private readonly stop = new AbortController();
  private readonly origin: string;
  private idle: Array<() => void> = [];

  constructor(
    private readonly url: string,
    private readonly options: WebhookOptions = {},
  ) {
    this.origin = new URL(url).origin;
    options.logger?.addSecret(url);
  }

  stats(): WebhookStats {
    return { ...this.counts, queued: this.queue.length };
  }

  /** Queues an alert; never waits. */
  send(alert: Alert): void {
    if (this.closed) return;
    this.queue.push(alert);
    if (this.queue.length > (this.options.queueLimit ?? 1000)) {
      // The one being delivered is at the head: drop the oldest after it.
      this.queue.splice(this.pumping ? 1 : 0, 1);
      this.counts.dropped++;
      if (this.counts.dropped === 1 || this.counts.dropped % 100 === 0) {
        this.options.logger?.warn(`alert webhook ${this.origin}: queue full, ${this.counts.dropped} alerts dropped so far`);
      }
    }
    if (!this.pumping) void this.pump();
  }

  /** Resolves when nothing is queued (tests, shutdown). */
  drained(): Promise<void> {
    if (!this.queue.length && !this.pumping) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Stops delivering: what is queued is given up (a retry may be waiting for minutes). */
  close(): void {
    this.closed = true;
    this.stop.abort();
    this.queue.length = 0;
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.queue.length && !this.closed) {
        await this.deliver(this.queue[0]);
        this.queue.shift();
      }
    } finally {
      this.pumping = false;
      for (const resolve of this.idle.splice(0)) resolve();
    }
  }

  private async deliver(alert: Alert): Promise<void> {
    const body = JSON.stringify(alert);
    const key = idempotencyKey(alert);
    const max = this.options.maxAttempts ?? 6;
    let delay = this.options.baseDelayMs ?? 500;
    for (let attempt = 1; !this.closed; attempt++) {
      let problem: string;
      let retry = true;
      try {
        const res = await fetch(this.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': key, 'user-agent': 'fleetkit-bridge' },
          body,
          signal: AbortSignal.any([this.stop.signal, AbortSignal.timeout(this.options.timeoutMs ?? 10_000)]),
        });
        await res.body?.cancel().catch(() => undefined);
        if (res.ok) {
          this.counts.delivered++;
          return;
        }
        problem = `HTTP ${res.status}`;
        retry = RETRYABLE(res.status);
      } catch (err) {
        if (this.closed) return;
        problem = (err as Error).name === 'TimeoutError' ? 'timed out' : ((err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message);
      }
      if (!retry || attempt >= max) {
        this.counts.failed++;
        this.options.logger?.warn(
          `alert webhook ${this.origin}: ${alert.rule} for ${alert.vin} not delivered (${problem}${retry ? `, after ${attempt} attempts` : ', not retried'})`,
        );
        return;
      }
      this.counts.retries++;
      this.options.logger?.debug(`alert webhook ${this.origin}: ${problem}; retrying in ${delay} ms`);
      await this.wait(delay);
      delay = Math.min(delay * 2, this.options.maxDelayMs ?? 30_000);
    }
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const signal = this.stop.signal;
      const onAbort = (): void => {
        clearTimeout(t);
        resolve();
      };
      const t = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      t.unref();
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
