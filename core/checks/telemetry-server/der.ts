/**
 * Just enough DER to handle X.509 distinguished names: the subject of a certificate (to compare with the CA names a
 * server sends in its CertificateRequest) and a readable form of a name. Node's X509Certificate has neither.
 */

export class DerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DerError';
  }
}

export interface Tlv {
  readonly tag: number;
  /** Offset of the tag byte. */
  readonly start: number;
  /** Offset of the first content byte. */
  readonly contentStart: number;
  /** Offset just past the content. */
  readonly end: number;
}

/** Reads one tag-length-value at `offset` (single-byte tags, definite lengths up to 4 bytes). */
export function readTlv(buf: Uint8Array, offset: number, limit = buf.length): Tlv {
  if (offset + 2 > limit) throw new DerError(`truncated DER at byte ${offset}`);
  const tag = buf[offset];
  if ((tag & 0x1f) === 0x1f) throw new DerError(`multi-byte DER tag at byte ${offset}`);
  let length = buf[offset + 1];
  let contentStart = offset + 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0 || n > 4) throw new DerError(`unsupported DER length form at byte ${offset}`);
    if (contentStart + n > limit) throw new DerError(`truncated DER length at byte ${offset}`);
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + buf[contentStart + i];
    contentStart += n;
  }
  const end = contentStart + length;
  if (end > limit) throw new DerError(`DER value at byte ${offset} runs past its container`);
  return { tag, start: offset, contentStart, end };
}

/** The TLVs directly inside a constructed value. */
export function children(buf: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.contentStart; at < parent.end;) {
    const t = readTlv(buf, at, parent.end);
    out.push(t);
    at = t.end;
  }
  return out;
}

const SEQUENCE = 0x30;
const SET = 0x31;
const OID = 0x06;

/** The DER bytes of a certificate's subject Name (the exact bytes a TLS server lists as a CA name). */
export function certificateSubject(certDer: Uint8Array): Buffer {
  const cert = readTlv(certDer, 0);
  if (cert.tag !== SEQUENCE) throw new DerError('not a certificate (no outer SEQUENCE)');
  const tbs = children(certDer, cert)[0];
  if (tbs?.tag !== SEQUENCE) throw new DerError('not a certificate (no TBSCertificate)');
  const fields = children(certDer, tbs);
  // [0] version is optional; then serial, signature, issuer, validity, subject.
  const subject = fields[fields[0]?.tag === 0xa0 ? 5 : 4];
  if (subject?.tag !== SEQUENCE) throw new DerError('certificate has no subject Name');
  return Buffer.from(certDer.subarray(subject.start, subject.end));
}

function oidText(bytes: Uint8Array): string {
  if (!bytes.length) throw new DerError('empty OID');
  const parts: number[] = [];
  let value = 0;
  for (const b of bytes) {
    value = value * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  const first = parts.shift() ?? 0;
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  return [...head, ...parts].join('.');
}

const ATTRIBUTE_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '0.9.2342.19200300.100.1.25': 'DC',
};

function stringValue(buf: Uint8Array, t: Tlv): string {
  const bytes = Buffer.from(buf.subarray(t.contentStart, t.end));
  switch (t.tag) {
    case 0x0c: // UTF8String
      return bytes.toString('utf8');
    case 0x13: // PrintableString
    case 0x16: // IA5String
    case 0x14: // TeletexString (treated as Latin-1, as OpenSSL does)
      return bytes.toString('latin1');
    case 0x1e: // BMPString: UTF-16BE
      return Buffer.from(bytes).swap16().toString('utf16le');
    default:
      return `#${bytes.toString('hex')}`;
  }
}

/**
 * A readable form of a DER Name, in encoded order as OpenSSL's one-line form and Node's X509Certificate.subject
 * show it: `CN=Tesla Product Root CA, OU=PKI, O=Tesla, C=US`. Throws DerError for bytes that are not a Name.
 */
export function formatName(nameDer: Uint8Array): string {
  const name = readTlv(nameDer, 0);
  if (name.tag !== SEQUENCE || name.end !== nameDer.length) throw new DerError('not a DER Name');
  const rdns: string[] = [];
  for (const rdn of children(nameDer, name)) {
    if (rdn.tag !== SET) throw new DerError('Name entry is not a SET');
    const parts = children(nameDer, rdn).map((atv) => {
      const [type, value] = children(nameDer, atv);
      if (atv.tag !== SEQUENCE || type?.tag !== OID || !value) throw new DerError('malformed Name attribute');
      const oid = oidText(nameDer.subarray(type.contentStart, type.end));
      return `${ATTRIBUTE_NAMES[oid] ?? oid}=${stringValue(nameDer, value)}`;
    });
    rdns.push(parts.join('+'));
  }
  return rdns.join(', ');
}

/** formatName that never throws: unreadable names show as hex. */
export function describeName(nameDer: Uint8Array): string {
  try {
    return formatName(nameDer) || '(empty name)';
  } catch {
    return `(unreadable name ${Buffer.from(nameDer).toString('hex').slice(0, 32)}…)`;
  }
}
