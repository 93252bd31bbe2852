/** The vehicle's identity comes only from its verified client certificate: VIN = subject CN ("." → "-"). */
import type { PeerCertificate } from 'node:tls';

const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Returns the VIN from a verified peer certificate, or undefined when the certificate carries no usable single CN
 * (several CNs are refused rather than guessed between).
 */
export function vinFromCertificate(cert: PeerCertificate | null | undefined): string | undefined {
  const cn: unknown = cert?.subject?.CN;
  if (typeof cn !== 'string') return undefined;
  const id = cn.replaceAll('.', '-');
  return SAFE_ID.test(id) ? id : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The connection id: the `X-TXID` header when it is a UUID (as the reference server does), else a fresh one. */
export function connectionIdFrom(header: string | string[] | undefined, fresh: () => string): string {
  const v = Array.isArray(header) ? header[0] : header;
  return v && UUID.test(v.trim()) ? v.trim().toLowerCase() : fresh();
}
