/**
 * What a simulated car finds out before it streams: can it reach the config's host and port, does the server's
 * certificate chain to the config's `ca` (for the config's hostname), and does the server ask for the car's client
 * certificate (Fleet Telemetry is mutual TLS). The failures are reported the way a car reports them to Tesla
 * (fleet_telemetry_errors), so the texts follow the wording those reports use (Go's net/tls/x509 errors).
 */
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';

export type ProbeErrorName = 'connection_error' | 'tls_error';

export type ProbeResult = { ok: true; certificateRequested: boolean | undefined } | { ok: false; name: ProbeErrorName; error: string };

export interface ProbeTarget {
  /** The address to dial (loopback; the config's hostname already resolved). */
  address: string;
  port: number;
  /** The config's hostname: SNI and the name the certificate must carry. */
  hostname: string;
  /** The config's `ca`: the only roots trusted. */
  ca: string;
  certPem: string;
  keyPem: string;
  timeoutMs?: number;
}

const UNKNOWN_AUTHORITY = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_CHAIN_TOO_LONG',
]);
/** Alerts a server sends when it refuses the car's certificate. */
const CLIENT_CERT_REFUSED =
  /ALERT_BAD_CERTIFICATE|ALERT_UNKNOWN_CA|ALERT_CERTIFICATE_REQUIRED|ALERT_HANDSHAKE_FAILURE|ALERT_CERTIFICATE_UNKNOWN|ALERT_ACCESS_DENIED/;
const VERSION_REFUSED = /ALERT_PROTOCOL_VERSION|UNSUPPORTED_PROTOCOL|NO_PROTOCOLS_AVAILABLE/;

const hostPort = (t: ProbeTarget): string => `${t.address.includes(':') ? `[${t.address}]` : t.address}:${t.port}`;

/** A connection failure (before any TLS) in the words of Go's net package. */
export function dialError(t: Pick<ProbeTarget, 'address' | 'port'>, err: NodeJS.ErrnoException | undefined, timedOut = false): string {
  const where = `dial tcp ${hostPort(t as ProbeTarget)}`;
  if (timedOut || err?.code === 'ETIMEDOUT') return `${where}: i/o timeout`;
  if (err?.code === 'ECONNREFUSED') return `${where}: connect: connection refused`;
  if (err?.code === 'EHOSTUNREACH' || err?.code === 'ENETUNREACH') return `${where}: connect: no route to host`;
  return `${where}: ${err?.message ?? 'failed'}`;
}

/** A TLS handshake failure in the words of Go's crypto/tls and crypto/x509. */
export function tlsError(t: Pick<ProbeTarget, 'hostname'>, err: NodeJS.ErrnoException): string {
  const code = err.code ?? '';
  if (UNKNOWN_AUTHORITY.has(code)) {
    return `tls: failed to verify certificate: x509: certificate signed by unknown authority (${code}: the config's ca does not sign the server's certificate)`;
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return `tls: failed to verify certificate: x509: certificate has expired or is not yet valid (${code})`;
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `tls: failed to verify certificate: x509: certificate is not valid for ${t.hostname}`;
  if (CLIENT_CERT_REFUSED.test(code)) return `remote error: tls: bad certificate (the server refused the vehicle's client certificate: ${code})`;
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG') return 'tls: first record does not look like a TLS handshake';
  return `tls: handshake failed: ${err.message}`;
}

/**
 * Watches the server's side of a TLS 1.2 handshake (plaintext until ChangeCipherSpec) for a CertificateRequest.
 * TLS 1.3 encrypts it, so the probe offers TLS 1.2 first.
 */
export class HandshakeTap {
  private records = Buffer.alloc(0);
  private messages = Buffer.alloc(0);
  private done = false;
  certificateRequested = false;
  /** ServerHelloDone was seen: `certificateRequested` is final. */
  complete = false;

  feed(chunk: Buffer): void {
    if (this.done) return;
    this.records = Buffer.concat([this.records, chunk]);
    while (this.records.length >= 5) {
      const type = this.records[0]!;
      const length = this.records.readUInt16BE(3);
      if (this.records.length < 5 + length) return;
      const fragment = this.records.subarray(5, 5 + length);
      this.records = this.records.subarray(5 + length);
      if (type !== 22) {
        // ChangeCipherSpec, an alert or application data: nothing readable follows.
        this.done = true;
        return;
      }
      this.messages = Buffer.concat([this.messages, fragment]);
      while (this.messages.length >= 4) {
        const msgType = this.messages[0]!;
        const msgLength = this.messages.readUIntBE(1, 3);
        if (this.messages.length < 4 + msgLength) break;
        this.messages = this.messages.subarray(4 + msgLength);
        if (msgType === 13) this.certificateRequested = true;
        if (msgType === 14) {
          this.complete = true;
          this.done = true;
          return;
        }
      }
    }
  }
}

function dial(t: ProbeTarget, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const raw = netConnect({ host: t.address, port: t.port });
    const timer = setTimeout(() => {
      raw.destroy();
      reject(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }));
    }, timeoutMs);
    raw.once('connect', () => {
      clearTimeout(timer);
      raw.removeAllListeners('error');
      resolve(raw);
    });
    raw.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** A duplex over `raw` that shows every byte the server sends to `tap` first. */
function tapped(raw: Socket, tap: HandshakeTap): Duplex {
  const duplex = new Duplex({
    read() {
      raw.resume();
    },
    write(chunk: Buffer, _enc, cb) {
      raw.write(chunk, cb);
    },
    final(cb) {
      raw.end();
      cb();
    },
    destroy(err, cb) {
      raw.destroy();
      cb(err);
    },
  });
  raw.on('data', (chunk: Buffer) => {
    tap.feed(chunk);
    if (!duplex.push(chunk)) raw.pause();
  });
  raw.on('end', () => duplex.push(null));
  raw.on('error', (err) => duplex.destroy(err));
  return duplex;
}

type Handshake = { ok: true; tap: HandshakeTap } | { ok: false; err: NodeJS.ErrnoException; dialFailed: boolean; tap?: HandshakeTap };

/** How long a server that asked for the car's certificate has to drop the connection if it does not like it. */
const REFUSAL_WAIT_MS = 200;

async function handshake(t: ProbeTarget, maxVersion: 'TLSv1.2' | 'TLSv1.3', timeoutMs: number): Promise<Handshake> {
  let raw: Socket;
  try {
    raw = await dial(t, timeoutMs);
  } catch (err) {
    return { ok: false, err: err as NodeJS.ErrnoException, dialFailed: true };
  }
  const tap = new HandshakeTap();
  return new Promise((resolve) => {
    const socket: TLSSocket = tlsConnect({
      socket: tapped(raw, tap),
      // `host` is the name the certificate is checked against; SNI only carries DNS names.
      host: t.hostname,
      servername: isIP(t.hostname) ? undefined : t.hostname,
      ca: t.ca,
      cert: t.certPem,
      key: t.keyPem,
      maxVersion,
      rejectUnauthorized: true,
    });
    let settled = false;
    const finish = (r: Handshake): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.on('error', () => undefined);
      socket.destroy();
      raw.destroy();
      resolve(r);
    };
    const timer = setTimeout(
      () => finish({ ok: false, err: Object.assign(new Error('TLS handshake timed out'), { code: 'ETIMEDOUT' }), dialFailed: false, tap }),
      timeoutMs,
    );
    socket.once('secureConnect', () => {
      // A server that checks client certificates after the handshake (Node's do) drops a refused one at once.
      if (!tap.certificateRequested) return finish({ ok: true, tap });
      const wait = setTimeout(() => finish({ ok: true, tap }), REFUSAL_WAIT_MS);
      socket.once('close', () => {
        clearTimeout(wait);
        finish({
          ok: false,
          err: Object.assign(new Error('the server closed the connection after the handshake'), { code: 'ECONNRESET' }),
          dialFailed: false,
          tap,
        });
      });
    });
    socket.once('error', (err: NodeJS.ErrnoException) => finish({ ok: false, err, dialFailed: false, tap }));
  });
}

/**
 * Dials the server, verifies it against the config's `ca` and hostname, and tells whether it asked for a client
 * certificate (undefined when the server only speaks TLS 1.3, whose CertificateRequest is encrypted).
 */
export async function probeTelemetryServer(t: ProbeTarget): Promise<ProbeResult> {
  const timeoutMs = t.timeoutMs ?? 5000;
  let r = await handshake(t, 'TLSv1.2', timeoutMs);
  if (!r.ok && !r.dialFailed && VERSION_REFUSED.test(r.err.code ?? '')) r = await handshake(t, 'TLSv1.3', timeoutMs);
  if (!r.ok) {
    if (r.dialFailed) return { ok: false, name: 'connection_error', error: dialError(t, r.err) };
    // Reset after the server asked for (and got) the car's certificate: the server refused it.
    if (r.err.code === 'ECONNRESET' && r.tap?.certificateRequested) {
      return {
        ok: false,
        name: 'tls_error',
        error: "remote error: tls: bad certificate (the server closed the connection after receiving the vehicle's client certificate)",
      };
    }
    if (r.err.code === 'ETIMEDOUT' || r.err.code === 'ECONNRESET') {
      return {
        ok: false,
        name: 'connection_error',
        error: r.err.code === 'ETIMEDOUT' ? `read tcp ${hostPort(t)}: i/o timeout` : `read tcp ${hostPort(t)}: connection reset by peer`,
      };
    }
    return { ok: false, name: 'tls_error', error: tlsError(t, r.err) };
  }
  return { ok: true, certificateRequested: r.tap.complete ? r.tap.certificateRequested : undefined };
}
