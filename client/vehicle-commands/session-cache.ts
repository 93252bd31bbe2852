/**
 * The command session cache in VS Code's globalState: session info + receipt time per (VIN, domain), never keys,
 * so a new window signs with the cached counter/epoch instead of a new handshake. Shared by all windows; the
 * protocol client recovers if another window advanced the counter meanwhile.
 */
import type { CachedSession } from '../../core/command-protocol/session';
import type { SessionStore } from '../../core/command-protocol/session-store';
import type { DomainId } from '../../core/command-protocol/domains';

/** The part of vscode.Memento this needs (so it can be tested without VS Code). */
export interface MementoLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

export const SESSION_CACHE_KEY = 'fleetkit.commands.sessions';

const keyOf = (vin: string, domain: DomainId): string => `${vin}/${domain}`;

function valid(v: unknown): v is CachedSession {
  const o = v as CachedSession;
  return !!o && typeof o.vin === 'string' && (o.domain === 2 || o.domain === 3) && typeof o.sessionInfo === 'string' && typeof o.receivedAt === 'number';
}

export class MementoSessionStore implements SessionStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly memento: MementoLike,
    private readonly key = SESSION_CACHE_KEY,
  ) {}

  private all(): Record<string, CachedSession> {
    const raw = this.memento.get<Record<string, unknown>>(this.key);
    const out: Record<string, CachedSession> = {};
    if (raw && typeof raw === 'object') for (const [k, v] of Object.entries(raw)) if (valid(v)) out[k] = v;
    return out;
  }

  private serial(fn: () => Promise<void>): Promise<void> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  async load(vin: string, domain: DomainId): Promise<CachedSession | undefined> {
    await this.queue;
    return this.all()[keyOf(vin, domain)];
  }

  save(session: CachedSession): Promise<void> {
    // Only the documented fields: nothing else (and certainly no key material) reaches globalState.
    const entry: CachedSession = { vin: session.vin, domain: session.domain, sessionInfo: session.sessionInfo, receivedAt: session.receivedAt };
    return this.serial(async () => {
      await this.memento.update(this.key, { ...this.all(), [keyOf(session.vin, session.domain)]: entry });
    });
  }

  delete(vin: string, domain: DomainId): Promise<void> {
    return this.serial(async () => {
      const all = this.all();
      delete all[keyOf(vin, domain)];
      await this.memento.update(this.key, all);
    });
  }

  /** Drops every cached session (after the key changes: sessions are bound to the key). */
  clear(): Promise<void> {
    return this.serial(async () => {
      await this.memento.update(this.key, {});
    });
  }
}
