/** Where sessions are cached between processes/windows. Holds SessionInfo + receipt time only, never keys. */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CachedSession } from './session';
import type { DomainId } from './domains';

export interface SessionStore {
  load(vin: string, domain: DomainId): Promise<CachedSession | undefined>;
  save(session: CachedSession): Promise<void>;
  delete(vin: string, domain: DomainId): Promise<void>;
}

const keyOf = (vin: string, domain: DomainId): string => `${vin}/${domain}`;

export class MemorySessionStore implements SessionStore {
  readonly entries = new Map<string, CachedSession>();
  async load(vin: string, domain: DomainId): Promise<CachedSession | undefined> {
    return this.entries.get(keyOf(vin, domain));
  }
  async save(session: CachedSession): Promise<void> {
    this.entries.set(keyOf(session.vin, session.domain), { ...session });
  }
  async delete(vin: string, domain: DomainId): Promise<void> {
    this.entries.delete(keyOf(vin, domain));
  }
}

function isCachedSession(v: unknown): v is CachedSession {
  const o = v as CachedSession;
  return !!o && typeof o.vin === 'string' && (o.domain === 2 || o.domain === 3) && typeof o.sessionInfo === 'string' && typeof o.receivedAt === 'number';
}

/** A JSON file (mode 0600) for the CLI: `{ "sessions": { "<vin>/<domain>": CachedSession } }`. A corrupt file is treated as empty. */
export class FileSessionStore implements SessionStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly file: string) {}

  private async read(): Promise<Record<string, CachedSession>> {
    try {
      const parsed = JSON.parse(await readFile(this.file, 'utf8')) as { sessions?: Record<string, unknown> };
      const out: Record<string, CachedSession> = {};
      for (const [k, v] of Object.entries(parsed.sessions ?? {})) if (isCachedSession(v)) out[k] = v;
      return out;
    } catch {
      return {};
    }
  }

  private async write(sessions: Record<string, CachedSession>): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify({ sessions }, null, 1), { mode: 0o600 });
    await rename(tmp, this.file);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  load(vin: string, domain: DomainId): Promise<CachedSession | undefined> {
    return this.serial(async () => (await this.read())[keyOf(vin, domain)]);
  }
  save(session: CachedSession): Promise<void> {
    return this.serial(async () => {
      const all = await this.read();
      all[keyOf(session.vin, session.domain)] = session;
      await this.write(all);
    });
  }
  delete(vin: string, domain: DomainId): Promise<void> {
    return this.serial(async () => {
      const all = await this.read();
      delete all[keyOf(vin, domain)];
      await this.write(all);
    });
  }
}
