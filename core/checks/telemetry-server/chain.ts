import { X509Certificate } from 'node:crypto';

/** How far a certificate path reaches into a trust set. */
export type Anchoring =
  /** The path ends at a self-signed certificate in the trust set: verifies as `openssl verify -CAfile` does. */
  | 'full'
  /** The path reaches a certificate in the trust set, but no self-signed root above it: `-partial_chain` only. */
  | 'partial'
  /** No certificate of the path is in the trust set. */
  | 'none';

export interface ChainPath {
  /** Leaf first, each next certificate the issuer of the previous one. */
  readonly path: readonly X509Certificate[];
  readonly anchoring: Anchoring;
  /** Why the path stops short: the issuer of its last certificate was found neither among the sent ones nor in the trust set. */
  readonly missingIssuer?: string;
  /** The path ends at a self-signed certificate that is not in the trust set. */
  readonly untrustedRoot?: X509Certificate;
}

const MAX_DEPTH = 10;

export const sameCert = (a: X509Certificate, b: X509Certificate): boolean => a.raw.equals(b.raw);
export const isSelfSigned = (c: X509Certificate): boolean => c.checkIssued(c) && c.verify(c.publicKey);
const issued = (child: X509Certificate, parent: X509Certificate): boolean => parent.ca && child.checkIssued(parent) && child.verify(parent.publicKey);

/** The issuer name of a certificate, one line. */
export const issuerLine = (c: X509Certificate): string => c.issuer.split('\n').join(', ');
/** The subject CN, or the whole subject when it has none. */
export function subjectName(c: X509Certificate): string {
  return /(?:^|\n)CN=([^\n]*)/.exec(c.subject)?.[1] ?? c.subject.replace(/\n/g, ', ');
}

/**
 * Builds the path from `leaf` upwards the way a verifier does: each issuer is looked up first in `trusted` (the
 * config's `ca`), then among `sent` (what the server sent); a candidate must be a CA with a matching name and a
 * signature that verifies. Pure: dates and host names are judged elsewhere.
 */
export function buildPath(leaf: X509Certificate, sent: readonly X509Certificate[], trusted: readonly X509Certificate[]): ChainPath {
  const path = [leaf];
  const inTrusted = (c: X509Certificate): boolean => trusted.some((t) => sameCert(t, c));
  let cur = leaf;
  let reached = inTrusted(leaf);
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    if (isSelfSigned(cur)) {
      if (inTrusted(cur)) return { path, anchoring: 'full' };
      return { path, anchoring: reached ? 'partial' : 'none', untrustedRoot: cur };
    }
    const next = trusted.find((t) => issued(cur, t)) ?? sent.find((s) => !path.includes(s) && issued(cur, s));
    if (!next) return { path, anchoring: reached ? 'partial' : 'none', missingIssuer: issuerLine(cur) };
    path.push(next);
    reached ||= inTrusted(next);
    cur = next;
  }
  return { path, anchoring: reached ? 'partial' : 'none', missingIssuer: issuerLine(cur) };
}

/** Certificates that fail to parse are reported by the caller; this keeps the ones that do. */
export function parseDerList(ders: readonly Buffer[]): { certs: X509Certificate[]; unreadable: number } {
  const certs: X509Certificate[] = [];
  let unreadable = 0;
  for (const der of ders) {
    try {
      certs.push(new X509Certificate(der));
    } catch {
      unreadable++;
    }
  }
  return { certs, unreadable };
}
