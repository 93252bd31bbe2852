/**
 * Server → vehicle WebSocket frames (RFC 6455 §5.2): FIN, opcode binary, unmasked (servers never mask), with the
 * 7-, 16- or 64-bit payload length. The bridge writes a tick's replies as one buffer of such frames in one socket
 * write, instead of one WebSocket send (and its stream bookkeeping) per ack.
 */
const FIN_BINARY = 0x82;

function headerLength(n: number): number {
  return n < 126 ? 2 : n < 65536 ? 4 : 10;
}

/** The payloads as consecutive complete binary frames. */
export function binaryFrames(payloads: readonly Uint8Array[]): Buffer {
  let size = 0;
  for (const p of payloads) size += headerLength(p.length) + p.length;
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const p of payloads) {
    const n = p.length;
    out[at++] = FIN_BINARY;
    if (n < 126) {
      out[at++] = n;
    } else if (n < 65536) {
      out[at++] = 126;
      out.writeUInt16BE(n, at);
      at += 2;
    } else {
      out[at++] = 127;
      out.writeUInt32BE(Math.floor(n / 2 ** 32), at);
      out.writeUInt32BE(n >>> 0, at + 4);
      at += 8;
    }
    out.set(p, at);
    at += n;
  }
  return out;
}
