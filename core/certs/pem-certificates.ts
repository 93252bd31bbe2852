/** PEM certificate files with one or several certificates (CA bundles, a self-signed server certificate). */
import { X509Certificate } from 'node:crypto';

export class CertificateFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CertificateFileError';
  }
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Splits PEM text into certificates, each checked to parse. Throws naming `source` when there is none or a bad one. */
export function splitPemCertificates(pem: string, source: string): string[] {
  const certs = pem.match(PEM_CERT) ?? [];
  if (!certs.length) throw new CertificateFileError(`${source}: no PEM certificate found`);
  certs.forEach((c, i) => {
    try {
      new X509Certificate(c);
    } catch (err) {
      throw new CertificateFileError(`${source}: certificate #${i + 1} cannot be parsed: ${(err as Error).message}`);
    }
  });
  return certs;
}
