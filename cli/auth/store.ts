/**
 * The CLI's protected sign-in store: one JSON file, mode 0600, in a directory of its own, mode 0700, under the
 * Fleetkit config directory. It holds the signed-in account's tokens (and the client secret only when the user
 * asked for it with `--save-secret`). A file or directory that others could read is refused, never used.
 */
import { lstat, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Endpoints } from '../../core/config/environments';
import { isStoredSession, type StoredSession } from '../../core/oauth/session';

export const STORE_VERSION = 1;

/** Everything `fleetkit auth login` keeps. Contains secrets: only ever in the protected file. */
export interface AuthRecord {
  readonly version: typeof STORE_VERSION;
  /** Where the tokens came from: refresh goes to this token URL, API calls to these hosts (with this CA). */
  readonly endpoints: Endpoints;
  readonly clientId: string;
  /** Only with `--save-secret`. */
  readonly clientSecret?: string;
  /** Absent after Tesla ended the session (login_required) while a saved secret was kept. */
  readonly session?: StoredSession;
}

/** The store cannot be used as it is; the message names the fix. */
export class AuthStoreError extends Error {
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(`${message} ${fix}`);
    this.name = 'AuthStoreError';
  }
}

/** The Fleetkit config directory: $FLEETKIT_CONFIG_DIR, else $XDG_CONFIG_HOME/fleetkit, else ~/.config/fleetkit. */
export function fleetkitConfigDir(env: NodeJS.ProcessEnv): string {
  if (env.FLEETKIT_CONFIG_DIR) return env.FLEETKIT_CONFIG_DIR;
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'fleetkit');
}

/** `<config>/auth/credentials.json`. */
export function authStorePath(env: NodeJS.ProcessEnv): string {
  return join(fleetkitConfigDir(env), 'auth', 'credentials.json');
}

const octal = (mode: number): string => (mode & 0o777).toString(8).padStart(4, '0');

/**
 * Why a store file or directory must not be used, or undefined when its mode and owner are fine. Pure. Windows has no
 * POSIX modes (files report 0666; access is the profile directory's ACL), so there nothing is judged.
 */
export function permissionProblem(
  kind: 'file' | 'dir',
  path: string,
  mode: number,
  ownerUid: number,
  myUid: number | undefined,
  platform: NodeJS.Platform = process.platform,
): AuthStoreError | undefined {
  if (platform === 'win32') return undefined;
  if (myUid !== undefined && ownerUid !== myUid) {
    return new AuthStoreError(
      `${path} belongs to another user (uid ${ownerUid}), so Fleetkit will not use it.`,
      `Remove it (rm -r ${path}) and sign in again with fleetkit auth login.`,
    );
  }
  if ((mode & 0o077) === 0) return undefined;
  const wanted = kind === 'file' ? '600' : '700';
  return new AuthStoreError(
    `${path} is readable or writable by other users (mode ${octal(mode)}); Fleetkit refuses to use a sign-in store wider than ${kind === 'file' ? '0600' : '0700'}.`,
    `Run: chmod ${wanted} ${path}${kind === 'file' ? ' (and consider the tokens in it exposed: fleetkit auth logout, then sign in again)' : ''}`,
  );
}

/** Parses the file's text; anything malformed is refused with the fix rather than half-used. Pure. */
export function parseAuthRecord(text: string, path: string): AuthRecord {
  const broken = (why: string) =>
    new AuthStoreError(`${path} is not a Fleetkit sign-in store (${why}).`, `Delete it (rm ${path}) and sign in again with fleetkit auth login.`);
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw broken('not JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw broken('not a JSON object');
  const o = v as Record<string, unknown>;
  if (o.version !== STORE_VERSION) throw broken(`version ${String(o.version)}, expected ${STORE_VERSION}`);
  const e = o.endpoints as Record<string, unknown> | undefined;
  const endpointsOk =
    typeof e === 'object' &&
    e !== null &&
    (e.name === 'tesla' || e.name === 'simulator') &&
    typeof e.authorizeUrl === 'string' &&
    typeof e.tokenUrl === 'string' &&
    typeof e.fleetUrls === 'object' &&
    e.fleetUrls !== null &&
    Object.values(e.fleetUrls as Record<string, unknown>).every((u) => typeof u === 'string') &&
    (e.caPath === null || typeof e.caPath === 'string');
  if (!endpointsOk) throw broken('bad endpoints');
  if (typeof o.clientId !== 'string' || !o.clientId) throw broken('no client id');
  if (o.clientSecret !== undefined && (typeof o.clientSecret !== 'string' || !o.clientSecret)) throw broken('bad client secret');
  if (o.session !== undefined && !isStoredSession(o.session)) throw broken('bad session');
  return o as unknown as AuthRecord;
}

/** Reads, writes and deletes the store file, checking modes and owner on every read. */
export class AuthStore {
  constructor(readonly path: string) {}

  static forEnv(env: NodeJS.ProcessEnv): AuthStore {
    return new AuthStore(authStorePath(env));
  }

  get dir(): string {
    return dirname(this.path);
  }

  /** The record, or undefined when nobody signed in. Throws {@link AuthStoreError} for a store that must not be used. */
  async read(): Promise<AuthRecord | undefined> {
    const dirStat = await lstat(this.dir).catch(notFound);
    if (!dirStat) return undefined;
    if (!dirStat.isDirectory()) throw new AuthStoreError(`${this.dir} is not a directory.`, `Remove it and sign in again with fleetkit auth login.`);
    const dirProblem = permissionProblem('dir', this.dir, dirStat.mode, dirStat.uid, process.getuid?.());
    if (dirProblem) throw dirProblem;
    const fileStat = await lstat(this.path).catch(notFound);
    if (!fileStat) return undefined;
    if (!fileStat.isFile()) {
      throw new AuthStoreError(
        `${this.path} is not a regular file (a symbolic link?).`,
        `Remove it (rm ${this.path}) and sign in again with fleetkit auth login.`,
      );
    }
    const fileProblem = permissionProblem('file', this.path, fileStat.mode, fileStat.uid, process.getuid?.());
    if (fileProblem) throw fileProblem;
    return parseAuthRecord(await readFile(this.path, 'utf8'), this.path);
  }

  /** Replaces the record atomically: a 0600 temporary file in the 0700 directory, then rename. */
  async write(record: AuthRecord): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const dirStat = await lstat(this.dir);
    const dirProblem = permissionProblem('dir', this.dir, dirStat.mode, dirStat.uid, process.getuid?.());
    if (dirProblem) throw dirProblem;
    const tmp = `${this.path}.${process.pid}.${Date.now()}.tmp`;
    const handle = await open(tmp, 'wx', 0o600);
    try {
      await handle.writeFile(JSON.stringify(record, null, 1) + '\n', 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(tmp, this.path);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
  }

  /** Deletes the store file; true when there was one. */
  async delete(): Promise<boolean> {
    try {
      await unlink(this.path);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }

  /** The file's mode when it exists (for a warning when deleting a store others could read). */
  async mode(): Promise<number | undefined> {
    const s = await lstat(this.path).catch(notFound);
    return s ? s.mode & 0o777 : undefined;
  }
}

function notFound(err: NodeJS.ErrnoException): undefined {
  if (err.code === 'ENOENT') return undefined;
  throw err;
}
