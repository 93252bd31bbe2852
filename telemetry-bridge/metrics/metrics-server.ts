/**
 * The Prometheus endpoint: GET /metrics answers the registry's text exposition; anything else is 404. It serves
 * counts only (no records, no secrets), on the bridge's host and the port of `monitoring.prometheus_metrics_port`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MetricsServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

/** `collect` returns the exposition text and its content type (a cluster primary gathers it from its workers). */
export async function startMetricsServer(
  host: string,
  port: number,
  collect: () => Promise<{ text: string; contentType: string }>,
  onError: (err: Error) => void = () => undefined,
): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '/').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: metrics are at /metrics\n');
      return;
    }
    collect().then(
      ({ text, contentType }) => res.writeHead(200, { 'content-type': contentType }).end(text),
      (err: Error) => {
        onError(err);
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics unavailable: ${err.message}\n`);
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    port: bound,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
