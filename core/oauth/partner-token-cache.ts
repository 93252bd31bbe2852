import type { TokenResponse } from './token-response';

/** Mints a partner token (client_credentials) for one Fleet API audience. */
export type PartnerTokenMinter = (audience: string) => Promise<TokenResponse>;

interface Entry {
  readonly token: string;
  readonly expiresAt: number;
}

/**
 * Partner tokens per audience (regional Fleet API base URL), minted on demand, kept in memory until
 * shortly before expiry, never persisted. Concurrent callers for one audience share one mint.
 */
export class PartnerTokenCache {
  private readonly cache = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<string>>();

  constructor(
    private readonly mint: PartnerTokenMinter,
    private readonly now: () => number = Date.now,
    private readonly marginMs = 60_000,
  ) {}

  async get(audience: string): Promise<string> {
    const hit = this.cache.get(audience);
    if (hit && hit.expiresAt - this.now() > this.marginMs) return hit.token;
    const pending = this.inflight.get(audience);
    if (pending) return pending;
    const run = (async () => {
      const started = this.now();
      const res = await this.mint(audience);
      this.cache.set(audience, { token: res.accessToken, expiresAt: started + res.expiresIn * 1000 });
      return res.accessToken;
    })().finally(() => this.inflight.delete(audience));
    this.inflight.set(audience, run);
    return run;
  }

  /** Forget one audience's token (e.g. after a 401) or all of them (sign-out, client secret changed). */
  invalidate(audience?: string): void {
    if (audience === undefined) this.cache.clear();
    else this.cache.delete(audience);
  }

  get size(): number {
    return this.cache.size;
  }
}
