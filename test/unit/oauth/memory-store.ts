import type { SessionStore } from '../../../core/oauth/refresh-manager';
import type { StoredSession } from '../../../core/oauth/session';

/** A SessionStore over a Map that records the order of writes, for tests. */
export class MemoryStore implements SessionStore {
  readonly sessions = new Map<string, StoredSession>();
  readonly writes: StoredSession[] = [];
  removed: string[] = [];

  async get(id: string): Promise<StoredSession | undefined> {
    await Promise.resolve();
    return this.sessions.get(id);
  }
  async put(s: StoredSession): Promise<void> {
    await new Promise((r) => setImmediate(r));
    this.sessions.set(s.id, s);
    this.writes.push(s);
  }
  async remove(id: string): Promise<void> {
    this.sessions.delete(id);
    this.removed.push(id);
  }
}
