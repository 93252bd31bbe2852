/**
 * A tiny scripted Fleet API on a loopback socket (HTTP or HTTPS with a throwaway CA), so the client is
 * exercised over real sockets before (and independently of) the simulator.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createCa, issueServerCert } from '../../../core/certs';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Hold the answer this long (for timeout / abort tests). */
  delayMs?: number;
}

export interface SeenRequest {
  method: string;
  path: string;
  url: URL;
  authorization?: string;
  body: string;
}

export type Route = (req: SeenRequest, count: number) => Reply;

export class LoopbackFleet {
  readonly requests: SeenRequest[] = [];
  /** TCP connections accepted (keep-alive reuse shows as fewer connections than requests). */
  connections = 0;
  private readonly routes = new Map<string, Route>();
  private readonly counts = new Map<string, number>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly caPem?: string,
  ) {}

  static async start(options: { tls?: boolean } = {}): Promise<LoopbackFleet> {
    let caPem: string | undefined;
    let server: Server;
    const handler = (req: IncomingMessage, res: ServerResponse): void => fleet.handle(req, res);
    if (options.tls) {
      const ca = createCa({ commonName: 'Loopback Fleet Test CA' });
      const leaf = issueServerCert(ca, { hostnames: ['127.0.0.1', 'localhost'] });
      caPem = ca.certPem;
      server = createHttpsServer({ cert: leaf.certPem, key: leaf.keyPem }, handler);
    } else {
      server = createHttpServer(handler);
    }
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const fleet: LoopbackFleet = new LoopbackFleet(server, `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`, caPem);
    server.on(options.tls ? 'secureConnection' : 'connection', () => fleet.connections++);
    return fleet;
  }

  /** `route('GET /api/1/vehicles', …)`; the path is matched without its query. */
  route(key: string, route: Route | Reply): this {
    this.routes.set(key, typeof route === 'function' ? route : () => route);
    return this;
  }

  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections?.();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const seen: SeenRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        url,
        authorization: req.headers.authorization,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      this.requests.push(seen);
      const key = `${seen.method} ${seen.path}`;
      const n = (this.counts.get(key) ?? 0) + 1;
      this.counts.set(key, n);
      const route = this.routes.get(key);
      const reply: Reply = route ? route(seen, n) : { status: 404, body: { response: null, error: 'not_found', error_description: `no route ${key}` } };
      const send = (): void => {
        if (res.destroyed) return;
        const text = typeof reply.body === 'string' ? reply.body : reply.body === undefined ? '' : JSON.stringify(reply.body);
        res.writeHead(reply.status, { 'content-type': typeof reply.body === 'string' ? 'text/plain' : 'application/json', ...reply.headers });
        res.end(text);
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs).unref();
      else send();
    });
  }
}
