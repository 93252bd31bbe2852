/**
 * Which certificates the tesla-http-proxy is trusted by. tesla-http-proxy serves only TLS, usually with a
 * self-signed certificate (its README makes one with openssl), which the system roots reject: with
 * `fleetkit.commands.proxyCaFile` set, exactly the certificate(s) in that file are trusted for the proxy.
 * Editor-free (no `vscode`), so it is tested in plain Node.
 */
import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { Dispatcher } from 'undici';
import { CertificateFileError, splitPemCertificates } from '../../core/certs/pem-certificates';
import { createFleetDispatcher } from '../../core/fleet-api/transport';

export const PROXY_CA_SETTING = 'fleetkit.commands.proxyCaFile';

/** Expands a leading `~`; anything else must be absolute (there is no obvious base for a relative path). */
export function resolveProxyCaPath(setting: string): string {
  const raw = setting.trim();
  const path = raw === '~' || raw.startsWith('~/') ? join(homedir(), raw.slice(1)) : raw;
  if (!isAbsolute(path)) throw new CertificateFileError(`${PROXY_CA_SETTING} must be an absolute path (or start with ~/): ${raw}`);
  return path;
}

export class ProxyTrust {
  private current: { key: string; dispatcher: Dispatcher } | undefined;
  private readonly retired: Dispatcher[] = [];

  /**
   * The dispatcher for proxy calls: undefined (system roots) when `setting` is empty, else a pool trusting only
   * the file's certificates. The pool is kept while the file is unchanged; an edited file gets a new pool.
   * Throws CertificateFileError with the setting's name when the file is unreadable or holds no certificate.
   */
  async dispatcher(setting: string): Promise<Dispatcher | undefined> {
    if (!setting.trim()) return undefined;
    const path = resolveProxyCaPath(setting);
    let text: string;
    let key: string;
    try {
      const info = await stat(path);
      key = `${path}|${info.mtimeMs}|${info.size}`;
      if (this.current?.key === key) return this.current.dispatcher;
      text = await readFile(path, 'utf8');
    } catch (err) {
      throw new CertificateFileError(`${PROXY_CA_SETTING}: cannot read ${path}: ${(err as Error).message}`);
    }
    const ca = splitPemCertificates(text, `${PROXY_CA_SETTING} (${path})`);
    // Calls may still be running on the old pool: close it with the others at the end.
    if (this.current) this.retired.push(this.current.dispatcher);
    this.current = { key, dispatcher: createFleetDispatcher({ ca }) };
    return this.current.dispatcher;
  }

  async close(): Promise<void> {
    const all = [...this.retired, ...(this.current ? [this.current.dispatcher] : [])];
    this.retired.length = 0;
    this.current = undefined;
    await Promise.all(all.map((d) => d.close().catch(() => undefined)));
  }
}

const CERT_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** The TLS verification code when `err` (or its cause) is a refused server certificate, else undefined. */
export function untrustedCertificateCode(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && CERT_CODES.has(code)) return code;
  }
  return undefined;
}

/** What to tell the user when a call to the proxy failed on trust (an unusable proxyCaFile or a refused certificate). */
export function proxyTrustProblem(err: unknown): string | undefined {
  if (err instanceof CertificateFileError) return err.message;
  const code = untrustedCertificateCode(err);
  if (!code) return undefined;
  return `the tesla-http-proxy's TLS certificate is not trusted (${code}): set ${PROXY_CA_SETTING} to the certificate file it serves (tesla-http-proxy usually serves a self-signed one).`;
}
