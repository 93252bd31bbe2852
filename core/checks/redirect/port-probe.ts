import { createServer } from 'node:net';
import type { PortProbe } from './analyse';
import { splitUri, isLoopbackHost } from './uri-parts';

/** Tries to listen on host:port and releases it at once. Never throws. */
export function probePort(host: string, port: number): Promise<PortProbe> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => resolve({ host, port, free: false, reason: err.code ?? err.message }));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve({ host, port, free: true })));
  });
}

/** The probe for a redirect URI's loopback port, or undefined when the URI is not loopback with an explicit port. */
export async function probeRedirectPort(uri: string): Promise<PortProbe | undefined> {
  const u = splitUri(uri.trim());
  if (!isLoopbackHost(u.host) || !u.port || !/^\d{1,5}$/.test(u.port) || Number(u.port) > 65535) return undefined;
  const h = u.host!.toLowerCase();
  // localhost: the listener Fleetkit opens binds the IPv4 loopback.
  const host = h === '[::1]' ? '::1' : h === 'localhost' ? '127.0.0.1' : h;
  return probePort(host, Number(u.port));
}
