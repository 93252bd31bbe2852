import type { StoredSession } from '../../core/oauth/session';

export interface SessionChanges {
  readonly added: StoredSession[];
  /** Signed out, revoked (login_required) or replaced by a new sign-in of the same account (a new session id). */
  readonly removed: StoredSession[];
  /** Same session, new data: a refreshed token, a new label or scopes. */
  readonly changed: StoredSession[];
}

/** What VS Code's onDidChangeSessions must hear between two reads of the store (pure). */
export function sessionChanges(before: ReadonlyMap<string, StoredSession>, after: ReadonlyMap<string, StoredSession>): SessionChanges {
  const added: StoredSession[] = [];
  const removed: StoredSession[] = [];
  const changed: StoredSession[] = [];
  for (const [id, s] of after) {
    const old = before.get(id);
    if (!old) added.push(s);
    else if (old.accessToken !== s.accessToken || old.label !== s.label || old.scopes.join(' ') !== s.scopes.join(' ')) changed.push(s);
  }
  for (const [id, s] of before) if (!after.has(id)) removed.push(s);
  return { added, removed, changed };
}
