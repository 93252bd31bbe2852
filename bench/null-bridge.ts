/**
 * The null bridge, for `npm run bench bridge` only (never part of the product): the least a Fleet Telemetry server
 * must do per frame — mTLS, WebSocket, read the envelope's txid and topic, ack — and nothing else (no payload
 * decoding, no records, no outputs). Its acks leave the way the bridge's do (a connection's acks in one socket write, all connections' together), so
 * the bridge's figures divided by these are the cost of what the bridge adds.
 *
 *   node null-bridge.js --cert FILE --key FILE --ca FILE [--port 0]   prints {"port":N,"pid":N} once listening
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { parseArgs } from 'node:util';
import { WebSocketServer } from 'ws';
import { decodeEnvelope, encodeAck } from '../core/telemetry-wire';
import { flushRepliesSoon } from '../telemetry-bridge/server/reply-flush';
import { binaryFrames } from '../telemetry-bridge/server/ws-frames';

function serve(): void {
  const { values } = parseArgs({ options: { cert: { type: 'string' }, key: { type: 'string' }, ca: { type: 'string' }, port: { type: 'string' } } });
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 2_000_000 });
  const server = createServer({
    cert: readFileSync(String(values.cert)),
    key: readFileSync(String(values.key)),
    ca: readFileSync(String(values.ca)),
    requestCert: true,
    rejectUnauthorized: true,
  });
  server.on('upgrade', (req, socket: Duplex, head) => {
    if (!(req.socket as TLSSocket).authorized) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      let acks: Uint8Array[] = [];
      const flush = (): void => {
        const frames = acks;
        acks = [];
        socket.write(binaryFrames(frames));
      };
      ws.on('message', (data: Buffer) => {
        let env;
        try {
          env = decodeEnvelope(data);
        } catch {
          return;
        }
        if (acks.push(encodeAck(env.txid, env.topic)) === 1) flushRepliesSoon(flush);
      });
      ws.on('error', () => undefined);
    });
  });
  server.listen(Number(values.port ?? 0), '127.0.0.1', () => {
    process.stdout.write(JSON.stringify({ port: (server.address() as AddressInfo).port, pid: process.pid }) + '\n');
  });
  const stop = (): void => {
    for (const ws of wss.clients) ws.terminate();
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (require.main === module) serve();
