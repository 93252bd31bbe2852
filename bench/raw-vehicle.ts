/**
 * The bench's vehicle: one mTLS connection speaking RFC 6455 itself — the upgrade handshake (Sec-WebSocket-Accept
 * checked), masked binary frames out, the server's frames parsed in — with nothing else per message: no `ws`
 * streams, no event emitters, no resend bookkeeping (core/telemetry-wire's streamer does that for the product). The
 * load generator shares the machine with the server it measures, so every microsecond it spends per frame is taken
 * from the server; this keeps the generator's share to the TLS write of each frame and the read of its ack.
 */
import { createHash, randomBytes, randomFillSync } from 'node:crypto';
import { connect, type TLSSocket } from 'node:tls';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const OP_CLOSE = 0x8;
const OP_PING = 0x9;

export interface RawVehicleOptions {
  port: number;
  host?: string;
  /** The server's CA (PEM), the vehicle's certificate and key (PEM). */
  ca: string;
  certPem: string;
  keyPem: string;
}

// Masking keys (RFC 6455 §5.3: a fresh unpredictable key per frame), drawn from a pool refilled 4 KiB at a time.
const maskPool = Buffer.allocUnsafe(4096);
let maskAt = maskPool.length;

function nextMask(): number {
  if (maskAt === maskPool.length) {
    randomFillSync(maskPool);
    maskAt = 0;
  }
  const at = maskAt;
  maskAt += 4;
  return at;
}

/** A client frame: FIN + binary, masked, the 7- or 16-bit length (vehicle frames are far below 64 KiB). */
export function maskedBinaryFrame(payload: Uint8Array): Buffer {
  const n = payload.length;
  if (n >= 65536) throw new Error('frame too large for the bench vehicle');
  const head = n < 126 ? 2 : 4;
  const out = Buffer.allocUnsafe(head + 4 + n);
  out[0] = 0x82;
  if (n < 126) out[1] = 0x80 | n;
  else {
    out[1] = 0x80 | 126;
    out.writeUInt16BE(n, 2);
  }
  const m = nextMask();
  maskPool.copy(out, head, m, m + 4);
  const k0 = maskPool[m];
  const k1 = maskPool[m + 1];
  const k2 = maskPool[m + 2];
  const k3 = maskPool[m + 3];
  const at = head + 4;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    out[at + i] = payload[i] ^ k0;
    out[at + i + 1] = payload[i + 1] ^ k1;
    out[at + i + 2] = payload[i + 2] ^ k2;
    out[at + i + 3] = payload[i + 3] ^ k3;
  }
  for (; i < n; i++) out[at + i] = payload[i] ^ maskPool[m + (i & 3)];
  return out;
}

function controlFrame(opcode: number, payload: Uint8Array): Buffer {
  const framed = maskedBinaryFrame(payload);
  framed[0] = 0x80 | opcode;
  return framed;
}

export class RawVehicle {
  private socket: TLSSocket | undefined;
  private buffered: Buffer | undefined;
  private open = false;

  /** Called with each binary message the server sends (the acks). */
  onMessage: (data: Buffer) => void = () => undefined;

  constructor(private readonly options: RawVehicleOptions) {}

  get connected(): boolean {
    return this.open;
  }

  /** TLS with the vehicle's certificate, then the WebSocket upgrade; rejects on any refusal. */
  connect(): Promise<void> {
    const o = this.options;
    const key = randomBytes(16).toString('base64');
    const accept = createHash('sha1')
      .update(key + GUID)
      .digest('base64');
    return new Promise((resolve, reject) => {
      const socket = connect({ host: o.host ?? '127.0.0.1', port: o.port, servername: 'localhost', ca: o.ca, cert: o.certPem, key: o.keyPem });
      this.socket = socket;
      socket.setNoDelay(true);
      let head = '';
      const onHandshake = (d: Buffer): void => {
        head += d.toString('latin1');
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        socket.off('data', onHandshake);
        const lines = head.slice(0, end).split('\r\n');
        const acceptHeader = lines.find((l) => l.toLowerCase().startsWith('sec-websocket-accept:'));
        if (!/^HTTP\/1\.1 101 /.test(lines[0]) || acceptHeader?.slice(21).trim() !== accept) {
          socket.destroy();
          reject(new Error(`upgrade refused: ${lines[0]}`));
          return;
        }
        this.open = true;
        socket.on('data', (chunk: Buffer) => this.read(chunk));
        const rest = Buffer.from(head.slice(end + 4), 'latin1');
        if (rest.length) this.read(rest);
        resolve();
      };
      socket.on('secureConnect', () => {
        socket.write(
          `GET / HTTP/1.1\r\nHost: localhost:${o.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\n` +
            `Sec-WebSocket-Version: 13\r\nX-Network-Interface: wifi\r\nVersion: 1.2.0\r\n\r\n`,
        );
      });
      socket.on('data', onHandshake);
      socket.on('error', (err) => {
        this.open = false;
        reject(err);
      });
      socket.on('close', () => {
        this.open = false;
        reject(new Error('closed during the upgrade'));
      });
    });
  }

  /** Writes one binary message now (one TLS write). */
  send(payload: Uint8Array): void {
    if (this.open) this.socket?.write(maskedBinaryFrame(payload));
  }

  close(): Promise<void> {
    const socket = this.socket;
    if (!socket || socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      socket.once('close', () => resolve());
      if (this.open) socket.write(controlFrame(OP_CLOSE, Buffer.from([0x03, 0xe8])));
      this.open = false;
      socket.end();
      setTimeout(() => socket.destroy(), 1000).unref();
    });
  }

  /** Server frames: unmasked, possibly split over or packed into TCP reads. */
  private read(chunk: Buffer): void {
    let buf = this.buffered ? Buffer.concat([this.buffered, chunk]) : chunk;
    this.buffered = undefined;
    let at = 0;
    while (buf.length - at >= 2) {
      const opcode = buf[at] & 0x0f;
      let n = buf[at + 1] & 0x7f;
      let head = 2;
      if (n === 126) {
        if (buf.length - at < 4) break;
        n = buf.readUInt16BE(at + 2);
        head = 4;
      } else if (n === 127) {
        if (buf.length - at < 10) break;
        n = Number(buf.readBigUInt64BE(at + 2));
        head = 10;
      }
      if (buf.length - at < head + n) break;
      const data = buf.subarray(at + head, at + head + n);
      at += head + n;
      if (opcode === 0x2) this.onMessage(data);
      else if (opcode === OP_PING) this.socket?.write(controlFrame(0xa, data));
      else if (opcode === OP_CLOSE) {
        this.open = false;
        this.socket?.end();
      }
    }
    if (at < buf.length) buf = buf.subarray(at);
    else return;
    this.buffered = Buffer.from(buf);
  }
}
