/**
 * The server's first flight of a TLS 1.2 handshake, read by hand. In TLS 1.2 the Certificate and CertificateRequest
 * messages travel in clear text, so a ClientHello offering only TLS 1.2, followed by reading records up to
 * ServerHelloDone, shows exactly which certificates the server sends and which client-certificate CA names it asks
 * for; Node's TLS client exposes neither. No key exchange is done: the caller closes the connection afterwards.
 * Message layouts: RFC 5246 §6.2 (records), §7.4 (handshake), §7.4.4 (CertificateRequest).
 */
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';

export class Tls12ParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Tls12ParseError';
  }
}

const TLS12 = 0x0303;
const RECORD_ALERT = 21;
const RECORD_HANDSHAKE = 22;
const HS_CLIENT_HELLO = 1;
const HS_SERVER_HELLO = 2;
const HS_CERTIFICATE = 11;
const HS_CERTIFICATE_REQUEST = 13;
const HS_SERVER_HELLO_DONE = 14;

/** ECDHE (RSA and ECDSA, AES-GCM, ChaCha20, AES-CBC) first, then plain RSA key exchange: what servers still pick. */
const CIPHER_SUITES = [0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc009, 0xc013, 0xc00a, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035];
/** x25519, secp256r1, secp384r1, secp521r1. */
const GROUPS = [0x001d, 0x0017, 0x0018, 0x0019];
/** ECDSA and RSA-PSS/PKCS#1 with SHA-256/384/512, then SHA-1 for old servers. */
const SIGNATURE_ALGORITHMS = [0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0203, 0x0201];

const u8 = (n: number): Buffer => Buffer.from([n & 0xff]);
const u16 = (n: number): Buffer => Buffer.from([(n >> 8) & 0xff, n & 0xff]);
const u24 = (n: number): Buffer => Buffer.from([(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
const vec16 = (b: Buffer): Buffer => Buffer.concat([u16(b.length), b]);
const list16 = (values: number[]): Buffer => vec16(Buffer.concat(values.map(u16)));
const extension = (type: number, body: Buffer): Buffer => Buffer.concat([u16(type), vec16(body)]);

/**
 * A TLS record holding a ClientHello that offers TLS 1.2 only (no supported_versions extension), with SNI for
 * `serverName` unless it is an IP literal.
 */
export function buildClientHello(serverName: string | undefined, random: Buffer = randomBytes(32)): Buffer {
  const extensions: Buffer[] = [];
  if (serverName && !isIP(serverName)) {
    const name = Buffer.from(serverName, 'ascii');
    extensions.push(extension(0x0000, vec16(Buffer.concat([u8(0), vec16(name)]))));
  }
  extensions.push(
    extension(0x000a, list16(GROUPS)),
    extension(0x000b, Buffer.from([1, 0])), // ec_point_formats: uncompressed
    extension(0x000d, list16(SIGNATURE_ALGORITHMS)),
    extension(0x0017, Buffer.alloc(0)), // extended_master_secret
    extension(0xff01, Buffer.from([0])), // renegotiation_info, empty
  );
  const body = Buffer.concat([
    u16(TLS12),
    random,
    u8(0), // no session id
    list16(CIPHER_SUITES),
    Buffer.from([1, 0]), // compression: null only
    vec16(Buffer.concat(extensions)),
  ]);
  const handshake = Buffer.concat([u8(HS_CLIENT_HELLO), u24(body.length), body]);
  return Buffer.concat([u8(RECORD_HANDSHAKE), u16(0x0301), u16(handshake.length), handshake]);
}

export interface CertificateRequestInfo {
  /** ClientCertificateType values (1 rsa_sign, 64 ecdsa_sign…). */
  readonly certificateTypes: readonly number[];
  /** SignatureAndHashAlgorithm values, as 16-bit numbers. */
  readonly signatureAlgorithms: readonly number[];
  /** DER distinguished names of the CAs the server accepts client certificates from; empty = any. */
  readonly authorities: readonly Buffer[];
}

/** Parses a TLS 1.2 CertificateRequest body (RFC 5246 §7.4.4). Throws Tls12ParseError when malformed. */
export function parseCertificateRequest(body: Buffer): CertificateRequestInfo {
  let at = 0;
  const need = (n: number, what: string): void => {
    if (at + n > body.length) throw new Tls12ParseError(`CertificateRequest truncated in ${what}`);
  };
  need(1, 'certificate_types');
  const typesLength = body[at++];
  need(typesLength, 'certificate_types');
  const certificateTypes = [...body.subarray(at, at + typesLength)];
  at += typesLength;
  need(2, 'supported_signature_algorithms');
  const algLength = body.readUInt16BE(at);
  at += 2;
  if (algLength % 2) throw new Tls12ParseError('CertificateRequest signature algorithm list has an odd length');
  need(algLength, 'supported_signature_algorithms');
  const signatureAlgorithms: number[] = [];
  for (let i = 0; i < algLength; i += 2) signatureAlgorithms.push(body.readUInt16BE(at + i));
  at += algLength;
  need(2, 'certificate_authorities');
  const casLength = body.readUInt16BE(at);
  at += 2;
  need(casLength, 'certificate_authorities');
  const end = at + casLength;
  const authorities: Buffer[] = [];
  while (at < end) {
    if (at + 2 > end) throw new Tls12ParseError('CertificateRequest CA name length truncated');
    const n = body.readUInt16BE(at);
    at += 2;
    if (at + n > end) throw new Tls12ParseError('CertificateRequest CA name runs past the list');
    authorities.push(Buffer.from(body.subarray(at, at + n)));
    at += n;
  }
  if (at !== body.length) throw new Tls12ParseError('CertificateRequest has trailing bytes');
  return { certificateTypes, signatureAlgorithms, authorities };
}

function parseCertificateList(body: Buffer): Buffer[] {
  if (body.length < 3) throw new Tls12ParseError('Certificate message truncated');
  const total = body.readUIntBE(0, 3);
  if (3 + total !== body.length) throw new Tls12ParseError('Certificate message length does not match its list');
  const certs: Buffer[] = [];
  for (let at = 3; at < body.length;) {
    if (at + 3 > body.length) throw new Tls12ParseError('Certificate entry length truncated');
    const n = body.readUIntBE(at, 3);
    at += 3;
    if (at + n > body.length) throw new Tls12ParseError('Certificate entry runs past the message');
    certs.push(Buffer.from(body.subarray(at, at + n)));
    at += n;
  }
  return certs;
}

export interface ServerFlight {
  /** The version and cipher suite the server chose. */
  readonly serverHello?: { readonly version: number; readonly cipherSuite: number };
  /** The certificates exactly as the server sent them, leaf first (DER). */
  readonly certificates: readonly Buffer[];
  readonly certificateRequest?: CertificateRequestInfo;
  /** True when ServerHelloDone arrived: the flight is complete. */
  readonly complete: boolean;
  /** An alert the server sent instead (e.g. 70 protocol_version from a TLS 1.3-only server). */
  readonly alert?: { readonly level: number; readonly description: number };
}

/** Bytes of server flight accepted before giving up (a certificate chain is a few KiB; CA lists can be long). */
export const MAX_FLIGHT_BYTES = 512 * 1024;

/**
 * Collects the server's answer to buildClientHello, chunk by chunk. `push` returns the flight once it is complete
 * (ServerHelloDone) or the server sent an alert, and undefined while more bytes are needed. Throws Tls12ParseError
 * on bytes that are not a TLS 1.2 server flight (e.g. plain HTTP).
 */
export class ServerFlightReader {
  private pending = Buffer.alloc(0);
  private handshake = Buffer.alloc(0);
  private total = 0;
  private serverHello?: ServerFlight['serverHello'];
  private certificates: Buffer[] = [];
  private certificateRequest?: CertificateRequestInfo;

  /** What has been read so far, for a connection that ended early. */
  partial(): ServerFlight {
    return { serverHello: this.serverHello, certificates: this.certificates, certificateRequest: this.certificateRequest, complete: false };
  }

  push(chunk: Buffer): ServerFlight | undefined {
    this.total += chunk.length;
    if (this.total > MAX_FLIGHT_BYTES) throw new Tls12ParseError(`the server sent more than ${MAX_FLIGHT_BYTES} bytes without finishing its hello`);
    this.pending = Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= 5) {
      const type = this.pending[0];
      const major = this.pending[1];
      const length = this.pending.readUInt16BE(3);
      if ((type !== RECORD_ALERT && type !== RECORD_HANDSHAKE) || major !== 3) {
        const text = this.pending.subarray(0, 16).toString('latin1');
        throw new Tls12ParseError(
          /^HTTP\/|^<|^[A-Z]+ /.test(text)
            ? `the port answers in plain text, not TLS ("${text.replace(/[^\x20-\x7e]/g, '.')}…")`
            : `unexpected TLS record type ${type} before the handshake finished`,
        );
      }
      if (length > 16384 + 2048) throw new Tls12ParseError(`TLS record too long (${length} bytes)`);
      if (this.pending.length < 5 + length) break;
      const fragment = this.pending.subarray(5, 5 + length);
      this.pending = this.pending.subarray(5 + length);
      if (type === RECORD_ALERT) {
        if (fragment.length < 2) throw new Tls12ParseError('truncated alert');
        return { ...this.partial(), alert: { level: fragment[0], description: fragment[1] } };
      }
      this.handshake = Buffer.concat([this.handshake, fragment]);
      const done = this.drainHandshake();
      if (done) return done;
    }
    return undefined;
  }

  private drainHandshake(): ServerFlight | undefined {
    while (this.handshake.length >= 4) {
      const type = this.handshake[0];
      const length = this.handshake.readUIntBE(1, 3);
      if (this.handshake.length < 4 + length) return undefined;
      const body = this.handshake.subarray(4, 4 + length);
      this.handshake = this.handshake.subarray(4 + length);
      switch (type) {
        case HS_SERVER_HELLO: {
          if (body.length < 38) throw new Tls12ParseError('ServerHello truncated');
          const sessionIdLength = body[34];
          if (body.length < 35 + sessionIdLength + 3) throw new Tls12ParseError('ServerHello truncated');
          this.serverHello = { version: body.readUInt16BE(0), cipherSuite: body.readUInt16BE(35 + sessionIdLength) };
          break;
        }
        case HS_CERTIFICATE:
          this.certificates = parseCertificateList(body);
          break;
        case HS_CERTIFICATE_REQUEST:
          this.certificateRequest = parseCertificateRequest(body);
          break;
        case HS_SERVER_HELLO_DONE:
          if (!this.serverHello) throw new Tls12ParseError('ServerHelloDone without a ServerHello');
          return { ...this.partial(), complete: true };
        default:
          // ServerKeyExchange, CertificateStatus…: not needed.
          break;
      }
    }
    return undefined;
  }
}

/** TLS alert descriptions worth naming in a report (RFC 8446 §6, RFC 5246 §7.2). */
export const ALERT_NAMES: Readonly<Record<number, string>> = {
  0: 'close_notify',
  10: 'unexpected_message',
  40: 'handshake_failure',
  42: 'bad_certificate',
  43: 'unsupported_certificate',
  46: 'certificate_unknown',
  48: 'unknown_ca',
  70: 'protocol_version',
  71: 'insufficient_security',
  80: 'internal_error',
  86: 'inappropriate_fallback',
  112: 'unrecognized_name',
  116: 'certificate_required',
  120: 'no_application_protocol',
};

export const alertName = (description: number): string => ALERT_NAMES[description] ?? `alert ${description}`;
