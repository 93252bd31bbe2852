import type * as vscode from 'vscode';
import type { SessionStore } from '../../core/oauth/refresh-manager';
import { isStoredSession, type StoredSession } from '../../core/oauth/session';
import type { Logger } from '../../core/log/logger';

/** The one SecretStorage key holding all sessions as a JSON array. */
export const SESSIONS_KEY = 'fleetkit.tesla.sessions';

/**
 * Sessions in VS Code's SecretStorage (encrypted by the OS keychain / the host). Writes are serialised within a
 * window; other windows see them through `secrets.onDidChange`.
 */
export class SecretSessionStore implements SessionStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: Logger,
  ) {}

  async all(): Promise<StoredSession[]> {
    let raw: string | undefined;
    try {
      raw = await this.secrets.get(SESSIONS_KEY);
    } catch (err) {
      this.log.error('Could not read sessions from SecretStorage', err);
      return [];
    }
    if (!raw) return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      this.log.warn('Stored Tesla sessions were unreadable and have been discarded.');
      await this.secrets.delete(SESSIONS_KEY);
      return [];
    }
    if (!Array.isArray(parsed)) return [];
    const sessions = parsed.filter(isStoredSession);
    if (sessions.length !== parsed.length) this.log.warn(`Dropped ${parsed.length - sessions.length} malformed stored session(s).`);
    for (const s of sessions) {
      this.log.addSecret(s.accessToken);
      this.log.addSecret(s.refreshToken);
    }
    return sessions;
  }

  async get(id: string): Promise<StoredSession | undefined> {
    await this.queue;
    return (await this.all()).find((s) => s.id === id);
  }

  put(session: StoredSession): Promise<void> {
    this.log.addSecret(session.accessToken);
    this.log.addSecret(session.refreshToken);
    return this.mutate((list) => [...list.filter((s) => s.id !== session.id), session]);
  }

  remove(id: string): Promise<void> {
    return this.mutate((list) => list.filter((s) => s.id !== id));
  }

  /** Signed in again: the new session takes the old one's place in one write (no moment with both or neither). */
  replace(oldId: string, next: StoredSession): Promise<void> {
    this.log.addSecret(next.accessToken);
    this.log.addSecret(next.refreshToken);
    return this.mutate((list) => [...list.filter((s) => s.id !== oldId && s.id !== next.id), next]);
  }

  private mutate(change: (list: StoredSession[]) => StoredSession[]): Promise<void> {
    const run = this.queue.then(async () => {
      const next = change(await this.all());
      if (next.length) await this.secrets.store(SESSIONS_KEY, JSON.stringify(next));
      else await this.secrets.delete(SESSIONS_KEY);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
