import { X509Certificate } from 'node:crypto';
import { scanPem } from '../../core/checks/pem/pem-blocks';

export interface PemCertificate {
  /** 1-based position in the chain, as users count. */
  readonly index: number;
  readonly cert?: X509Certificate;
  readonly error?: string;
}

export interface PemChain {
  readonly certificates: PemCertificate[];
  readonly hasPrivateKey: boolean;
}

let lastPem: string | undefined;
let lastChain: PemChain | undefined;

/** Parses once per distinct `ca` text: re-validation on every keystroke usually sees the same chain. */
export function parsePemChain(pem: string): PemChain {
  if (pem === lastPem && lastChain) return lastChain;
  lastChain = parsePemChainUncached(pem);
  lastPem = pem;
  return lastChain;
}

/**
 * Splits a PEM string into its certificates. scanPem decodes each block's base64 the way people paste it into JSON
 * (indented, CRLF, on one line: Node's PEM reader refuses those); Node's X509Certificate parses the DER.
 */
function parsePemChainUncached(pem: string): PemChain {
  const hasPrivateKey = /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem);
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  const certificates = blocks.map((block, i): PemCertificate => {
    try {
      const der = scanPem(block).blocks[0]?.der;
      if (!der) return { index: i + 1, error: 'its base64 is malformed' };
      return { index: i + 1, cert: new X509Certificate(der) };
    } catch (err) {
      return { index: i + 1, error: err instanceof Error ? err.message.split('\n')[0] : String(err) };
    }
  });
  return { certificates, hasPrivateKey };
}

export function commonName(cert: X509Certificate): string {
  const m = /(?:^|\n)CN=([^\n]*)/.exec(cert.subject);
  return m ? m[1] : cert.subject.replace(/\n/g, ', ');
}
