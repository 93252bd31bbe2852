/**
 * The vehicle-facing server: HTTPS that requires a client certificate verified against the vehicle CAs;
 * `/status` answers `mtls ok`, every other path upgrades to a WebSocket. The VIN is the verified certificate's CN.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { WebSocketServer } from 'ws';
import type { Logger } from '../../core/log/logger';
import { MAX_FRAME_BYTES } from '../../core/telemetry-wire';
import { connectionIdFrom, vinFromCertificate } from './identity';
import type { ConnectionInfo } from './vehicle-connection';
import type WebSocket from 'ws';

export interface VehicleServerOptions {
  host: string;
  port: number;
  certPem: string;
  keyPem: string;
  /**
   * Trusted vehicle CA certificates (PEM, one per entry): Tesla's bundle plus the extra CAs. Node also names each of
   * them in the TLS CertificateRequest, so a car sees its own CA among the acceptable ones and sends its certificate.
   */
  vehicleCas: string[];
  logger: Logger;
  onConnection(ws: WebSocket, info: ConnectionInfo, socket: Duplex): void;
  counters: { handshakeFailures: number; identityRefused: number };
}

/** Frames above this close the socket (1009); between MAX_FRAME_BYTES and this they get an error reply. */
export const HARD_MAX_PAYLOAD = 2 * MAX_FRAME_BYTES;

function header(v: string | string[] | undefined, fallback: string): string {
  const s = Array.isArray(v) ? v[0] : v;
  return s ? s.slice(0, 64) : fallback;
}

export interface VehicleServer {
  server: Server;
  wss: WebSocketServer;
  port: number;
}

export async function startVehicleServer(o: VehicleServerOptions): Promise<VehicleServer> {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: HARD_MAX_PAYLOAD });
  const server = createServer(
    { cert: o.certPem, key: o.keyPem, ca: o.vehicleCas, requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.2' },
    (req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/status') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('mtls ok');
        return;
      }
      res.writeHead(400, { 'content-type': 'text/plain' }).end('WebSocket upgrade expected\n');
    },
  );
  server.on('tlsClientError', (err) => {
    o.counters.handshakeFailures++;
    o.logger.debug('vehicle TLS handshake refused', err.message);
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  server.on('upgrade', (req, socket, head) => {
    const tls = req.socket as TLSSocket;
    const vin = tls.authorized ? vinFromCertificate(tls.getPeerCertificate()) : undefined;
    if (!vin) {
      o.counters.identityRefused++;
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      o.onConnection(
        ws,
        {
          vin,
          connectionId: connectionIdFrom(req.headers['x-txid'], randomUUID),
          clientVersion: header(req.headers['version'], ''),
          networkInterface: header(req.headers['x-network-interface'], ''),
          connectedAt: Date.now(),
        },
        socket,
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { server, wss, port: (server.address() as AddressInfo).port };
}
