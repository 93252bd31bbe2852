import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdir, open, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isIP } from 'node:net';
import { createCa, issueServerCert, type CaOptions, type CertAndKey, type CertificateAuthority } from './issue';

export interface StoredCa extends CertificateAuthority {
  /** Absolute path of the CA certificate PEM (what clients are told to trust). */
  certPath: string;
  keyPath: string;
  /** true when this call generated the CA (first run, or the stored one was unusable). */
  created: boolean;
}

const RENEW_BEFORE_MS = 7 * 24 * 60 * 60 * 1000;

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function writeAtomic(path: string, data: string, mode: number): Promise<void> {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, data, { mode });
  await rename(tmp, path);
}

function usable(certPem: string, keyPem: string, now: number): boolean {
  try {
    const x = new X509Certificate(certPem);
    if (!x.ca) return false;
    if (Date.parse(x.validTo) - now < RENEW_BEFORE_MS) return false;
    return x.checkPrivateKey(createPrivateKey(keyPem));
  } catch {
    return false;
  }
}

const LOCK_STALE_MS = 30_000;

/** A crude cross-process lock (exclusive-create of `<path>`), so two first runs do not write mismatched CA files. */
export async function withLock<T>(path: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const age = await stat(path).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > LOCK_STALE_MS) await unlink(path).catch(() => undefined);
      else if (Date.now() > deadline) throw new Error(`timed out waiting for the lock ${path}`);
      else await new Promise((r) => setTimeout(r, 50));
    }
  }
  try {
    return await fn();
  } finally {
    await unlink(path).catch(() => undefined);
  }
}

/**
 * Loads the CA stored in `dir` (`<name>.pem` + `<name>-key.pem`), or creates and stores one when it is missing,
 * unreadable, mismatched, or within a week of expiry. The key file is written 0600, the directory 0700.
 */
export async function loadOrCreateCa(dir: string, name: string, options: CaOptions): Promise<StoredCa> {
  const certPath = join(dir, `${name}.pem`);
  const keyPath = join(dir, `${name}-key.pem`);
  const load = async (): Promise<StoredCa | undefined> => {
    const [certPem, keyPem] = await Promise.all([readIfPresent(certPath), readIfPresent(keyPath)]);
    return certPem && keyPem && usable(certPem, keyPem, Date.now()) ? { certPem, keyPem, certPath, keyPath, created: false } : undefined;
  };
  const existing = await load();
  if (existing) return existing;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return withLock(join(dir, `${name}.lock`), async () => {
    const raced = await load(); // another process may have created it while we waited
    if (raced) return raced;
    const ca = createCa({ validityDays: 3650, ...options });
    await writeAtomic(keyPath, ca.keyPem, 0o600);
    await writeAtomic(certPath, ca.certPem, 0o644);
    return { ...ca, certPath, keyPath, created: true };
  });
}

function leafUsable(certPem: string, keyPem: string, ca: CertificateAuthority, hostnames: string[], now: number): boolean {
  try {
    const x = new X509Certificate(certPem);
    const caX = new X509Certificate(ca.certPem);
    if (x.ca || !x.checkIssued(caX) || !x.verify(caX.publicKey)) return false;
    if (Date.parse(x.validTo) - now < RENEW_BEFORE_MS || Date.parse(x.validFrom) > now) return false;
    if (!hostnames.every((h) => (isIP(h) ? x.checkIP(h) : x.checkHost(h)) !== undefined)) return false;
    return x.checkPrivateKey(createPrivateKey(keyPem));
  } catch {
    return false;
  }
}

/**
 * Loads the server certificate stored in `dir` (`<name>.pem` + `<name>-key.pem`) when it was issued by `ca`, covers
 * every hostname and has more than a week left; otherwise issues a new one (90 days) and stores it, so a local server keeps
 * its certificate across starts.
 */
export async function loadOrIssueServerCert(
  dir: string,
  name: string,
  ca: CertificateAuthority,
  hostnames: string[],
): Promise<CertAndKey & { created: boolean }> {
  const certPath = join(dir, `${name}.pem`);
  const keyPath = join(dir, `${name}-key.pem`);
  const [certPem, keyPem] = await Promise.all([readIfPresent(certPath), readIfPresent(keyPath)]);
  if (certPem && keyPem && leafUsable(certPem, keyPem, ca, hostnames, Date.now())) return { certPem, keyPem, created: false };
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const leaf = issueServerCert(ca, { hostnames, validityDays: 90 });
  await writeAtomic(keyPath, leaf.keyPem, 0o600);
  await writeAtomic(certPath, leaf.certPem, 0o644);
  return { ...leaf, created: true };
}
